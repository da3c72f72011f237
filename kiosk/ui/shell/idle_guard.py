"""The window's idle countdown (`kiosk.ui.shell.idle`), made the first time a ranking comes
on screen: the start screen is never watched, so the watch and its overlay stay off the
way to the first frame. Its idle time is the session's setting unless a test gives one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.services.table_session import TableSession
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.ui.shell.idle import IdleWatch


class IdleGuard:
    """Arms and disarms the idle watch for the flow (`kiosk.ui.shell.flow.IdleSwitch`);
    `expired` is called when the countdown runs out."""

    def __init__(self, host: QWidget, theme: Theme, session: TableSession, *,
                 expired: Callable[[], None], idle_ms: int | None = None,
                 countdown_s: int | None = None, tick_ms: int = 1000):
        self._host = host
        self._theme = theme
        self._session = session
        self._expired = expired
        self._idle_override = idle_ms
        self._countdown_s = countdown_s
        self._tick_ms = tick_ms
        self._watch: IdleWatch | None = None

    @property
    def watch(self) -> IdleWatch:
        if self._watch is None:
            from kiosk.ui.shell.idle import COUNTDOWN_S, CountdownOverlay, IdleWatch

            overlay = CountdownOverlay(self._host, self._theme)
            overlay.keeps = lambda: self._session.keeps_a_draft
            overlay.subject = lambda: ("poll" if self._session.poll_session is not None
                                       else "board")
            self._watch = IdleWatch(overlay, self.idle_ms(),
                                    self._countdown_s or COUNTDOWN_S, self._tick_ms)
            self._watch.expired.connect(self._expired)
        return self._watch

    def idle_ms(self) -> int:
        if self._idle_override is not None:
            return self._idle_override
        return self._session.idle_timeout_s * 1000

    def arm(self) -> None:
        self.watch.arm()

    def disarm(self) -> None:
        if self._watch is not None:
            self._watch.disarm()

    def settings_changed(self) -> None:
        """The facilitator may have changed the idle time."""
        if self._watch is not None:
            self._watch.set_idle_ms(self.idle_ms())

    def detach(self) -> None:
        if self._watch is not None:
            self._watch.detach()
