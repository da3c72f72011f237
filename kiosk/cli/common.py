"""What every `kiosk` command shares: exit statuses, the one-line error, the parser that
prints one line instead of a usage block, the data folder, the store and the catalog."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from kiosk import APP_NAME, paths
from kiosk.domain.text_rules import escaped

if TYPE_CHECKING:
    from kiosk.services.catalog import Catalog
    from kiosk.storage import Store

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# An input file rejected with `file:line: reason` (nothing written): like a bad argument,
# something the person running the command must fix before running it again.
EXIT_REJECTED = EXIT_USAGE


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """argparse prints the whole usage block; one line with a pointer to --help is
        easier to read on a kiosk's terminal."""
        line = " ".join(message.split())
        self.exit(EXIT_USAGE, f"{self.prog}: {line} (see '{self.prog} --help')\n")


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand: `configure` adds its arguments, `run` does the work and returns the
    exit status. To add one, write a module beside the others and list it in
    kiosk.cli.main; import heavy or Qt modules inside `run`, never at the top of a module."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def data_dir(args: argparse.Namespace) -> Path:
    """The data folder the command names; a path that is there but is no folder (a file,
    a device, a loop of links) is said so, never taken for a folder "not made yet"."""
    data = paths.data_dir(getattr(args, "data_dir", None))
    if os.path.lexists(data) and not data.is_dir():
        from kiosk.exchange.reader import not_a_file

        problem = not_a_file(data, "folder") or "is not a folder"
        raise CliError(f"{data} {problem} (give --data-dir a folder)")
    return data


def existing_data_dir(args: argparse.Namespace) -> Path:
    data = data_dir(args)
    if not data.is_dir():
        raise CliError(f"no data folder at {data} (give --data-dir DIR, set {paths.DATA_DIR_ENV}, "
                       "or start the kiosk once to create it)")
    return data


def open_store(data: Path) -> Store:
    from kiosk.storage import Store, StoreError

    try:
        return Store.open(data)
    except StoreError as exc:  # includes StoreLocked: another kiosk is using this folder
        raise CliError(" ".join(str(exc).split())) from None


@contextmanager
def using_store(data: Path) -> Iterator[Store]:
    """The store for one command; a store file that had to be set aside (unreadable) is
    reported on stderr, as `kiosk check` does, rather than only renamed in silence."""
    from kiosk.storage import StoreError

    store = open_store(data)
    failure = ""
    try:
        yield store
    except (CliError, StoreError) as exc:  # said after this, by main
        failure = str(exc)
        raise
    finally:
        store.close()
        for problem in _not_said_elsewhere(store.problems, failure, data):
            warn(f"{APP_NAME}: {problem}")


def _not_said_elsewhere(problems: list[str], failure: str, data: Path) -> list[str]:
    """The store's problems less the note that the folder is read-only when another line
    (a problem, or the error the command ends with) already says so: said once."""
    read_only = f"{data} is read-only"
    general = [p for p in problems if p.startswith(f"The data folder {read_only}")]
    if not general:
        return list(problems)
    others = [p for p in problems if p not in general]
    if read_only in failure or any(read_only in p for p in others):
        return others
    return others + general[:1] if len(general) > 1 else list(problems)


def load_catalog(data: Path) -> Catalog:
    from kiosk.services.catalog import load_catalog

    return load_catalog(data)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def ok(text: str = "") -> None:
    """Print a line of output; control characters that came from data are shown escaped."""
    print(escaped(text))


def warn(text: str) -> None:
    print(escaped(text), file=sys.stderr)




class Stopped(KeyboardInterrupt):
    """A service stop (SIGTERM) while a command writes: raised where the command is, so
    what it was writing cleans up after itself (its temp files removed) on the way out."""


@contextmanager
def stop_cleanly() -> Iterator[None]:
    """While the block runs, SIGTERM stops the command as Ctrl-C would (`Stopped`), instead
    of ending the process where it stands and leaving temp files behind."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
