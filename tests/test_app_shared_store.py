"""The app hands every user of the store the one SharedStore: the table's session, the room
(its tick), and the facilitator's area, whose services hold the same lock (the race they
would otherwise have: tests/test_services_shared_store.py)."""

from __future__ import annotations

from kiosk.services.shared_store import SharedStore
from kiosk.ui import app as kiosk_app
from kiosk.ui.facilitator import FacilitatorArea


def test_the_kiosk_hands_its_table_room_and_area_one_shared_store(tmp_path, qtbot, qapp):
    launched = kiosk_app.launch(qapp, tmp_path / "data", windowed=True)
    assert not isinstance(launched, int)
    window = launched.window
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: launched.room_link is not None, timeout=10_000)
        shared = window.session._store
        assert isinstance(shared, SharedStore) and launched.shared is shared
        assert launched.room_link.room._store is shared
        area = window.facilitator_gate._open_area(window)
        assert isinstance(area, FacilitatorArea)
        assert area.service.changes.lock is shared.lock
        area.deleteLater()
    finally:
        launched.close()
