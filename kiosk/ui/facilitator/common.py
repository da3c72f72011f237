"""Shared pieces of the facilitator's area: its style sheet, buttons, section headings and
the confirmation dialog (with big buttons, and replaceable in tests)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
from kiosk.ui.touch_scroll import drag_scrolling

if TYPE_CHECKING:
    from kiosk.services.facilitator import FacilitatorService

# ask(title, question, yes_label) -> True when the facilitator confirms.
Ask = Callable[[str, str, str], bool]


class FacilitatorPage(QWidget):
    """A page of the facilitator's area: styled as one, working through the service."""

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("FacilitatorPage")
        self._service = service
        self._theme = theme


def area_css(theme: Theme) -> str:
    """One style sheet for the whole area: readable on a 1366×768 laptop, touchable, and
    legible from the back of a room on a projector. A drop-down opens as a list of
    finger-sized rows (`combobox-popup: 0` gives it the list whose rows the sheet sizes,
    rather than a menu of 22-pixel rows)."""
    t, px, pt = theme.touch, theme.px, theme.pt
    field = t(60)
    return f"""
QWidget#FacilitatorArea, QWidget#FacilitatorPage {{ background: {PAPER}; }}
QLabel {{ color: {INK}; font-size: {pt(15, READABLE_PT):.1f}pt; }}
QLabel[role="heading"] {{ font-size: {pt(20):.1f}pt; font-weight: 700; }}
QLabel[role="title"] {{ font-size: {pt(24):.1f}pt; font-weight: 700; }}
QLabel[role="hint"] {{ color: {INK_SOFT}; font-size: {pt(14, READABLE_PT):.1f}pt; }}
QLabel[role="error"] {{ color: {WARN}; font-size: {pt(15, READABLE_PT):.1f}pt; font-weight: 600; }}
QLabel[role="ok"] {{ color: #00734F; font-size: {pt(15, READABLE_PT):.1f}pt; font-weight: 600; }}
QFrame[role="panel"] {{ background: {CARD}; border: 1px solid {LINE};
    border-radius: {px(14)}px; }}
QTabWidget::pane {{ border: none; background: {PAPER}; }}
QTabBar {{ font-size: {pt(16, READABLE_PT):.1f}pt; font-weight: 600; }}
QTabBar::tab {{ background: {TRAY}; color: {INK}; min-height: {t(56)}px;
    padding: 0px {px(20)}px; margin-right: {px(4)}px;
    border-top-left-radius: {px(10)}px; border-top-right-radius: {px(10)}px; }}
QTabBar::tab:selected {{ background: {CARD}; color: {ACCENT};
    border-bottom: {px(4)}px solid {ACCENT}; }}
QTabBar#AreaTabs {{ font-size: {pt(18, READABLE_PT):.1f}pt; }}
QTabBar#AreaTabs::tab {{ min-height: {t(64)}px; min-width: {px(220)}px;
    padding: 0px {px(28)}px; margin-right: {px(6)}px;
    border-top-left-radius: {px(12)}px; border-top-right-radius: {px(12)}px; }}
QTabBar#AreaTabs::tab:selected {{ border-bottom: {px(5)}px solid {ACCENT}; }}
QLineEdit, QComboBox, QSpinBox, QDateEdit, QPlainTextEdit {{
    background: {CARD}; color: {INK}; border: 2px solid {LINE}; border-radius: {px(8)}px;
    padding: 0px {px(10)}px; font-size: {pt(16, READABLE_PT):.1f}pt; }}
QLineEdit, QComboBox, QSpinBox, QDateEdit {{ min-height: {field}px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDateEdit:focus {{ border-color: {ACCENT}; }}
QComboBox QAbstractItemView {{ font-size: {pt(16, READABLE_PT):.1f}pt; background: {CARD};
    selection-background-color: {ACCENT}; selection-color: white; }}
QComboBox {{ combobox-popup: 0; }}
QComboBox QAbstractItemView::item {{ min-height: {t(56)}px; padding: 0px {px(10)}px;
    color: {INK}; }}
QComboBox QAbstractItemView::item:selected {{ background: {ACCENT}; color: white; }}
QSpinBox::up-button, QSpinBox::down-button, QDateEdit::up-button, QDateEdit::down-button {{
    width: {px(40)}px; }}
QComboBox::drop-down, QDateEdit::drop-down {{ width: {px(48)}px; }}
QPushButton {{ background: {ACCENT}; color: white; border: none;
    border-radius: {px(12)}px; padding: 0px {px(22)}px; min-height: {t(60)}px;
    min-width: {t(60)}px; font-size: {pt(16, READABLE_PT):.1f}pt; font-weight: 600; }}
QPushButton:pressed {{ background: {INK}; }}
QPushButton:disabled {{ background: #C9C2B5; color: #5E584E; }}
QPushButton[kind="secondary"] {{ background: {CARD}; color: {ACCENT};
    border: 2px solid {ACCENT}; }}
QPushButton[kind="secondary"]:disabled {{ color: #6B6458; border-color: #C9C2B5; }}
QPushButton[kind="danger"] {{ background: {CARD}; color: {WARN}; border: 2px solid {WARN}; }}
QPushButton[kind="danger"]:disabled, QPushButton[kind="quiet"]:disabled {{ color: #8A8276;
    border-color: #D6CFC2; }}
QPushButton[kind="destroy"] {{ background: {WARN}; color: white; }}
QPushButton[kind="quiet"] {{ background: transparent; color: {INK}; border: 2px solid {LINE}; }}
QTableView {{ background: {CARD}; alternate-background-color: #F8F5EF; color: {INK};
    gridline-color: {LINE}; font-size: {pt(15, READABLE_PT):.1f}pt; border: 1px solid {LINE};
    selection-background-color: {ACCENT}; selection-color: white; }}
QTableView::item {{ padding: 0px {px(10)}px; }}
QHeaderView {{ font-size: {pt(14, READABLE_PT):.1f}pt; font-weight: 700; }}
QHeaderView::section {{ background: {TRAY}; color: {INK}; font-weight: 700;
    padding: {px(8)}px {px(10)}px; border: none;
    border-right: 1px solid {LINE}; border-bottom: 1px solid {LINE}; }}
QListWidget {{ background: {CARD}; border: 1px solid {LINE};
    font-size: {pt(16, READABLE_PT):.1f}pt; color: {INK}; }}
QListWidget::item {{ min-height: {t(60)}px; padding: 0px {px(12)}px; }}
QListWidget::item:selected {{ background: {ACCENT}; color: white; }}
QProgressBar {{ border: 2px solid {LINE}; border-radius: {px(8)}px; background: {CARD};
    min-height: {px(36)}px; text-align: center; font-size: {pt(14, READABLE_PT):.1f}pt;
    color: {INK}; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: {px(6)}px; }}
QSlider::groove:horizontal {{ height: {px(14)}px; background: {TRAY};
    border-radius: {px(7)}px; }}
QSlider::sub-page:horizontal {{ background: {ACCENT}; border-radius: {px(7)}px; }}
QSlider::handle:horizontal {{ background: {CARD}; border: {px(4)}px solid {ACCENT};
    width: {t(52)}px; margin: -{t(52) // 2 - px(7)}px 0px; border-radius: {t(52) // 2}px; }}
QSlider {{ min-height: {t(60)}px; }}
QScrollBar:vertical {{ width: {px(22)}px; background: {PAPER}; }}
QScrollBar::handle:vertical {{ background: {LINE}; min-height: {px(60)}px;
    border-radius: {px(10)}px; }}
QScrollBar:horizontal {{ height: {px(22)}px; background: {PAPER}; }}
QScrollBar::handle:horizontal {{ background: {LINE}; min-width: {px(60)}px;
    border-radius: {px(10)}px; }}
QScrollArea {{ border: none; background: transparent; }}
QCheckBox {{ font-size: {pt(16, READABLE_PT):.1f}pt; color: {INK}; spacing: {px(12)}px; }}
QCheckBox::indicator {{ width: {px(32)}px; height: {px(32)}px; }}
{calendar_css(theme)}"""


def calendar_css(theme: Theme) -> str:
    """A date field's calendar (its popup too: the sheet reaches it through the field) with
    finger-sized days: seven days (and the week number, where a style shows it) across, the
    day names and six weeks down, each at least a touch target, under a bar as tall."""
    cell, pt = theme.touch(72), theme.pt
    return f"""
QCalendarWidget {{ min-width: {cell * 9}px; min-height: {cell * 8}px; }}
QCalendarWidget QAbstractItemView {{ font-size: {pt(18, minimum=13.5):.1f}pt;
    background: {CARD}; color: {INK}; selection-background-color: {ACCENT};
    selection-color: white; }}
QCalendarWidget QWidget#qt_calendar_navigationbar {{ background: {TRAY};
    min-height: {cell}px; }}
QCalendarWidget QToolButton {{ color: {INK}; font-size: {pt(18, minimum=13.5):.1f}pt;
    font-weight: 600; min-height: {cell}px; min-width: {cell}px;
    qproperty-iconSize: {cell // 2}px {cell // 2}px; }}
QCalendarWidget QSpinBox {{ min-height: {cell}px; font-size: {pt(18, minimum=13.5):.1f}pt; }}
"""


def button(text: str, kind: str = "primary", parent: QWidget | None = None) -> QPushButton:
    """A touch-sized button; `kind` picks its look in the area's style sheet."""
    widget = QPushButton(text, parent)
    if kind != "primary":
        widget.setProperty("kind", kind)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def label(text: str = "", role: str = "", parent: QWidget | None = None,
          wrap: bool = True) -> QLabel:
    widget = QLabel(text, parent)
    # Plain text: what a table or a facilitator typed is shown as typed, never as markup.
    # A label that shows rich text sets RichText itself and escapes what it shows.
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return widget


def set_role(widget: QWidget, role: str) -> None:
    """Change a label's look (error, ok, hint…) and make Qt restyle it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ConfirmDialog(QDialog):
    """A yes/no question with big buttons; the safe choice is the default. Every question
    asked here is about something that cannot be undone (deleting, leaving), so the yes
    button wears the warning colour."""

    def __init__(self, title: str, question: str, yes_label: str, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setStyleSheet(area_css(theme) + f"QDialog {{ background: {PAPER}; }}")
        layout = QVBoxLayout(self)
        margin = theme.px(32)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.px(24))
        layout.addWidget(label(title, "heading", self))
        text = label(question, "", self)
        text.setMinimumWidth(max(theme.px(560), 420))
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.no_button = button("Cancel", "secondary", self)
        self.yes_button = button(yes_label, "destroy", self)
        self.no_button.clicked.connect(self.reject)
        self.yes_button.clicked.connect(self.accept)
        row.addWidget(self.no_button)
        row.addWidget(self.yes_button)
        layout.addLayout(row)
        self.no_button.setDefault(True)
        self.no_button.setFocus()


def asker(theme: Theme, parent: QWidget) -> Ask:
    """The real confirmation: a modal ConfirmDialog over `parent`."""

    def ask(title: str, question: str, yes_label: str) -> bool:
        dialog = ConfirmDialog(title, question, yes_label, theme, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted

    return ask


class ChoiceDialog(QDialog):
    """One choice among a few, each a finger-sized button (a list that scrolls by a drag
    when there are many), and Cancel: the area's way to ask "which one?"."""

    def __init__(self, title: str, question: str, choices: list[str], theme: Theme,
                 parent: QWidget | None = None):
        from PySide6.QtWidgets import QScrollArea

        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setStyleSheet(area_css(theme) + f"QDialog {{ background: {PAPER}; }}")
        self.chosen: int | None = None
        self.setMinimumWidth(max(theme.px(640), 480))  # a scroll area passes no width on
        layout = QVBoxLayout(self)
        margin = theme.px(32)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.px(20))
        layout.addWidget(label(title, "heading", self))
        layout.addWidget(label(question, "", self))
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(theme.px(12))
        self.choice_buttons: list[QPushButton] = []
        for index, text in enumerate(choices):
            choice = button(text, "secondary", holder)
            choice.setMinimumHeight(theme.touch(72))
            choice.setMinimumWidth(max(theme.px(560), 420))
            choice.clicked.connect(lambda _=False, i=index: self._choose(i))
            column.addWidget(choice)
            self.choice_buttons.append(choice)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        drag_scrolling(scroll, steady_bar=False)
        shown = min(len(choices), 5)
        scroll.setMinimumHeight(shown * theme.touch(72) + max(shown - 1, 0) * theme.px(12))
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel_button = button("Cancel", "secondary", self)
        self.cancel_button.setMinimumHeight(theme.touch(72))
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)

    def _choose(self, index: int) -> None:
        self.chosen = index
        self.accept()
