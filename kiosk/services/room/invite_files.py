"""The invitation file from the facilitator's Room tab, for venues whose Wi-Fi blocks
discovery: what `kiosk room invite`, `join` and `accept` do at a terminal, done by taps on the
running hub or kiosk (kiosk.services.room.invitation is the file). Each returns what to tell
the facilitator; RoomFileError, naming the file, when the file will not do."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.services.room import invitation, membership
from kiosk.services.room.membership import Peer, RoomFileError
from kiosk.services.room.state import kiosk_device_name

if TYPE_CHECKING:
    from kiosk.services.room.service import RoomService

NAME = "room-invitation.json"  # the name the chooser suggests


def write_invitation(room: RoomService, path: Path) -> str:
    """The hub writes its invitation (device id, name, addresses on the venue's network)."""
    from kiosk.services.room.addresses import lan_addresses

    if room.role != "hub":
        raise RoomFileError("only the room's hub writes an invitation")
    state = room.state()
    if not state.device_id:
        raise RoomFileError("Syncthing is not running yet on this hub: its id is not known; "
                            "try again in a few seconds")
    hub = Peer(state.device_id, state.name or "Hub", addresses=lan_addresses(room.sync_port))
    invitation.write(Path(path), invitation.Invitation(hub))
    return (f"Invitation written to {Path(path).name}. Take it to each kiosk and tap "
            "“Join from an invitation file…” in its Room tab; then bring it back here and "
            "tap “Accept the kiosks in an invitation file…”.")


def accept_invitation(room: RoomService, path: Path) -> str:
    """The hub accepts every kiosk the file lists (each added itself on joining)."""
    invited = invitation.read(Path(path))
    if room.role != "hub":
        raise RoomFileError("this machine is not the room's hub")
    own = room.state().device_id
    if own and own != invited.hub.device_id:
        raise RoomFileError(f"{path}: an invitation to another hub "
                            f"({membership.short_id(invited.hub.device_id)})")
    usable = [p for p in invited.kiosks if p.kiosk_id]
    if not usable:
        raise RoomFileError(f"{Path(path).name} lists no kiosk yet: join from it at each "
                            "kiosk first")
    for peer in usable:
        room.accept(peer.device_id, peer.name, peer.kiosk_id, peer.label)
    return f"Accepted {len(usable)} kiosk{'s' if len(usable) != 1 else ''}: " + ", ".join(
        f"{p.label or p.kiosk_id} ({membership.short_id(p.device_id)})" for p in usable)


def join_invitation(room: RoomService, path: Path) -> str:
    """A kiosk joins the hub an invitation file names and adds itself to the file once it
    has its device id, for the hub to accept."""
    invited = invitation.read(Path(path))
    if room.role == "hub":
        raise RoomFileError("this machine is a hub; a table kiosk joins it")
    own = room.state().device_id
    if own and own == invited.hub.device_id:
        raise RoomFileError(f"{path}: that invitation is this machine's own")
    room.join(invited.hub)
    hub = f"hub {membership.short_id(invited.hub.device_id)} ({invited.hub.name})"
    if not own:
        return (f"Joined {hub}. Ask its facilitator to open it for joining, so that it "
                "can accept this kiosk.")
    label = room.table_label
    peer = Peer(own, kiosk_device_name(label or "Table", room.kiosk_id), room.kiosk_id, label)
    invitation.write(Path(path), invited.with_kiosk(peer))
    return (f"Joined {hub}. This kiosk was added to {Path(path).name}: take the file back "
            "to the hub, where the facilitator accepts the kiosks it lists.")
