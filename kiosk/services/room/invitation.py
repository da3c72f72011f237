"""The invitation file, for venues whose Wi-Fi blocks discovery: carried on a USB stick from
the hub (`kiosk room invite`) to each kiosk (`kiosk room join`, which adds the kiosk to the
file) and back to the hub (`kiosk room accept`, which accepts every kiosk listed).

    {"kiosk_room_invitation": 1,
     "hub": {"device_id", "name", "addresses": ["tcp://192.168.1.10:22000", ...]},
     "kiosks": [{"device_id", "kiosk_id", "label", "name"}, ...]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.outputs import write_atomically
from kiosk.services.room.membership import Peer, RoomFileError, read_json_file

MARK = "kiosk_room_invitation"


@dataclass(frozen=True)
class Invitation:
    hub: Peer
    kiosks: tuple[Peer, ...] = ()

    def with_kiosk(self, peer: Peer) -> Invitation:
        others = tuple(p for p in self.kiosks if p.device_id != peer.device_id)
        return Invitation(self.hub, (*others, peer))


def read(path: Path) -> Invitation:
    """The invitation in `path`; RoomFileError naming the file and the reason if it is none."""
    try:
        doc = read_json_file(path)
        if not isinstance(doc, dict) or doc.get(MARK) != 1:
            raise RoomFileError("it is not a room invitation written by `kiosk room invite`")
        hub = Peer.from_doc(doc.get("hub"))
        if hub is None:
            raise RoomFileError("its hub has no valid device id")
        listed = doc.get("kiosks", [])
        kiosks = tuple(p for p in (Peer.from_doc(k) for k in listed) if p is not None) \
            if isinstance(listed, list) else ()
    except RoomFileError as exc:
        raise RoomFileError(f"{path}: {exc}") from None
    return Invitation(hub, kiosks)


def write(path: Path, invitation: Invitation) -> None:
    doc = {MARK: 1, "hub": invitation.hub.to_doc(),
           "kiosks": [p.to_doc() for p in invitation.kiosks]}
    write_atomically(path, (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode())
