"""Small pieces the shell's screens share: styled labels, buttons, panels and pages.

The start screen uses `panel` and `page_layout` before the window's first frame, when
PySide6's `Qt` namespace must not be built yet (`kiosk.ui.shell.window`), so `Qt` is looked
up (as `QtCore.Qt`) only when one of the other functions runs; the start screen makes its
own labels and buttons (`kiosk.ui.shell.start_screen`).
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


def label(text: str, kind: str, parent: QWidget | None = None, wrap: bool = True,
          align: QtCore.Qt.AlignmentFlag | None = None) -> QLabel:
    """A plain-text label styled by `kind`."""
    widget = QLabel(text, parent)
    widget.setProperty("shell", kind)
    widget.setWordWrap(wrap)
    widget.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    if align is not None:
        widget.setAlignment(align)
    return widget


def button(text: str, kind: str, parent: QWidget | None = None,
           name: str | None = None) -> QPushButton:
    """A styled push button, with the pointing hand over it, that a tap never lets steal a
    text field's focus."""
    widget = QPushButton(text, parent)
    widget.setProperty("shell", kind)
    widget.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
    set_pointer(widget)
    if name:
        widget.setObjectName(name)
    return widget


def set_pointer(*widgets: QWidget) -> None:
    """The pointing-hand mouse pointer over these widgets."""
    for widget in widgets:
        widget.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)


def panel(parent: QWidget | None = None, kind: str = "panel") -> QFrame:
    frame = QFrame(parent)
    frame.setProperty("shell", kind)
    return frame


def page(parent: QWidget | None = None) -> QWidget:
    widget = QWidget(parent)
    # a plain QWidget with a background rule in the style sheet gets WA_StyledBackground
    # from Qt's style-sheet style by itself
    widget.setProperty("shell", "page")
    return widget


def page_layout(screen: QWidget, margins: tuple[int, int, int, int],
                spacing: int) -> tuple[QWidget, QVBoxLayout]:
    """Fill `screen` edge to edge with a styled page; return the page and its column."""
    outer = QVBoxLayout(screen)
    outer.setContentsMargins(0, 0, 0, 0)
    body = page(screen)
    outer.addWidget(body)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    return body, layout
