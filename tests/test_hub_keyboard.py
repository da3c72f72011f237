"""The hub's on-screen keyboard: a hub may be a kiosk set as hub, touch only, so its window
docks the same keyboard as a table's when the kiosk's rule wants it (QT_IM_MODULE is Qt
Virtual Keyboard), below its stack, and none otherwise. Its keys typed with real taps on
the hub's file chooser: test_facilitator_xvfb.py (the hub's scenario)."""

from __future__ import annotations

import pytest
from csv_support import catalog_for

from kiosk.services.room.plenary_feed import PlenaryFeed
from kiosk.services.room.service import RoomService
from kiosk.services.shared_store import SharedStore
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from kiosk.ui.facilitator import open_area
from kiosk.ui.file_chooser import host_for
from kiosk.ui.hub import HubWindow
from kiosk.ui.shell.keyboard import OnScreenKeyboard
from kiosk.ui.theme import Theme


@pytest.fixture
def make_hub(tmp_path, qtbot):
    """Hub windows, each held (and closed) here: a shown window dropped by the garbage
    collector is deleted in the middle of its focus changes."""
    opened: list[Store] = []
    windows: list[HubWindow] = []

    def make(**kwargs) -> HubWindow:
        data = tmp_path / f"hub-{len(opened)}"
        catalog = catalog_for(data)
        store = Store.open(data)
        opened.append(store)
        shared = SharedStore(store)
        session = TableSession(shared, catalog)
        room = RoomService(data, shared, catalog, hub=True,
                           engine_start=lambda *a: pytest.fail("no Syncthing in this test"))
        theme = Theme.for_size(1366, 768, 96.0)
        window = HubWindow(PlenaryFeed(shared), session, room, theme,
                           lambda parent: open_area(shared, catalog, theme, parent, room=room),
                           **kwargs)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    for store in opened:
        store.close()


def test_the_hub_docks_the_keyboard_below_its_stack_when_the_kiosks_rule_wants_it(
        make_hub, monkeypatch):
    monkeypatch.setenv("QT_IM_MODULE", "qtvirtualkeyboard")
    window = make_hub()
    keyboard = window.keyboard
    assert window.keyboard_dock is not None and isinstance(keyboard, OnScreenKeyboard)
    layout = window.layout()
    # inside the hub's window (never the desktop's own panel), under the stack
    assert keyboard.window() is window
    assert layout.indexOf(window.stack) == 0 and layout.indexOf(keyboard) == layout.count() - 1
    assert not keyboard.isVisible()  # until a field is tapped
    # the file chooser covers the stack the keyboard docks below, never the keyboard
    window.open_facilitator()
    assert host_for(window.frame) is window.stack


def test_the_hub_has_no_keyboard_under_another_input_method(make_hub, monkeypatch):
    monkeypatch.setenv("QT_IM_MODULE", "ibus")
    window = make_hub()
    assert window.keyboard_dock is None and window.keyboard is None
    assert window.findChildren(OnScreenKeyboard) == []
    monkeypatch.delenv("QT_IM_MODULE")
    assert make_hub().keyboard is None


def test_the_hubs_keyboard_can_be_asked_for_or_left_out(make_hub, monkeypatch):
    monkeypatch.delenv("QT_IM_MODULE", raising=False)
    assert make_hub(keyboard=True).keyboard is not None
    monkeypatch.setenv("QT_IM_MODULE", "qtvirtualkeyboard")
    assert make_hub(keyboard=False).keyboard is None
