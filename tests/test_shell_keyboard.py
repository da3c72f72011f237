"""Typing without a hardware keyboard: Qt Virtual Keyboard's panel inside the kiosk window.

Runs in a child process (shell_child_keyboard.py) because the input method must be chosen
before the QApplication exists, and the test process shares one application.
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


def run_child(data_dir: Path, width: int, height: int) -> dict:
    # the session's offscreen platform, with its big screen: a tap lands only on a screen
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("QT_IM_MODULE", None)
    done = subprocess.run([sys.executable, str(CHILD), str(data_dir), str(width), str(height)],
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_on_screen_keyboard_types_into_the_criteria_screen(tmp_path, size):
    report = run_child(tmp_path / "data", *size)
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
