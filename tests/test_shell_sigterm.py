"""A service stop (SIGTERM) while the kiosk's window is up ends it cleanly: status 0 and
nothing on the service log that looks like a crash. The window is never closed (kiosk
mode refuses), so it is deleted at the very end; the on-screen keyboard's dock used to hear
of the focus leaving its deleted window and print a traceback ("KioskWindow already
deleted"). In a child process: the input method is chosen before the QApplication."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("shell_child_sigterm.py")


@pytest.mark.parametrize("where", ["start", "typing"])
def test_attack_sigterm_with_the_window_up_exits_without_a_traceback(tmp_path, where):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("QT_IM_MODULE", None)
    done = subprocess.run([sys.executable, str(CHILD), str(tmp_path / "data"), where],
                          capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "run returned 0" in done.stderr
    if where == "typing":
        assert "focus in the field: True" in done.stderr
    assert "Traceback" not in done.stderr and "already deleted" not in done.stderr, \
        done.stderr[-3000:]
