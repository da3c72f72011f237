"""Long work (export, import) off the GUI thread, reporting progress through Qt signals.

The signals object is created on the GUI thread, so Qt queues every emit from the worker
onto the GUI thread: progress bars and summaries are only ever touched there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

Work = Callable[[Callable[[int, int], None]], Any]


class TaskSignals(QObject):
    progressed = Signal(int, int)  # done, total
    finished = Signal(object)  # the work's result
    failed = Signal(str)  # a sentence for the facilitator


class Task(QRunnable):
    """Runs `work(progress)` on a thread-pool thread."""

    def __init__(self, work: Work, describe_error: Callable[[Exception], str]):
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps it until `finished`/`failed` arrives
        self._work = work
        self._describe = describe_error
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self._work(self.signals.progressed.emit)
        except Exception as exc:  # noqa: BLE001 - any failure becomes a message, never a crash
            self.signals.failed.emit(self._describe(exc))
            return
        self.signals.finished.emit(result)
