"""`kiosk room …`: a room's membership from the command line, for venues whose Wi-Fi blocks
discovery (an invitation file carried on a USB stick) and to see the link's state.

    kiosk room invite --out FILE   on the hub: write an invitation (its id, name, addresses)
    kiosk room join FILE           on a kiosk: join that hub, and add this kiosk to the file
    kiosk room accept FILE         on the hub: accept every kiosk the file lists
    kiosk room status [--json]     the room as the running kiosk or hub sees it (no lock)

invite, join and accept change room.json and need the app stopped (they take the data
folder's lock); status reads what the running app writes and needs no lock.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from kiosk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CliError,
    Command,
    data_dir,
    ok,
    plural,
    using_store,
    warn,
)

DEFAULT_SYNC_PORT = 22000
SYNC_PORT_ENV = "KIOSK_SYNC_PORT"


def sync_port(args: argparse.Namespace) -> int:
    """`--sync-port N`, else $KIOSK_SYNC_PORT, else 22000 (two instances on one machine
    need two ports)."""
    given = getattr(args, "sync_port", None)
    if given is None:
        raw = os.environ.get(SYNC_PORT_ENV, "")
        if not raw:
            return DEFAULT_SYNC_PORT
        try:
            given = int(raw)
        except ValueError:
            raise CliError(f"{SYNC_PORT_ENV}={raw[:20]!r} is not a port number") from None
    if not 1 <= given <= 65535:
        raise CliError(f"the sync port {given} is not between 1 and 65535")
    return int(given)


def add_sync_port(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sync-port", metavar="N", type=int, default=argparse.SUPPRESS,
                        help=f"the port Syncthing listens on (default: ${SYNC_PORT_ENV} or "
                             f"{DEFAULT_SYNC_PORT})")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = __doc__.split("\n\n")[0].replace("\n", " ") if __doc__ else None
    sub = parser.add_subparsers(dest="room_command", metavar="ACTION", required=True,
                                parser_class=type(parser))
    invite = sub.add_parser("invite", help="on the hub: write an invitation file")
    invite.add_argument("--out", metavar="FILE", type=Path, required=True)
    add_sync_port(invite)
    join = sub.add_parser("join", help="on a kiosk: join the hub of an invitation file")
    join.add_argument("file", metavar="FILE", type=Path)
    add_sync_port(join)
    accept = sub.add_parser("accept", help="on the hub: accept the kiosks an invitation lists")
    accept.add_argument("file", metavar="FILE", type=Path)
    status = sub.add_parser("status", help="the room as the running app sees it")
    status.add_argument("--json", action="store_true", help="one JSON object")
    for child in (invite, join, accept, status):
        child.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                           help="where the kiosk keeps its data")


def run(args: argparse.Namespace) -> int:
    action = args.room_command
    if action == "status":
        return _status(args)
    if action == "invite":
        return _invite(args)
    if action == "join":
        return _join(args)
    return _accept(args)


def _home(data: Path, name: str, port: int) -> str:
    from kiosk.services.room.layout import RoomPaths
    from kiosk.sync.process import prepare_home
    from kiosk.sync.rest import SyncthingError

    try:
        return prepare_home(RoomPaths(data).home, name=name, listen_port=port).device_id
    except SyncthingError as exc:
        raise CliError(str(exc)) from None


def _invite(args: argparse.Namespace) -> int:
    import socket

    from kiosk.services.room import invitation, membership
    from kiosk.services.room.addresses import lan_addresses
    from kiosk.services.room.layout import RoomPaths
    from kiosk.services.room.membership import Peer

    data = data_dir(args)
    port = sync_port(args)
    with using_store(data):  # the app must not be running: it owns room.json then
        paths = RoomPaths(data)
        name = f"Hub · {socket.gethostname()}"
        device_id = _home(data, name, port)
        config, problem = membership.load(paths.config)
        if problem:
            warn(problem)
        if config.role == "kiosk":
            raise CliError("this machine is a table kiosk in a room; a hub is a different "
                           "machine (or a different --data-dir)")
        from dataclasses import replace

        membership.save(paths.config, replace(config, role="hub"))
        hub = Peer(device_id, name, addresses=lan_addresses(port))
        invitation.write(args.out, invitation.Invitation(hub))
    ok(f"invitation for hub {membership.short_id(device_id)} written to {args.out}")
    ok("addresses: " + ", ".join(hub.addresses))
    return EXIT_OK


def _join(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kiosk.services.room import invitation, membership
    from kiosk.services.room.layout import RoomPaths
    from kiosk.services.room.membership import Peer, RoomFileError
    from kiosk.services.room.state import kiosk_device_name

    data = data_dir(args)
    try:
        invited = invitation.read(args.file)
    except RoomFileError as exc:
        raise CliError(str(exc)) from None
    with using_store(data) as store:
        settings = store.get_settings() or {}
        kiosk_id = str(settings.get("kiosk_id") or "")
        if not kiosk_id:
            from kiosk.domain.workshop import KioskSettings

            made = KioskSettings.from_doc(settings)
            store.save_settings({**settings, **made.to_doc()})
            kiosk_id, settings = made.kiosk_id, store.get_settings()
        label = str(settings.get("table") or "")
        paths = RoomPaths(data)
        config, problem = membership.load(paths.config)
        if problem:
            warn(problem)
        if config.role == "hub":
            raise CliError("this machine is a hub; a table kiosk joins it from another machine")
        name = kiosk_device_name(label or "Table", kiosk_id)
        device_id = _home(data, name, sync_port(args))
        if device_id == invited.hub.device_id:
            raise CliError("that invitation is this machine's own")
        membership.save(paths.config, replace(config, role="kiosk", hub=invited.hub))
        invitation.write(args.file, invited.with_kiosk(Peer(device_id, name, kiosk_id, label)))
    ok(f"joined hub {membership.short_id(invited.hub.device_id)} ({invited.hub.name}); this "
       f"kiosk ({kiosk_id}, {label or 'no label'}) was added to {args.file}: take it back to "
       "the hub and run `kiosk room accept` there")
    return EXIT_OK


def _accept(args: argparse.Namespace) -> int:
    from kiosk.services.room import invitation, membership
    from kiosk.services.room.layout import RoomPaths
    from kiosk.services.room.membership import RoomFileError

    data = data_dir(args)
    try:
        invited = invitation.read(args.file)
    except RoomFileError as exc:
        raise CliError(str(exc)) from None
    with using_store(data):
        paths = RoomPaths(data)
        config, problem = membership.load(paths.config)
        if problem:
            warn(problem)
        if config.role != "hub":
            raise CliError("this machine is not a hub (run `kiosk room invite` or `kiosk hub` "
                           "on it first)")
        mine = _own_device_id(paths.home)
        if mine and mine != invited.hub.device_id:
            raise CliError(f"{args.file} is an invitation to another hub "
                           f"({membership.short_id(invited.hub.device_id)})")
        usable = [p for p in invited.kiosks if p.kiosk_id]
        for peer in usable:
            config = config.with_kiosk(peer)
        membership.save(paths.config, config)
    if not usable:
        warn(f"{args.file} lists no kiosk yet: run `kiosk room join` on each kiosk first")
        return EXIT_PROBLEMS
    ok(f"accepted {plural(len(usable), 'kiosk')}: " +
       ", ".join(f"{p.label or p.kiosk_id} ({membership.short_id(p.device_id)})"
                 for p in usable))
    return EXIT_OK


def _own_device_id(home: Path) -> str:
    from kiosk.sync.config import device_id_from_cert

    cert = home / "cert.pem"
    try:
        return device_id_from_cert(cert) if cert.is_file() else ""
    except (OSError, ValueError):
        return ""


def _status(args: argparse.Namespace) -> int:
    from kiosk.services.room.status import read_status

    doc = read_status(data_dir(args))
    if args.json:
        ok(json.dumps(doc, ensure_ascii=False, indent=1))
        return EXIT_OK
    _print_status(doc)
    return EXIT_OK


def _print_status(doc: dict[str, Any]) -> None:
    role = doc["role"]
    ok(f"role: {role}" + ("" if doc["running"] else " (the app is not running)"))
    if doc.get("device_id"):
        ok(f"this device: {doc['device_id']}")
    ok(f"syncthing: {doc.get('syncthing', 'off')}"
       + (f" — {doc['message']}" if doc.get("message") else ""))
    for peer in doc["peers"]:
        who = peer.get("label") or peer.get("name") or peer["device_id"][:7]
        state = "connected" if peer.get("connected") else "not connected"
        ok(f"  {who} [{peer['device_id'][:7]}]: {state}; sent {peer.get('files_sent', 0)}, "
           f"received {peer.get('files_received', 0)}, queued {peer.get('queued', 0)}, "
           f"last change {peer.get('last_change') or 'never'}")
    for problem in doc.get("problems", []):
        ok(f"  problem: {problem}")


COMMAND = Command("room", "link kiosks to a hub: invite, join, accept, status", configure, run)
