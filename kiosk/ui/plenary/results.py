"""One deck and lens on the plenary screen: the consensus order as a numbered list of card
titles, each with the strip of where every table put it, and the agreement in words — or,
while hidden, only how many tables have ranked it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.analysis.plenary import CardResult, LensResult
from kiosk.ui.board.cards import badge_text
from kiosk.ui.plenary.parts import (
    CARD,
    HEADER_INK,
    INK,
    LABEL_LEAST,
    SMALL,
    TITLE,
    Line,
    PlacesStrip,
    font,
    lens_colour,
    text_px,
)
from kiosk.ui.theme import Theme


def place_width(theme: Theme) -> int:
    return QFontMetrics(font(theme, SMALL, bold=True)).horizontalAdvance("10.") + 2


class CardBadge(QWidget):
    """A card's id as on its face at the table: white on an ink pill (a table's tag is a
    box, not a pill), so a title the row has no width for still names its card."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._pad = theme.px(8)
        self.setFont(font(theme, SMALL, bold=True))
        metrics = QFontMetrics(self.font())
        self._least = metrics.horizontalAdvance("W") + 2 * self._pad
        self.setFixedSize(self._least, metrics.height())

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.setFixedWidth(max(self._least, self.fontMetrics().horizontalAdvance(text)
                                   + 2 * self._pad))
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(INK))
        painter.drawRoundedRect(box, box.height() / 2, box.height() / 2)
        painter.setFont(self.font())
        painter.setPen(QColor(HEADER_INK))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._text)
        painter.end()


class CardRow(QWidget):
    """"1.  (6)  Routes from Diagnosis" over the strip of the tables' positions for it (the
    strip under the whole row: a room of twelve tables needs the width). The title is set
    smaller, down to LABEL_LEAST, to be whole; one still too long is cut after the card's
    id badge, which names the card on its own."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(theme.px(10))
        grid.setVerticalSpacing(0)
        self.place = Line(theme, SMALL, bold=True, align=Qt.AlignmentFlag.AlignRight)
        self.place.set_width(place_width(theme))
        self.badge = CardBadge(theme)
        self.title = Line(theme, SMALL, shrink_to=LABEL_LEAST)
        self.strip = PlacesStrip(theme)
        self.card_id = ""
        grid.addWidget(self.place, 0, 0)
        grid.addWidget(self.badge, 0, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.title, 0, 2)
        grid.addWidget(self.strip, 1, 0, 1, 3)
        grid.setColumnStretch(2, 1)

    def show_card(self, card: CardResult, cards: int, lens: str) -> None:
        self.card_id = card.card
        self.place.set_text(f"{card.place}.")
        self.badge.set_text(badge_text(card.card))
        self.title.set_text(card.title)
        self.strip.set_places(card.positions, cards, lens_colour(lens))


class LensPanel(QFrame):
    """A deck and lens. Its rows are made once per card and kept (hidden) when the panel
    hides its results, so revealing or a new ranking only changes texts."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.key: tuple[str, str] = ("", "")
        self.setObjectName("lensPanel")
        self._stripe = max(6, theme.px(14))
        self._paint_border(lens_colour(""))
        box = QVBoxLayout(self)
        pad = theme.px(10)  # twelve tables' strips side by side in three panels need it
        box.setContentsMargins(pad, theme.px(6), pad, theme.px(12))
        box.setSpacing(theme.px(6))
        head = QHBoxLayout()
        self.title = Line(theme, TITLE - 10, bold=True)
        self.count = Line(theme, SMALL, align=Qt.AlignmentFlag.AlignRight, fit=True)
        head.addWidget(self.title, 1)
        head.addWidget(self.count)
        box.addLayout(head)
        self.agreement = Line(theme, SMALL)
        box.addWidget(self.agreement)
        self.hidden_note = Line(theme, TITLE, bold=True, align=Qt.AlignmentFlag.AlignCenter)
        self.hidden_hint = Line(theme, SMALL, align=Qt.AlignmentFlag.AlignCenter)
        box.addStretch(1)
        box.addWidget(self.hidden_note)
        box.addWidget(self.hidden_hint)
        box.addStretch(1)
        # The tags over the strips, as wide as them: the strips' cells line up under them.
        tags_row = QHBoxLayout()
        tags_row.setContentsMargins(0, 0, 0, 0)
        self.tags = PlacesStrip(theme, header=True)
        tags_row.addWidget(self.tags)
        self.tags_holder = QWidget()
        self.tags_holder.setLayout(tags_row)
        box.insertWidget(2, self.tags_holder)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(theme.px(6))
        box.insertLayout(3, self.rows_box)
        self.rows: list[CardRow] = []
        self._narrow = False
        self._wrap_px = text_px(theme, LABEL_LEAST)
        self._fit_due = False
        self._fit_timer = QTimer(self)  # the panel's own: it goes with the panel
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_now)

    def _paint_border(self, colour: QColor) -> None:
        self.setStyleSheet(
            f"#lensPanel {{ background: {CARD}; border: 2px solid {INK};"
            f" border-top: {self._stripe}px solid {colour.name()};"
            f" border-radius: {self.theme.px(12)}px; }}")

    def set_narrow(self, narrow: bool) -> None:
        """Square cells in the strips, so a poll panel fits beside three of these."""
        self.tags.set_narrow(narrow)
        for row in self.rows:
            row.strip.set_narrow(narrow)
        self._narrow = narrow

    def needed_width(self, result: LensResult, tags: Sequence[str], deck_shown: bool) -> int:
        """The width this panel needs, narrow (a poll beside), to show `result`'s head and
        notes whole and the strips' numbers at their floor (card titles may still elide)."""
        def advance(line: Line, text: str) -> int:
            return line.fontMetrics().horizontalAdvance(text) + 6

        title = f"{result.lens_title} · {result.deck}" if deck_shown else result.lens_title
        if result.shown:
            head = advance(self.title, title) + self.theme.px(10) + advance(
                self.count, f"{result.tables} of {result.expected}")
            texts = [head, advance(self.agreement, result.agreement_short),
                     self.tags.least_width(len(tags))]
        else:
            texts = [advance(self.title, title), advance(self.hidden_note, result.count_text),
                     advance(self.hidden_hint, "ranked · results hidden")]
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        pad = margins.left() + margins.right() if margins is not None else 0
        return max(texts) + pad + 2 * 2  # the border

    @property
    def narrow(self) -> bool:
        return self._narrow

    def show_result(self, result: LensResult, tags: Sequence[str], deck_shown: bool) -> None:
        if self.key != (result.deck, result.lens):
            self.key = (result.deck, result.lens)
            self._paint_border(lens_colour(result.lens))
        title = f"{result.lens_title} · {result.deck}" if deck_shown else result.lens_title
        self.title.set_text(title)
        # Narrow (a poll panel beside): fewer words, so the numbers are never cut.
        self.count.set_text(f"{result.tables} of {result.expected}" if self._narrow
                            else result.count_text)
        self.count.setVisible(result.shown)
        self.agreement.set_text(result.agreement_short if self._narrow
                                else result.agreement_text)
        self.agreement.setVisible(result.shown)
        self.hidden_note.setVisible(not result.shown)
        self.hidden_hint.setVisible(not result.shown)
        if not result.shown:
            self.hidden_note.set_text(result.count_text)
            self.hidden_hint.set_text("ranked · results hidden" if self._narrow
                                      else "have ranked · results hidden")
        self.tags_holder.setVisible(result.shown)
        if result.shown:
            self.tags.set_tags(tags)
        while len(self.rows) < len(result.cards):
            row = CardRow(self.theme)
            row.strip.set_narrow(self._narrow)
            self.rows.append(row)
            self.rows_box.addWidget(row)
        for index, row in enumerate(self.rows):
            if result.shown and index < len(result.cards):
                row.show_card(result.cards[index], len(result.cards), result.lens)
                row.setVisible(True)
            else:
                row.setVisible(False)
        self._fit_soon()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_soon()

    def _fit_soon(self) -> None:
        """Fit the titles once the screen's layout has settled (the rows learn their width
        only after the panel its height): one pass of the event loop later, once."""
        if not self._fit_due:
            self._fit_due = True
            self._fit_timer.start()

    def _fit_now(self) -> None:
        self._fit_due = False
        self.fit_titles()

    def fit_titles(self) -> None:
        """A title too long for its row takes a second line where the panel has the height
        to spare (a room of six tables has it; twelve tables' panels have none, and there
        the card's badge names it): from the top row down, as far as the spare goes."""
        layout = self.layout()
        if layout is None:
            return
        shown = [row for row in self.rows if not row.isHidden()]
        for row in shown:
            row.title.set_wrap(None)
        layout.invalidate()
        spare = self.height() - layout.totalMinimumSize().height()
        for row in shown:
            if row.title.fits_one_line():
                continue
            before = row.title.height()
            if row.title.wrapped_height(self._wrap_px) - before > spare:
                continue
            row.title.set_wrap(self._wrap_px)
            if len(row.title.lines()) < 2:  # not whole on two lines either: one, with its badge
                row.title.set_wrap(None)
                continue
            spare -= row.title.height() - before
