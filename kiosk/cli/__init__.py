"""The `kiosk` command line: `main` (kiosk.cli.main) starts the kiosk screen or runs one of
the commands, one module each here (check, export, importing, compare, report), sharing
kiosk.cli.common."""

from __future__ import annotations

from kiosk.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_REJECTED, EXIT_USAGE, CliError, Command
from kiosk.cli.main import build_parser, command_list, main

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_REJECTED", "EXIT_USAGE", "CliError", "Command",
           "build_parser", "command_list", "main"]
