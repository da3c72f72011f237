"""Typing without a hardware keyboard: Qt Virtual Keyboard's panel inside the kiosk window.

Runs in child processes (shell_child_keyboard.py, and shell_child_keyboard_taps.py for taps
made while the keyboard is up) because the input method must be chosen before the
QApplication exists, and the test process shares one application. The same on a real
window, tapped with xdotool: test_shell_keyboard_xvfb.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("shell_child_keyboard.py")
TAPS = Path(__file__).with_name("shell_child_keyboard_taps.py")
# What Qt Virtual Keyboard's own QML said on every start (about its own files)
OWN_QML_WARNINGS = ("PopupList", "echoMode", "non-bindable", "pipewire")


def run_child(data_dir: Path, width: int, height: int, child: Path = CHILD,
              *args: str) -> dict:
    return run_child_output(data_dir, width, height, child, *args)[0]


def run_child_output(data_dir: Path, width: int, height: int, child: Path = CHILD,
                     *args: str) -> tuple[dict, str]:
    """The child's JSON report and what it wrote on stderr."""
    # the session's offscreen platform, with its big screen: a tap lands only on a screen
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("QT_IM_MODULE", None)
    env.pop("QT_LOGGING_RULES", None)
    command = [sys.executable, str(child), *args, str(data_dir), str(width), str(height)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_on_screen_keyboard_types_into_the_criteria_screen(tmp_path, size):
    report, stderr = run_child_output(tmp_path / "data", *size)
    assert report["im_module"] == "qtvirtualkeyboard"
    assert report["keyboard_host"]
    assert report["status"] == "Ready", report["error"]
    assert report["ready"]
    assert report["input_method_visible"] and report["keyboard_visible"]
    # big enough to type on, small enough to leave the screen usable
    assert 0.25 * report["window_height"] <= report["keyboard_height"] \
        <= 0.45 * report["window_height"]
    assert report["keys_found"]
    assert report["text"].lower() == "trust"
    assert report["field_has_focus"] and report["field_above_keyboard"]
    assert report["criteria"] == [report["text"]]  # the keyboard's Enter adds it
    assert report["hidden_after"]
    # the keyboard loaded and was used without Qt Virtual Keyboard's own warnings
    said = [line for line in stderr.splitlines() if any(w in line for w in OWN_QML_WARNINGS)]
    assert not said, said


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_taps_while_the_keyboard_is_up_do_what_they_say_first_time(tmp_path, size):
    """Add, ★ and a chip, each tapped once (press and release at one place in the window)
    while the keyboard is up; then Save. None of them hides the keyboard under the finger."""
    report = run_child(tmp_path / "data", *size, TAPS, "criteria")
    assert report["keyboard_up"] and report["typed"] and report["text"] == "Trust"
    assert report["after_add"] == ["Trust"]  # the first tap on Add added it
    assert report["field_after_add"] == ""
    # the field keeps focus (a tap on a button never takes it) and stays above the keys
    assert report["keyboard_after_add"] and report["field_above_keyboard_after_add"]
    assert report["primary_after_star"] == "Trust"  # the first tap on ★
    assert report["chip_tapped"] and report["chip_added"]
    assert report["typed_for_touch"] and "Care" in report["after_touch_add"]  # by touch
    assert report["saved_screen"] == "saved"  # the first tap on Save
    assert report["saved"] == [["benefit", "Trust"]]
    assert not report["keyboard_on_saved_screen"]


def test_the_keyboard_never_opens_by_itself_on_the_next_lens(tmp_path):
    """The own-words field had focus on the first lens's criteria screen; on the next lens's
    nobody has tapped a field: no keyboard, no text cursor waiting for stray keys."""
    report = run_child(tmp_path / "data", 1366, 768, TAPS, "next")
    assert report["keyboard_up"] and report["typed"] and report["added"] == ["Trust"]
    assert report["field_focus_at_save"] and report["saved_screen"] == "saved"
    assert report["second_screen"] == "criteria" and report["second_lens"] == "risk"
    assert not report["keyboard_by_itself"]
    assert not report["field_focus"]
    assert report["keyboard_on_tap"]  # a person's tap still calls it up


def test_the_window_keeps_the_raster_path_with_the_keyboard(tmp_path):
    """A QQuickWidget drawn through OpenGL turns the whole window into an OpenGL-composited
    one for good, and every board frame pays for it; the keyboard is drawn by Qt Quick's
    software renderer and the window stays a raster one while it shows and after it.

    Offscreen Qt has no OpenGL and falls back to software by itself, so here this guards
    the raster path rather than showing the old cost: the real window under Xvfb
    (test_shell_keyboard_xvfb.py) is where the OpenGL composition showed, and is checked."""
    report = run_child(tmp_path / "data", 1366, 768, TAPS, "criteria")
    assert report["quick_backend"] == "software"
    assert report["surface_with_keyboard"] == "RasterSurface"
    assert report["surface_after"] == "RasterSurface"
    # what a frame costs before and after: benchmarks/run.py, drag_frame_after_keyboard_ms


def test_setup_under_the_keyboard(tmp_path):
    """Setup at 1366×768: the lowest field on screen, tapped, is scrolled above the keyboard
    and takes its keys; a button that takes focus on the press still gets its tap; "Use at
    this kiosk" does not hand focus (text selected, keyboard up) to the table label."""
    report = run_child(tmp_path / "data", 1366, 768, TAPS, "setup")
    assert report["keyboard_up"]
    assert report["lowest_bottom_before"] > report["keyboard_top"]  # it was under the keys
    assert report["lowest_above_keyboard"], report
    assert report["typed_into_lowest"]
    assert report["typed_name"] == "Leeds"
    assert report["save_button_above_keyboard"] and report["workshop_added"]
    assert not report["keyboard_after_save"]
    assert report["in_use"]
    assert not report["table_label_focus"] and report["table_label_selected"] == ""
    assert not report["keyboard_after_use"]
    assert report["keyboard_for_place"] and report["back_on_setup"]
    assert not report["keyboard_after_tabs"]  # a tap on a tab is no tap on a field


def test_a_chosen_input_method_is_respected(monkeypatch):
    from kiosk.ui.app import configure_environment

    monkeypatch.setenv("QT_IM_MODULE", "ibus")
    monkeypatch.delenv("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", raising=False)
    configure_environment()
    assert os.environ["QT_IM_MODULE"] == "ibus"
    assert "QT_VIRTUALKEYBOARD_DESKTOP_DISABLE" not in os.environ
    monkeypatch.delenv("QT_IM_MODULE")
    configure_environment()
    assert os.environ["QT_IM_MODULE"] == "qtvirtualkeyboard"
    assert os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] == "1"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_keyboard_faces_the_turned_screen_being_typed_on(tmp_path, size):
    """The own-words field tapped on a turned criteria screen: the keyboard opens at that
    screen's bottom edge (the window's top), turned half round like the screen, and each key
    tapped where it is seen types what it shows; the field stays in view beside the keys.
    Turned back, the keyboard is upright at the window's bottom again."""
    report, stderr = run_child_output(tmp_path / "data", *size, TAPS, "turned")
    height = report["window_height"]
    assert report["screen_turned"] and report["keyboard_up"]
    turned = report["turned"]
    assert turned["rotation"] == 180
    assert turned["top"] == 0 and turned["screens_top"] == turned["bottom"], turned
    assert turned["screens_bottom"] == height
    assert not turned["q_left_of_p"]  # seen from this side, the keys read right to left
    # as on an upright screen: the first letter a capital, by itself, and the others not (the
    # keyboard follows the field's text as it is typed)
    assert report["typed"] and report["text"] == "Trust"
    # the field being typed in is shown whole, below the keys (beside them, seen turned)
    assert report["field_shown"]
    assert turned["bottom"] <= report["field_top"] < report["field_bottom"] <= height, report
    assert report["entered"] and report["criteria"] == ["Trust"]
    assert report["field_focus"]
    # another field of the turned screen, tapped while the keys are up: typed on them too
    assert report["note_focus"] and report["note_keyboard"]["visible"]
    assert report["note_keyboard"]["rotation"] == 180 and report["note_keyboard"]["top"] == 0
    assert report["typed_note"] and report["note"] == "Ok"
    assert report["note_shown"]  # and the line being typed on is seen beside the keys
    assert turned["bottom"] <= report["note_line_top"] < report["note_line_bottom"] <= height
    assert report["screen_upright"]
    after = report["after_turn"]
    assert not after["visible"] or (after["rotation"] == 0 and after["bottom"] == height)
    assert report["keyboard_up_upright"]
    upright = report["upright"]
    assert upright["rotation"] == 0 and upright["q_left_of_p"]
    assert upright["bottom"] == height and upright["screens_top"] == 0
    assert upright["screens_bottom"] == upright["top"]
    assert report["typed_upright"] and report["text_upright"] == "Care"
    assert report["upright_field_bottom"] <= upright["top"]
    said = [line for line in stderr.splitlines() if any(w in line for w in OWN_QML_WARNINGS)]
    assert not said, said
