"""Small pieces the shell's screens share: styled labels, buttons, panels and pages.

They set Qt's enum-typed properties by name (`setProperty("alignment", "AlignCenter")`)
rather than through `Qt.AlignmentFlag` and friends: the first use of PySide6's `Qt`
namespace builds all of its Python enums (≈ 17 ms), and the start screen is built from these
pieces before its first frame — see benchmarks/startup.py and `kiosk.ui.shell.window`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

CENTRE = "AlignCenter"


def label(text: str, kind: str, parent: QWidget | None = None, wrap: bool = True,
          align: str | None = None) -> QLabel:
    """A plain-text label styled by `kind`; `align` names Qt alignment flags, e.g.
    "AlignCenter" or "AlignLeft|AlignTop"."""
    widget = QLabel(text, parent)
    widget.setProperty("shell", kind)
    widget.setWordWrap(wrap)
    widget.setProperty("textFormat", "PlainText")
    if align is not None:
        widget.setProperty("alignment", align)
    return widget


def button(text: str, kind: str, parent: QWidget | None = None,
           name: str | None = None, pointer: bool = True) -> QPushButton:
    """A styled push button that a tap never lets steal a text field's focus. `pointer`
    False leaves the mouse pointer to `set_pointer` later (the start screen's buttons get it
    just after the first frame)."""
    widget = QPushButton(text, parent)
    widget.setProperty("shell", kind)
    widget.setProperty("focusPolicy", "TabFocus")
    if pointer:
        set_pointer(widget)
    if name:
        widget.setObjectName(name)
    return widget


def set_pointer(*widgets: QWidget) -> None:
    """The pointing-hand mouse pointer over these widgets."""
    from PySide6.QtCore import Qt

    for widget in widgets:
        widget.setCursor(Qt.CursorShape.PointingHandCursor)


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
