"""Small pieces the shell's screens share: styled labels, buttons, panels and pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


def label(text: str, kind: str, parent: QWidget | None = None, wrap: bool = True,
          align: Qt.AlignmentFlag | None = None) -> QLabel:
    widget = QLabel(text, parent)
    widget.setProperty("shell", kind)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if align is not None:
        widget.setAlignment(align)
    return widget


def button(text: str, kind: str, parent: QWidget | None = None,
           name: str | None = None) -> QPushButton:
    widget = QPushButton(text, parent)
    widget.setProperty("shell", kind)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a tap never steals a text field's focus
    if name:
        widget.setObjectName(name)
    return widget


def panel(parent: QWidget | None = None, kind: str = "panel") -> QFrame:
    frame = QFrame(parent)
    frame.setProperty("shell", kind)
    return frame


def page(parent: QWidget | None = None) -> QWidget:
    widget = QWidget(parent)
    widget.setProperty("shell", "page")
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
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
