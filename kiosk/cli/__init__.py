"""The `kiosk` command line: `main` starts the kiosk screen or runs one of the commands, one
module each here (check, setup, export, importing, compare, report, polls, set_pin, hub, room)."""

from __future__ import annotations

from kiosk.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_REJECTED, EXIT_USAGE, CliError, Command
from kiosk.cli.main import build_parser, command_list, main

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_REJECTED", "EXIT_USAGE", "CliError", "Command",
           "build_parser", "command_list", "main"]
