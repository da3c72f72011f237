"""The on-screen keyboard on a real window: the kiosk full screen on Xvfb (Qt's xcb
platform), tapped with xdotool as a finger taps — press, the kiosk reacting, release at the
same place. A tap lost between its press and its release, and a window composited through
OpenGL, show only on a real window system (offscreen Qt has neither). Skips, saying why,
where Xvfb or xdotool is missing (.ci/run installs them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.xvfb_support import missing_tools, xvfb

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("shell_child_xvfb.py")


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    missing = missing_tools()
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (a real X window to tap)")
    try:
        with xvfb(1366, 768) as name:
            yield name
    except RuntimeError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def report(display: str, tmp_path_factory) -> dict:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("QT_IM_MODULE", None)
    env.pop("WAYLAND_DISPLAY", None)
    data = tmp_path_factory.mktemp("xvfb") / "data"
    done = subprocess.run([sys.executable, str(CHILD), str(data)], capture_output=True,
                          text=True, env=env, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_tap_while_the_keyboard_is_up_is_not_lost(report):
    assert report["platform"] == "xcb" and report["size"] == [1366, 768]
    assert report["keyboard_up"] and report["typed"] and report["text"] == "Trust"
    assert report["after_add"] == ["Trust"]  # one tap on Add
    assert report["keyboard_after_add"]  # the field keeps focus: type on
    assert report["primary_after_star"] == "Trust"  # one tap on ★
    assert report["back_on_board"]  # one tap on Back
    assert report["keyboard_up_again"]  # one tap on the field
    assert report["typed_again"] and report["after_enter"] == ["Trust", "Care"]
    assert report["saved_screen"] == "saved"  # one tap on Save
    assert report["saved"] == [["benefit", "Trust"]]


def test_the_keyboard_does_not_open_by_itself_on_the_next_lens(report):
    assert not report["keyboard_by_itself_back"]  # nor back from the board
    assert report["field_focus_at_save"]  # the own-words field had focus when it was left
    assert report["second_screen"] == "criteria"
    assert not report["keyboard_by_itself"] and not report["field_focus"]


def test_the_window_stays_a_raster_one_after_the_keyboard(report):
    """Before, the keyboard's QQuickWidget turned the window into an OpenGL-composited one
    for good (Mesa's software OpenGL here): a board frame cost several times more."""
    assert not report["loaded_at_start"]  # the baseline had no keyboard at all
    assert report["surface_before"] == "RasterSurface"
    assert report["surface_with_keyboard"] == "RasterSurface"
    assert report["surface_after"] == "RasterSurface"
    # what a frame costs before and after (composited, several times more):
    # benchmarks/run.py, drag_frame_after_keyboard_ms, on this same real window


@pytest.fixture(scope="module")
def turned_report(display: str, tmp_path_factory) -> dict:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("QT_IM_MODULE", None)
    env.pop("WAYLAND_DISPLAY", None)
    data = tmp_path_factory.mktemp("xvfb-turned") / "data"
    done = subprocess.run([sys.executable, str(CHILD), "--turned", str(data)],
                          capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_keyboard_faces_a_turned_screen_and_types_what_is_tapped(turned_report):
    """"Turn board" tapped, then the own-words field on the turned criteria screen: the keys
    come at that screen's bottom edge (the window's top), turned half round, and each key,
    tapped where it is seen (worked out from the upright layout), types what it shows."""
    report = turned_report
    assert report["platform"] == "xcb" and report["size"] == [1366, 768]
    height = report["size"][1]
    assert report["board_turned"] and report["screen_turned"]
    assert report["loaded_before_tap"]
    assert report["keyboard_up"]  # one tap on the field
    turned = report["turned"]
    assert turned["rotation"] == 180 and not turned["q_left_of_p"], turned
    assert turned["top"] == 0 and turned["screens_top"] == turned["bottom"], turned
    assert report["typed"] and report["text"] == "Trust"
    assert turned["bottom"] <= report["field_top"] < report["field_bottom"] <= height, report
    assert report["entered"] and report["criteria"] == ["Trust"]  # the keys' Enter
    assert report["chip_added"] and report["keyboard_after_chip"]  # one tap on a chip
    assert report["surface_with_keyboard"] == "RasterSurface"


def test_turned_back_the_keyboard_is_upright_at_the_bottom(turned_report):
    report = turned_report
    height = report["size"][1]
    assert report["screen_upright"]  # one tap on the turned screen's Turn
    after = report["after_turn"]
    assert not after["visible"] or (after["rotation"] == 0 and after["bottom"] == height)
    assert report["keyboard_up_upright"]
    upright = report["upright"]
    assert upright["rotation"] == 0 and upright["q_left_of_p"]
    assert upright["bottom"] == height and upright["screens_top"] == 0
    assert upright["screens_bottom"] == upright["top"]
    assert report["typed_upright"] and report["text_upright"] == "Care"
    assert report["upright_field_bottom"] <= upright["top"]
    assert report["surface_after"] == "RasterSurface"
    assert report["presses"] == report["releases"]
