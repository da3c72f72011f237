"""The Export / Import tab: CSV to and from a folder (a USB stick) with a progress bar and a
summary, and the demo data switch. Export and import run on a worker thread."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.exchange import ExportSummary, ImportSummary
from kiosk.exchange.cells import CRITERIA_FILE, RANKINGS_FILE
from kiosk.services.facilitator import FacilitatorService
from kiosk.ui.facilitator.common import Ask, FacilitatorPage, asker, button, label, set_role
from kiosk.ui.facilitator.exchange_worker import Task, finish_before_quit
from kiosk.ui.file_chooser import choose_folder, choose_open_files
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import drag_scrolling

EXPORT_NOTE = ("Export writes rankings.csv, criteria.csv, polls.csv and a matrix per deck and "
               "lens into the folder chosen. A folder that already holds an export is asked "
               "about first: replace it, or make a new folder for this one.")


def describe_error(exc: Exception) -> str:
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"Could not use{where}: {exc.strerror or exc}. Is the stick still plugged in?"
    return f"Something went wrong: {exc}"


class ExchangeTab(FacilitatorPage):
    export_finished = Signal(object)  # ExportSummary
    import_finished = Signal(object)  # ImportSummary
    task_failed = Signal(str)
    demo_changed = Signal()
    paper_requested = Signal()  # the facilitator wants to type in a paper sheet

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(service, theme, parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one export or import at a time
        self._task: Task | None = None
        finish_before_quit(self._pool, lambda: self._task, self)
        self._import_paths: list[Path] = []
        self.ask: Ask = asker(theme, self)
        # The page scrolls (by dragging) when it needs more height than the screen has, e.g.
        # with an import's problems listed at 1366×768: its paragraphs are never squeezed.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page = QScrollArea(self)
        self.page.setWidgetResizable(True)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        drag_scrolling(self.page, steady_bar=False)
        outer.addWidget(self.page)
        content = QWidget(self.page)
        content.setObjectName("FacilitatorPage")
        self.page.setWidget(content)
        grid = QGridLayout(content)
        margin = theme.px(24)
        grid.setContentsMargins(margin, margin, margin, margin)
        grid.setSpacing(theme.px(24))
        grid.addWidget(self._build_export(), 0, 0)
        grid.addWidget(self._build_import(), 0, 1)
        grid.addWidget(self._build_demo(), 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        self.refresh()

    # ----- building
    def _panel(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame(self)
        frame.setProperty("role", "panel")
        layout = QVBoxLayout(frame)
        pad = self._theme.px(24)
        layout.setContentsMargins(pad, self._theme.px(18), pad, pad)
        layout.setSpacing(self._theme.px(12))
        layout.addWidget(label(title, "heading", frame))
        return frame, layout

    def _build_export(self) -> QFrame:
        frame, layout = self._panel("Export to a folder")
        layout.addWidget(label(
            "Writes rankings.csv, criteria.csv and one card × table matrix per deck and lens "
            "(for spreadsheets, R and Q-method tools) into a folder you choose — for example "
            "a USB stick. Files already there with those names are replaced.", "hint", frame))
        self.export_count = label("", "", frame)
        layout.addWidget(self.export_count)
        self.export_button = button("Choose a folder and export…", "primary", frame)
        self.export_button.clicked.connect(self.choose_export_folder)
        layout.addWidget(self.export_button)
        self.export_progress = QProgressBar(frame)
        self.export_progress.setTextVisible(False)  # the count is written in words below
        self.export_progress.hide()
        layout.addWidget(self.export_progress)
        self.export_result = label("", "", frame)
        layout.addWidget(self.export_result)
        layout.addStretch(1)
        return frame

    def _build_import(self) -> QFrame:
        frame, layout = self._panel("Import from a folder")
        layout.addWidget(label(
            "Adds rankings from another kiosk’s export, or from a sheet typed in after a "
            "paper session. Rankings already here are skipped, never duplicated. If any line "
            "is wrong, nothing is imported and the lines to fix are listed.", "hint", frame))
        layout.addWidget(label(
            "Paper session: type each table’s sheet in on screen (below), or start a "
            "spreadsheet with the header of an exported rankings.csv, type one row per card "
            "(leave ranking_id empty; tied cards may share a position), save it as CSV and "
            "import it here. Either way the same sheet is stored once.", "hint", frame))
        row = QHBoxLayout()
        row.setSpacing(self._theme.px(10))
        self.import_folder_button = button("Choose a folder…", "primary", frame)
        self.import_file_button = button("Choose a rankings file…", "secondary", frame)
        self.import_folder_button.clicked.connect(self.choose_import_folder)
        self.import_file_button.clicked.connect(self.choose_import_file)
        row.addWidget(self.import_folder_button)
        row.addWidget(self.import_file_button)
        layout.addLayout(row)
        self.paper_button = button("Type in a paper sheet…", "secondary", frame)
        self.paper_button.clicked.connect(self.paper_requested)
        layout.addWidget(self.paper_button)
        self.import_progress = QProgressBar(frame)
        self.import_progress.setTextVisible(False)
        self.import_progress.hide()
        layout.addWidget(self.import_progress)
        self.import_result = label("", "", frame)
        layout.addWidget(self.import_result)
        self.rejected = QPlainTextEdit(frame)
        self.rejected.setReadOnly(True)
        drag_scrolling(self.rejected, steady_bar=False)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self._theme.pt(13))
        self.rejected.setFont(mono)
        self.rejected.hide()
        layout.addWidget(self.rejected, 1)
        layout.addStretch(0)
        return frame

    def _build_demo(self) -> QFrame:
        frame, layout = self._panel("Demo data")
        layout.addWidget(label(
            "Three made-up workshops (Manchester, Leeds, Bristol — each marked “(demo)”) with "
            "rankings of both example decks through all three lenses, so every chart has "
            "something to show. Remove them in one step before a real workshop.", "hint",
            frame))
        row = QHBoxLayout()
        row.setSpacing(self._theme.px(10))
        self.demo_status = label("", "", frame)
        row.addWidget(self.demo_status, 1)
        self.load_demo_button = button("Load demo data", "secondary", frame)
        self.remove_demo_button = button("Remove demo data", "danger", frame)
        self.load_demo_button.clicked.connect(self.load_demo)
        self.remove_demo_button.clicked.connect(self.remove_demo)
        row.addWidget(self.load_demo_button)
        row.addWidget(self.remove_demo_button)
        layout.addLayout(row)
        return frame

    # ----- state
    def refresh(self) -> None:
        total = self._service.rankings.count()
        self.export_count.setText(
            f"{total} saved ranking{'s' if total != 1 else ''} will be exported."
            if total else "No rankings are saved yet: the files would hold only headers.")
        demo = self._service.demo.count()
        runs = self._service.demo.count_poll_runs()
        self.demo_status.setText(f"{demo} demo rankings{_and_runs(runs)} are loaded." if demo
                                 else "No demo data is loaded.")
        self._set_busy(self.busy)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.export_button, self.import_folder_button, self.import_file_button,
                       self.load_demo_button, self.remove_demo_button):
            widget.setEnabled(not busy)
        if not busy:
            demo = self._service.demo.count()
            self.load_demo_button.setEnabled(demo == 0)
            self.remove_demo_button.setEnabled(demo > 0)

    def wait_for_tasks(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    # ----- export
    def choose_export_folder(self) -> None:
        folder = choose_folder(self, "Choose the folder to export to", EXPORT_NOTE,
                               holds=(RANKINGS_FILE, CRITERIA_FILE))
        if folder:
            self.export_to(folder)

    def export_to(self, folder: str | Path) -> Task | None:
        if self.busy:
            return None
        self.export_result.setText(f"Exporting to {folder}…")
        set_role(self.export_result, "")
        # Stoppable: cut short, the folder keeps its earlier files and no temp file.
        task = Task(lambda progress: self._service.transfer.export_to(folder, progress),
                    describe_error, stoppable=True)
        task.signals.finished.connect(self._export_done)
        self._start(task, self.export_progress, self.export_result)
        return task

    def _export_done(self, summary: ExportSummary) -> None:
        self._finish(self.export_progress)
        folder = summary.files[0].parent if summary.files else ""
        # One matrix per deck and lens; the others (rankings.csv, criteria.csv, polls.csv)
        # are named, main file first.
        matrices = sum(1 for p in summary.files if p.name.startswith("matrix-"))
        names = ", ".join(p.name for p in summary.files[::-1]
                          if not p.name.startswith("matrix-"))
        self.export_result.setText(
            f"Exported {summary.rankings} ranking{'s' if summary.rankings != 1 else ''} "
            f"({summary.rows} card rows, {summary.criteria} "
            f"criteri{'on' if summary.criteria == 1 else 'a'}).\n"
            f"Folder: {folder}\n"
            f"Files: {names} and {matrices} matri{'x' if matrices == 1 else 'ces'}.")
        set_role(self.export_result, "ok")
        self.export_finished.emit(summary)

    # ----- import
    def choose_import_folder(self) -> None:
        folder = choose_folder(self, "Choose the folder holding rankings.csv")
        if folder:
            self.import_from([folder])

    def choose_import_file(self) -> None:
        files, _ = choose_open_files(self, "Choose rankings files", "CSV files (*.csv)")
        if files:
            self.import_from(files)

    def import_from(self, paths: Sequence[str | Path]) -> Task | None:
        if self.busy:
            return None
        chosen = [Path(p) for p in paths]
        self._import_paths = chosen
        self.import_result.setText("Reading " + ", ".join(p.name or str(p) for p in chosen)
                                   + "…")
        set_role(self.import_result, "")
        self.rejected.hide()
        task = Task(lambda progress: self._service.transfer.import_from(chosen, progress),
                    describe_error)
        task.signals.finished.connect(self._import_done)
        self._start(task, self.import_progress, self.import_result)
        return task

    def _import_done(self, summary: ImportSummary) -> None:
        self._finish(self.import_progress)
        if summary.rejected:
            count = len(summary.rejected)
            self.import_result.setText(
                f"Nothing was imported: {count} problem{'s' if count != 1 else ''} to fix "
                "(file:line: reason). Correct the file and import it again.")
            set_role(self.import_result, "error")
            self.rejected.setPlainText(self._readable(summary.rejected))
            self.rejected.show()
        else:
            self.import_result.setText(
                f"{summary.new} new ranking{'s' if summary.new != 1 else ''} imported · "
                f"{summary.present} already here · 0 rejected")
            set_role(self.import_result, "ok")
            if summary.conflicts:
                count = len(summary.conflicts)
                self.import_result.setText(
                    self.import_result.text() + f"\n{count} already here with other content: "
                    "the rankings stored on this kiosk were kept (listed below).")
                set_role(self.import_result, "error")
                self.rejected.setPlainText(self._readable(summary.conflicts))
                self.rejected.show()
            else:
                self.rejected.hide()
        self.refresh()
        self.import_finished.emit(summary)

    def _readable(self, lines: Sequence[str]) -> str:
        """The problems with the chosen folder named once, then `file:line: reason` lines
        short enough to read without scrolling sideways."""
        folders = {str(p if p.is_dir() else p.parent) for p in self._import_paths}
        if len(folders) != 1:
            return "\n".join(lines)
        folder = folders.pop()
        prefix = folder.rstrip(os.sep) + os.sep
        return f"In {folder}:\n" + "\n".join(
            line[len(prefix):] if line.startswith(prefix) else line for line in lines)

    # ----- running a task
    def _start(self, task: Task, bar: QProgressBar, result: object) -> None:
        self._task = task
        self._set_busy(True)
        bar.setRange(0, 0)  # busy indicator until the first count arrives
        bar.show()
        started = result.text()  # type: ignore[attr-defined]
        task.signals.progressed.connect(
            lambda done, total: self._progress(bar, result, started, done, total))
        task.signals.failed.connect(lambda message: self._failed(bar, result, message))
        self._pool.start(task)

    @staticmethod
    def _progress(bar: QProgressBar, result: object, started: str, done: int,
                  total: int) -> None:
        bar.setRange(0, max(1, total))
        bar.setValue(done if total else 1)
        if total:
            result.setText(f"{started} {done:,} of {total:,}")  # type: ignore[attr-defined]

    def _finish(self, bar: QProgressBar) -> None:
        bar.setRange(0, 1)
        bar.setValue(1)
        self._task = None
        self._set_busy(False)
        self.refresh()

    def _failed(self, bar: QProgressBar, result: object, message: str) -> None:
        bar.hide()
        self._task = None
        self._set_busy(False)
        result.setText(message)  # type: ignore[attr-defined]
        set_role(result, "error")  # type: ignore[arg-type]
        self.task_failed.emit(message)

    # ----- demo data (quick: a hundred rankings, done on the GUI thread)
    def load_demo(self) -> int:
        new = self._service.demo.load()
        self.refresh()
        runs = self._service.demo.count_poll_runs()
        self.demo_status.setText(
            f"Loaded {new} demo rankings{_and_runs(runs)}. See them under Rankings, Compare"
            f"{' and Polls' if runs else ''}." if new else "The demo data was already loaded.")
        self.demo_changed.emit()
        return new

    def remove_demo(self) -> int:
        count = self._service.demo.count()
        if not count:
            return 0
        runs = self._service.demo.count_poll_runs()
        if not self.ask("Remove demo data?",
                        f"Remove the {count} demo rankings{_and_runs(runs)} and the three "
                        "“(demo)” workshops? Real rankings and poll runs are not touched.",
                        "Remove demo data"):
            return 0
        removed = self._service.demo.remove()
        self.refresh()
        self.demo_status.setText(f"Removed {removed} demo rankings.")
        self.demo_changed.emit()
        return removed


def _and_runs(runs: int) -> str:
    return f" and {runs} poll run{'s' if runs != 1 else ''}" if runs else ""
