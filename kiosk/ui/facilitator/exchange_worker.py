"""Long work (export, import) off the GUI thread, reporting progress through Qt signals.

The signals object is created on the GUI thread, so Qt queues every emit from the worker
onto the GUI thread: progress bars and summaries are only ever touched there.

When the event loop ends while work runs (a service stop's SIGTERM, "Leave kiosk"), the
owner waits for it (`finish_before_quit`): a worker thread never outlives the app, whose
store closes and whose signal objects are deleted on the way out. Work that may simply be
abandoned (an export: its temp files go with it, the folder keeps the earlier files) is
asked to stop first, at its next progress report.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

Work = Callable[[Callable[[int, int], None]], Any]


class TaskStopped(Exception):
    """Raised in the work at its next progress report once the task is asked to stop."""


class TaskSignals(QObject):
    progressed = Signal(int, int)  # done, total
    finished = Signal(object)  # the work's result
    failed = Signal(str)  # a sentence for the facilitator


class Task(QRunnable):
    """Runs `work(progress)` on a thread-pool thread. `stoppable`: the work may be cut
    short at a progress report (`stop`), leaving nothing half-done."""

    def __init__(self, work: Work, describe_error: Callable[[Exception], str],
                 stoppable: bool = False):
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps it until `finished`/`failed` arrives
        self._work = work
        self._describe = describe_error
        self.stoppable = stoppable
        self.stopping = threading.Event()
        self.signals = TaskSignals()

    def stop(self) -> None:
        if self.stoppable:
            self.stopping.set()

    def _progress(self, done: int, total: int) -> None:
        if self.stopping.is_set():
            raise TaskStopped
        self.signals.progressed.emit(done, total)

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except TaskStopped:
            return  # the app is ending: nobody is left to tell
        except Exception as exc:  # noqa: BLE001 - any failure becomes a message, never a crash
            self.signals.failed.emit(self._describe(exc))
            return
        self.signals.finished.emit(result)


class QuitGuard(QObject):
    """Stops (when it may) and waits for the pool's running task when the event loop ends."""

    def __init__(self, pool: QThreadPool, running: Callable[[], Task | None],
                 parent: QObject) -> None:
        super().__init__(parent)
        self._pool = pool
        self._running = running
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.finish)

    def finish(self) -> None:
        task = self._running()
        if task is not None:
            task.stop()
        self._pool.waitForDone()


def finish_before_quit(pool: QThreadPool, running: Callable[[], Task | None],
                       owner: QObject) -> QuitGuard:
    return QuitGuard(pool, running, owner)
