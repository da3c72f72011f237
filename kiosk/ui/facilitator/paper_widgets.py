"""The paper sheet page's two finger-sized pieces: a card to tap into the order, and the
criteria list's rows that one tap ticks (kiosk.ui.facilitator.paper)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kiosk.ui.theme import Theme


class CardTap(QPushButton):
    """A card to tap into the order: its id and whole title (wrapped, never cut), and its
    place once placed."""

    def __init__(self, card_id: str, title: str, theme: Theme, parent: QWidget):
        super().__init__(parent)
        self.card_id = card_id
        self.title = title
        self.setMinimumHeight(theme.touch(84))
        self.setProperty("kind", "secondary")
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inner = QHBoxLayout(self)
        inner.setContentsMargins(theme.px(16), theme.px(6), theme.px(16), theme.px(6))
        inner.addWidget(self.text_label)
        self.show_place(None)

    def show_place(self, place: str | None) -> None:
        self.placed = place is not None
        self.text_label.setText(f"{place}  ·  {self.card_id}  {self.title}" if place
                                else f"{self.card_id}  {self.title}")
        self.setProperty("placed", "yes" if place else "no")
        self.text_label.setProperty("placed", "yes" if place else "no")
        # the label is restyled too: its colour follows the button's (white on the accent
        # once placed), and Qt does not restyle a child when its parent's property changes
        for widget in (self, self.text_label):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class CriterionRows(QStyledItemDelegate):
    """Each criterion a finger-sized row that a tap anywhere on, its box included, ticks
    once: the list's itemClicked ticks it, so the box does not tick it by itself as well
    (which would untick it again at once). Keys (Space) tick the current row as usual."""

    _MOUSE = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
              QEvent.Type.MouseButtonDblClick)

    def __init__(self, height: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.row_height = height

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height() + self.row_height // 3, self.row_height))

    def editorEvent(self, event: QEvent, model: QAbstractItemModel,
                    option: QStyleOptionViewItem,
                    index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() in self._MOUSE:
            return False
        return super().editorEvent(event, model, option, index)
