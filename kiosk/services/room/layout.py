"""Where the room's files live under a data folder (`<data-dir>/sync/`)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from kiosk.outputs import write_atomically

SETUP_FOLDER_ID = "room-setup"
OUTBOX_PREFIX = "table-"  # + kiosk_id: a kiosk's outbox, as the hub knows it


def outbox_folder_id(kiosk_id: str) -> str:
    return f"{OUTBOX_PREFIX}{kiosk_id}"


@dataclass(frozen=True)
class RoomPaths:
    data_dir: Path

    @property
    def root(self) -> Path:
        return self.data_dir / "sync"

    @property
    def home(self) -> Path:
        """Syncthing's own home: its keys, config and index."""
        return self.root / "syncthing"

    @property
    def config(self) -> Path:
        """Who is in the room (kiosk.services.room.membership)."""
        return self.root / "room.json"

    @property
    def status(self) -> Path:
        """What the running app last saw of the room (`kiosk room status` reads it)."""
        return self.root / "status.json"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def setup(self) -> Path:
        return self.root / "setup"

    @property
    def tables(self) -> Path:
        """On a hub: one folder per joined kiosk, as its outbox arrives."""
        return self.root / "tables"

    def table(self, kiosk_id: str) -> Path:
        return self.tables / kiosk_id

    @property
    def set_aside(self) -> Path:
        """Files that arrived but could not be used, kept as they were."""
        return self.root / "set-aside"

    @property
    def staging(self) -> Path:
        """Files are written here and renamed into a synced folder, so Syncthing never
        sees one half-written."""
        return self.root / "staging"


def place_file(staging: Path, dest: Path, payload: bytes) -> bool:
    """Write `payload` to `dest` (in a synced folder) by way of `staging`, so Syncthing
    never sees a temp file; returns False when `dest` already holds exactly these bytes
    (nothing to send)."""
    with contextlib.suppress(OSError):
        if dest.is_file() and not dest.is_symlink() and dest.read_bytes() == payload:
            return False
    staging.mkdir(parents=True, exist_ok=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(dest, payload, staging=staging)
    return True
