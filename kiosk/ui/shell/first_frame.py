"""The window's first frame: what must wait until the start screen is on screen runs just
after it (see `kiosk.ui.shell.window` on PySide6's `Qt` enums), and what a table cannot
need yet — the corner hold's watch — a little later still.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

# After the first show: nobody can have held the corner for two seconds yet.
CORNER_WATCH_DELAY_MS = 300
# After the first frame: a moment for the window system to put it on screen.
AFTER_FIRST_FRAME_MS = 30


class FirstFrame:
    """Told of the window's shows and paints; calls `after_show` once, a moment after the
    first show; `frame_shown` once the first frame has been painted through and handed
    over; and `after_frame` a moment after that. Nothing runs once `host` is gone."""

    def __init__(self, host: QObject, *, after_show: Callable[[], None],
                 frame_shown: Callable[[], None], after_frame: Callable[[], None]):
        self._host = host
        self._after_show = after_show
        self._frame_shown = frame_shown
        self._after_frame = after_frame
        self._shown = False
        self._painted = False

    def shown(self) -> None:
        if not self._shown:
            self._shown = True
            QTimer.singleShot(CORNER_WATCH_DELAY_MS, self._host, self._after_show)

    def painted(self) -> None:
        if not self._painted:
            self._painted = True
            # queued: runs once this frame has been painted through and handed over
            QTimer.singleShot(0, self._host, self._first_frame)

    def _first_frame(self) -> None:
        self._frame_shown()
        QTimer.singleShot(AFTER_FIRST_FRAME_MS, self._host, self._after_frame)
