"""The plenary screen: on the hub's projector, every table's progress and, when the
facilitator reveals them, the room's results (`kiosk.analysis.plenary` builds its content)."""

from kiosk.ui.plenary.screen import PlenaryScreen

__all__ = ["PlenaryScreen"]
