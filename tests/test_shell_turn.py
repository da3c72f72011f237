"""Which way the table's screens face (the rule: kiosk.ui.shell.turn). A table that turned
the board to face it keeps facing it: the criteria screen after Done, the saved screen after
Save and the next lens's board are all turned the same way, and a tap lands where the finger
touches on each; the table can turn back on any of them, and the next board follows; the
start screen is upright and a start from it begins upright."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk.ui.shell.turn import in_window
from tests.board_support import button_centre, click
from tests.shell_support import (
    open_kiosk,
    prepare_board,
    press_done,
    rank_in_order,
    settle_layout,
    tap,
)


def on_window(window: QWidget, widget: QWidget) -> QPoint:
    """Where `widget`'s centre is drawn in the window (through a turned screen's view)."""
    point = widget.rect().center()
    top = widget.window()
    proxy = top.graphicsProxyWidget()
    if proxy is None:
        return widget.mapTo(window, point)
    in_top = widget.mapTo(top, point)
    view = proxy.scene().views()[0]
    return view.viewport().mapTo(window, view.mapFromScene(proxy.mapToScene(in_top.toPointF())))


def finger(qtbot, window: QWidget, widget: QWidget) -> None:
    """A tap on the window where `widget` is seen (not sent to the widget itself)."""
    settle_layout()
    at = on_window(window, widget)
    target = window.childAt(at)
    assert target is not None
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     target.mapFrom(window, at))


def faces_far_side(window: QWidget, widget: QWidget) -> bool:
    """A widget drawn upside down: its right-hand edge is left of its left-hand edge."""
    left = widget.mapTo(widget.window(), QPoint(0, widget.height() // 2))
    right = widget.mapTo(widget.window(), QPoint(widget.width(), widget.height() // 2))
    proxy = widget.window().graphicsProxyWidget()
    if proxy is None:
        return False
    view = proxy.scene().views()[0]
    to_view = [view.mapFromScene(proxy.mapToScene(p.toPointF())) for p in (left, right)]
    return to_view[1].x() < to_view[0].x()


def turn_board(board) -> None:
    click(board, button_centre(board, "rotate"))


def test_a_turned_board_turns_the_criteria_and_saved_screens_and_the_next_board(qtbot,
                                                                              tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    board = window.board
    prepare_board(board)
    turn_board(board)
    assert board.rotated
    rank_in_order(board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, board)
    screen = window.criteria_screen
    assert window.screen_name == "criteria"
    assert faces_far_side(window, screen.save_button)
    # the save button sits bottom right on the screen: turned, it is seen top left
    seen = on_window(window, screen.save_button)
    assert seen.x() < window.width() // 2 and seen.y() < window.height() // 2
    finger(qtbot, window, screen.own_field)  # a field there takes focus, and counts as the
    assert screen.own_field.hasFocus()  # window's (the on-screen keyboard comes for it)
    assert in_window(window, screen.own_field) and not in_window(QWidget(), screen.own_field)
    chip = next(iter(screen.chips.values()))
    finger(qtbot, window, chip)  # a tap through the turned view chooses the chip
    assert chip.isChecked() and board.ranking.criteria
    finger(qtbot, window, screen.back_button)
    assert window.screen_name == "board" and window.board.rotated  # back: still turned
    press_done(qtbot, window.board)
    finger(qtbot, window, window.criteria_screen.save_button)
    assert window.screen_name == "saved"
    saved = window.saved_screen
    assert faces_far_side(window, saved.go_button)
    finger(qtbot, window, saved.go_button)
    assert window.screen_name == "board"
    assert window.board.ranking.lens == "risk" and window.board.rotated
    kiosk.close()


def test_turning_back_on_the_saved_screen_sends_the_next_board_upright(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    turn_board(window.board)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, window.board)
    screen = window.criteria_screen
    finger(qtbot, window, screen.turn_button)  # the criteria screen turns back upright
    assert not faces_far_side(window, screen.save_button)
    assert screen.save_button.window() is window
    tap(qtbot, screen.turn_button)  # and round again
    assert faces_far_side(window, screen.save_button)
    finger(qtbot, window, screen.save_button)
    saved = window.saved_screen
    assert faces_far_side(window, saved.go_button)
    finger(qtbot, window, saved.turn_button)
    assert not faces_far_side(window, saved.go_button)
    tap(qtbot, saved.go_button)
    assert window.board.ranking.lens == "risk" and not window.board.rotated
    kiosk.close()


def test_the_start_screen_is_upright_and_a_start_from_it_begins_upright(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=10_000)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    turn_board(window.board)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, window.board)
    window.park()  # the table walked away
    assert window.screen_name == "start"
    tap(qtbot, window.start_screen.continue_button)
    assert window.screen_name == "criteria"
    assert not faces_far_side(window, window.criteria_screen.save_button)
    tap(qtbot, window.criteria_screen.back_button)
    assert not window.board.rotated
    kiosk.close()
