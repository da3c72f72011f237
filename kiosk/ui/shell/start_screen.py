"""The start (attract) screen: which workshop and table this kiosk is, the lens sequence,
and one big way in — "Start", or "Continue" and "Start fresh" when a ranking is parked.

It is built before the window's first frame, so it never touches PySide6's `Qt` namespace:
its labels and buttons get their enum-typed properties by name (`kiosk.ui.enum_property`),
and the mouse pointer over its buttons waits until `finish`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.table_session import DraftInfo
from kiosk.ui.enum_property import set_enum_property
from kiosk.ui.shell.style import LENS_MARK
from kiosk.ui.shell.widgets import page_layout, panel, set_pointer
from kiosk.ui.theme import Theme


def _label(text: str, kind: str, parent: QWidget | None = None, wrap: bool = True,
           centred: bool = False) -> QLabel:
    """`kiosk.ui.shell.widgets.label`, its Qt enums given by name."""
    widget = QLabel(text, parent)
    widget.setProperty("shell", kind)
    widget.setWordWrap(wrap)
    set_enum_property(widget, "textFormat", "PlainText")
    if centred:
        set_enum_property(widget, "alignment", "AlignCenter")
    return widget


def _button(text: str, kind: str, name: str, pointer: bool) -> QPushButton:
    """`kiosk.ui.shell.widgets.button`, its Qt enums given by name; `pointer` False leaves
    the mouse pointer to `StartScreen.finish`."""
    widget = QPushButton(text)
    widget.setProperty("shell", kind)
    widget.setObjectName(name)
    set_enum_property(widget, "focusPolicy", "TabFocus")  # a tap keeps a field's focus
    if pointer:
        set_pointer(widget)
    return widget


KICKER_RANKING = "Better use of data · a table's ranking"
KICKER_POLL = "Better use of data · a case-study poll"
KICKER_POLL_FIRST = "Better use of data · a case-study poll, then a table's ranking"
FRESH_RANKING = ("Start again from the first lens, as a new group? The unfinished ranking is "
                 "thrown away; saved ones stay saved.")
FRESH_POLL = ("Start again from the beginning, as a new group? The answers given so far in "
              "this poll are thrown away; everything already finished stays saved.")

class LensTile:
    """What one lens's tile shows. (A plain record: it needs no equality or hash.)"""

    __slots__ = ("lens_id", "title", "question", "deck_title", "most", "least", "cards")

    def __init__(self, lens_id: str, title: str, question: str, deck_title: str,
                 most: str = "", least: str = "", cards: int = 0):
        self.lens_id, self.title, self.question = lens_id, title, question
        self.deck_title, self.most, self.least, self.cards = deck_title, most, least, cards


class StartScreen(QWidget):
    start_requested = Signal()
    continue_requested = Signal()
    fresh_requested = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("StartScreen")
        px = theme.px
        body, layout = page_layout(self, (px(80), px(56), px(80), px(40)), px(18))

        self.kicker = _label(KICKER_RANKING, "hint", body)
        self.heading = _label("", "display", body)
        self.intro = _label("", "body", body)
        layout.addWidget(self.kicker)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addStretch(1)

        self.tiles_row = QHBoxLayout()
        self.tiles_row.setSpacing(px(14))
        layout.addLayout(self.tiles_row)
        layout.addStretch(1)

        self.draft_note = _label("", "heading", body, centred=True)
        layout.addWidget(self.draft_note)

        self.action_pages = QStackedWidget(body)
        self.action_pages.addWidget(self._fresh_actions())
        # "Continue" / "Start fresh" and its confirmation: made when a ranking is parked
        self._draft_row: QWidget | None = None
        self._pointers = False
        layout.addWidget(self.action_pages)
        layout.addStretch(1)

        self.notice = _label("", "hint", body, centred=True)
        layout.addWidget(self.notice)
        self._tiles: list[QWidget] = []

    # ----- the three ways in
    def _row(self, *widgets: QWidget) -> QWidget:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(self.theme.px(28))
        row.addStretch(1)
        for widget in widgets:
            widget.setParent(holder)
            row.addWidget(widget)
        row.addStretch(1)
        return holder

    def _fresh_actions(self) -> QWidget:
        self.start_button = _button("Start  ▶", "hero", name="StartButton", pointer=False)
        self.start_button.clicked.connect(self.start_requested)
        return self._row(self.start_button)

    def _draft_actions(self) -> None:
        if self._draft_row is not None:
            return
        pointer = self._pointers
        self._continue = _button("Continue  ▶", "hero", name="ContinueButton", pointer=pointer)
        self._fresh = _button("Start fresh", "secondary", name="FreshButton", pointer=pointer)
        self._continue.clicked.connect(self.continue_requested)
        self._fresh.clicked.connect(lambda: self.action_pages.setCurrentIndex(2))
        self._draft_row = self._row(self._continue, self._fresh)
        self.action_pages.addWidget(self._draft_row)
        self.action_pages.addWidget(self._confirm_actions())

    @property
    def continue_button(self) -> QPushButton:
        self._draft_actions()
        return self._continue

    @property
    def fresh_button(self) -> QPushButton:
        self._draft_actions()
        return self._fresh

    @property
    def keep_button(self) -> QPushButton:
        self._draft_actions()
        return self._keep

    @property
    def confirm_fresh_button(self) -> QPushButton:
        self._draft_actions()
        return self._confirm_fresh

    def _confirm_actions(self) -> QWidget:
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(self.theme.px(16))
        self.confirm_text = _label(FRESH_RANKING, "heading", holder, centred=True)
        column.addWidget(self.confirm_text)
        pointer = self._pointers
        self._keep = _button("No, keep it", "secondary", name="KeepButton", pointer=pointer)
        self._confirm_fresh = _button("Yes, start fresh", "danger", name="ConfirmFreshButton",
                                      pointer=pointer)
        self._keep.clicked.connect(lambda: self.action_pages.setCurrentIndex(1))
        self._confirm_fresh.clicked.connect(self.fresh_requested)
        column.addWidget(self._row(self._keep, self._confirm_fresh))
        return holder

    def finish(self) -> None:
        """What waits until just after the first frame: the mouse pointer over the buttons
        (setting it would build PySide6's `Qt` enums before that frame)."""
        self._pointers = True
        set_pointer(self.start_button)
        if self._draft_row is not None:
            set_pointer(self._continue, self._fresh, self._keep, self._confirm_fresh)

    # ----- what it shows
    def show_state(self, heading: str, tiles: list[LensTile], draft: DraftInfo | None,
                   can_start: bool = True, notice: str = "") -> None:
        self.heading.setText(heading)
        count = sum(1 for tile in tiles if tile.lens_id != "poll")
        polls = len(tiles) - count
        poll_first = bool(tiles) and tiles[0].lens_id == "poll"
        # The words follow the sequence the facilitator set: what the table does first.
        self.kicker.setText(KICKER_RANKING if not poll_first else
                            KICKER_POLL_FIRST if count else KICKER_POLL)
        a_poll = "a case-study poll" if polls == 1 else f"{polls} case-study polls"
        times = {2: "twice", 3: "three times", 4: "four times"}.get(count, f"{count} times")
        order = (f"put the example cards in order together — {times}, each time through a "
                 "different lens" if count > 1 else "put the example cards in order together")
        if count == 0:
            self.intro.setText(f"Each of you answers {a_poll} for yourself." if polls else "")
        elif poll_first:
            self.intro.setText(f"First, each of you answers {a_poll} for yourself. Then "
                               f"{order}, and say what mattered to you.")
        else:
            also = f" Each of you also answers {a_poll} for yourself." if polls else ""
            then = ". Then say" if count > 1 else ", then say"
            self.intro.setText(f"{order[0].upper()}{order[1:]}{then} what mattered to "
                               f"you.{also}")
        self._build_tiles(tiles, draft)
        if draft is None:
            self.draft_note.hide()
            self.action_pages.setCurrentIndex(0)
        else:
            self.draft_note.setText(self._draft_text(draft))
            self.draft_note.show()
            self._draft_actions()
            self.confirm_text.setText(FRESH_POLL if draft.phase == "poll" else FRESH_RANKING)
            self.action_pages.setCurrentIndex(1)
        self.start_button.setEnabled(can_start)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    @staticmethod
    def _draft_text(draft: DraftInfo) -> str:
        if draft.phase == "board" and draft.placed == 0:
            if draft.step > 0:
                return f"Your earlier rankings are saved. Next: {draft.lens_title}."
            return f"{draft.lens_title} is ready to begin."
        if draft.phase == "poll":
            # the title last, in quotes: its own "?" does not run into the sentence
            return (f"A poll is waiting at stage {draft.placed + 1} of {draft.total}: "
                    f"“{draft.lens_title}”")
        where = (f"{draft.placed} of {draft.total} cards placed" if draft.phase == "board"
                 else "choosing criteria")
        when = ""
        if draft.last_change is not None:
            when = f" · last touched at {draft.last_change.astimezone():%H:%M}"
        return f"A ranking is waiting: {draft.lens_title}, {where}{when}."

    def _build_tiles(self, tiles: list[LensTile], draft: DraftInfo | None) -> None:
        for tile in self._tiles:
            tile.setParent(None)
            tile.deleteLater()
        self._tiles = []
        while self.tiles_row.count():
            self.tiles_row.takeAt(0)
        for index, info in enumerate(tiles):
            if index:
                arrow = _label("→", "title", self, wrap=False, centred=True)
                self.tiles_row.addWidget(arrow)
                self._tiles.append(arrow)
            state = ""
            if draft is not None:
                state = ("✓ saved" if index < draft.step
                         else "in progress" if index == draft.step else "")
            tile = self._tile(index + 1, info, state)
            self.tiles_row.addWidget(tile, 1)
            self._tiles.append(tile)

    def _tile(self, number: int, info: LensTile, state: str) -> QWidget:
        px = self.theme.px
        tile = panel(self)
        column = QVBoxLayout(tile)
        column.setContentsMargins(0, 0, 0, px(22))
        column.setSpacing(px(14))
        band = panel(tile, "band")
        band.setProperty("lens", info.lens_id)  # its colour: see style.shell_css
        band_row = QHBoxLayout(band)
        band_row.setContentsMargins(px(22), px(16), px(22), px(16))
        title = _label(f"{number}  {LENS_MARK.get(info.lens_id, '')}  {info.title}",
                      "onband", band, wrap=False)
        band_row.addWidget(title, 1)
        if state:
            band_row.addWidget(_label(state, "onband-small", band, wrap=False))
        column.addWidget(band)
        question = _label(info.question, "body", tile)
        question.setContentsMargins(px(22), 0, px(22), 0)
        column.addWidget(question)
        if info.most and info.least:
            last = info.cards or "last"
            scale = _label(f"▲ 1 = {info.most}\n▼ {last} = {info.least}", "hint", tile)
            scale.setContentsMargins(px(22), 0, px(22), 0)
            column.addWidget(scale)
        column.addStretch(1)
        deck = _label(f"Case study: {info.deck_title}" if info.lens_id == "poll" else
                      f"Cards: {info.deck_title}", "hint", tile)
        deck.setContentsMargins(px(22), 0, px(22), 0)
        deck.setProperty("lens", info.lens_id)
        column.addWidget(deck)
        return tile
