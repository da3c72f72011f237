"""The Room tab for a touch user: a kiosk joins a hub from an invitation file through the
finger-sized chooser (never told to type `kiosk room join FILE` at a command line)."""

from __future__ import annotations

import pytest
from csv_support import catalog_for

from kiosk.services.room import invitation
from kiosk.services.room.membership import Peer
from kiosk.services.room.service import RoomService
from kiosk.storage import Store
from kiosk.ui.theme import Theme

HUB = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD"
KIOSK = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2"


@pytest.fixture
def kiosk_room(tmp_path, qtbot):
    data = tmp_path / "kiosk"
    catalog = catalog_for(data)
    store = Store.open(data)
    store.save_settings({**store.get_settings(), "kiosk_id": "kiosk-3", "table": "Table 3"})
    room = RoomService(data, store, catalog, engine_start=no_syncthing)
    yield room
    room.stop()  # the open tab listens for hubs: its link thread goes with the test
    store.close()


def no_syncthing(*_args):
    """A kiosk in no room listens while its Room tab shows; here Syncthing is missing."""
    from kiosk.sync.rest import SyncthingError

    raise SyncthingError("Syncthing is not installed: install the Debian package syncthing.")


def test_a_lone_kiosk_joins_from_an_invitation_file_by_taps(kiosk_room, qtbot, tmp_path,
                                                             monkeypatch):
    """Attack: the tab told a touch user to run `kiosk room join FILE` (a command line)."""
    from kiosk.ui.facilitator import room as room_tab
    from kiosk.ui.facilitator.common import area_css
    from kiosk.ui.facilitator.room import RoomTab

    theme = Theme.for_size(1366, 768)
    tab = RoomTab(kiosk_room, theme)
    tab.setStyleSheet(area_css(theme))  # as inside the facilitator's area
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    assert "`" not in tab.summary.text() and "kiosk room" not in tab.summary.text()
    assert tab.invitation_button.isVisible()
    assert tab.invitation_button.height() >= 48
    assert tab.invitation_button.text() in tab.summary.text()
    stick = tmp_path / "stick" / "room-invitation.json"
    stick.parent.mkdir()
    invitation.write(stick, invitation.Invitation(Peer(HUB, "Hub of the hall")))
    kiosk_room._set(device_id=KIOSK)  # Syncthing has given this kiosk its id
    asked = []
    monkeypatch.setattr(room_tab, "choose_open_files",
                        lambda parent, title, filters="": (asked.append(title)
                                                           or ([str(stick)], filters)))
    tab.invitation_button.click()
    assert asked
    assert kiosk_room.config.role == "kiosk" and kiosk_room.config.hub.device_id == HUB
    carried = invitation.read(stick)
    assert [(p.device_id, p.kiosk_id, p.label) for p in carried.kiosks] == [
        (KIOSK, "kiosk-3", "Table 3")]
    assert "take the file back to the hub" in tab.result.text().lower()
    assert not tab.invitation_button.isVisible()


def test_a_file_that_is_no_invitation_is_said_in_plain_words(kiosk_room, qtbot, tmp_path,
                                                             monkeypatch):
    from kiosk.ui.facilitator import room as room_tab
    from kiosk.ui.facilitator.room import RoomTab

    tab = RoomTab(kiosk_room, Theme.for_size(1920, 1080))
    qtbot.addWidget(tab)
    tab.show()
    bad = tmp_path / "notes.json"
    bad.write_text("{}")
    monkeypatch.setattr(room_tab, "choose_open_files",
                        lambda parent, title, filters="": ([str(bad)], filters))
    tab.invitation_button.click()
    assert kiosk_room.config.role != "kiosk"
    assert "not a room invitation" in tab.result.text()


def test_the_hub_writes_an_invitation_and_accepts_the_kiosks_it_lists_by_taps(
        kiosk_room, qtbot, tmp_path, monkeypatch):
    """Attack: on the hub the tab said to run `kiosk room invite` (a command line), and the
    kiosks an invitation file brought back could only be accepted with `kiosk room accept`.
    Now: write the file, a kiosk joins from it (adding itself), the hub accepts it — taps."""
    from kiosk.ui.facilitator import room as room_tab
    from kiosk.ui.facilitator.common import area_css
    from kiosk.ui.facilitator.room import RoomTab

    data = tmp_path / "hub"
    catalog = catalog_for(data)
    store = Store.open(data)
    hub_room = RoomService(data, store, catalog, hub=True, engine_start=no_syncthing)
    try:
        theme = Theme.for_size(1366, 768)
        tab = RoomTab(hub_room, theme)
        tab.setStyleSheet(area_css(theme))
        qtbot.addWidget(tab)
        tab.resize(1366, 700)
        tab.show()
        words = tab.summary.text() + tab.title.text()
        assert "`" not in words and "kiosk room" not in words
        assert tab.invite_button.isVisible() and tab.accept_file_button.isVisible()
        assert not tab.invitation_button.isVisible()
        assert min(tab.invite_button.height(), tab.accept_file_button.height()) >= 48
        stick = tmp_path / "stick" / "room-invitation.json"
        stick.parent.mkdir()
        monkeypatch.setattr(room_tab, "choose_save_path",
                            lambda parent, title, suggested, filters="": (str(stick), filters))
        monkeypatch.setattr(room_tab, "choose_open_files",
                            lambda parent, title, filters="": ([str(stick)], filters))
        tab.invite_button.click()  # Syncthing has not given the hub its id yet
        assert "not running yet" in tab.result.text() and not stick.exists()
        hub_room._set(device_id=HUB, name="Hub · hall")
        tab.invite_button.click()
        assert invitation.read(stick).hub.device_id == HUB
        tab.accept_file_button.click()  # no kiosk has joined from it yet
        assert "lists no kiosk yet" in tab.result.text()
        # at the kiosk: joined from the stick, which now lists it
        kiosk_room._set(device_id=KIOSK)
        from kiosk.services.room import invite_files

        invite_files.join_invitation(kiosk_room, stick)
        tab.accept_file_button.click()
        assert "Accepted 1 kiosk: Table 3" in tab.result.text(), tab.result.text()
        assert [(p.device_id, p.kiosk_id) for p in hub_room.config.kiosks] == [
            (KIOSK, "kiosk-3")]
    finally:
        hub_room.stop()
        store.close()
