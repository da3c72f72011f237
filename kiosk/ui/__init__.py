"""The Qt layer: theme, the table's board, the shell and the facilitator's area."""

import sys


def _keep_none_alive() -> None:
    """PySide6 6.12.0's abi3 wheel returns None from every void method without taking a
    reference (correct only where None is immortal, Python ≥ 3.12). On Python 3.11 each call
    drops None's refcount by one and the process dies with "none_dealloc" after a few
    thousand calls. When that leak is detected, give None a reference count it can never
    run out of — None is never freed anyway."""
    if sys.version_info >= (3, 12):
        return
    import ctypes

    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("")
    if sys.getrefcount(None) <= before - 8:
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 60

    # Signal.emit() returns True the same way: every emit (pyqtgraph emits on each pointer
    # move) drops True's refcount by one, and the process dies with "bool_dealloc".
    from PySide6.QtCore import Signal

    class _Probe(QObject):
        probed = Signal()

    emitter = _Probe()
    before = sys.getrefcount(True)
    for _ in range(16):
        emitter.probed.emit()
    if sys.getrefcount(True) <= before - 8:
        for flag in (True, False):
            ctypes.c_ssize_t.from_address(id(flag)).value += 1 << 60


_keep_none_alive()
