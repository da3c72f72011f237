"""A second copy of what kiosk.json holds (the kiosk's settings — its PIN hash, identity,
table and lens sequence — and the workshops), in kiosk-copy.json beside it.

kiosk.json is written atomically, so a crash never leaves it half-written; but a disk fault,
a bad copy to a USB stick or a hand edit can still damage it, and losing it would lose the
PIN (anyone could choose a new one), the kiosk's id (its parked ranking would never be
offered again) and the workshop. Every change to kiosk.json is therefore followed by the
same content here, and opening a store whose kiosk.json is unreadable or gone restores it
from this copy (kiosk.storage.store).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.outputs import write_atomically
from kiosk.storage.errors import UnreadableFile
from kiosk.storage.layout import COPY_FILE, SETTINGS_KEY, Tables, check_shape, read_small_file
from kiosk.storage.layout import COPY_TABLES as TABLES
from kiosk.storage.migrations import SCHEMA_VERSION

__all__ = ["COPY_FILE", "TABLES", "copy_damage", "read_copy", "write_copy"]


def write_copy(path: Path, tables: dict[str, dict[str, Any]]) -> None:
    doc = {"meta": {"store": {"schema_version": SCHEMA_VERSION}},
           **{name: tables.get(name, {}) for name in TABLES}}
    write_atomically(path, json.dumps(doc, ensure_ascii=False, sort_keys=True).encode())


def _parsed(path: Path) -> Tables | None:
    """The copy's tables; None when there is none; UnreadableFile when it is damaged."""
    try:
        raw = read_small_file(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnreadableFile(f"it cannot be read ({exc.strerror})") from None
    try:
        return check_shape(json.loads(raw))
    except (ValueError, RecursionError) as exc:
        raise UnreadableFile(f"it is not JSON ({type(exc).__name__})") from None


def read_copy(path: Path) -> dict[str, dict[str, Any]] | None:
    """The copy's settings and workshops; None when there is none or it cannot be used."""
    try:
        parsed = _parsed(path)
    except UnreadableFile:
        return None
    if parsed is None or not isinstance(parsed.get("settings", {}).get(SETTINGS_KEY), dict):
        return None
    return {name: dict(parsed.get(name, {})) for name in TABLES}


def copy_damage(path: Path) -> str | None:
    """What is wrong with a copy that is there but cannot be read at all (not JSON, not an
    object of tables, not a regular file); None when it is fine or there is none."""
    try:
        _parsed(path)
    except UnreadableFile as exc:
        return exc.reason
    return None
