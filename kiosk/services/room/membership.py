"""Who is in the room, kept in `<data-dir>/sync/room.json` (written atomically): this
machine's role, the hub a kiosk joined, the kiosks a hub accepted or refused.

The file is read defensively: a damaged one is reported and read as "in no room yet" (the
kiosk then works alone, as it always can) — never a crash.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk.outputs import write_atomically

ROLES = ("", "kiosk", "hub")
_DEVICE_ID = re.compile(r"^[A-Z2-7]{7}(-[A-Z2-7]{7}){7}$")
# A kiosk id names a folder on the hub (sync/tables/<kiosk_id>): the facilitator's Setup rule,
# so no separator or leading dot can ever reach a path.
_KIOSK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MAX_FILE_BYTES = 1024 * 1024


class RoomFileError(ValueError):
    """A room or invitation file that cannot be used; its str is one sentence."""


def is_device_id(value: object) -> bool:
    return isinstance(value, str) and bool(_DEVICE_ID.match(value))


def is_kiosk_id(value: object) -> bool:
    return isinstance(value, str) and bool(_KIOSK_ID.match(value))


def short_id(device_id: str) -> str:
    """The first block of a device id: what Syncthing itself shows people."""
    return device_id.split("-", 1)[0]


@dataclass(frozen=True)
class Peer:
    device_id: str
    name: str = ""
    kiosk_id: str = ""  # a kiosk's id in its own store (a hub has none)
    label: str = ""  # a kiosk's table label, as it was when it joined
    addresses: tuple[str, ...] = ("dynamic",)

    def to_doc(self) -> dict[str, Any]:
        return {"device_id": self.device_id, "name": self.name, "kiosk_id": self.kiosk_id,
                "label": self.label, "addresses": list(self.addresses)}

    @classmethod
    def from_doc(cls, doc: object) -> Peer | None:
        if not isinstance(doc, dict) or not is_device_id(doc.get("device_id")):
            return None
        addresses = doc.get("addresses")
        kept = tuple(a for a in addresses if _is_address(a)) if isinstance(addresses, list) else ()
        kiosk_id = doc.get("kiosk_id")
        return cls(device_id=doc["device_id"], name=_text(doc.get("name")),
                   kiosk_id=str(kiosk_id) if is_kiosk_id(kiosk_id) else "",
                   label=_text(doc.get("label")),
                   addresses=kept or ("dynamic",))


@dataclass(frozen=True)
class RoomConfig:
    role: str = ""
    hub: Peer | None = None  # on a kiosk: the hub it joined
    kiosks: tuple[Peer, ...] = ()  # on a hub: the kiosks it accepted
    refused: tuple[str, ...] = field(default=())  # on a hub: device ids refused

    def kiosk(self, device_id: str) -> Peer | None:
        return next((p for p in self.kiosks if p.device_id == device_id), None)

    def with_kiosk(self, peer: Peer) -> RoomConfig:
        others = tuple(p for p in self.kiosks if p.device_id != peer.device_id)
        return replace(self, kiosks=(*others, peer),
                       refused=tuple(d for d in self.refused if d != peer.device_id))

    def without_kiosk(self, device_id: str, refuse: bool = True) -> RoomConfig:
        refused = self.refused if device_id in self.refused or not refuse \
            else (*self.refused, device_id)
        return replace(self, kiosks=tuple(p for p in self.kiosks if p.device_id != device_id),
                       refused=refused)

    def to_doc(self) -> dict[str, Any]:
        return {"version": 1, "role": self.role,
                "hub": self.hub.to_doc() if self.hub else None,
                "kiosks": [p.to_doc() for p in self.kiosks], "refused": list(self.refused)}

    @classmethod
    def from_doc(cls, doc: object) -> RoomConfig:
        if not isinstance(doc, dict):
            raise RoomFileError("it is not a JSON object")
        role = doc.get("role", "")
        if role not in ROLES:
            raise RoomFileError(f"its role {str(role)[:20]!r} is not kiosk or hub")
        kiosks = doc.get("kiosks", [])
        refused = doc.get("refused", [])
        return cls(
            role=role,
            hub=Peer.from_doc(doc.get("hub")),
            kiosks=tuple(p for p in (Peer.from_doc(k) for k in kiosks) if p is not None)
            if isinstance(kiosks, list) else (),
            refused=tuple(d for d in refused if is_device_id(d))
            if isinstance(refused, list) else (),
        )


def read_json_file(path: Path) -> object:
    """A small JSON file, read safely: a regular file (no FIFO, no device) of at most 1 MB."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise RoomFileError(f"it cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RoomFileError("it is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise RoomFileError(f"it is too large ({info.st_size} bytes)")
        raw = os.read(fd, MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise RoomFileError("it is not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise RoomFileError("it is not valid JSON") from None


def load(path: Path) -> tuple[RoomConfig, str | None]:
    """The room config, and what was wrong with its file (None when fine or absent)."""
    if not path.exists() and not path.is_symlink():
        return RoomConfig(), None
    try:
        return RoomConfig.from_doc(read_json_file(path)), None
    except RoomFileError as exc:
        return RoomConfig(), f"{path} could not be used ({exc}); this machine is in no room."


def save(path: Path, config: RoomConfig) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(config.to_doc(), indent=1, ensure_ascii=False).encode())


def _text(value: object, limit: int = 200) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _is_address(value: object) -> bool:
    return isinstance(value, str) and (value == "dynamic" or (
        value.startswith(("tcp://", "quic://")) and len(value) < 200))
