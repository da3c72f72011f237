"""The "last moves are not saved" banner never moves the board: it shows mid-drag (the
first move a full disk refuses), so a board pushed down under the fingers would take the
next drops onto the wrong places. It lies over the board's header instead (turned with
the board for the far side), and takes no touch."""

from __future__ import annotations

import errno
import os

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.shell_support import open_kiosk, prepare_board, settle_layout

FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/media/kiosk/data/drafts.json")


def where(window) -> tuple:
    board = window.board
    viewport = board.view.viewport()
    return (board.mapTo(window, QPoint(0, 0)), board.size(),
            viewport.mapTo(window, QPoint(0, 0)), viewport.size(),
            board.view.mapFromScene(board.slot_scene_pos(0)))


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("turned", [False, True])
def test_attack_the_banner_over_a_full_disk_never_moves_the_board(qtbot, tmp_path, turned):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    window.flow.start_fresh()
    board = window.board
    prepare_board(board)
    if turned:
        board.set_rotated(True)
    settle_layout()
    before = where(window)
    window.screens.draft_failed(FULL)  # what the flow does when a move cannot be saved
    settle_layout()
    banner = window.screens.board_problem
    assert banner.isVisible() and "is full" in banner.text()
    assert where(window) == before  # used to push the board down by the banner's height
    header = board.scene.geometry.header
    top = board.view.mapTo(window, board.view.mapFromScene(header.center()))
    assert banner.geometry().contains(top), (banner.geometry(), top)  # over the header
    assert banner.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    window.grab().save(str(tmp_path / f"banner-{'turned' if turned else 'upright'}.png"))
    window.screens.draft_saved()
    settle_layout()
    assert not banner.isVisible() and where(window) == before
    kiosk.close()
