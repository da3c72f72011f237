"""Dragging like a finger (the mouse button held down, moved in small steps) over a
scrolling area's viewport, for the tests of drag scrolling (no tests here)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QGraphicsView,
    QHeaderView,
    QPlainTextEdit,
    QScroller,
    QTextEdit,
    QWidget,
)

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def press(widget: QWidget, at: QPoint) -> None:
    QTest.mousePress(widget, LEFT, NONE, at)


def move_to(qtbot, widget: QWidget, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """Move the held button from `start` to `end`. A finger moves over time and QScroller
    applies a drag on its next frame, so while it drags each step waits for the page to
    follow (a signal, not a sleep; nothing is awaited at the end of the page)."""
    area = widget.parentWidget()
    vertical = abs(end.y() - start.y()) >= abs(end.x() - start.x())
    bar = None
    if isinstance(area, QAbstractScrollArea):
        bar = area.verticalScrollBar() if vertical else area.horizontalScrollBar()
    scroller = QScroller.scroller(widget) if QScroller.hasScroller(widget) else None
    # a finger moving up or left brings up what is further down or right
    forward = (end.y() < start.y()) if vertical else (end.x() < start.x())
    for step in range(1, steps + 1):
        dragging = scroller is not None and scroller.state() == QScroller.State.Dragging
        at_end = bar is not None and bar.value() == (bar.maximum() if forward
                                                     else bar.minimum())
        if dragging and bar is not None and not at_end:
            with qtbot.waitSignal(bar.valueChanged, timeout=250, raising=False):
                QTest.mouseMove(widget, start + (end - start) * (step / steps))
        else:
            QTest.mouseMove(widget, start + (end - start) * (step / steps))


def release(widget: QWidget, at: QPoint) -> None:
    QTest.mouseRelease(widget, LEFT, NONE, at)


def drag(qtbot, widget: QWidget, start: QPoint, end: QPoint) -> None:
    """Press at `start`, move to `end` in steps, lift; then wait for the scroll to settle."""
    press(widget, start)
    move_to(qtbot, widget, start, end)
    release(widget, end)
    settle(qtbot, widget)


def settle(qtbot, widget: QWidget) -> None:
    viewport = widget
    qtbot.waitUntil(lambda: QScroller.scroller(viewport).state()
                    == QScroller.State.Inactive, timeout=5000)


def drag_up(qtbot, area: QAbstractScrollArea, start: QPoint | None = None,
            distance: int | None = None) -> None:
    """A finger pushing the page up (to see what is below)."""
    viewport = area.viewport()
    start = start if start is not None else QPoint(viewport.width() // 2,
                                                   viewport.height() * 3 // 4)
    distance = distance if distance is not None else viewport.height() // 2
    drag(qtbot, viewport, start, start - QPoint(0, distance))


def finger_areas(root: QWidget) -> list[QAbstractScrollArea]:
    """The scrolling areas under `root` a finger can drag: not charts (they have gestures of
    their own), not a text field being typed in, not a drop-down's own popup list."""
    areas = []
    for area in root.findChildren(QAbstractScrollArea):
        if isinstance(area, (QGraphicsView, QHeaderView)):
            continue  # a chart has gestures of its own; a header's sections are tapped
        if isinstance(area, (QPlainTextEdit, QTextEdit)) and not area.isReadOnly():
            continue
        if area.window() is not root.window():
            continue  # a drop-down's popup (a window of its own)
        areas.append(area)
    return areas


def process() -> None:
    QApplication.processEvents()
