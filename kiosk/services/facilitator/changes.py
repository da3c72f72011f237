"""What every facilitator service shares: the one lock around store calls, the listeners
told what changed, and a version number a screen can compare to know it is current.

Threads: export and import run on a worker thread so the window never freezes. The store is
single-process but not promised thread-safe, so every store call holds one re-entrant lock
(`Changes.lock`): in the app, the lock of the SharedStore that the room, the plenary screen
and the table's session use too (kiosk.services.shared_store). File reading, parsing and
writing happen outside the lock; only the short store calls hold it (one snapshot of the
rankings for an export; one all-or-nothing `save_rankings` for an import). Listeners may
therefore be called from a worker thread: the Qt side relays them through a signal, which Qt
queues onto the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

Listener = Callable[[str], None]  # what changed: "rankings" | "workshops" | "settings" | "polls"


class Changes:
    def __init__(self, lock: AbstractContextManager[Any] | None = None) -> None:
        """`lock`: re-entrant, the one every other user of the store holds too (the app's
        kiosk.services.shared_store.SharedStore); a lock of their own by default."""
        self.lock: AbstractContextManager[Any] = lock if lock is not None else threading.RLock()
        self.version = 0  # goes up with every change
        self._listeners: list[Listener] = []
        self._forget: list[Callable[[str], None]] = []

    def subscribe(self, listener: Listener) -> None:
        """`listener(what)` after every change; may be called from a worker thread."""
        self._listeners.append(listener)

    def on_change(self, forget: Callable[[str], None]) -> None:
        """A service's cache to drop (under the lock) before the listeners hear of a change."""
        self._forget.append(forget)

    def changed(self, what: str) -> None:
        with self.lock:
            self.version += 1
            for forget in self._forget:
                forget(what)
        for listener in list(self._listeners):
            listener(what)
