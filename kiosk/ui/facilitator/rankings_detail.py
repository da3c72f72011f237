"""One saved ranking: its order with the cut line, the replay of its moves, its criteria
with the primary one marked, its note and times; correct its labels or delete it."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.ranking import RankingError
from kiosk.domain.record import SavedRanking, shortened
from kiosk.domain.text_rules import NAME_MAX
from kiosk.services.facilitator import FacilitatorService, SetupError
from kiosk.ui.facilitator.common import (
    Ask,
    FacilitatorPage,
    area_css,
    asker,
    button,
    label,
    set_role,
)
from kiosk.ui.facilitator.rankings_model import format_duration, format_moment
from kiosk.ui.facilitator.replay import ReplayPanel
from kiosk.ui.theme import PAPER, Theme
from kiosk.ui.touch_scroll import drag_scrolling

DETAIL_NOTE_MAX = 2_000  # characters of a note shown on the page (a longer one froze it)
DETAIL_CRITERION_MAX = 300  # and of a criterion (an import may bring long own words)
SOURCES = {"kiosk": "Made on a kiosk", "import": "Imported from another kiosk",
           "paper": "Typed in from a paper session", "demo": "Demo data"}


class CorrectDialog(QDialog):
    """Fix a ranking's table label, or move it to the workshop it really belongs to."""

    def __init__(self, record: SavedRanking, workshops: list[tuple[str, str]], theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Correct table or workshop")
        self.setModal(True)
        self.setStyleSheet(area_css(theme) + f"QDialog {{ background: {PAPER}; }}")
        layout = QVBoxLayout(self)
        margin = theme.px(32)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.px(18))
        layout.addWidget(label("Correct table or workshop", "heading", self))
        layout.addWidget(label("Use this when a kiosk was set up with the wrong label. "
                               "The order and criteria stay as the table left them.", "hint",
                               self))
        form = QFormLayout()
        form.setVerticalSpacing(theme.px(14))
        self.table_edit = QLineEdit(record.table, self)
        self.table_edit.setMaxLength(NAME_MAX)
        self.table_edit.setMinimumWidth(theme.px(520))
        self.workshop_box = QComboBox(self)
        current = record.workshop_id
        if current not in {wid for wid, _ in workshops}:
            # An imported ranking whose workshop is not set up here: keep it choosable.
            self.workshop_box.addItem(f"{record.workshop or 'Unknown workshop'} "
                                      "(not set up on this kiosk)", "")
        for workshop_id, text in workshops:
            self.workshop_box.addItem(text, workshop_id)
        index = self.workshop_box.findData(current)
        self.workshop_box.setCurrentIndex(max(0, index))
        for text, field in (("Table", self.table_edit), ("Workshop", self.workshop_box)):
            caption = label(text, "", self, wrap=False)
            caption.setMinimumHeight(theme.touch(60))  # level with the field's middle
            form.addRow(caption, field)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = button("Cancel", "secondary", self)
        self.save_button = button("Save correction", "primary", self)
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.accept)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        layout.addLayout(row)

    def table(self) -> str:
        return self.table_edit.text()

    def workshop_id(self) -> str | None:
        """The chosen workshop, or None to leave it as it is."""
        return self.workshop_box.currentData() or None


class RankingDetail(FacilitatorPage):
    closed = Signal()
    ranking_changed = Signal(str)
    ranking_deleted = Signal(str)

    def __init__(self, service: FacilitatorService, theme: Theme,
                 parent: QWidget | None = None):
        super().__init__(service, theme, parent)
        self.record: SavedRanking | None = None
        self.ask: Ask = asker(theme, self)
        # Runs a dialog and says whether it was accepted; tests replace it.
        self.run_dialog: Callable[[QDialog], bool] = \
            lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted
        px = theme.px
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(px(14))
        top = QHBoxLayout()
        self.back_button = button("◀ All rankings", "secondary", self)
        self.back_button.clicked.connect(self.closed)
        top.addWidget(self.back_button)
        self.title = label("", "title", self)
        top.addWidget(self.title, 1)
        outer.addLayout(top)
        self.message = label("", "error", self)
        self.message.hide()
        outer.addWidget(self.message)

        body = QHBoxLayout()
        body.setSpacing(px(24))
        self.replay = ReplayPanel(theme, self)
        body.addWidget(self.replay, 11)
        side = QFrame(self)
        side.setProperty("role", "panel")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(px(22), px(18), px(22), px(18))
        side_layout.setSpacing(px(12))
        self.facts = label("", "", side)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        side_layout.addWidget(self.facts)
        side_layout.addWidget(label("Criteria", "heading", side))
        self.criteria = label("", "", side)
        self.criteria.setTextFormat(Qt.TextFormat.RichText)
        side_layout.addWidget(self.criteria)
        side_layout.addWidget(label("Note", "heading", side))
        self.note = label("", "", side)
        side_layout.addWidget(self.note)
        side_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        drag_scrolling(scroll)
        self.page_scroll = scroll
        column = QVBoxLayout()
        column.setSpacing(px(12))
        column.addWidget(scroll, 1)
        self.correct_button = button("Correct table or workshop…", "secondary", self)
        self.delete_button = button("Delete this ranking…", "danger", self)
        self.correct_button.clicked.connect(self.open_correction)
        self.delete_button.clicked.connect(self.confirm_delete)
        column.addWidget(self.correct_button)
        column.addWidget(self.delete_button)
        body.addLayout(column, 9)
        outer.addLayout(body, 1)

    # ----- showing a ranking
    def show_ranking(self, ranking_id: str) -> bool:
        record = self._service.rankings.get(ranking_id)
        self.message.hide()
        if record is None:
            self.record = None
            self._say("That ranking is no longer saved.")
            return False
        self.record = record
        self._fill(record)
        return True

    def _fill(self, record: SavedRanking) -> None:
        service = self._service
        deck = record.deck
        lens_id = record.lens
        lens = service.catalog.lenses.get(lens_id)
        summary = service.rankings.summarize(record)
        self.title.setText(f"{summary.workshop or 'No workshop'} · {summary.table or '—'} — "
                           f"{summary.deck_title} · {service.names.lens_title(lens_id)}")
        # Workshop, table, deck and lens are in the title; these are what the title lacks.
        where = " · ".join(str(x) for x in (record.place, record.workshop_date)
                           if x)
        rows = [("Where, when", where or "—"),
                ("Completed", format_moment(summary.completed_at)),
                ("Time to agree", format_duration(summary.duration_s)),
                ("Card moves", "—" if summary.moves is None else str(summary.moves)),
                ("Acceptability line", self._cut_text(record)),
                ("Source", SOURCES.get(summary.source, summary.source or "—"))]
        if lens_id != "acceptability" and not record.tiers:
            rows.remove(("Acceptability line", "not drawn"))
        cells = "".join(f"<tr><td style='padding-right:14px; color:#4A5565'>{escape(k)}</td>"
                        f"<td><b>{escape(v)}</b></td></tr>" for k, v in rows)
        self.facts.setText(f"<table cellspacing='3'>{cells}</table>")
        self.criteria.setText(self._criteria_html(record))
        self.note.setText(self._note_text(record.note.strip()))
        self._fill_replay(record, deck, lens)

    @staticmethod
    def _note_text(note: str) -> str:
        if len(note) <= DETAIL_NOTE_MAX:
            return note or "No note."
        return (f"{shortened(note, DETAIL_NOTE_MAX)}\n\n(The note is {len(note):,} "
                f"characters long; the first {DETAIL_NOTE_MAX:,} are shown here. An export "
                "has all of it.)")

    @staticmethod
    def _cut_text(record: SavedRanking) -> str:
        above = record.cut
        if above is None:
            return "not drawn"
        return f"below place {above} ({above} acceptable, {len(record.tiers) - above} not)"

    @staticmethod
    def _criteria_html(record: SavedRanking) -> str:
        criteria = record.criteria
        if not criteria:
            return "No criteria stated."
        lines = []
        for criterion in sorted(criteria, key=lambda c: not c.primary):
            text = escape(shortened(criterion.text, DETAIL_CRITERION_MAX))
            own = " <i>(their own words)</i>" if criterion.origin == "own" else ""
            if criterion.primary:
                lines.append(f"<p style='margin:0 0 6px 0'>★ <b>{text}</b> — "
                             f"<b>primary</b>{own}</p>")
            else:
                lines.append(f"<p style='margin:0 0 6px 0'>• {text}{own}</p>")
        if not any(c.primary for c in criteria):
            lines.append("<p style='color:#4A5565'>No primary criterion marked.</p>")
        return "".join(lines)

    def _fill_replay(self, record: SavedRanking, deck: str, lens: object) -> None:
        service = self._service
        most = getattr(lens, "most", "most")
        least = getattr(lens, "least", "least")
        colour = self._theme.lens_colour(record.lens)

        def name(card: str) -> str:
            return f"{card} · {service.names.card_title(deck, card)}"

        positions = record.positions
        final = sorted(positions, key=lambda c: (positions[c], c))
        cut = record.cut
        if not record.log:
            why = ("No move log: this ranking was typed in from a paper session."
                   if record.source == "paper" else "No move log was kept.")
            self.replay.show_final(final, cut, name, most, least, colour, why)
            return
        try:
            frames = service.rankings.replay(record)
        except RankingError as exc:
            self.replay.show_final(final, cut, name, most, least, colour,
                                   f"The move log cannot be replayed: {exc}")
            return
        self.replay.set_frames(frames, name, most, least, colour)

    # ----- correcting and deleting
    def open_correction(self) -> None:
        if self.record is None:
            return
        choices = [(w.workshop_id, " · ".join(x for x in (w.name, w.place, w.date) if x))
                   for w in self._service.workshops.all()]
        dialog = CorrectDialog(self.record, choices, self._theme, self)
        if self.run_dialog(dialog):
            self.correct(dialog.table(), dialog.workshop_id())

    def correct(self, table: str | None, workshop_id: str | None) -> bool:
        if self.record is None:
            return False
        ranking_id = self.record.ranking_id
        try:
            record = self._service.rankings.update(ranking_id, table=table,
                                                  workshop_id=workshop_id)
        except SetupError as exc:
            self._say(str(exc))
            return False
        self.record = record
        self._fill(record)
        self._say("Correction saved.", "ok")
        self.ranking_changed.emit(ranking_id)
        return True

    def confirm_delete(self) -> bool:
        if self.record is None:
            return False
        summary = self._service.rankings.summarize(self.record)
        question = (f"Delete the {self._service.names.lens_title(summary.lens).lower()} ranking of "
                    f"{summary.table or 'this table'} ({summary.workshop or 'no workshop'}, "
                    f"{summary.deck_title})?\n\nIt cannot be brought back unless it was "
                    "exported.")
        if not self.ask("Delete this ranking?", question, "Delete"):
            return False
        ranking_id = summary.ranking_id
        self._service.rankings.delete(ranking_id)
        self.record = None
        self.ranking_deleted.emit(ranking_id)
        return True

    def _say(self, text: str, role: str = "error") -> None:
        self.message.setText(text)
        set_role(self.message, role)
        self.message.show()
