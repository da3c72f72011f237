"""The "All done" screen's return to the start screen by itself (SavedScreen's 20 s timer)
races nothing: it returns only from that screen, never from whatever came after it, and
never from under a PIN pad being typed on. The timer is the screen's own, fired here by
hand (its `timeout`), at the moment that used to go wrong."""

from __future__ import annotations

from tests.shell_support import (
    hold_corner,
    open_kiosk,
    prepare_board,
    press_done,
    rank_in_order,
    set_sequence,
    tap,
)
from tests.test_shell_turn import finger, turn_board

PIN = "2468"


def _all_done(qtbot, tmp_path, turned: bool):
    data = tmp_path / "data"
    set_sequence(data, "benefit")
    kiosk = open_kiosk(qtbot, data)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    prepare_board(window.board)
    if turned:
        turn_board(window.board)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, window.board)
    finger(qtbot, window, window.criteria_screen.save_button)
    assert window.screen_name == "saved"
    assert window.saved_screen.title.text().startswith("All done")
    return kiosk


def _unlock(qtbot, window) -> None:
    hold_corner(qtbot, window)
    pad = window.pin_pad
    if pad.setting:
        pad.enter(PIN)
    pad.enter(PIN)
    assert window.screen_name == "facilitator"


def test_attack_the_all_done_timer_after_a_turned_screen_does_not_lock_the_facilitator_out(
        qtbot, tmp_path):
    """Turned, the saved screen sits in a graphics view and is never hidden when the stack
    moves on: its timer ran on into the facilitator's area, put the start screen up over
    it, and the corner hold (off while the area is open) never came back."""
    kiosk = _all_done(qtbot, tmp_path, turned=True)
    window = kiosk.window
    saved = window.saved_screen
    _unlock(qtbot, window)
    assert not saved._timer.isActive()  # the table has left the screen: its return with it
    saved._timer.timeout.emit()  # ... and a stale one does nothing
    assert window.screen_name == "facilitator"
    window.close_facilitator()
    assert window.screen_name == "start"
    hold_corner(qtbot, window)  # the way in still works
    assert window.pin_pad.isVisible()
    kiosk.close()


def test_attack_the_all_done_timer_does_not_close_a_pin_pad_being_typed_on(qtbot, tmp_path):
    kiosk = _all_done(qtbot, tmp_path, turned=False)
    window = kiosk.window
    saved = window.saved_screen
    hold_corner(qtbot, window)
    pad = window.pin_pad
    pad.press("2")
    saved._timer.timeout.emit()  # the 20 s end while the facilitator types
    assert pad.isVisible() and window.screen_name == "saved"
    assert saved._timer.isActive()  # it waits again
    tap(qtbot, pad.cancel_button)
    saved._timer.timeout.emit()  # the pad gone, the screen returns to the start as before
    assert window.screen_name == "start"
    kiosk.close()


def test_the_all_done_screen_returns_to_the_start_by_itself(qtbot, tmp_path):
    for turned in (False, True):
        kiosk = _all_done(qtbot, tmp_path / str(turned), turned=turned)
        window = kiosk.window
        assert window.saved_screen._timer.isActive()
        window.saved_screen._timer.timeout.emit()
        assert window.screen_name == "start"
        assert not window.saved_screen._timer.isActive()
        kiosk.close()
