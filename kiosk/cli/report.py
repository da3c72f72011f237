"""`kiosk report --workshop NAME --out FILE.pdf`: the workshop report from the command line.

Listed in kiosk.cli.main; nothing here imports Qt until the report is actually drawn, and
the drawing runs offscreen when there is no display (a server, a CI runner, SSH).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from kiosk.cli.common import (
    EXIT_OK,
    CliError,
    Command,
    existing_data_dir,
    load_catalog,
    ok,
    stop_cleanly,
    using_store,
    warn,
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Write a printable PDF report of one workshop: for each deck and "
                          "lens, the consensus orders, agreement, the heat map, the "
                          "benefit-versus-risk map, each table's criteria and notes; for "
                          "each case-study poll it ran, the answers stage by stage.")
    parser.add_argument("--workshop", required=True, metavar="NAME",
                        help="the workshop's name (or id)")
    parser.add_argument("--out", required=True, metavar="FILE.pdf", type=Path,
                        help="where to write the PDF")


def _has_display() -> bool:
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _application() -> Any:
    """A QApplication for drawing the charts; offscreen when nothing can show a window."""
    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["kiosk-report"])


def run(args: argparse.Namespace) -> int:
    from kiosk.analysis.tables import AtTable, namesakes_note
    from kiosk.ui.report.writer import ReportError, workshop_names, workshop_records

    data = existing_data_dir(args)
    catalog = load_catalog(data)
    with using_store(data) as store:
        records = store.list_rankings()
        poll_runs = store.list_poll_runs()
    chosen: list[AtTable] = [*workshop_records(records, args.workshop),
              *workshop_records(poll_runs, args.workshop)]
    if not chosen:
        known = ", ".join(workshop_names([*records, *poll_runs])) or "none yet"
        raise CliError(f"no rankings or poll runs from workshop '{args.workshop}' "
                       f"(workshops: {known})")
    note = namesakes_note(chosen, chosen[0].workshop, "in the report")
    if note:
        warn(note)
    out: Path = args.out
    if out.exists() and out.is_dir():
        raise CliError(f"{out} is a folder; give a file name such as report.pdf")
    try:
        app = _application()
    except ImportError as exc:
        raise CliError(f"cannot draw the report: {' '.join(str(exc).split())}") from None

    from kiosk.ui.report.writer import write_report

    try:
        with stop_cleanly():  # a stopped report leaves no temp file behind
            written = write_report(records, catalog, args.workshop, out, poll_runs=poll_runs)
    except ReportError as exc:
        raise CliError(str(exc)) from None
    del app
    ok(f"wrote {written}")
    return EXIT_OK


COMMAND = Command("report", "write a workshop's printable PDF report", configure, run)
