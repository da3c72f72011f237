"""The window around the table's board (`KioskWindow`): the start, criteria and saved
screens, the PIN pad and the frame the facilitator's area opens in, the idle countdown, the
on-screen keyboard and kiosk mode, moved between by a Qt-free flow (`flow`).

The facilitator's way in is hidden from tables: hold a finger (or the mouse button) in the
top-left corner of the screen for two seconds; the PIN pad opens. The first time, it asks
for a new PIN (typed twice); after five wrong tries it locks for a minute.

`KioskWindow` is imported on first use, so that the Qt-free flow of the screens
(`kiosk.ui.shell.flow`) can be imported, and tested, without PySide6.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.ui.shell.window import KioskWindow

__all__ = ["KioskWindow"]


def __getattr__(name: str) -> Any:
    if name == "KioskWindow":
        from kiosk.ui.shell.window import KioskWindow

        return KioskWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
