"""Run by test_reliability_export_sigterm.py: the kiosk's own `run` (offscreen), whose
facilitator starts an export from the Export / Import tab (a worker thread); once the export
has written its first file under a temp name ("files") or at its first progress report, while
it goes through the rankings ("rows"), a SIGTERM arrives as a service stop sends it;
the export goes on once the kiosk has asked it to stop (`Task.stopping`) or, failing that,
once `run` has returned: a large export still running while the kiosk shuts down. Its
stderr is what the test reads.

Usage: python facilitator_child_export_sigterm.py DATA_DIR OUT_DIR files|rows
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_IM_MODULE", None)

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    data_dir, out, when = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    from kiosk.exchange import export
    from kiosk.services.facilitator import transfer
    from kiosk.ui import app as kiosk_app

    kiosk_app.configure_environment()
    app = QApplication([])
    returned = threading.Event()
    tasks: list = []
    real_write = export._write
    staged: list[str] = []

    def stop_here(what: str) -> None:
        print(what, flush=True, file=sys.stderr)
        os.kill(os.getpid(), signal.SIGTERM)
        stopping = getattr(tasks[0], "stopping", threading.Event())
        for _ in range(1200):  # bounded: 60 s at most
            if stopping.wait(0.05) or returned.is_set():
                break
        print(f"asked to stop: {stopping.is_set()}", flush=True, file=sys.stderr)

    def write_then_stop(path, header, rows):
        real_write(path, header, rows)
        staged.append(path.name)
        if len(staged) == 1 and when == "files":  # one file written, the others to come
            stop_here("STAGED")

    export._write = write_then_stop
    real_export = transfer.export_csv

    def export_stopped_at_a_report(records, catalog, folder, progress=None, **kwargs):
        def reported(done: int, total: int) -> None:
            if done < total and when == "rows" and not staged:
                staged.append("rows")
                stop_here("COUNTING")
            if progress is not None:
                progress(done, total)

        return real_export(records, catalog, folder, progress=reported, **kwargs)

    transfer.export_csv = export_stopped_at_a_report

    def window():
        from kiosk.ui.shell import KioskWindow

        return next((w for w in app.topLevelWidgets()
                     if isinstance(w, KioskWindow) and w.isVisible()), None)

    def when_up() -> None:
        kiosk = window()
        if kiosk is None or not kiosk.corner.watching:
            QTimer.singleShot(20, when_up)
            return
        kiosk.open_facilitator()
        tab = kiosk.facilitator.area.exchange_tab
        task = tab.export_to(out)
        tasks.append(task)
        print(f"export started: {task is not None}", file=sys.stderr, flush=True)

    QTimer.singleShot(0, when_up)
    status = kiosk_app.run(data_dir)
    returned.set()
    print(f"run returned {status}", file=sys.stderr, flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
