"""`sync/status.json`: what the running app last saw of the room, read by `kiosk room
status` without the data folder's lock. Its keys are a contract (docs/room.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kiosk.services.room import membership
from kiosk.services.room.layout import RoomPaths
from kiosk.services.room.membership import RoomFileError

STATUS_KEYS = ("role", "device_id", "name", "running", "pid", "syncthing", "message",
               "pairing_open", "updated_at", "peers", "asking", "problems")


def read_status(data_dir: Path) -> dict[str, Any]:
    """The status the running app wrote; when it is not running (or never was), what
    room.json says, with "running": false. Always every key of STATUS_KEYS."""
    paths = RoomPaths(data_dir)
    config, problem = membership.load(paths.config)
    base: dict[str, Any] = {
        "role": config.role or "none", "device_id": "", "name": "", "running": False,
        "pid": None, "syncthing": "off", "message": "", "pairing_open": False,
        "updated_at": None,
        "peers": [{"device_id": p.device_id, "name": p.name, "kiosk_id": p.kiosk_id,
                   "label": p.label, "connected": False, "address": "", "files_sent": 0,
                   "files_received": 0, "last_change": None, "queued": 0}
                  for p in ([config.hub] if config.hub else []) + list(config.kiosks)],
        "asking": [], "problems": [problem] if problem else []}
    try:
        doc = membership.read_json_file(paths.status) if paths.status.exists() else None
    except RoomFileError:
        doc = None
    if not isinstance(doc, dict):
        return base
    pid = doc.get("pid")
    running = doc.get("running") is True and type(pid) is int and _alive(pid)
    merged = {**base, **{k: doc[k] for k in STATUS_KEYS if k in doc
                         and isinstance(doc[k], type(base[k]) if base[k] is not None
                                        else (str, int))}}
    merged["peers"] = [p for p in merged["peers"] if isinstance(p, dict)
                       and isinstance(p.get("device_id"), str)]
    merged["problems"] = [p for p in merged["problems"] if isinstance(p, str)]
    merged["running"] = running
    if not running:
        merged["syncthing"] = "off"
        for peer in merged["peers"] if isinstance(merged["peers"], list) else []:
            if isinstance(peer, dict):
                peer["connected"] = False
    return merged


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
