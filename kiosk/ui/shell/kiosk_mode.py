"""Kiosk mode: the window fills the screen without a frame, above other windows, and
nothing but the facilitator's "Leave kiosk" (behind the PIN) closes it. Keys that mean
"close" elsewhere do nothing, in a normal window too, so a table cannot close the kiosk by
accident.

The flags reach the native window by name before the first frame, and the widget's own
record of them only after it (see `kiosk.ui.shell.window` on PySide6's `Qt` enums).
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.enum_property import set_enum_property

# No frame, above other windows (Qt.WindowType keys, for QWindow's "flags" property)
KIOSK_WINDOW_FLAGS = "Window|FramelessWindowHint|WindowStaysOnTopHint"


class KioskMode:
    """What kiosk mode changes about `window`; `enabled` False is a normal window."""

    def __init__(self, window: QWidget, enabled: bool):
        self._window = window
        self.enabled = enabled
        self.leaving = False

    def leave(self) -> None:
        """The facilitator chose to leave: the only way out in kiosk mode."""
        self.leaving = True
        self._window.close()

    def allows_close(self) -> bool:
        """False for Alt+F4 or a window manager's close: the kiosk stays."""
        return not self.enabled or self.leaving

    @staticmethod
    def is_closing_key(event: QKeyEvent) -> bool:
        """Escape, Ctrl+Q, Ctrl+W and Alt+F4 (a bare Q, W or F4 too)."""
        key = QtCore.Qt.Key
        return event.key() in (key.Key_Escape, key.Key_F4, key.Key_Q, key.Key_W)

    def window_shown(self) -> None:
        """The native window exists and is not on screen yet. Its flags are set by name
        through QWindow's "flags" property (setWindowFlags would need the Qt enums and, on a
        window already made, re-create it)."""
        if self.enabled and self._window.isWindow():
            handle = self._window.windowHandle()
            if handle is not None:
                set_enum_property(handle, "flags", KIOSK_WINDOW_FLAGS)

    def first_frame_passed(self) -> None:
        """The widget's record of the flags, so that anything re-creating the native window
        keeps them."""
        if self.enabled and self._window.isWindow():
            kind = QtCore.Qt.WindowType
            self._window.overrideWindowFlags(kind.Window | kind.FramelessWindowHint
                                             | kind.WindowStaysOnTopHint)
