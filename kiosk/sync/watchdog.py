"""Reconnects a peer at once when Syncthing would wait minutes to notice its link is dead.

Syncthing notices a dead TCP connection only after a long fixed timeout, and a device that
rejoins the Wi-Fi with a new address can be refused as "already connected" meanwhile, so a
ranking saved at a table can sit in the queue for minutes. Pausing and resuming the device
over REST drops the old connection and dials again at once. The watchdog does that for a peer
that has had items queued for it longer than `stuck_after_s`, or that is disconnected while
local discovery hears it on the LAN; at most once per `every_s` for each peer, so a peer that
is really gone is not hammered. A peer paused on purpose is left alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from kiosk.sync.control import Completion, Folder, Link


class WatchedControl(Protocol):
    """The part of `kiosk.sync.control.Control` the watchdog uses (tests fake it)."""

    def device_ids(self) -> list[str]: ...
    def connections(self) -> dict[str, Link]: ...
    def local_discovery(self) -> dict[str, list[str]]: ...
    def folders(self) -> list[Folder]: ...
    def completion(self, folder_id: str, device_id: str) -> Completion: ...
    def pause(self, device_id: str) -> None: ...
    def resume(self, device_id: str) -> None: ...


class LinkWatchdog:
    """Call `tick()` every few seconds (from a timer of the layer above); a SyncthingError
    from it means Syncthing did not answer this time, and the next tick simply tries again."""

    def __init__(self, control: WatchedControl, clock: Callable[[], float] = time.monotonic,
                 stuck_after_s: float = 5.0, every_s: float = 10.0) -> None:
        self.control = control
        self.clock = clock
        self.stuck_after_s = stuck_after_s
        self.every_s = every_s
        self._queued_since: dict[str, float] = {}
        self._nudged_at: dict[str, float] = {}

    def tick(self) -> list[str]:
        """Looks at every peer once; returns the ids of those paused and resumed now."""
        now = self.clock()
        peers = self.control.device_ids()
        links = self.control.connections()
        heard = self.control.local_discovery()
        queued = self._queued(peers)
        for gone in set(self._queued_since) | set(self._nudged_at):
            if gone not in peers:
                self._queued_since.pop(gone, None)
                self._nudged_at.pop(gone, None)
        nudged: list[str] = []
        for peer in peers:
            if peer in queued:
                self._queued_since.setdefault(peer, now)
            else:
                self._queued_since.pop(peer, None)
            link = links.get(peer)
            if link is not None and link.paused:
                continue
            stuck = peer in queued and now - self._queued_since[peer] > self.stuck_after_s
            lost = (link is None or not link.connected) and bool(heard.get(peer))
            if not (stuck or lost):
                continue
            last = self._nudged_at.get(peer)
            if last is not None and now - last < self.every_s:
                continue
            self._nudged_at[peer] = now
            self.control.pause(peer)
            self.control.resume(peer)
            nudged.append(peer)
        return nudged

    def _queued(self, peers: list[str]) -> set[str]:
        """Peers that still need items of a folder shared with them."""
        queued: set[str] = set()
        for folder in self.control.folders():
            if folder.paused:
                continue
            for peer in folder.device_ids:
                if peer in peers and peer not in queued \
                        and self.control.completion(folder.folder_id, peer).need_items > 0:
                    queued.add(peer)
        return queued
