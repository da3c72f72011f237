"""The facilitator's area behind the PIN (`open_area`): setup, rankings, compare, polls,
paper sessions, the room, export / import; pyqtgraph waits for the Compare tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from kiosk.services.catalog import Catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.ui.facilitator.area import FacilitatorArea
from kiosk.ui.theme import Theme

__all__ = ["FacilitatorArea", "FacilitatorService", "open_area"]


def open_area(store: Any, catalog: Catalog, theme: Theme,
              parent: QWidget | None = None, room: Any = None) -> FacilitatorArea:
    """The area over `store`, which it reaches only through a FacilitatorService; with
    `room` (kiosk.services.room.service.RoomService) it has a Room tab."""
    hub = room is not None and getattr(room, "role", "") == "hub"
    service = FacilitatorService(store, catalog, corrections=room.correct if hub else None)
    return FacilitatorArea(service, theme, parent, room=room)
