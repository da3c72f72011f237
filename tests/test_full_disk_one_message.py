"""A full disk is said once, in plain words naming the folder: the PIN pad opened over a
table's screen that already says its save failed does not stack a second "is full" message
over it, and the pad's own words name the folder."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from tests.test_reliability_disk import disk  # noqa: F401


def full_messages(window) -> list[str]:
    """The words on screen (labels shown, not hidden behind anything opaque) that say the
    data folder is full."""
    return [w.text() for w in window.findChildren(QLabel)
            if w.isVisible() and "full" in w.text() and w.visibleRegion().isEmpty() is False]


def a_failed_save(qtbot, kiosk, disk):  # noqa: F811
    from tests.shell_support import ranked_to_criteria, tap

    window = kiosk.window
    ranked_to_criteria(kiosk)
    disk.full = True
    tap(qtbot, window.criteria_screen.save_button)
    assert window.screen_name == "criteria"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_a_wrong_pin_over_a_failed_save_says_the_disk_is_full_once(qtbot, tmp_path,
                                                                          disk):  # noqa: F811
    """Audit: the criteria screen said "Not saved: The kiosk's data folder … is full." and
    the PIN pad over it "The kiosk's data folder is full or cannot be written: a restart
    forgets these tries." — two messages for one full disk, the pad's naming no folder."""
    from tests.shell_support import hold_corner, open_kiosk, settle_layout, tap

    data = tmp_path / "data"
    kiosk = open_kiosk(qtbot, data)
    try:
        kiosk.session.set_pin("2468")
        a_failed_save(qtbot, kiosk, disk)
        window = kiosk.window
        assert len(full_messages(window)) == 1
        hold_corner(qtbot, window)
        pad = window.pin_pad
        for digit in "1111":
            tap(qtbot, pad.digits[digit])
        tap(qtbot, pad.ok_button)
        settle_layout()
        window.grab().save(str(tmp_path / "pin-over-failed-save.png"))
        shown = full_messages(window)
        assert len(shown) == 1, shown
        assert shown[0] == pad.message.text() and str(data) in shown[0], shown
        assert "not right" in pad.message.text()
        # the pad's message whole, however long the folder's name
        message = pad.message
        need = message.heightForWidth(message.width())
        assert message.height() >= need, (message.height(), need)
        below = pad.digits["1"].mapTo(pad, pad.digits["1"].rect().topLeft()).y()
        assert message.mapTo(pad, message.rect().bottomLeft()).y() < below  # not under keys
        # the pad closed, the table's own message is back
        tap(qtbot, pad.cancel_button)
        shown = full_messages(window)
        assert len(shown) == 1 and "Not saved" in shown[0], shown
    finally:
        kiosk.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_attack_done_and_idle_on_a_full_disk_say_it_once_and_lose_nothing(qtbot, tmp_path,
                                                                          disk):  # noqa: F811
    """Audit: with the disk full mid-ranking, Done (the board to the criteria) ended in an
    OSError out of the flow ("No space left on device"), the criteria screen never shown;
    an idle park did the same. Now the criteria screen comes up and says the moves are not
    saved, once, naming the folder; an idle park returns to the start screen with the ranking
    held in memory and offered back there (nothing thrown away), written once the disk has
    room."""
    from tests.shell_support import open_kiosk

    data = tmp_path / "data"
    kiosk = open_kiosk(qtbot, data)
    try:
        window = kiosk.window
        window.flow.start_fresh()
        ranking = kiosk.session.ranking
        disk.full = True
        for slot, card in enumerate(ranking.cards):
            ranking.drop(card, slot)
            window.flow.changed()
        window.flow.to_criteria()
        assert window.screen_name == "criteria"
        shown = full_messages(window)
        assert len(shown) == 1 and str(data) in shown[0] and "Errno" not in shown[0], shown
        window.flow.to_board()
        assert window.screen_name == "board"
        window.flow.idle_expired()
        assert window.screen_name == "start"
        info = kiosk.session.draft_info()  # held, and offered back on the start screen
        assert info is not None and info.placed == len(ranking.cards)
        assert kiosk.store.get_draft(kiosk.session.slot) is None  # not written: disk full
        disk.full = False
        window.flow.resume()
        assert window.screen_name == "board"
        assert kiosk.session.ranking.positions() == ranking.positions()
        window.flow.changed()
        assert kiosk.store.get_draft(kiosk.session.slot) is not None
    finally:
        kiosk.close()
