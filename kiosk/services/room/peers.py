"""Each peer's state as the Room tab and `kiosk room status` show it, read on the link thread
from Syncthing's answers and the room's folders: connected or not, the files sent (a kiosk)
or received (a hub: the ranking files it could use, not those it set aside), the newest
one's time, and how many are still on the way."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.services.room.layout import RoomPaths, outbox_folder_id
from kiosk.services.room.membership import Peer
from kiosk.services.room.outbox import RANKINGS_DIR
from kiosk.services.room.state import PeerState


def peer_state(control: Any, peer: Peer, links: dict[str, Any], *, hub: bool,
               paths: RoomPaths, kiosk_id: str,
               set_aside: Callable[[Path], bool] = lambda _path: False) -> PeerState:
    """`set_aside(path)`: whether the hub set that arrived file aside (not counted)."""
    link = links.get(peer.device_id)
    connected = bool(link and link.connected)
    address = link.address if link else ""
    if hub:
        folder = paths.table(peer.kiosk_id) / RANKINGS_DIR
        files = [p for p in json_files(folder) if not set_aside(p)]
        queued = 0
        with contextlib.suppress(Exception):
            queued = control.folder_state(outbox_folder_id(peer.kiosk_id)).need_files
        return PeerState(peer.device_id, peer.name, peer.kiosk_id, peer.label, connected,
                         address, 0, len(files), newest(files), queued)
    files = json_files(paths.outbox / RANKINGS_DIR)
    queued = 0
    with contextlib.suppress(Exception):
        queued = control.completion(outbox_folder_id(kiosk_id), peer.device_id).need_items
    return PeerState(peer.device_id, peer.name, "", "", connected, address,
                     max(0, len(files) - queued), 0, newest(files), queued)


def json_files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.suffix == ".json"]
    except OSError:
        return []


def newest(files: Sequence[Path]) -> str | None:
    latest = 0.0
    for path in files:
        with contextlib.suppress(OSError):
            latest = max(latest, path.stat().st_mtime)
    return datetime.fromtimestamp(latest, UTC).isoformat(timespec="seconds") if latest else None
