"""The `kiosk` command: the kiosk screen, and check / export / import / compare.

Nothing here imports Qt at module level: the screen is imported only when it is started,
so the data commands run on a machine without a display (and fast). Every failure a user
can cause (bad argument, missing file, unknown deck, a kiosk already running on the data)
is one line on stderr and exit status 2 - never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from kiosk import APP_NAME, __version__, paths
from kiosk.domain.lenses import LENS_IDS

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """argparse prints the whole usage block; one line with a pointer to --help is
        easier to read on a kiosk's terminal."""
        line = " ".join(message.split())
        self.exit(EXIT_USAGE, f"{self.prog}: {line} (see '{self.prog} --help')\n")


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand: `configure` adds its arguments, `run` does the work and returns the
    exit status. To add one (e.g. `kiosk report`), append a Command to COMMANDS below; import
    heavy or Qt modules inside `run`, never at the top of a module the CLI imports."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# ----- shared helpers -------------------------------------------------------------------

def _data_dir(args: argparse.Namespace) -> Path:
    return paths.data_dir(getattr(args, "data_dir", None))


def _existing_data_dir(args: argparse.Namespace) -> Path:
    data = _data_dir(args)
    if not data.is_dir():
        raise CliError(f"no data folder at {data} (give --data-dir DIR, set {paths.DATA_DIR_ENV}, "
                       "or start the kiosk once to create it)")
    return data


def _open_store(data: Path) -> Any:
    from kiosk.storage import Store, StoreError

    try:
        return Store.open(data)
    except StoreError as exc:  # includes StoreLocked: another kiosk is using this folder
        raise CliError(" ".join(str(exc).split())) from None


@contextmanager
def _using_store(data: Path) -> Iterator[Any]:
    """The store for one command; a store file that had to be set aside (unreadable) is
    reported on stderr, as `kiosk check` does, rather than only renamed in silence."""
    store = _open_store(data)
    try:
        yield store
    finally:
        store.close()
        for problem in store.problems:
            _warn(f"{APP_NAME}: {problem}")


def _load_catalog(data: Path) -> Any:
    from kiosk.services.catalog import load_catalog

    return load_catalog(data)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _ok(text: str = "") -> None:
    print(text)


def _warn(text: str) -> None:
    print(text, file=sys.stderr)


# ----- kiosk check ----------------------------------------------------------------------

def _configure_check(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Validate the decks (shipped and <data-dir>/decks), the lenses and "
                          "the store; print every problem as file:line: reason.")


def _run_check(args: argparse.Namespace) -> int:
    data = _data_dir(args)
    catalog = _load_catalog(data)
    problems = list(catalog.problems)
    decks = [catalog.decks[d] for d in catalog.decks.ids()]
    cards = sum(len(d.cards) for d in decks)
    _ok(f"decks: {len(decks)} loaded ({_plural(cards, 'card')}) from {paths.shipped_decks_dir()} "
        f"and {paths.own_decks_dir(data)}")
    _ok(f"lenses: {len(catalog.lenses)} loaded from {paths.lenses_file()}")
    if data.is_dir():
        with _open_store(data) as store:
            problems += store.check()
            _ok(f"store: {data}: {_plural(store.count_rankings(), 'ranking')}, "
                f"{_plural(len(store.list_workshops()), 'workshop')}")
    else:
        _ok(f"store: {data} does not exist yet (nothing stored)")
    for problem in problems:
        _ok(problem)
    if problems:
        _ok(f"{_plural(len(problems), 'problem')} found")
        return EXIT_PROBLEMS
    _ok("all fine")
    return EXIT_OK


# ----- kiosk export ---------------------------------------------------------------------

def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Write rankings.csv, criteria.csv and matrix-<deck>-<lens>.csv "
                          "(UTF-8, formats.md) into a folder.")
    parser.add_argument("--out", required=True, metavar="DIR", type=Path,
                        help="folder to write into (created if needed)")


def _run_export(args: argparse.Namespace) -> int:
    from kiosk.exchange import export_csv

    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} is a file, not a folder")
    data = _existing_data_dir(args)
    catalog = _load_catalog(data)
    with _using_store(data) as store:
        records = store.list_rankings()
    summary = export_csv(records, catalog, out)
    _ok(f"exported {_plural(summary.rankings, 'ranking')} ({_plural(summary.rows, 'card row')}, "
        f"{summary.criteria} criteria) to {out}:")
    for path in summary.files:
        _ok(f"  {path.name}")
    return EXIT_OK


# ----- kiosk import ---------------------------------------------------------------------

def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Merge rankings from an export folder or a rankings.csv (with "
                          "criteria.csv beside it), e.g. another kiosk's export or a paper "
                          "session typed in. Importing twice adds nothing; a file with any "
                          "problem is rejected whole and nothing is written.")
    parser.add_argument("paths", nargs="+", metavar="PATH", type=Path,
                        help="a folder holding rankings.csv, or a rankings file")


def _run_import(args: argparse.Namespace) -> int:
    from kiosk.exchange import ImportPathError, import_csv

    for path in args.paths:
        if not path.exists():
            raise CliError(f"{path}: no such file or folder")
    data = _existing_data_dir(args)
    catalog = _load_catalog(data)
    with _using_store(data) as store:
        try:
            summary = import_csv(list(args.paths), store, catalog)
        except ImportPathError as exc:
            raise CliError(str(exc)) from None
    if summary.rejected:
        _warn(f"import rejected, nothing was written "
              f"({_plural(len(summary.rejected), 'problem')}):")
        for line in summary.rejected:
            _warn(line)
        return EXIT_PROBLEMS
    _ok(f"imported {_plural(summary.new, 'new ranking')}; {summary.present} already present")
    return EXIT_OK


# ----- kiosk compare --------------------------------------------------------------------

def _configure_compare(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Compare the stored rankings of one deck under one lens: mean "
                          "position and spread per card, Kendall's W, Borda and Kemeny orders.")
    parser.add_argument("--deck", required=True, help="deck id, e.g. examples-1-6")
    parser.add_argument("--lens", required=True, choices=LENS_IDS)
    parser.add_argument("--workshop", action="append", metavar="W",
                        help="only this workshop (name or id); repeat for several")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object (keys as in formats.md)")


def _number(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _print_comparison(comparison: Any, deck: Any) -> None:
    from kiosk.analysis.wording import p_text

    title = {c.id: c.title for c in deck.cards}
    _ok(f"{deck.id} ({deck.title}), lens {comparison.lens}: "
        f"{_plural(len(comparison.tables), 'ranking')} compared")
    for label in comparison.tables:
        _ok(f"  {label}")
    if comparison.left_out:
        _ok(f"left out (not every card placed): {', '.join(comparison.left_out)}")
    if not comparison.tables:
        _ok("no complete rankings to compare")
        return
    width = max([len("card")] + [len(c) for c in comparison.cards])
    _ok("")
    _ok(f"{'#':>3}  {'card':<{width}}  {'mean':>5}  {'sd':>5}  {'range':>9}  title")
    ordered = sorted(comparison.cards,
                     key=lambda c: (comparison.mean_position[c], comparison.cards.index(c)))
    for rank, card in enumerate(ordered, 1):
        spread = comparison.spread[card]
        low, high = f"{spread.minimum:g}", f"{spread.maximum:g}"
        _ok(f"{rank:>3}  {card:<{width}}  {spread.mean:5.2f}  {spread.sd:5.2f}  "
            f"{low + '-' + high:>9}  {title.get(card, '')}")
    _ok("")
    if comparison.most_contested:
        _ok(f"most contested: {comparison.most_contested} "
            f"(sd {comparison.spread[comparison.most_contested].sd:.2f})")
    if comparison.kendall_w is None:
        _ok("Kendall's W: n/a (needs 2 or more complete rankings that do not tie every card)")
    else:
        _ok(f"Kendall's W = {_number(comparison.kendall_w)} (tie-corrected), "
            f"chi2 = {_number(comparison.chi2)}, df = {len(comparison.cards) - 1}, "
            f"{p_text(comparison.p_value)}")
    _ok(f"Borda order:  {', '.join(comparison.borda)}")
    kemeny = ", ".join(comparison.kemeny) if comparison.kemeny else "n/a (deck too large)"
    _ok(f"Kemeny order: {kemeny}")


def _run_compare(args: argparse.Namespace) -> int:
    from kiosk.analysis.selection import SelectionError, compare_records

    data = _existing_data_dir(args)
    catalog = _load_catalog(data)
    with _using_store(data) as store:
        records = store.list_rankings()
    try:
        comparison = compare_records(records, catalog, args.deck, args.lens, args.workshop)
    except SelectionError as exc:
        raise CliError(str(exc)) from None
    for workshop in args.workshop or ():
        if not any(workshop in (r.workshop, r.workshop_id) for r in records):
            _warn(f"note: no stored ranking is from workshop '{workshop}'")
    if args.json:
        print(json.dumps(comparison.to_json()))
    else:
        _print_comparison(comparison, catalog.deck(args.deck))
    return EXIT_OK


# ----- kiosk report (kiosk/report_cli.py; Qt only when the PDF is drawn) ------------------

def _configure_report(parser: argparse.ArgumentParser) -> None:
    from kiosk.cli.report import configure

    configure(parser)


def _run_report(args: argparse.Namespace) -> int:
    from kiosk.cli.report import run

    return run(args)


# ----- the registry ---------------------------------------------------------------------

COMMANDS: list[Command] = [
    Command("check", "validate decks, lenses and the store", _configure_check, _run_check),
    Command("export", "write the rankings as CSV files", _configure_export, _run_export),
    Command("import", "merge rankings from CSV files", _configure_import, _run_import),
    Command("compare", "compare tables' rankings of a deck under a lens",
            _configure_compare, _run_compare),
    Command("report", "write a workshop's printable PDF report", _configure_report,
            _run_report),
    # More subcommands register here.
]


def _data_dir_argument(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help=f"where the kiosk keeps its data (default: ${paths.DATA_DIR_ENV} "
                             "or data/ beside the program)")


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The command line; without `commands`, only the options of the kiosk screen's start."""
    parser = _Parser(prog=APP_NAME, description="A touch-table kiosk for ranking examples of "
                     "public-sector data sharing. Without a command it starts the kiosk screen.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--windowed", action="store_true",
                        help="start in a normal window instead of full screen")
    _data_dir_argument(parser, None)
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        # SUPPRESS: given after the command it wins; left out, the one before it stays.
        _data_dir_argument(child, argparse.SUPPRESS)
        command.configure(child)
        child.set_defaults(run=command.run)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    data = _data_dir(args)
    try:
        from kiosk.ui.app import run
    except ModuleNotFoundError as exc:
        if exc.name in ("kiosk.ui.app", "kiosk.ui"):
            raise CliError("the kiosk screen is not part of this build (kiosk.ui.app is "
                           "missing); check, export, import and compare still work") from None
        raise CliError(f"cannot start the kiosk screen: {exc}") from None
    except ImportError as exc:  # e.g. a Qt system library missing
        raise CliError(f"cannot start the kiosk screen: {' '.join(str(exc).split())}") from None
    return int(run(data, windowed=bool(args.windowed)))


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


def main(argv: Sequence[str] | None = None) -> int:
    _safe_streams()
    try:
        args = _parse(list(argv) if argv is not None else sys.argv[1:])
    except SystemExit as exc:  # --help, --version and usage errors (already printed)
        if exc.code is None:
            return EXIT_OK
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _run_gui)
    try:
        return run(args)
    except CliError as exc:
        _warn(f"{APP_NAME}: {exc}")
        return EXIT_USAGE
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _warn(f"{APP_NAME}: {where}{exc.strerror or exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _warn(f"{APP_NAME}: interrupted")
        return 130
    except Exception as exc:  # a bug: still one line, with what to report
        if os.environ.get("KIOSK_DEBUG"):
            raise
        _warn(f"{APP_NAME}: unexpected error ({type(exc).__name__}: "
              f"{' '.join(str(exc).split())}); set KIOSK_DEBUG=1 to see the details")
        return EXIT_PROBLEMS
