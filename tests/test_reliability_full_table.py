"""A full data disk at the table, on the real window and store: placing every card and
tapping Done still opens the criteria; holding the corner and typing the right PIN still
opens the facilitator's area (which says the data folder is full, so the facilitator can
export to a stick); the ranking parked on the way is offered back, and written once there
is room."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from tests.shell_support import (
    hold_corner,
    open_kiosk,
    prepare_board,
    press_done,
    rank_in_order,
    tap,
)
from tests.test_reliability_disk import Disk, disk  # noqa: F401 - the fixture


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_a_full_disk_lets_the_table_finish_and_the_facilitator_in(qtbot, tmp_path,
                                                                        disk):  # noqa: F811
    data = tmp_path / "data"
    kiosk = open_kiosk(qtbot, data)
    kiosk.session.set_pin("2468")
    window = kiosk.window
    window.flow.start_fresh()
    board = window.board
    prepare_board(board)
    disk.full = True
    rank_in_order(board, list(board.ranking.cards))
    assert "is full" in window.screens.board_problem.text()
    ranking = kiosk.session.ranking
    press_done(qtbot, board)  # used to do nothing (an OSError out of the slot)
    assert window.screen_name == "criteria"
    window.grab().save(str(tmp_path / "criteria-full-disk.png"))
    hold_corner(qtbot, window)
    for digit in "2468":
        tap(qtbot, window.pin_pad.digits[digit])
    tap(qtbot, window.pin_pad.ok_button)  # used to close the pad and open nothing
    assert window.screen_name == "facilitator", window.screen_name
    frame = window.facilitator
    tap(qtbot, frame.problems_details)  # "Show"
    told = frame.findChild(QLabel, "ProblemsList").text()
    assert f"The kiosk's data folder {data} is full." in told and "USB stick" in told, told
    window.grab().save(str(tmp_path / "facilitator-full-disk.png"))
    frame.area.closed.emit()  # back to the start screen: the ranking is offered back
    assert window.screen_name == "start"
    assert window.start_screen.continue_button.isVisible()
    window.grab().save(str(tmp_path / "start-full-disk.png"))
    info = kiosk.session.draft_info()
    assert info is not None and info.phase == "criteria" and info.placed == len(ranking.cards)
    disk.full = False
    window.flow.resume()
    assert window.screen_name == "criteria"
    assert kiosk.store.get_draft(kiosk.session.slot)["log"] == kiosk.session.ranking.log
    kiosk.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_a_read_only_data_folder_lets_the_table_finish_and_the_facilitator_in(
        qtbot, tmp_path, monkeypatch):
    from tests.test_reliability_glance import PIN, a_kiosk_that_has_worked, make_read_only

    data = tmp_path / "data"
    a_kiosk_that_has_worked(data)  # a PIN, and a ranking parked with one card placed
    make_read_only(monkeypatch)
    kiosk = open_kiosk(qtbot, data)
    window = kiosk.window
    window.flow.resume()
    board = window.board
    prepare_board(board)
    cards = list(board.ranking.cards)
    rank_in_order(board, cards)
    assert "read-only" in window.screens.board_problem.text(), \
        window.screens.board_problem.text()
    press_done(qtbot, board)
    assert window.screen_name == "criteria"
    hold_corner(qtbot, window)
    for digit in PIN:
        tap(qtbot, window.pin_pad.digits[digit])
    tap(qtbot, window.pin_pad.ok_button)
    assert window.screen_name == "facilitator", window.screen_name
    frame = window.facilitator
    tap(qtbot, frame.problems_details)
    told = frame.findChild(QLabel, "ProblemsList").text()
    assert str(data) in told and "kept in memory" in told, told
    window.grab().save(str(tmp_path / "facilitator-read-only.png"))
    frame.area.closed.emit()
    info = kiosk.session.draft_info()
    assert info is not None and info.placed == len(cards)
    kiosk.close()
