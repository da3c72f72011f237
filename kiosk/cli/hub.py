"""`kiosk hub [--windowed]`: this machine is the room's hub — the plenary screen for the
projector, every table's data behind the facilitator's PIN, and the setup it sends."""

from __future__ import annotations

import argparse

from kiosk.cli.common import CliError, Command, data_dir
from kiosk.cli.room import add_sync_port, sync_port


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Start this machine as the room's hub: the plenary screen (hold its "
                          "top-left corner for the facilitator's area), the kiosks that joined "
                          "it, and the workshop's setup sent to them.")
    parser.add_argument("--windowed", action="store_true",
                        help="in a normal window instead of full screen")
    add_sync_port(parser)


def run(args: argparse.Namespace) -> int:
    data = data_dir(args)
    port = sync_port(args)
    try:
        from kiosk.ui.app import run as run_gui
    except ImportError as exc:
        raise CliError(f"cannot start the hub's screen: {' '.join(str(exc).split())}") from None
    return int(run_gui(data, windowed=bool(args.windowed), hub=True, sync_port=port))


COMMAND = Command("hub", "start this machine as the room's hub (plenary screen)", configure, run)
