"""The facilitator's PIN in the shell: set on first entry (typed twice, stored only as a
salted hash), wrong tries lock the pad with a visible countdown, the right PIN opens the
facilitator's area — reached only by holding the top-left corner."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFrame, QLabel

from kiosk.domain.pin import verify_pin
from tests.shell_support import hold_corner, open_kiosk, place, tap


def type_pin(qtbot, pad, pin: str) -> None:
    for digit in pin:
        tap(qtbot, pad.digits[digit])
    tap(qtbot, pad.ok_button)


def test_pin_is_set_on_first_entry_typed_twice(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    hold_corner(qtbot, window)
    pad = window.pin_pad
    assert pad.title.text() == "Choose a facilitator PIN"
    type_pin(qtbot, pad, "1357")
    assert "again" in pad.prompt.text()
    type_pin(qtbot, pad, "1358")  # a slip: start again
    assert "different" in pad.message.text()
    assert kiosk.store.get_settings().get("pin") is None
    type_pin(qtbot, pad, "1357")
    type_pin(qtbot, pad, "1357")
    assert not pad.isVisible()
    assert window.screen_name == "facilitator"
    stored = kiosk.store.get_settings()["pin"]
    assert "1357" not in str(stored) and set(stored) >= {"salt", "hash"}
    assert verify_pin("1357", stored)
    kiosk.close()


def test_a_short_tap_in_the_corner_does_nothing(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", hold_ms=10_000)
    window = kiosk.window
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(6, 6))
    assert not window.corner.pressing and not window.pin_pad.isVisible()
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(400, 400))
    assert not window.corner.pressing  # only the corner
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(400, 400))
    kiosk.close()


def test_five_wrong_tries_lock_the_pad_for_a_minute(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    kiosk.session.set_pin("2468")
    window = kiosk.window
    hold_corner(qtbot, window)
    pad = window.pin_pad
    assert pad.title.text() == "Facilitator"
    for attempt in range(1, 5):
        type_pin(qtbot, pad, "1111")
        assert f"{5 - attempt} " in pad.message.text()
    type_pin(qtbot, pad, "1111")
    assert pad.gate.seconds_locked() == 60
    assert "locked" in pad.message.text() and "60 s" in pad.message.text()
    assert not any(button.isEnabled() for button in pad.digits.values())
    type_pin(qtbot, pad, "2468")  # ignored while locked
    assert pad.isVisible() and window.screen_name == "start"

    kiosk.clock.advance(45)
    qtbot.waitUntil(lambda: "15 s" in pad.message.text(), timeout=2000)
    kiosk.clock.advance(15.5)
    qtbot.waitUntil(lambda: pad.digits["1"].isEnabled(), timeout=2000)
    assert "locked" not in pad.message.text()
    type_pin(qtbot, pad, "2468")
    assert window.screen_name == "facilitator"
    kiosk.close()


def test_the_lock_survives_closing_the_pad(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    kiosk.session.set_pin("2468")
    window = kiosk.window
    hold_corner(qtbot, window)
    for _ in range(5):
        type_pin(qtbot, window.pin_pad, "9999")
    tap(qtbot, window.pin_pad.cancel_button)
    assert not window.pin_pad.isVisible()
    hold_corner(qtbot, window)
    assert not window.pin_pad.digits["2"].isEnabled()
    kiosk.close()


def test_right_pin_opens_the_facilitator_area_and_back(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", facilitator=True)
    kiosk.session.set_pin("2468")
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    place(window.board, "1", 2)
    hold_corner(qtbot, window)
    type_pin(qtbot, window.pin_pad, "2468")
    assert window.screen_name == "facilitator"
    area = window.facilitator.area
    assert type(area).__name__ == "FacilitatorArea"
    # the table's work was parked, not lost
    assert kiosk.store.get_draft(kiosk.session.slot)["log"][0]["card"] == "1"
    assert not window.idle.armed
    area.closed.emit()
    assert window.screen_name == "start"
    assert window.start_screen.continue_button.isVisible()
    assert window.facilitator is None
    kiosk.close()


def test_facilitator_settings_reach_the_start_screen(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    kiosk.session.set_pin("2468")
    hold_corner(qtbot, window)
    type_pin(qtbot, window.pin_pad, "2468")
    settings = kiosk.store.get_settings()
    settings.update(table="Table 7", idle_timeout_s=240,
                    sequence=[{"lens": "risk", "deck": "examples-a-f"}])
    kiosk.store.save_settings(settings)
    window.facilitator.area.settings_changed.emit()
    window.facilitator.area.closed.emit()
    assert window.start_screen.heading.text().endswith("Table 7")
    assert window.idle.idle_ms == 240_000
    assert [s.lens.id for s in kiosk.session.steps] == ["risk"]
    kiosk.close()


def test_placeholder_when_the_area_cannot_open(qtbot, tmp_path):
    def broken(parent):
        raise RuntimeError("the charts library is missing")

    kiosk = open_kiosk(qtbot, tmp_path / "data", facilitator=broken)
    window = kiosk.window
    kiosk.session.set_pin("2468")
    hold_corner(qtbot, window)
    type_pin(qtbot, window.pin_pad, "2468")
    area = window.facilitator.area
    assert type(area).__name__ == "FacilitatorPlaceholder"
    tap(qtbot, area.back_button)
    assert window.screen_name == "start"
    kiosk.close()


def test_start_up_problems_are_shown_to_the_facilitator(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data",
                       problems=["decks/mine.toml:3: cards[1].title: is required"])
    window = kiosk.window
    assert "facilitator" in window.start_screen.notice.text()
    assert "mine.toml" not in window.start_screen.notice.text()  # not for the table
    kiosk.session.set_pin("2468")
    hold_corner(qtbot, window)
    type_pin(qtbot, window.pin_pad, "2468")
    banner = window.facilitator.findChild(QFrame, "ProblemsBanner")
    assert banner is not None and banner.isVisible()
    assert any("mine.toml:3" in w.text() for w in banner.findChildren(QLabel))
    kiosk.close()


def test_a_kiosk_whose_pin_was_lost_with_its_settings_says_how_to_set_it(qtbot, tmp_path):
    """kiosk.json and its copy both unreadable: the pad offers no way in and no new PIN,
    only what to do at the machine's keyboard."""
    data = tmp_path / "data"
    from kiosk.storage import Store

    with Store.open(data) as store:  # what the store records when the PIN is lost
        store.save_settings({"pin_lost": True, "kiosk_id": "kiosk-7"})
    kiosk = open_kiosk(qtbot, data)
    window = kiosk.window
    hold_corner(qtbot, window)
    pad = window.pin_pad
    assert pad.isVisible() and not pad.setting
    assert "cannot be checked" in pad.title.text() and "kiosk set-pin" in pad.prompt.text()
    assert not any(d.isEnabled() for d in pad.digits.values()) and not pad.ok_button.isEnabled()
    pad.enter("2468")
    assert window.screen_name == "start" and window.facilitator is None
    tap(qtbot, pad.cancel_button)
    assert not pad.isVisible()
    kiosk.close()
