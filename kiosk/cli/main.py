"""The `kiosk` command: without a command the kiosk screen, else one of the commands
listed in `command_list` (one module each beside this one).

Nothing here imports Qt at module level: the screen is imported only when it is started,
so the data commands run on a machine without a display (and fast). Every failure a user
can cause (bad argument, missing file, unknown deck, a kiosk already running on the data)
is one line on stderr and exit status 2 - never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from kiosk import APP_NAME, __version__, paths
from kiosk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
    Command,
    Parser,
    data_dir,
    warn,
)
from kiosk.storage.errors import StoreError


def command_list() -> list[Command]:
    """Every command, in the order `kiosk --help` lists them."""
    from kiosk.cli import (
        check,
        compare,
        export,
        hub,
        importing,
        polls,
        report,
        room,
        set_aside,
        set_pin,
        setup,
    )

    return [check.COMMAND, setup.COMMAND, export.COMMAND, importing.COMMAND, compare.COMMAND,
            polls.COMMAND, report.COMMAND, set_pin.COMMAND, set_aside.COMMAND, hub.COMMAND,
            room.COMMAND]


def _data_dir_argument(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help=f"where the kiosk keeps its data (default: ${paths.DATA_DIR_ENV} "
                             "or data/ beside the program)")


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without `commands`, only the options of the kiosk screen's start."""
    parser = Parser(prog=APP_NAME, description="A touch-table kiosk for ranking examples of "
                     "public-sector data sharing. Without a command it starts the kiosk screen.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--windowed", action="store_true",
                        help="start in a normal window instead of full screen")
    parser.add_argument("--sync-port", metavar="N", type=int, default=None,
                        help="the port Syncthing listens on when this kiosk is in a room "
                             "(default: $KIOSK_SYNC_PORT or 22000)")
    _data_dir_argument(parser, None)
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in command_list():
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        # SUPPRESS: given after the command it wins; left out, the one before it stays.
        _data_dir_argument(child, argparse.SUPPRESS)
        command.configure(child)
        child.set_defaults(run=command.run)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    data = data_dir(args)
    try:
        from kiosk.ui.app import run
    except ImportError as exc:  # e.g. a Qt system library missing
        raise CliError(f"cannot start the kiosk screen: {' '.join(str(exc).split())}") from None
    from kiosk.cli.room import sync_port

    return int(run(data, windowed=bool(args.windowed), sync_port=sync_port(args)))


def _safe_streams() -> None:
    """A Windows console cannot print every deck title; replace rather than crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _parse(argv: list[str]) -> argparse.Namespace:
    """Starting the kiosk screen is the common case and should be quick: the commands'
    parsers are made only when a command or help is asked for."""
    if not any(arg in ("-h", "--help") for arg in argv):
        args, rest = build_parser(commands=False).parse_known_args(argv)
        if not rest:
            return args
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    """Run the command line; `stdin`, for a command that reads input (set-pin), defaults to
    the process's own."""
    _safe_streams()
    try:
        args = _parse(list(argv) if argv is not None else sys.argv[1:])
    except SystemExit as exc:  # --help, --version and usage errors (already printed)
        if exc.code is None:
            return EXIT_OK
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _run_gui)
    args.stdin = stdin
    try:
        return run(args)
    except (CliError, StoreError) as exc:  # a store file refused on first read names itself
        warn(f"{APP_NAME}: {' '.join(str(exc).split())}")
        return EXIT_USAGE
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        warn(f"{APP_NAME}: {where}{exc.strerror or exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        warn(f"{APP_NAME}: interrupted")
        return 130
    except Exception as exc:  # a bug: still one line, with what to report
        if os.environ.get("KIOSK_DEBUG"):
            raise
        warn(f"{APP_NAME}: unexpected error ({type(exc).__name__}: "
              f"{' '.join(str(exc).split())}); set KIOSK_DEBUG=1 to see the details")
        return EXIT_PROBLEMS
