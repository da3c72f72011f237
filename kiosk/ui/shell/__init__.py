"""The window around the table's board (`KioskWindow`, imported on first use): its screens,
the PIN pad, idle countdown, on-screen keyboard and kiosk mode, moved by a Qt-free `flow`."""

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
