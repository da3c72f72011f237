"""A kiosk in no room hears the hubs on its network only while its Room tab is open: its
Syncthing runs for that (local discovery), and stops when the tab closes or the listening
lapses, so an unjoined kiosk never runs Syncthing for nothing. A fake Syncthing control here;
the real one, with local discovery on loopback, is in tests/test_room_sync.py."""

from __future__ import annotations

import time

from csv_support import catalog_for
from test_room_service import HUB, KIOSK, Clock, fake_start

from kiosk.services.room.service import LISTEN_S, RoomService
from kiosk.storage import Store


def until(room: RoomService, condition, what: str, rounds: int = 300) -> None:
    for _ in range(rounds):
        room.tick()
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"{what}: never; {room.state()}")


def test_attack_an_unjoined_kiosk_hears_hubs_only_while_it_listens(tmp_path):
    """Audit: an unjoined kiosk never started Syncthing, so the hubs it could tap to join
    were always an empty list: pairing by tap could not work at all."""
    data = tmp_path / "k"
    controls: list = []
    clock = Clock()
    with Store.open(data) as store:
        store.save_settings({"kiosk_id": "kiosk-7", "table": "Table 7"})
        room = RoomService(data, store, catalog_for(data), monotonic=clock,
                           engine_start=fake_start(KIOSK, controls))
        try:
            room.start()
            room.tick()
            assert controls == [] and not room.listening  # alone and not asked: nothing runs
            room.listen()
            room.ensure_started()
            until(room, lambda: HUB in room.state().heard, "the hub heard")
            assert room.state().engine == "running" and len(controls) == 1
            room.stop_listening()  # the Room tab closed
            until(room, lambda: room.state().engine == "off", "Syncthing stopped")
            assert room.state().heard == ()
            room.ensure_started()
            assert len(controls) == 1  # not started again while nobody listens
            room.listen()  # the tab opened again
            room.ensure_started()
            until(room, lambda: len(controls) == 2 and room.state().engine == "running",
                  "Syncthing running again")
            clock.now += LISTEN_S + 1  # a tab left open but no longer renewing: it lapses
            until(room, lambda: room.state().engine == "off", "the listening lapsed")
        finally:
            room.stop()


def test_a_kiosk_that_joins_while_listening_keeps_its_syncthing(tmp_path):
    data = tmp_path / "k"
    controls: list = []
    with Store.open(data) as store:
        store.save_settings({"kiosk_id": "kiosk-7", "table": "Table 7"})
        room = RoomService(data, store, catalog_for(data),
                           engine_start=fake_start(KIOSK, controls))
        try:
            room.listen()
            room.start()
            until(room, lambda: HUB in room.state().heard, "the hub heard")
            from kiosk.services.room.membership import Peer

            room.join(Peer(HUB, "Hub"))
            room.stop_listening()
            until(room, lambda: "table-kiosk-7" in controls[0][0].folder_map,
                  "the kiosk's folders made")
            assert room.state().engine == "running" and len(controls) == 1
        finally:
            room.stop()


def test_the_room_tab_of_a_kiosk_in_no_room_listens_while_it_shows_and_joins_by_tap(
        tmp_path, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from kiosk.ui.facilitator.room import RoomTab
    from kiosk.ui.theme import Theme

    data = tmp_path / "k"
    controls: list = []
    with Store.open(data) as store:
        store.save_settings({"kiosk_id": "kiosk-7", "table": "Table 7"})
        room = RoomService(data, store, catalog_for(data),
                           engine_start=fake_start(KIOSK, controls))
        try:
            tab = RoomTab(room, Theme.for_size(1280, 720, 96.0))
            qtbot.addWidget(tab)
            assert not room.listening
            tab.resize(1280, 720)
            tab.show()
            qtbot.waitExposed(tab)
            assert room.listening  # the tab is open: the kiosk hears the network

            def join_button() -> QPushButton | None:
                room.tick()
                tab.refresh()
                found = [b for b in tab.findChildren(QPushButton)
                         if b.text() == "Join this hub" and b.isVisible()]
                return found[0] if found else None

            qtbot.waitUntil(lambda: join_button() is not None, timeout=10_000)
            assert "listening for hubs" in tab.engine.text()
            qtbot.mouseClick(join_button(), Qt.MouseButton.LeftButton)
            assert room.config.hub is not None and room.config.hub.device_id == HUB
            tab.hide()
            assert not room.listening  # closed: a joined kiosk keeps its link, nothing else
            assert room.active
        finally:
            room.stop()
