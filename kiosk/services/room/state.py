"""What the room's service tells the screens and `kiosk room status` (its state, each peer's,
the devices asking to join), what one tick of it did, and the Syncthing engine it drives
(kiosk.sync, or a fake in tests), with the device names that carry a kiosk's id."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from kiosk.services.room import membership

_KIOSK_IN_NAME = re.compile(r" · kiosk (\S+)$")  # kiosk_device_name's form


@dataclass(frozen=True)
class PeerState:
    device_id: str
    name: str = ""
    kiosk_id: str = ""
    label: str = ""
    connected: bool = False
    address: str = ""
    files_sent: int = 0
    files_received: int = 0
    last_change: str | None = None
    queued: int = 0

    def to_doc(self) -> dict[str, Any]:
        return {"device_id": self.device_id, "name": self.name, "kiosk_id": self.kiosk_id,
                "label": self.label, "connected": self.connected, "address": self.address,
                "files_sent": self.files_sent, "files_received": self.files_received,
                "last_change": self.last_change, "queued": self.queued}


@dataclass(frozen=True)
class Asking:
    """A device asking to join a hub (Syncthing's pending device)."""

    device_id: str
    name: str
    kiosk_id: str
    address: str


@dataclass(frozen=True)
class RoomState:
    role: str
    device_id: str = ""
    name: str = ""
    engine: str = "off"  # off | starting | running | not installed | failed
    message: str = ""
    pairing_left_s: float = 0.0
    peers: tuple[PeerState, ...] = ()
    asking: tuple[Asking, ...] = ()
    heard: tuple[str, ...] = ()  # device ids heard on the LAN (a kiosk looking for a hub)
    problems: tuple[str, ...] = ()

    def to_doc(self, pid: int) -> dict[str, Any]:
        return {"role": self.role or "none", "device_id": self.device_id, "name": self.name,
                "running": True, "pid": pid, "syncthing": self.engine, "message": self.message,
                "pairing_open": self.pairing_left_s > 0,
                "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "peers": [p.to_doc() for p in self.peers],
                "asking": [{"device_id": a.device_id, "name": a.name, "kiosk_id": a.kiosk_id}
                           for a in self.asking],
                "problems": list(self.problems)}


@dataclass
class TickResult:
    new_rankings: list[str] = field(default_factory=list)
    new_poll_runs: list[str] = field(default_factory=list)  # hub: new or grown poll runs
    setup_changed: list[str] = field(default_factory=list)
    decks_installed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Engine(Protocol):
    """What the room uses of kiosk.sync (SyncthingProcess + Control); tests may fake it."""

    device_id: str

    @property
    def pid(self) -> int: ...
    def stop(self, timeout: float = 10.0) -> None: ...


EngineStart = Callable[[Path, str, int], tuple[Engine, Any]]  # -> (process, control)


def start_syncthing(home: Path, name: str, port: int) -> tuple[Engine, Any]:
    from kiosk.sync.control import Control
    from kiosk.sync.process import SyncthingProcess

    process = SyncthingProcess.start(home, name=name, listen_port=port)
    return process, Control(process.api)


def kiosk_device_name(label: str, kiosk_id: str) -> str:
    """A kiosk's Syncthing name: what a hub shows for a kiosk asking to join."""
    return f"{label} · kiosk {kiosk_id}"


def kiosk_in_name(name: str) -> str:
    """The kiosk id a kiosk's Syncthing name carries, or "" (a stranger's name may say
    anything: only a well-formed kiosk id is taken)."""
    found = _KIOSK_IN_NAME.search(name)
    kiosk_id = found.group(1) if found else ""
    return kiosk_id if membership.is_kiosk_id(kiosk_id) else ""
