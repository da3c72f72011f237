"""The file chooser's look and its labels and buttons (kiosk.ui.file_chooser): finger-sized
rows and buttons, file names shown as they are, no button that takes the keyboard's focus,
every tap on a row counted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from kiosk.ui.theme import (
    ACCENT,
    CARD,
    INK,
    INK_SOFT,
    LINE,
    PAPER,
    READABLE_PT,
    TRAY,
    WARN,
    Theme,
)


def chooser_label(text: str, role: str, parent: QWidget, wrap: bool = True) -> QLabel:
    widget = QLabel(text, parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # file names are shown as they are
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    return widget


def chooser_button(text: str, kind: str, parent: QWidget) -> QPushButton:
    widget = QPushButton(text, parent)
    widget.setProperty("kind", kind)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap never moves the keyboard's focus
    return widget


def chooser_css(theme: Theme, row: int) -> str:
    px, pt, touch = theme.px, theme.pt, theme.touch
    return f"""
QFrame#ChooserPanel {{ background: {PAPER}; border: 1px solid {LINE};
    border-radius: {px(16)}px; }}
QLabel {{ color: {INK}; font-size: {pt(15, READABLE_PT):.1f}pt; background: transparent; }}
QLabel[role="heading"] {{ font-size: {pt(22):.1f}pt; font-weight: 700; }}
QLabel[role="subheading"] {{ font-size: {pt(16, READABLE_PT):.1f}pt; font-weight: 700; }}
QLabel[role="hint"] {{ color: {INK_SOFT}; font-size: {pt(14, READABLE_PT):.1f}pt; }}
QLabel[role="error"] {{ color: {WARN}; font-size: {pt(15, READABLE_PT):.1f}pt; font-weight: 600; }}
QListWidget {{ background: {CARD}; border: 1px solid {LINE}; border-radius: {px(8)}px;
    font-size: {pt(16, READABLE_PT):.1f}pt; color: {INK}; outline: none; }}
QListWidget::item {{ min-height: {row}px; padding: 0px {px(14)}px;
    border-bottom: 1px solid {TRAY}; }}
QListWidget::item:disabled {{ color: {INK_SOFT}; }}
QLineEdit {{ background: {CARD}; color: {INK}; border: 2px solid {LINE};
    border-radius: {px(8)}px; padding: 0px {px(10)}px; font-size: {pt(16, READABLE_PT):.1f}pt;
    min-height: {touch(60)}px; }}
QLineEdit:focus {{ border-color: {ACCENT}; }}
QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: {px(12)}px;
    padding: 0px {px(22)}px; min-height: {touch(60)}px; min-width: {touch(60)}px;
    font-size: {pt(16, READABLE_PT):.1f}pt; font-weight: 600; }}
QPushButton:pressed {{ background: {INK}; }}
QPushButton:disabled {{ background: #C9C2B5; color: #5E584E; }}
QPushButton[kind="secondary"] {{ background: {CARD}; color: {ACCENT};
    border: 2px solid {ACCENT}; }}
QPushButton[kind="secondary"]:disabled {{ color: #6B6458; border-color: #C9C2B5; }}
QScrollBar:vertical {{ width: {px(22)}px; background: {PAPER}; }}
QScrollBar::handle:vertical {{ background: {LINE}; min-height: {px(60)}px;
    border-radius: {px(10)}px; }}
"""


def on_tap(view: QListWidget, tapped: Callable[[QListWidgetItem], object]) -> None:
    """`tapped(item)` for every tap on a row. Two quick taps at one place are a double-click
    to the window system, and a list sends no click for the second: a file tapped to choose
    it and at once again to leave it stayed chosen."""
    view.itemClicked.connect(tapped)
    view.itemDoubleClicked.connect(tapped)
