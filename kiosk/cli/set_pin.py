"""`kiosk set-pin`: set the facilitator's PIN at the machine's own keyboard — the way back
when the kiosk's settings were damaged and its PIN lost (the pad then says to run this).
The kiosk must be stopped first: it holds the data folder while it runs."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from kiosk.cli.common import EXIT_OK, CliError, Command, existing_data_dir, ok, using_store


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Set the facilitator's PIN (4 to 12 digits, typed twice). Stop the "
                          "kiosk first. Reads the PIN from the keyboard, or two lines from "
                          "standard input when that is not a terminal.")


def _read_twice(stream: TextIO) -> tuple[str, str]:
    if stream.isatty():
        return (getpass.getpass("New facilitator PIN: "),
                getpass.getpass("The same PIN again: "))
    lines = stream.read().splitlines()
    if len(lines) < 2:
        raise CliError("give the new PIN twice, one per line")
    return lines[0], lines[1]


def run(args: argparse.Namespace) -> int:
    from kiosk.services.pin_choice import PinChoiceError, store_new_pin

    data = existing_data_dir(args)
    stream: TextIO = getattr(args, "stdin", None) or sys.stdin
    pin, again = _read_twice(stream)
    with using_store(data) as store:
        try:
            store_new_pin(store, pin, again)
        except PinChoiceError as exc:
            raise CliError(str(exc)) from None
    ok(f"the facilitator's PIN is set for the kiosk in {data}")
    return EXIT_OK


COMMAND = Command("set-pin", "set the facilitator's PIN at this machine's keyboard",
                  configure, run)
