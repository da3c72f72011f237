"""The paper sheet page's finger-sized pieces (kiosk.ui.facilitator.paper): a card to tap
into the order (as tall as its wrapped title), the criteria list's rows that one tap ticks,
and that list shown whole — as tall as its rows, so the page scrolls and not a list in it."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kiosk.ui.theme import Theme


class CardTap(QPushButton):
    """A card to tap into the order: its place once placed (in a column of its own) and its
    id and whole title (wrapped, never cut).

    Picking a card never changes its size, nor so the place of any card after it: fast
    taps must land on the cards they aim at. The place's column is as wide as the widest
    place (`widest`, e.g. "15=") from the start, and the card is as tall as its title needs
    in the plain and in the bold (picked) type alike."""

    def __init__(self, card_id: str, title: str, theme: Theme, parent: QWidget,
                 widest: str = "00="):
        super().__init__(parent)
        self.card_id = card_id
        self.title = title
        self._least = theme.touch(84)
        self._widest = widest
        self.setMinimumHeight(self._least)
        self.setProperty("kind", "secondary")
        self.place_label = QLabel(self)
        self.place_label.setTextFormat(Qt.TextFormat.PlainText)
        # right-aligned: the dots after "1" and "2=" stand in one column
        self.place_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.place_label, self.text_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        inner = QHBoxLayout(self)
        inner.setContentsMargins(theme.px(16), theme.px(6), theme.px(16), theme.px(6))
        inner.setSpacing(theme.px(10))
        inner.addWidget(self.place_label)
        inner.addWidget(self.text_label, 1)
        self.show_place(None)

    @property
    def text_shown(self) -> str:
        """What the card says, its place first ("2= ·  3  Linking data…")."""
        place = self.place_label.text()
        return f"{place}  {self.text_label.text()}" if place else self.text_label.text()

    def show_place(self, place: str | None) -> None:
        self.placed = place is not None
        self.place = place
        self.place_label.setText(f"{place} ·" if place else "")
        self.text_label.setText(f"{self.card_id}  {self.title}")
        for widget in (self, self.place_label, self.text_label):
            widget.setProperty("placed", "yes" if place else "no")
        # the labels are restyled too: their colour follows the button's (white on the
        # accent once placed), and Qt does not restyle a child when its parent's property
        # changes
        for widget in (self, self.place_label, self.text_label):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self._fit_height()

    @staticmethod
    def _bold_and_plain(font: QFont) -> list[QFontMetrics]:
        metrics = []
        for bold in (False, True):
            copy = QFont(font)
            copy.setBold(bold)
            metrics.append(QFontMetrics(copy))
        return metrics

    def _fit_height(self) -> None:
        """Tall enough for the title's lines at the card's width, plain or bold (a button's
        height does not follow a wrapped label inside it by itself), and the place's column
        as wide as the widest place."""
        layout = self.layout()
        if layout is None:
            return
        place_w = max(m.horizontalAdvance(f"{self._widest} ·") + 2
                      for m in self._bold_and_plain(self.place_label.font()))
        if self.place_label.width() != place_w or self.place_label.minimumWidth() != place_w:
            self.place_label.setFixedWidth(place_w)
        if self.width() <= 0:
            return
        margins = layout.contentsMargins()
        width = max(1, self.width() - margins.left() - margins.right() - place_w
                    - layout.spacing())
        text = self.text_label.text()
        flags = int(Qt.TextFlag.TextWordWrap)
        lines = max(m.boundingRect(QRect(0, 0, width, 1_000_000), flags, text).height()
                    for m in self._bold_and_plain(self.text_label.font()))
        needed = max(lines, self.text_label.heightForWidth(width)) \
            + margins.top() + margins.bottom()
        wanted = max(self._least, needed)
        if self.minimumHeight() != wanted:
            self.setMinimumHeight(wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()


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


class WholeList(QListWidget):
    """A list as tall as all its rows (wrapped at its width): inside a page that scrolls,
    a finger pushes the page, and no row hides in a little list of its own."""

    def __init__(self, parent: QWidget, least: int) -> None:
        super().__init__(parent)
        self._least = least
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_soon = QTimer(self)
        self._fit_soon.setSingleShot(True)
        self._fit_soon.setInterval(0)
        self._fit_soon.timeout.connect(self.fit)
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                       model.dataChanged, model.layoutChanged):
            signal.connect(self._fit_soon.start)

    def fit(self) -> None:
        self.doItemsLayout()
        rows = sum(self.visualItemRect(self.item(i)).height() for i in range(self.count()))
        wanted = max(self._least, rows + 2 * self.frameWidth())
        if self.height() != wanted or self.minimumHeight() != wanted:
            self.setFixedHeight(wanted)
        self.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_soon.start()  # rows wrap anew at another width
