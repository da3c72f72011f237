"""The cut line's grip, moved into the gap between two places (so the acceptability lens's
cards are as wide as the other lenses'), still takes a real pointer's press, drag and
release on an X window: a drag of about two places moves the line two places."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.ui.board.geometry import BoardGeometry
from kiosk.ui.theme import Theme
from tests.xvfb_support import missing_tools, xvfb

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("board_child_grip_xvfb.py")


def test_a_pointer_drags_the_cut_lines_grip_two_places_down():
    missing = missing_tools()
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (a real X window to drag on)")
    try:
        with xvfb(1366, 768) as display:
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                   "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
            env.pop("QT_IM_MODULE", None)
            env.pop("WAYLAND_DISPLAY", None)
            done = subprocess.run([sys.executable, str(CHILD)], capture_output=True, text=True,
                                  env=env, timeout=120, cwd=ROOT)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["platform"] == "xcb"
    assert min(report["grip"]) >= 48 and report["grip_over_cards"]
    assert (report["cut_before"], report["cut_after"]) == (2, 4)
    plain = BoardGeometry.compute(1366, 768, 6, Theme.for_size(1366, 768), False)
    assert report["card_w"] == plain.card.width()
