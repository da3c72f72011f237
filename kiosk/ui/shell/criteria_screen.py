"""The criteria screen, after Done: which criteria the table used (the lens's suggestions as
chips, and its own in words), the one that mattered most (★), and a note or quote.

Every tap is one undoable Ranking operation, autosaved like a card move. Undo here only
ever undoes criteria steps — never a card move made on the board.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.lenses import Lens
from kiosk.domain.ranking import Ranking
from kiosk.domain.record import NOTE_MAX
from kiosk.services.table_session import CRITERIA_OPS, undo_stack_ops
from kiosk.ui.shell.chips import Chip, MoreBelow
from kiosk.ui.shell.style import LENS_MARK, lens_colour
from kiosk.ui.shell.widgets import button, label, page_layout, panel
from kiosk.ui.theme import Theme
from kiosk.ui.touch_scroll import drag_scrolling

CHIP_COLUMNS = 2


class NoteField(QPlainTextEdit):
    """The note: it takes no more than NOTE_MAX characters (a paste is cut there), and says
    so through `cut_short(bool)`."""

    focus_left = Signal()
    cut_short = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textChanged.connect(self._keep_to_limit)

    def _keep_to_limit(self) -> None:
        document = self.document()
        over = document.characterCount() - 1 > NOTE_MAX  # (counts a closing separator)
        if over:
            cursor = self.textCursor()
            cursor.setPosition(NOTE_MAX)
            cursor.movePosition(cursor.MoveOperation.End, cursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()  # changes the text: back here, then within limit
            self.setTextCursor(cursor)
        self.cut_short.emit(over or len(self.toPlainText()) >= NOTE_MAX)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusOutEvent(event)
        self.focus_left.emit()


class CriteriaScreen(QWidget):
    changed = Signal()  # a Ranking operation was applied: the shell saves the draft
    back_requested = Signal()
    save_requested = Signal()
    turn_requested = Signal()  # face the screens the other way round (kiosk.ui.shell.turn)

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("CriteriaScreen")
        self.ranking: Ranking | None = None
        self.lens: Lens | None = None
        self.chips: dict[str, Chip] = {}  # every chip, by criterion
        self.stars: dict[str, QPushButton] = {}
        px = theme.px
        body, layout = page_layout(self, (px(40), px(24), px(40), px(20)), px(14))
        layout.addWidget(self._header(body))

        self.scroll_area = QScrollArea(body)
        self.scroll_area.setProperty("shell", "scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A tap on a chip, ★ or Add must not hand focus to the scroll area (the nearest
        # widget that takes a click's focus): the field being typed in keeps it, and the
        # on-screen keyboard stays up
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        drag_scrolling(self.scroll_area)
        content = QWidget()
        columns = QHBoxLayout(content)
        columns.setContentsMargins(0, 0, px(12), 0)
        columns.setSpacing(px(28))
        columns.addLayout(self._suggestions(content), 3)
        columns.addWidget(self._chosen_panel(content), 2)
        self.scroll_area.setWidget(content)
        self.more_below = MoreBelow(self.scroll_area, theme)  # chips below the fold
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(self._footer(body))

    # ----- building
    def _header(self, parent: QWidget) -> QWidget:
        px = self.theme.px
        self.band = panel(parent, "band")
        row = QHBoxLayout(self.band)
        row.setContentsMargins(px(28), px(14), px(28), px(14))
        row.setSpacing(px(20))
        titles = QVBoxLayout()
        titles.setSpacing(px(2))
        self.step_label = label("", "onband-small", self.band, wrap=False)
        self.title_label = label("Which criteria did you use?", "onband", self.band)
        self.hint_label = label("Tap the ones that mattered. Add your own. Then tap ★ beside "
                                "the most important one.", "onband-small", self.band)
        titles.addWidget(self.step_label)
        titles.addWidget(self.title_label)
        titles.addWidget(self.hint_label)
        row.addLayout(titles, 1)
        return self.band

    def _suggestions(self, parent: QWidget) -> QVBoxLayout:
        px = self.theme.px
        column = QVBoxLayout()
        column.setSpacing(px(12))
        column.addWidget(label("Suggested criteria", "heading", parent))
        self.suggested_box = QWidget(parent)
        self.suggested_grid = self._grid(self.suggested_box)
        column.addWidget(self.suggested_box)
        column.addStretch(1)
        return column

    def _grid(self, box: QWidget) -> QGridLayout:
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(self.theme.px(12))
        for column in range(CHIP_COLUMNS):
            grid.setColumnStretch(column, 1)
        return grid

    def _chosen_panel(self, parent: QWidget) -> QWidget:
        px = self.theme.px
        box = panel(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(px(24), px(20), px(24), px(24))
        column.setSpacing(px(12))
        column.addWidget(label("Your criteria", "heading", box))
        self.chosen_hint = label("", "hint", box)
        column.addWidget(self.chosen_hint)
        self.chosen_list = QVBoxLayout()
        self.chosen_list.setSpacing(px(8))
        column.addLayout(self.chosen_list)
        column.addSpacing(px(8))
        column.addWidget(label("Add your own", "heading", box))
        row = QHBoxLayout()
        row.setSpacing(px(12))
        self.own_field = QLineEdit(box)
        self.own_field.setProperty("shell", "field")
        self.own_field.setObjectName("OwnCriterionField")
        self.own_field.setPlaceholderText("In your own words…")
        self.own_field.setMaxLength(120)
        self.own_field.returnPressed.connect(self._add_own)
        self.add_button = button("Add", "primary", box, "AddOwnButton")
        self.add_button.clicked.connect(self._add_own)
        self.own_field.textChanged.connect(
            lambda text: self.add_button.setEnabled(bool(text.strip())))
        self.add_button.setEnabled(False)
        row.addWidget(self.own_field, 1)
        row.addWidget(self.add_button)
        column.addLayout(row)
        column.addSpacing(px(8))
        column.addWidget(label("A note or a quote (optional)", "heading", box))
        self.note_field = NoteField(box)
        self.note_field.setProperty("shell", "field")
        self.note_field.setObjectName("NoteField")
        self.note_field.setPlaceholderText("Something said at the table that you want kept…")
        self.note_field.setTabChangesFocus(True)
        self.note_field.setMinimumHeight(self.theme.touch(150))
        self.note_field.focus_left.connect(self.commit_note)
        column.addWidget(self.note_field)
        self.note_limit = label(f"A note holds up to {NOTE_MAX:,} characters: what comes "
                                "after that is not kept.", "warn", box)
        self.note_limit.setObjectName("NoteLimit")
        self.note_limit.hide()
        self.note_field.cut_short.connect(self.note_limit.setVisible)
        column.addWidget(self.note_limit)
        column.addStretch(1)
        return box

    def _footer(self, parent: QWidget) -> QVBoxLayout:
        px = self.theme.px
        footer = QVBoxLayout()
        footer.setSpacing(px(10))
        row = QHBoxLayout()
        row.setSpacing(px(16))
        self.back_button = button("◀  Back to the board", "quiet", parent, "BackToBoardButton")
        self.undo_button = button("↶  Undo", "quiet", parent, "CriteriaUndoButton")
        self.redo_button = button("↷  Redo", "quiet", parent, "CriteriaRedoButton")
        self.save_button = button("Save  ✓", "primary", parent, "SaveButton")
        self.turn_button = button("⟲  Turn", "quiet", parent, "CriteriaTurnButton")
        self.turn_button.setToolTip("Turn the screen round for the other side of the table")
        self.turn_button.clicked.connect(self._turn)
        self.back_button.clicked.connect(self._back)
        self.undo_button.clicked.connect(lambda: self._apply("undo"))
        self.redo_button.clicked.connect(lambda: self._apply("redo"))
        self.save_button.clicked.connect(self._save)
        # Why the last Save did not go through (a full disk…), in plain words and large
        # enough to read from the table: in its own area above the buttons, the width of the
        # screen, wrapped (beside them, a long message squeezed them until their words were
        # clipped); hidden while there is nothing to say.
        self.save_problem = label("", "warn", parent)
        self.save_problem.setObjectName("SaveProblem")
        self.save_problem.hide()
        footer.addWidget(self.save_problem)
        row.addWidget(self.back_button)
        row.addWidget(self.undo_button)
        row.addWidget(self.redo_button)
        row.addWidget(self.turn_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        footer.addLayout(row)
        return footer

    def show_save_problem(self, text: str) -> None:
        self.save_problem.setText(text)
        self.save_problem.setVisible(bool(text))

    # ----- showing a ranking
    def load(self, ranking: Ranking, lens: Lens, step_number: int, step_count: int,
             next_title: str | None) -> None:
        self.ranking = ranking
        self.lens = lens
        self.band.setStyleSheet(f'QFrame[shell="band"] {{ background: {lens_colour(lens.id)}; }}')
        mark = LENS_MARK.get(lens.id, "")
        self.step_label.setText(f"{mark}  {lens.title} · lens {step_number} of {step_count}")
        self.save_button.setText(f"Save and go on to {next_title}  ▶" if next_title
                                 else "Save and finish  ✓")
        self.own_field.clear()
        self.show_save_problem("")
        self.note_field.setPlainText(ranking.note)
        self._clear(self.suggested_grid)
        self.chips = {}
        for index, text in enumerate(lens.suggested):
            chip = self._chip(text, self.suggested_box)
            self.suggested_grid.addWidget(chip, index // CHIP_COLUMNS, index % CHIP_COLUMNS)
        self.refresh()

    def _chip(self, text: str, parent: QWidget) -> Chip:
        chip = Chip(text, self.lens.id if self.lens else "", self.theme, parent)
        chip.setObjectName("CriterionChip")
        chip.setProperty("criterion", text)
        chip.clicked.connect(lambda checked, t=text: self._toggle(t, checked))
        self.chips[text] = chip
        return chip

    @staticmethod
    def _clear(layout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
            elif item.layout() is not None:
                CriteriaScreen._clear(item.layout())

    def refresh(self) -> None:
        """Show the ranking's criteria as they are now (after a tap, undo or redo)."""
        ranking = self.ranking
        if ranking is None:
            return
        chosen = {c.text: c for c in ranking.criteria}
        for text, chip in self.chips.items():
            chip.setChecked(text in chosen)
            chip.setAccessibleName(("chosen: " if text in chosen else "") + text)
        self._fill_chosen_list(ranking)
        if not self.note_field.hasFocus() and self.note_field.toPlainText() != ranking.note:
            self.note_field.setPlainText(ranking.note)
        undo, redo = undo_stack_ops(ranking.log)
        self.undo_button.setEnabled(bool(undo) and undo[-1] in CRITERIA_OPS)
        self.redo_button.setEnabled(bool(redo) and redo[-1] in CRITERIA_OPS)
        self.suggested_box.updateGeometry()

    def _fill_chosen_list(self, ranking: Ranking) -> None:
        self._clear(self.chosen_list)
        self.stars = {}
        px = self.theme.px
        if not ranking.criteria:
            self.chosen_hint.setText("None chosen yet. Tap a suggestion or add your own.")
            self.chosen_hint.show()
            return
        self.chosen_hint.setText("Tap a ☆ to mark the one that mattered most."
                                 if ranking.primary is None else "")
        self.chosen_hint.setVisible(ranking.primary is None)
        for criterion in ranking.criteria:
            row = QHBoxLayout()
            row.setSpacing(px(12))
            star = button("★" if criterion.text == ranking.primary else "☆", "star")
            star.setCheckable(True)
            star.setChecked(criterion.text == ranking.primary)
            star.setObjectName("PrimaryStar")
            star.setToolTip("Mark as the most important criterion")
            star.setProperty("criterion", criterion.text)
            star.clicked.connect(lambda checked, t=criterion.text: self._star(t, checked))
            self.stars[criterion.text] = star
            words = QVBoxLayout()
            words.setSpacing(0)
            text = label(criterion.text, "body")
            words.addWidget(text)
            tags = []
            if criterion.text == ranking.primary:
                text.setStyleSheet("font-weight: 700;")
                tags.append("★ the most important")
            if criterion.origin == "own":
                tags.append("in your own words")
            if tags:
                words.addWidget(label(" · ".join(tags), "hint"))
            remove = button("✕", "remove")
            remove.setObjectName("RemoveCriterion")
            remove.setToolTip("Remove this criterion")
            remove.clicked.connect(lambda _=False, t=criterion.text: self._remove(t))
            row.addWidget(star, 0, Qt.AlignmentFlag.AlignTop)
            row.addLayout(words, 1)
            row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
            self.chosen_list.addLayout(row)

    # ----- the table's taps (each one Ranking operation)
    def _apply(self, op: str, *args) -> None:
        ranking = self.ranking
        if ranking is None:
            return
        self.commit_note()
        if op == "undo" and not self.undo_button.isEnabled():
            return
        if op == "redo" and not self.redo_button.isEnabled():
            return
        changed = getattr(ranking, op)(*args)
        self.refresh()
        if changed:
            self.changed.emit()

    def _toggle(self, text: str, checked: bool) -> None:
        if checked:
            origin = "suggested" if text in (self.lens.suggested if self.lens else ()) else "own"
            self._apply("add_criterion", text, origin)
        else:
            self._apply("remove_criterion", text)

    def _remove(self, text: str) -> None:
        self._apply("remove_criterion", text)

    def _star(self, text: str, checked: bool) -> None:
        self._apply("set_primary", text if checked else None)

    def _add_own(self) -> None:
        text = " ".join(self.own_field.text().split())
        if not text or self.ranking is None:
            return
        suggested = {s.casefold(): s for s in (self.lens.suggested if self.lens else ())}
        match = suggested.get(text.casefold())
        self.own_field.clear()
        if match is not None:
            self._apply("add_criterion", match, "suggested")
        else:
            self._apply("add_criterion", text, "own")
        if self.own_field.hasFocus():  # typing on: the field stays in view as the list grows
            self.ensure_visible(self.own_field)

    def commit_note(self) -> bool:
        """The note becomes one operation when the table leaves the field (or saves), not
        one per keystroke."""
        ranking = self.ranking
        if ranking is None:
            return False
        if not ranking.set_note(self.note_field.toPlainText()):
            return False
        self.refresh()
        self.changed.emit()
        return True

    def commit_typed(self) -> None:
        """What the table typed and has not yet put in: own words left in the box become
        its own criterion (as "Add" would make them), and the note is kept. Called on Save,
        Back and when the table walks away, so nothing typed is lost."""
        if self.own_field.text().strip():
            self._add_own()
        self.commit_note()

    def _back(self) -> None:
        self.commit_typed()
        self.back_requested.emit()

    def _turn(self) -> None:
        self.commit_note()
        self.turn_requested.emit()

    def _save(self) -> None:
        self.commit_typed()
        self.save_requested.emit()

    def set_compact(self, compact: bool) -> None:
        """While the on-screen keyboard is up, the header keeps only its title."""
        self.step_label.setVisible(not compact)
        self.hint_label.setVisible(not compact)

    def ensure_visible(self, widget: QWidget | None) -> None:
        """Keep the field being typed in above the on-screen keyboard."""
        content = self.scroll_area.widget()
        if widget is not None and content is not None and content.isAncestorOf(widget):
            from kiosk.ui.shell.keyboard_dock import settle_layouts

            settle_layouts()
            self.scroll_area.ensureWidgetVisible(widget, 0, self.theme.px(24))
