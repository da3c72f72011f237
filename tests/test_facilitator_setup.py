"""The Setup tab persists workshops and this kiosk's settings through the service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from kiosk.domain.pin import verify_pin
from kiosk.domain.workshop import LensStep
from kiosk.ui.facilitator.setup import SetupTab
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, real_ranking, service, store  # noqa: F401


@pytest.fixture
def tab(qtbot, service):  # noqa: F811
    widget = SetupTab(service, Theme.for_size(1366, 768))
    qtbot.addWidget(widget)
    return widget


def test_kiosk_settings_are_saved(tab, service, qtbot):  # noqa: F811
    tab.table_edit.setText("Table 5")
    tab.kiosk_edit.setText("kiosk-north")
    tab.timeout_box.setCurrentIndex(tab.timeout_box.findData(300))
    editor = tab.sequence
    editor.deck_boxes[1].setCurrentIndex(editor.deck_boxes[1].findData("examples-a-f"))
    editor.move_step(2, -1)  # acceptability before risk
    editor.add_step()
    editor.remove_step(0)
    with qtbot.waitSignal(tab.settings_changed):
        tab.save_kiosk_button.click()
    settings = service.setup.settings()
    assert (settings.table, settings.kiosk_id, settings.idle_timeout_s) == \
        ("Table 5", "kiosk-north", 300)
    assert settings.sequence == (LensStep("acceptability", "examples-1-6"),
                                 LensStep("risk", "examples-a-f"),
                                 LensStep("benefit", "examples-a-f"))
    assert "Saved" in tab.kiosk_message.text()


def test_bad_kiosk_settings_show_a_message_and_save_nothing(tab, service):  # noqa: F811
    before = service.setup.settings()
    tab.table_edit.setText("   ")
    assert not tab.save_kiosk()
    assert "label" in tab.kiosk_message.text() and tab.kiosk_message.isVisibleTo(tab)
    assert service.setup.settings() == before


def test_the_sequence_keeps_at_least_one_step(tab):
    editor = tab.sequence
    for _ in range(5):
        editor.remove_step(0)
    assert len(editor.steps()) == 1
    for _ in range(12):
        editor.add_step()
    assert len(editor.steps()) == 9 and not editor.add_button.isEnabled()


def test_add_edit_use_and_delete_a_workshop(tab, service, qtbot):  # noqa: F811
    tab.new_workshop_button.click()
    tab.name_edit.setText("Manchester")
    tab.place_edit.setText("Central Library")
    tab.date_edit.setDate(QDate(2025, 3, 14))
    tab.save_workshop_button.click()
    [shop] = service.workshops.all()
    assert (shop.name, shop.place, shop.date) == ("Manchester", "Central Library", "2025-03-14")
    assert tab.workshop_list.count() == 1

    tab.name_edit.setText("Manchester North")
    with qtbot.waitSignal(tab.workshop_saved):  # saved on a worker thread
        tab.save_workshop_button.click()
    assert service.workshops.get(shop.workshop_id).name == "Manchester North"

    with qtbot.waitSignal(tab.settings_changed):
        tab.use_button.click()
    assert service.setup.settings().workshop_id == shop.workshop_id
    assert "(in use)" in tab.workshop_list.item(0).text()
    assert not tab.delete_workshop_button.isEnabled()  # the one in use stays

    tab.new_workshop_button.click()
    tab.name_edit.setText("Spare")
    tab.save_workshop_button.click()
    tab.ask = lambda *_: False
    assert not tab.delete_workshop()
    assert len(service.workshops.all()) == 2
    tab.ask = lambda *_: True
    assert tab.delete_workshop()
    assert [w.name for w in service.workshops.all()] == ["Manchester North"]


def test_a_workshop_with_rankings_cannot_be_deleted(tab, service):  # noqa: F811
    shop = service.workshops.add("Busy")
    real_ranking(service, shop.workshop_id, "Busy")
    tab.refresh()
    tab.workshop_list.setCurrentRow(0)
    tab.ask = lambda *_: True
    assert not tab.delete_workshop()
    assert "1 saved ranking" in tab.workshop_message.text()


def test_list_refresh_from_elsewhere_keeps_what_is_typed(tab, service):  # noqa: F811
    tab.name_edit.setText("Half typed")
    service.demo.load()
    tab.refresh_workshops()
    assert tab.workshop_list.count() == 3
    assert tab.name_edit.text() == "Half typed"


def test_change_pin(tab, service, qtbot):  # noqa: F811
    tab.pin_edit.setText("1234")
    tab.confirm_edit.setText("4321")
    assert not tab.change_pin()
    assert "not the same" in tab.pin_message.text()
    assert service.setup.settings().pin is None
    tab.pin_edit.setText("97531")
    tab.confirm_edit.setText("97531")
    with qtbot.waitSignal(tab.settings_changed):
        tab.pin_button.click()
    assert verify_pin("97531", service.setup.settings().pin)
    assert tab.pin_edit.text() == "" and "changed" in tab.pin_message.text()
    qtbot.keyClicks(tab.pin_edit, "12ab")  # the field takes digits only
    assert tab.pin_edit.text() == "12"


def test_the_seats_a_poll_offers_first_are_set_in_setup(service, store):  # noqa: F811
    from kiosk.services.facilitator import SetupError

    assert service.setup.settings().seats == 4
    assert service.setup.update(seats=6).seats == 6
    assert store.get_settings()["seats"] == 6
    with pytest.raises(SetupError):
        service.setup.update(seats=9)


def test_use_at_this_kiosk_does_not_hand_focus_to_the_table_label(tab, service, qtbot):  # noqa: F811
    """A tapped "Use at this kiosk" is disabled at once (the workshop is now in use); Qt
    would hand its focus to the next field in the tab order — the table label, its text
    selected, one stray key from being overwritten, and with the on-screen keyboard up."""
    from PySide6.QtCore import Qt

    tab.resize(1366, 900)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.table_edit.setText("Table 3")
    tab.new_workshop()
    tab.name_edit.setText("Leeds")
    assert tab.save_workshop()
    assert tab.use_button.isEnabled()  # Leeds is not the one in use yet
    qtbot.mouseClick(tab.use_button, Qt.MouseButton.LeftButton)  # takes focus, as a tap does
    assert service.setup.settings().workshop_id == tab._editing
    assert not tab.use_button.isEnabled()
    assert not tab.table_edit.hasFocus() and tab.table_edit.selectedText() == ""
    focus = tab.focusWidget()
    assert focus is None or not focus.inherits("QLineEdit")
