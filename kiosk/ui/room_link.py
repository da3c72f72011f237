"""The room's heartbeat on the screen's thread: every half second the RoomService does its
store work (kiosk: fill the outbox, apply the hub's setup; hub: take what arrived), and what
changed reaches the screens. Started only after the first frame, off the start path."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import APP_NAME

TICK_MS = 500


class RoomLink(QObject):
    rankings_arrived = Signal(list)  # ranking ids (hub)
    poll_runs_arrived = Signal(list)  # poll run ids, new or grown (hub)
    setup_arrived = Signal(list)  # what changed, in words (kiosk)
    decks_arrived = Signal(list)  # deck files installed (kiosk)
    problem = Signal(str)

    def __init__(self, room: Any, progress: Callable[[], dict[str, Any] | None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self._progress = progress
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.room.start()
        self._timer.start()

    def stop(self) -> None:
        """Stop ticking and stop the room (its Syncthing with it) — also when the window
        that owned this link is already gone, as at the end of the app."""
        from shiboken6 import isValid

        if isValid(self._timer):
            self._timer.stop()
        self.room.stop()

    def tick(self) -> None:
        try:
            if self._progress is not None and self.room.role == "kiosk":
                doc = self._progress()
                if doc is not None:
                    self.room.progress(doc)
            result = self.room.tick()
            self.room.ensure_started()  # a kiosk that just joined, a hub's first accept
        except Exception as exc:  # noqa: BLE001 - the room must never stop the table
            text = f"The room link had a problem: {exc}"
            print(f"{APP_NAME}: {text}", file=sys.stderr)
            self.problem.emit(text)
            return
        for text in result.problems:
            print(f"{APP_NAME}: {text}", file=sys.stderr)
            self.problem.emit(text)
        if result.decks_installed:
            self.decks_arrived.emit(result.decks_installed)
        if result.setup_changed:
            self.setup_arrived.emit(result.setup_changed)
        if result.new_rankings:
            self.rankings_arrived.emit(result.new_rankings)
        if result.new_poll_runs:
            self.poll_runs_arrived.emit(result.new_poll_runs)
