"""Scrolling by dragging, for every scrolling area a finger meets: the table's criteria
screen and the facilitator's pages and lists alike.

A kiosk has no mouse wheel and its scroll bars are thin; a finger expects to push the page.
`drag_scrolling` hands the area's viewport to a QScroller (a kinetic drag, with the mouse
or a finger's synthesized mouse events), tuned so that a tap on a button or chip inside it
still works — the press is held back until the finger either lifts (a tap: press and release
are delivered together) or moves (a drag: the button never sees it) — and so that the page
never bounces past its ends. The vertical scroll bar stays in place whether or not there
is anything to scroll, so the content never changes width (and reflows) under a finger as a
list grows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QScroller, QScrollerProperties

# How long a press waits to see whether it becomes a drag before a button under it is
# pressed (Qt's default is 0.25 s); a lift before then is a tap, delivered at once.
PRESS_DELAY_S = 0.12
# A finger that moves this far (in metres: about 3 mm) is dragging, not tapping.
DRAG_START_M = 0.003


def drag_scrolling(area: QAbstractScrollArea, steady_bar: bool = True) -> QScroller:
    """Make `area` scroll by dragging; returns its scroller. `steady_bar`: keep the vertical
    scroll bar shown (empty when there is nothing to scroll) rather than coming and going."""
    if isinstance(area, QAbstractItemView):
        # whole-row steps make a drag jump; a finger expects the list to follow it
        area.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        area.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    if steady_bar:
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    metric = QScrollerProperties.ScrollMetric
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(metric.VerticalOvershootPolicy, off)
    props.setScrollMetric(metric.HorizontalOvershootPolicy, off)
    props.setScrollMetric(metric.MousePressEventDelay, PRESS_DELAY_S)
    props.setScrollMetric(metric.DragStartDistance, DRAG_START_M)
    scroller.setScrollerProperties(props)
    return scroller
