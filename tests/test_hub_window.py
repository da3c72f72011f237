"""The hub's window: the plenary screen over the hub's store (its workshop, its lens
sequence), updated when a table's ranking arrives and when a table's progress moves; the
facilitator's area behind the corner and PIN, with the Room tab (pairing, kiosks asking,
labels). No network: the room's Syncthing is never started here."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from csv_support import catalog_for, make_record

from kiosk.services.room.membership import Peer
from kiosk.services.room.plenary_feed import PlenaryFeed
from kiosk.services.room.service import RoomService
from kiosk.services.room.state import Asking, PeerState
from kiosk.services.shared_store import SharedStore
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from kiosk.ui.facilitator import open_area
from kiosk.ui.hub import HubWindow
from kiosk.ui.theme import Theme

KIOSK = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD"


@pytest.fixture
def hub(tmp_path, qtbot):
    data = tmp_path / "hub"
    catalog = catalog_for(data)
    opened = Store.open(data)
    store = SharedStore(opened)  # as the app hands it to everyone
    store.save_workshop({"workshop_id": "w-1", "name": "Manchester", "place": "Town Hall",
                         "date": "2017-03-15"})
    store.save_settings({**store.get_settings(), "workshop_id": "w-1"})
    session = TableSession(store, catalog)
    session.set_pin("2468")
    room = RoomService(data, store, catalog, hub=True,
                       engine_start=lambda *a: pytest.fail("no Syncthing in this test"))
    theme = Theme.for_size(1280, 720, 96.0)
    window = HubWindow(PlenaryFeed(store), session, room, theme,
                       lambda parent: open_area(store, catalog, theme, parent, room=room))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    yield window, store, catalog, data
    opened.close()


def arrive(data: Path, kiosk_id: str, record) -> None:
    """What Syncthing does: a kiosk's ranking file appears in the hub's folder for it."""
    folder = data / "sync" / "tables" / kiosk_id / "rankings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{record.ranking_id}.json").write_text(json.dumps(record.to_doc()))


def test_an_arriving_ranking_reaches_the_plenary_screen(hub, qtbot):
    window, store, catalog, data = hub
    assert window.plenary.view is not None and window.plenary.view.rankings == 0
    record = make_record(catalog, seed=3).with_changes(workshop_id="w-1",
                                                       kiosk_id="kiosk-3", table="Table 3")
    other = make_record(catalog, seed=4).with_changes(workshop_id="elsewhere")
    arrive(data, "kiosk-3", record)
    arrive(data, "kiosk-4", other)
    result = window.room.tick()
    assert sorted(result.new_rankings) == sorted([record.ranking_id, other.ranking_id])
    window.rankings_arrived(result.new_rankings)
    view = window.plenary.view
    assert view.rankings == 1  # the hub's own workshop only
    assert [t.label for t in view.tables] == ["Table 3"]


def test_attack_an_accepted_kiosk_that_sent_nothing_yet_holds_back_auto_reveal(hub, qtbot):
    """Audit: the hub revealed a lens when every table that had *sent progress* was done; a
    kiosk the facilitator accepted but whose progress had not arrived was not waited for."""
    window, store, catalog, data = hub
    window.room.accept(KIOSK, name="Table 4 · kiosk kiosk-4", kiosk_id="kiosk-4",
                       label="Table 4")
    record = make_record(catalog, seed=3).with_changes(workshop_id="w-1",
                                                       kiosk_id="kiosk-3", table="Table 3")
    arrive(data, "kiosk-3", record)
    note = data / "sync" / "tables" / "kiosk-3" / "progress.json"
    note.write_text(json.dumps({"kiosk_id": "kiosk-3", "table": "Table 3",
                                "workshop_id": "w-1", "phase": "done", "step": 2,
                                "steps": 3, "lens": "benefit", "deck": "examples-1-6"}))
    window.rankings_arrived(window.room.tick().new_rankings)
    view = window.plenary.view
    assert [t.label for t in view.tables] == ["Table 3", "Table 4"]
    assert not view.lenses[0].shown and view.lenses[0].count_text == "1 of 2 tables"


def test_a_tables_progress_moves_its_tile(hub, qtbot):
    window, store, catalog, data = hub
    note = data / "sync" / "tables" / "kiosk-5" / "progress.json"
    note.parent.mkdir(parents=True)
    doc = {"kiosk_id": "kiosk-5", "table": "Table 5", "workshop_id": "w-1", "phase": "board",
           "step": 0, "steps": 3, "lens": "benefit", "deck": "examples-1-6", "placed": 2,
           "cards": 6}
    note.write_text(json.dumps(doc))
    window.refresh_if_moved()
    tile = window.plenary.view.tables[0]
    assert (tile.label, tile.placed) == ("Table 5", 2)
    note.write_text(json.dumps({**doc, "placed": 5}))
    window.refresh_if_moved()
    assert window.plenary.view.tables[0].placed == 5


def test_the_facilitator_reaches_the_room_tab_behind_the_pin(hub, qtbot):
    window, store, catalog, data = hub
    window.gate.gate.attempt("2468")
    window.open_facilitator()
    from kiosk.ui.facilitator.area import FacilitatorArea
    from kiosk.ui.facilitator.room import RoomTab

    tabs = window.frame.findChildren(RoomTab)
    assert len(tabs) == 1
    tab = tabs[0]
    area = window.frame.findChildren(FacilitatorArea)[0]
    assert area.back_button.text() == "Back to the plenary"
    area.tabs.setCurrentWidget(tab)
    assert "hub" in tab.title.text()
    tab.toggle_pairing()
    assert window.room.pairing_open()
    assert tab.pairing_button.text() == "Close for joining"
    # a kiosk asking to join shows with its kiosk id; Accept takes it in
    window.room._set(asking=(Asking(KIOSK, "Table 3 · kiosk kiosk-3", "kiosk-3",
                                    "127.0.0.1:22000"),))
    tab.refresh(force=True)
    accepts = [b for b in tab.findChildren(type(tab.pairing_button)) if b.text() == "Accept"]
    assert len(accepts) == 1
    accepts[0].click()
    assert window.room.config.kiosk(KIOSK) == Peer(KIOSK, "Table 3 · kiosk kiosk-3",
                                                   "kiosk-3", "Table 3")
    shots = Path(os.environ.get("ROOM_SHOTS", "") or data)
    window.room._set(asking=(), peers=(PeerState(KIOSK, "Table 3 · kiosk kiosk-3", "kiosk-3",
                                                 "Table 3", True, "127.0.0.1:22000", 0, 4,
                                                 "2017-03-15T10:42:00+00:00", 1),))
    tab.refresh(force=True)
    from PySide6.QtWidgets import QApplication, QLabel

    QApplication.processEvents()  # the new rows are laid out
    shown = [w.text() for w in tab.findChildren(QLabel) if w.isVisible()]
    assert "Table 3 (MFZWI3D)" in shown and "connected" in shown, shown
    assert window.grab().save(str(shots / "room-tab-hub.png"))
    window.close_facilitator()
    assert window.stack.currentWidget() is window.plenary


def test_the_room_stops_even_after_its_window_is_gone(qtbot):
    """At the end of the app the window (the link's Qt parent) can be deleted first: the
    room, and its Syncthing, must still be stopped, without an error."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QWidget

    from kiosk.ui.room_link import RoomLink

    class Room:
        stopped = False
        role = ""

        def start(self) -> None: ...

        def stop(self) -> None:
            Room.stopped = True

    window = QWidget()
    link = RoomLink(Room(), parent=window)
    link.start()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # gone now
    link.stop()
    assert Room.stopped


def test_an_arriving_poll_run_reaches_the_plenary_screen(hub, qtbot):
    from kiosk.domain.poll_record import PollAnswer, PollRun

    window, store, catalog, data = hub
    stamp = "2017-03-15T10:00:00+00:00"

    def run(run_id: str, workshop_id: str) -> PollRun:
        return PollRun(poll_run_id=run_id, poll="camden-comfort", seats=2,
                       answers=(PollAnswer(1, 1, "4", stamp), PollAnswer(1, 2, "2", stamp)),
                       workshop_id=workshop_id, table="Table 3", kiosk_id="kiosk-3")

    folder = data / "sync" / "tables" / "kiosk-3" / "polls"
    folder.mkdir(parents=True)
    for made in (run("run-here", "w-1"), run("run-elsewhere", "elsewhere")):
        (folder / f"{made.poll_run_id}.json").write_text(json.dumps(made.to_doc()))
    result = window.room.tick()
    assert sorted(result.new_poll_runs) == ["run-elsewhere", "run-here"]
    window.rankings_arrived(result.new_poll_runs)
    (poll,) = window.plenary.view.polls
    assert poll.poll == "camden-comfort" and poll.runs == 1  # the hub's own workshop only
    assert poll.stages[0].answered == 2 and not poll.shown
    assert "camden-comfort" in window.plenary.poll_panels
