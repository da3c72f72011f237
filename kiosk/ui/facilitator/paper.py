"""The paper sheet page (of Export / Import): a table's paper sheet typed in on screen.
Choose the workshop, table, deck and lens and when the sheet was finished, tap the cards in
the sheet's order (tied cards share a place), tick its criteria, save. The service stores
it exactly as the same sheet imported as CSV (kiosk.services.facilitator.paper)."""

from __future__ import annotations

from PySide6.QtCore import (
    QDate,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.lenses import LENS_IDS
from kiosk.services.facilitator import FacilitatorService
from kiosk.services.facilitator.paper import PaperError, PaperOrder, PaperSheet, sheet_time
from kiosk.ui.facilitator.common import FacilitatorPage, button, label, set_role
from kiosk.ui.facilitator.paper_widgets import CardTap, CriterionRows, WholeList
from kiosk.ui.theme import ACCENT, ACCENT_INK, CARD, INK, LINE, READABLE_PT, Theme
from kiosk.ui.touch_scroll import drag_scrolling

ORIGIN_ROLE = Qt.ItemDataRole.UserRole
LINE_TEXT = "──── above: acceptable · below: not acceptable ────"
TEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # a criterion's own text (the row may say more)


class PaperTab(FacilitatorPage):
    sheet_saved = Signal(object)  # PaperSaved
    back_requested = Signal()  # back to Export / Import

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(service, theme, parent)
        self.order = PaperOrder(())
        self.card_buttons: dict[str, CardTap] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        top = QHBoxLayout()
        top.setContentsMargins(theme.px(24), theme.px(16), theme.px(24), 0)
        top.setSpacing(theme.px(16))
        self.back_button = button("‹ Export / Import", "quiet", self)
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        top.addWidget(label("Type in a paper sheet", "title", self, wrap=False), 1)
        outer.addLayout(top)
        self.page = QScrollArea(self)
        self.page.setWidgetResizable(True)
        self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        drag_scrolling(self.page, steady_bar=False)
        outer.addWidget(self.page)
        content = QWidget(self.page)
        content.setObjectName("FacilitatorPage")
        self.page.setWidget(content)
        columns = QHBoxLayout(content)
        margin = theme.px(24)
        columns.setContentsMargins(margin, margin, margin, margin)
        columns.setSpacing(theme.px(24))
        columns.addWidget(self._build_sheet(content), 2)
        columns.addWidget(self._build_order(content), 3)
        self.setStyleSheet(
            f"QPushButton[placed=\"yes\"] {{ background: {ACCENT}; border-color: {ACCENT}; }}"
            f"QPushButton[placed=\"yes\"] QLabel[placed=\"yes\"] {{ color: {ACCENT_INK};"
            f" font-weight: 700; }}"
            f"QPushButton[placed=\"no\"] QLabel[placed=\"no\"] {{ color: {INK}; }}"
            f"QPushButton[kind=\"secondary\"]:checked {{ background: {ACCENT};"
            f" color: white; }}"
            f"QLabel#OrderList {{ background: {CARD}; border: 1px solid {LINE};"
            f" border-radius: {theme.px(8)}px; padding: {theme.px(10)}px; }}"
            # the area's sheet sizes QDateEdit but not QTimeEdit
            f"QTimeEdit {{ background: {CARD}; color: {INK}; border: 2px solid {LINE};"
            f" border-radius: {theme.px(8)}px; padding: 0px {theme.px(10)}px;"
            f" font-size: {theme.pt(16, READABLE_PT):.1f}pt; min-height: {theme.touch(60)}px; }}"
            # its arrows are none: the − and + beside it step it (with a sheet, NoButtons
            # would leave the time itself no room)
            f"QTimeEdit::up-button, QTimeEdit::down-button {{ width: 0px; border: none; }}"
            f"QListWidget::indicator {{ width: {theme.px(30)}px;"
            f" height: {theme.px(30)}px; }}")
        self.refresh()

    # ----- building
    def _panel(self, title: str, parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame(parent)
        frame.setProperty("role", "panel")
        layout = QVBoxLayout(frame)
        pad = self._theme.px(24)
        layout.setContentsMargins(pad, self._theme.px(18), pad, pad)
        layout.setSpacing(self._theme.px(12))
        layout.addWidget(label(title, "heading", frame))
        return frame, layout

    def _build_sheet(self, parent: QWidget) -> QFrame:
        theme = self._theme
        frame, layout = self._panel("A paper sheet", parent)
        layout.addWidget(label(
            "Type in a table’s sheet from a paper session. It is stored like a sheet "
            "imported as CSV: importing the same sheet again adds nothing.", "hint", frame))
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.px(14))
        grid.setVerticalSpacing(theme.px(4))
        self.workshop_box = QComboBox(frame)
        self.table_box = QComboBox(frame)
        self.table_box.setEditable(True)
        self.table_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        typed = self.table_box.lineEdit()
        if typed is not None:
            typed.setPlaceholderText("for example Table 3")
        self.deck_box = QComboBox(frame)
        self.lens_box = QComboBox(frame)
        self.day_edit = QDateEdit(frame)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDate(QDate.currentDate())  # until a workshop with a date is chosen
        fields = (("Workshop", self.workshop_box), ("Table", self.table_box),
                  ("Deck", self.deck_box), ("Lens", self.lens_box),
                  ("Day of the sheet", self.day_edit), ("Finished at", self._time(frame)))
        for at, (text, field) in enumerate(fields):
            row, column = divmod(at, 2)
            grid.addWidget(label(text, "hint", frame, wrap=False), row * 2, column)
            if isinstance(field, QWidget):
                grid.addWidget(field, row * 2 + 1, column)
            elif isinstance(field, QHBoxLayout):
                grid.addLayout(field, row * 2 + 1, column)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.workshop_box.currentIndexChanged.connect(self._workshop_chosen)
        self.deck_box.currentIndexChanged.connect(self._deck_chosen)
        self.lens_box.currentIndexChanged.connect(self._lens_chosen)

        layout.addWidget(label("Criteria on the sheet", "heading", frame))
        # Every row shown: the page scrolls (a list scrolling inside it showed 3 of 16).
        self.criteria_list = WholeList(frame, theme.touch(60) * 2)
        self.criteria_list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.criteria_list.setWordWrap(True)  # a long criterion wraps, never scrolls sideways
        self.criteria_list.setItemDelegate(CriterionRows(theme.touch(60), self.criteria_list))
        self.criteria_list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.criteria_list.itemChanged.connect(lambda _item: self._criteria_changed())
        self.criteria_list.itemClicked.connect(self._toggle_criterion)
        layout.addWidget(self.criteria_list)
        own = QHBoxLayout()
        self.own_edit = QLineEdit(frame)
        self.own_edit.setPlaceholderText("A criterion in the table’s own words")
        self.own_edit.returnPressed.connect(self.add_own)
        self.add_own_button = button("Add", "secondary", frame)
        self.add_own_button.clicked.connect(self.add_own)
        own.addWidget(self.own_edit, 1)
        own.addWidget(self.add_own_button)
        layout.addLayout(own)
        self.primary_box = QComboBox(frame)
        layout.addWidget(label("Most important (★ on the sheet)", "hint", frame, wrap=False))
        layout.addWidget(self.primary_box)
        self.note_edit = QLineEdit(frame)
        self.note_edit.setPlaceholderText("A note or a quote from the sheet (optional)")
        layout.addWidget(self.note_edit)
        return frame

    def _time(self, frame: QFrame) -> QHBoxLayout:
        """When the sheet was finished: hh:mm between a finger-sized − and +, which step the
        hours, or the minutes once the minutes are tapped (or type the time)."""
        self.time_edit = QTimeEdit(frame)
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setTime(QTime(12, 0))
        self.time_edit.setWrapping(True)
        self.time_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.time_edit.setCurrentSection(QTimeEdit.Section.HourSection)
        shown = self._theme.font(16)  # the size its style sheet gives it
        self.time_edit.setMinimumWidth(QFontMetrics(shown).horizontalAdvance("00:00")
                                       + self._theme.px(36))
        row = QHBoxLayout()
        row.setSpacing(self._theme.px(8))
        self.time_less = button("−", "secondary", frame)
        self.time_more = button("+", "secondary", frame)
        for step, by in ((self.time_less, -1), (self.time_more, 1)):
            step.setAccessibleName("Earlier" if by < 0 else "Later")
            step.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the section being stepped stays
            step.setAutoRepeat(True)
            step.setFixedWidth(self._theme.touch(48))
            step.setMinimumHeight(self._theme.touch(60))  # as tall as the time itself
            step.clicked.connect(lambda _=False, by=by: self.time_edit.stepBy(by))
        row.addWidget(self.time_less)
        row.addWidget(self.time_edit, 1)
        row.addWidget(self.time_more)
        return row

    def _build_order(self, parent: QWidget) -> QFrame:
        theme = self._theme
        frame, layout = self._panel("The order on the sheet", parent)
        self.order_hint = label("", "hint", frame)
        layout.addWidget(self.order_hint)
        self.cards_grid = QGridLayout()
        self.cards_grid.setSpacing(theme.px(10))
        layout.addLayout(self.cards_grid)
        # The tie on a line of its own: beside Undo and Start again its words were cut.
        self.tie_button = button("Tie the next card with the one before", "secondary", frame)
        self.tie_button.setCheckable(True)
        layout.addWidget(self.tie_button)
        row = QHBoxLayout()
        row.setSpacing(theme.px(10))
        self.undo_button = button("Undo the last tap", "secondary", frame)
        self.undo_button.clicked.connect(self.undo)
        self.clear_button = button("Start again", "quiet", frame)
        self.clear_button.clicked.connect(self.start_again)
        row.addWidget(self.undo_button, 1)
        row.addWidget(self.clear_button, 1)
        layout.addLayout(row)
        self.line_button = button("Draw the line here: acceptable above, not below",
                                  "secondary", frame)
        self.line_button.clicked.connect(self.draw_line)
        layout.addWidget(self.line_button)
        self.order_list = label("", "", frame)
        self.order_list.setObjectName("OrderList")
        layout.addWidget(self.order_list)
        self.save_button = button("Save the sheet", "primary", frame)
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.save_button)
        self.message = label("", "", frame)
        layout.addWidget(self.message)
        layout.addStretch(1)
        return frame

    # ----- filling
    def refresh(self) -> None:
        """Workshops, decks and lenses as the service has them now; choices kept."""
        names = self._service.names
        keep = self.workshop_box.currentData()
        self.workshop_box.blockSignals(True)
        self.workshop_box.clear()
        for workshop in self._service.workshops.all():
            when = f" · {workshop.date}" if workshop.date else ""
            self.workshop_box.addItem(f"{workshop.label}{when}", workshop.workshop_id)
        current = self._service.workshops.current()
        wanted = keep or (current.workshop_id if current else None)
        at = self.workshop_box.findData(wanted) if wanted else -1
        self.workshop_box.setCurrentIndex(at if at >= 0 else 0)
        self.workshop_box.blockSignals(False)
        if self.deck_box.count() == 0:
            for box in (self.deck_box, self.lens_box):
                box.blockSignals(True)
            for deck_id in names.deck_ids():
                self.deck_box.addItem(names.deck_title(deck_id), deck_id)
            for lens_id in LENS_IDS:
                self.lens_box.addItem(names.lens_title(lens_id), lens_id)
            # the first step of this kiosk's lens sequence: what its tables ranked
            steps = [s for s in self._service.setup.settings().sequence if not s.is_poll]
            if steps:
                self.deck_box.setCurrentIndex(max(0, self.deck_box.findData(steps[0].deck)))
                self.lens_box.setCurrentIndex(max(0, self.lens_box.findData(steps[0].lens)))
            for box in (self.deck_box, self.lens_box):
                box.blockSignals(False)
        if keep != self.workshop_box.currentData() or self.table_box.count() == 0:
            self._workshop_chosen()
        if not self.order.cards:
            self._deck_chosen()

    def _workshop_chosen(self) -> None:
        workshop_id = self.workshop_box.currentData()
        typed = self.table_box.currentText()
        self.table_box.clear()
        if workshop_id:
            self.table_box.addItems(self._service.paper.tables(workshop_id))
            workshop = self._service.workshops.get(workshop_id)
            day = QDate.fromString(workshop.date, "yyyy-MM-dd") if workshop else QDate()
            self.day_edit.setDate(day if day.isValid() else QDate.currentDate())
        if typed:
            self.table_box.setCurrentText(typed)

    def _deck_chosen(self) -> None:
        deck_id = self.deck_box.currentData()
        names = self._service.names
        cards = names.deck_order(deck_id) if deck_id else []
        self.order = PaperOrder(cards)
        while self.cards_grid.count():
            item = self.cards_grid.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.hide()  # at once: deleted later, it would still show until then
                old.deleteLater()
        self.card_buttons = {}
        for at, card in enumerate(cards):
            tap = CardTap(card, names.card_title(deck_id, card), self._theme, self,
                          widest=f"{len(cards)}=")
            tap.clicked.connect(lambda _=False, c=card: self.tap(c))
            self.cards_grid.addWidget(tap, at // 2, at % 2)
            self.card_buttons[card] = tap
        self._lens_chosen()
        self._show_order()

    def _lens_chosen(self) -> None:
        lens = self._service.catalog.lenses.get(self.lens_box.currentData() or "")
        own = [self.criteria_list.item(i) for i in range(self.criteria_list.count())]
        kept = [(i.data(TEXT_ROLE), i.checkState()) for i in own
                if i.data(ORIGIN_ROLE) == "own"]
        self.criteria_list.blockSignals(True)
        self.criteria_list.clear()
        for text in (lens.suggested if lens else ()):
            self._add_criterion(text, "suggested", Qt.CheckState.Unchecked)
        for text, state in kept:
            self._add_criterion(text, "own", state)
        self.criteria_list.blockSignals(False)
        if lens is not None:
            self.order_hint.setText(
                f"Tap the cards in the sheet’s order, from {lens.most} to {lens.least}. "
                "To tie a card with the one before it, tap “Tie…” first. Tap a placed "
                "card to take it off again."
                + (" If the table drew a line between acceptable and not acceptable, tap "
                   "“Draw the line here” after the last card above it."
                   if self._with_line() else ""))
        self._criteria_changed()
        self._show_order()

    def _add_criterion(self, text: str, origin: str, state: Qt.CheckState) -> QListWidgetItem:
        item = QListWidgetItem(text if origin == "suggested" else f"{text}  (own words)")
        item.setData(ORIGIN_ROLE, origin)
        item.setData(TEXT_ROLE, text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(state)
        self.criteria_list.addItem(item)
        return item

    # ----- criteria
    def _toggle_criterion(self, item: QListWidgetItem) -> None:
        """A tap anywhere on the row ticks it (not only on its small box)."""
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def chosen_criteria(self) -> list[tuple[str, str]]:
        items = [self.criteria_list.item(i) for i in range(self.criteria_list.count())]
        return [(i.data(TEXT_ROLE), i.data(ORIGIN_ROLE)) for i in items
                if i.checkState() == Qt.CheckState.Checked]

    def add_own(self) -> None:
        text = " ".join(self.own_edit.text().split())
        if not text:
            return
        known = [self.criteria_list.item(i) for i in range(self.criteria_list.count())]
        for item in known:
            if item.data(TEXT_ROLE) == text:
                item.setCheckState(Qt.CheckState.Checked)
                break
        else:
            self._add_criterion(text, "own", Qt.CheckState.Checked)
        self.own_edit.clear()
        self._criteria_changed()

    def _criteria_changed(self) -> None:
        keep = self.primary_box.currentData()
        self.primary_box.clear()
        self.primary_box.addItem("— none marked —", "")
        for text, _ in self.chosen_criteria():
            self.primary_box.addItem(text, text)
        at = self.primary_box.findData(keep) if keep else 0
        self.primary_box.setCurrentIndex(max(at, 0))

    # ----- the order
    def tap(self, card: str) -> None:
        tied = self.tie_button.isChecked() and self.order.place_of(card) is None
        self.order.tap(card, tied)
        if tied:
            self.tie_button.setChecked(False)  # a tie is for the next card only
        self._say("", "")
        self._show_order()

    def draw_line(self) -> None:
        self.order.draw_line()
        self._show_order()

    def undo(self) -> None:
        self.order.undo()
        self._show_order()

    def start_again(self) -> None:
        self.order.clear()
        self.tie_button.setChecked(False)
        self._show_order()

    def _show_order(self) -> None:
        positions = self.order.positions()
        counts: dict[int, int] = {}
        for at in positions.values():
            counts[at] = counts.get(at, 0) + 1
        for card, tap in self.card_buttons.items():
            position = positions.get(card)
            tied = position is not None and counts[position] > 1
            tap.show_place(None if position is None else f"{position}{'=' if tied else ''}")
        names = self._service.names
        deck_id = self.deck_box.currentData() or ""
        lines: list[str] = []
        line = self.order.line if self._with_line() else None
        for at, place in enumerate(self.order.places):
            if at == line:
                lines.append(LINE_TEXT)
            lines.extend(f"{positions[card]}{'=' if len(place) > 1 else ''}   {card}  "
                         f"{names.card_title(deck_id, card)}" for card in place)
        if line is not None and line >= len(self.order.places):
            lines.append(LINE_TEXT)
        left = len(self.order.unplaced())
        lines.append(f"{left} card{'s' if left != 1 else ''} still to place." if left
                     else "Every card is placed.")
        self.order_list.setText("\n".join(lines))
        self.line_button.setVisible(self._with_line())
        self.undo_button.setEnabled(self.order.can_undo)
        self.clear_button.setEnabled(bool(self.order.places))

    # ----- saving
    def sheet(self) -> PaperSheet:
        day = self.day_edit.date().toString("yyyy-MM-dd")
        time = self.time_edit.time()
        return PaperSheet(
            workshop_id=self.workshop_box.currentData() or "",
            table=self.table_box.currentText(),
            deck=self.deck_box.currentData() or "",
            lens=self.lens_box.currentData() or "",
            completed_at=sheet_time(day, time.hour(), time.minute()),
            positions=self.order.positions(),
            criteria=tuple(self.chosen_criteria()),
            primary=self.primary_box.currentData() or "",
            note=self.note_edit.text().strip(),
            tiers=self.order.tiers() if self._with_line() else {})

    def _with_line(self) -> bool:
        return self.lens_box.currentData() == "acceptability"

    def save(self) -> None:
        if self.own_edit.text().strip():
            self.add_own()  # own words typed but not added are the sheet's too
        try:
            saved = self._service.paper.save(self.sheet())
        except PaperError as exc:
            self._say(str(exc), "error")
            return
        record = saved.record
        what = f"{record.table}’s {self._service.names.lens_title(record.lens).lower()} sheet"
        if saved.new:
            stated = len(record.criteria)
            self._say(f"Saved {what} ({len(record.positions)} cards, {stated} "
                      f"criteri{'on' if stated == 1 else 'a'}). It is under Rankings as typed "
                      "in from a paper session.", "ok")
            self.start_again()
            for i in range(self.criteria_list.count()):
                self.criteria_list.item(i).setCheckState(Qt.CheckState.Unchecked)
            self.note_edit.clear()
        else:
            self._say(f"{what[0].upper()}{what[1:]} is stored already (typed in or imported "
                      "before): nothing was added.", "error")
        self.sheet_saved.emit(saved)

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)
