"""The facilitator's area (behind the PIN): setup, rankings, compare, export / import.

The shell calls `open_area(store, catalog, theme)` after the PIN and listens to the area's
`closed`, `quit_requested` and `settings_changed` signals. Importing this package does not
import pyqtgraph: that waits until the Compare tab is first shown.
"""

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
