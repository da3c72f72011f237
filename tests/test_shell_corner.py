"""The facilitator's corner hold never works what lies under it. Turned for the far side of
the table, the criteria screen's "Save and go on" and the board's Done sit in the window's
top-left corner: a hold there used to open the PIN pad and then, on the release, save a
ranking with no criteria (or finish the board)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.shell_support import open_kiosk, prepare_board, press_done, rank_in_order, tap
from tests.test_shell_turn import on_window, turn_board
from tests.xvfb_support import missing_tools, xvfb

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("shell_child_corner.py")


def hold_on(qtbot, window, at: QPoint) -> None:
    """Press at `at` of the window as a finger does (the window system delivers it to the
    widget under it), hold until the PIN pad opens, lift there."""
    target = window.childAt(at)
    assert target is not None
    local = target.mapFrom(window, at)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     local)
    qtbot.waitUntil(lambda: window.pin_pad.isVisible(), timeout=3000)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       local)


def _criteria(qtbot, kiosk, turned: bool):
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    prepare_board(window.board)
    if turned:
        turn_board(window.board)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, window.board)
    assert window.screen_name == "criteria"
    return window.criteria_screen


def test_attack_a_corner_hold_on_the_turned_criteria_screen_does_not_save(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    screen = _criteria(qtbot, kiosk, turned=True)
    corner = window.corner.size_px
    # the corner's own point that lies on the turned Save button
    rect = screen.save_button.rect()
    seen = [on_window(window, screen.save_button) + QPoint(dx, dy)
            for dx in range(-rect.width() // 2, rect.width() // 2, 4)
            for dy in range(-rect.height() // 2, rect.height() // 2, 4)]
    inside = [p for p in seen if 0 <= p.x() < corner and 0 <= p.y() < corner]
    assert inside, "the turned Save button is not in the corner here"
    hold_on(qtbot, window, inside[len(inside) // 2])
    assert window.screen_name == "criteria"  # nothing saved
    assert kiosk.store.list_rankings() == []
    assert window.pin_pad.isVisible()
    assert not screen.save_button.isDown()
    kiosk.close()


def test_attack_a_corner_hold_on_the_turned_board_does_not_press_done(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    board = window.board
    prepare_board(board)
    turn_board(board)
    rank_in_order(board, ["1", "2", "3", "4", "5", "6"])
    done = board.view.mapFromScene(board.buttons["done"].scene_rect().center())
    at = board.view.viewport().mapTo(window, done)
    corner = window.corner.size_px
    inside = QPoint(min(at.x(), corner - 4), min(at.y(), corner - 4))
    hold_on(qtbot, window, inside)
    assert window.screen_name == "board"
    kiosk.close()


def test_a_corner_hold_upright_opens_the_pad_and_works_nothing_under_it(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    screen = _criteria(qtbot, kiosk, turned=False)
    before = [c.text for c in window.board.ranking.criteria]
    hold_on(qtbot, window, QPoint(8, 8))
    assert window.pin_pad.isVisible() and window.screen_name == "criteria"
    assert [c.text for c in window.board.ranking.criteria] == before
    assert screen.isVisible()
    kiosk.close()


def test_attack_a_corner_hold_on_the_turned_boards_cut_line_does_not_move_it(qtbot,
                                                                           tmp_path):
    """The board calls off what the hold's press began (a card lifted, the line taken)
    instead of taking a release far away as a drop there."""
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    board = window.board
    prepare_board(board)
    turn_board(board)
    rank_in_order(board, ["1", "2", "3", "4", "5", "6"])
    hold_on(qtbot, window, QPoint(10, 10))
    assert window.pin_pad.isVisible()
    assert board.ranking.cut is None and board.ranking.placed_count == 6
    assert not board._gestures
    kiosk.close()


@pytest.fixture(scope="module")
def xvfb_report(tmp_path_factory) -> dict:
    missing = missing_tools()
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (a real X window to hold)")
    try:
        with xvfb(1366, 768) as display:
            env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                   "PYTHONPATH": os.pathsep.join([str(ROOT),
                                                  os.environ.get("PYTHONPATH", "")])}
            env.pop("QT_IM_MODULE", None)
            env.pop("WAYLAND_DISPLAY", None)
            data = tmp_path_factory.mktemp("xvfb-corner") / "data"
            done = subprocess.run([sys.executable, str(CHILD), str(data)],
                                  capture_output=True, text=True, env=env, timeout=300,
                                  cwd=ROOT)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_attack_on_a_real_window_a_corner_hold_on_turned_save_saves_nothing(xvfb_report):
    """xdotool holds the corner where the turned screen shows "Save and go on", as a
    facilitator's finger does (the report: a ranking saved with no criteria)."""
    report = xvfb_report
    assert report["platform"] == "xcb" and report["size"] == [1366, 768]
    assert report["board_turned"] and report["on_save"] and report["in_corner"], report
    assert report["pad_opened"]
    assert report["screen"] == "criteria" and report["saved"] == 0, report
    assert report["pad_after_release"] and not report["save_down"]
    assert report["screen_after_tap"] == "saved"  # an ordinary tap there still saves
