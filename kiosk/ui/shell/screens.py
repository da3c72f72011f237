"""The table's screens in one stack: the start screen, the board's page, and the criteria and
saved screens (built on first use, so the start screen appears sooner). They are filled
from the table's session when the flow (`kiosk.ui.shell.flow`) moves on, and their buttons
are wired to that flow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.services.table_session import TableSession
from kiosk.ui.shell.flow import BOARD, CRITERIA, FACILITATOR, POLL, SAVED, SEATS, START, TableFlow
from kiosk.ui.shell.start_screen import LensTile, StartScreen
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from PySide6.QtCore import QRect

    from kiosk.domain.lenses import Lens
    from kiosk.ui.board import BoardWidget
    from kiosk.ui.shell.board_banner import BoardBanner
    from kiosk.ui.shell.criteria_screen import CriteriaScreen
    from kiosk.ui.shell.poll_screen import PollScreen
    from kiosk.ui.shell.saved_screen import SavedScreen
    from kiosk.ui.shell.seats_screen import SeatsScreen
    from kiosk.ui.shell.turn import TurnablePage

BoardFactory = Callable[..., "BoardWidget"]  # (ranking, deck, lens, theme, parent) -> board
NOTHING_TO_RANK = ("No deck or lens could be loaded, so there is nothing to rank yet. "
                   "A facilitator needs to look at the kiosk's files.")
NEEDS_A_FACILITATOR = ("A facilitator has something to check on this kiosk — you can rank "
                       "as usual.")


def default_board_factory(*args: Any) -> BoardWidget:
    from kiosk.ui.board import BoardWidget

    return BoardWidget(*args)


class TableScreens:
    """The stack of screens (`stack`), implementing the flow's `FlowScreens`."""

    def __init__(self, window: QWidget, session: TableSession, theme: Theme, *,
                 problems: Callable[[], list[str]], shown: Callable[[str], None],
                 board_factory: BoardFactory = default_board_factory):
        self._window = window
        self._session = session
        self._theme = theme
        self._problems = problems
        self._shown = shown
        self._board_factory = board_factory
        self._flow: TableFlow | None = None
        self.board: BoardWidget | None = None
        self.stack = QStackedWidget(window)
        self.start_screen = StartScreen(theme, self.stack)
        self.board_page = QWidget(self.stack)
        self._board_layout = QVBoxLayout(self.board_page)
        self._board_layout.setContentsMargins(0, 0, 0, 0)
        # Over the board's header when its moves cannot be saved (a full disk); made when
        # first needed, never on the way to the first frame.
        self._board_problem: BoardBanner | None = None
        self.stack.addWidget(self.start_screen)
        self.stack.addWidget(self.board_page)
        self._criteria: CriteriaScreen | None = None
        self._saved: SavedScreen | None = None
        self._seats: SeatsScreen | None = None
        self._poll: PollScreen | None = None
        self._pages: dict[str, QWidget] = {START: self.start_screen, BOARD: self.board_page}
        # Which way the table faces (the rule: kiosk.ui.shell.turn): turned on the board, it
        # carries through the criteria and saved screens to the next lens's board; the start
        # screen is always upright, and a start from it begins upright.
        self.turned = False
        self._turnable: dict[str, TurnablePage] = {}
        self._field_tapped: list[Callable[[QWidget], None]] = []

    def follow(self, flow: TableFlow) -> None:
        """Wire the screens' buttons to `flow` (the flow is made with these screens)."""
        self._flow = flow
        self.start_screen.start_requested.connect(flow.start_fresh)
        self.start_screen.continue_requested.connect(flow.resume)
        self.start_screen.fresh_requested.connect(flow.start_fresh)

    def _followed(self) -> TableFlow:
        """The flow given to `follow` (made right after these screens, before any is shown)."""
        assert self._flow is not None, "TableScreens.follow(flow) was not called"
        return self._flow

    # ----- the parts built on first use
    @property
    def criteria_screen(self) -> CriteriaScreen:
        if self._criteria is None:
            from kiosk.ui.shell.criteria_screen import CriteriaScreen

            flow = self._followed()
            screen = CriteriaScreen(self._theme, self.stack)
            screen.changed.connect(flow.changed)
            screen.back_requested.connect(flow.to_board)
            screen.save_requested.connect(flow.save)
            screen.turn_requested.connect(self.turn_round)
            self._criteria = screen
            self._add_turnable(CRITERIA, screen)
        return self._criteria

    def criteria_if_built(self) -> CriteriaScreen | None:
        return self._criteria

    @property
    def saved_screen(self) -> SavedScreen:
        if self._saved is None:
            from kiosk.ui.shell.saved_screen import SavedScreen

            flow = self._followed()
            screen = SavedScreen(self._theme, self.stack)
            screen.next_requested.connect(flow.to_board)
            screen.finished.connect(flow.to_start)
            screen.timed_out.connect(lambda: self._saved_timed_out(flow, screen))
            screen.turn_requested.connect(self.turn_round)
            self._saved = screen
            self._add_turnable(SAVED, screen)
        return self._saved

    @staticmethod
    def _saved_timed_out(flow: TableFlow, screen: SavedScreen) -> None:
        if not flow.saved_timed_out():
            screen.wait_again()  # the PIN pad is up: the screen waits its time again

    def _add_turnable(self, name: str, screen: QWidget) -> None:
        from kiosk.ui.shell.style import shell_css
        from kiosk.ui.shell.turn import TurnablePage

        page = TurnablePage(screen, shell_css(self._theme), self.stack)
        for listener in self._field_tapped:
            page.field_tapped.connect(listener)
        self.stack.addWidget(page)
        self._pages[name] = self._turnable[name] = page

    # ----- which way the table faces
    def on_turned_field_tapped(self, listener: Callable[[QWidget], None]) -> None:
        """Call `listener(field)` when a press gives a field of a turned screen focus (which
        the application's focusChanged does not report: kiosk.ui.shell.turn)."""
        self._field_tapped.append(listener)
        for page in self._turnable.values():
            page.field_tapped.connect(listener)

    def face(self, turned: bool) -> None:
        """Face the table's screens the other way round (or back upright)."""
        self.turned = turned
        if self.board is not None and self.board.rotated != turned:
            self.board.set_rotated(turned)
        self._refit_banner()
        current = self.stack.currentWidget()
        for page in self._turnable.values():
            if page is current:
                page.set_turned(turned)

    def turn_round(self) -> None:
        self.face(not self.turned)

    # ----- FlowScreens
    def load_start(self) -> None:
        self._drop_board()
        self.turned = False  # the start screen faces whoever walks up
        session = self._session
        tiles = [LensTile(s.lens.id, s.lens.title, s.lens.question,
                          s.card.title if s.card is not None else s.deck.title,
                          s.lens.most, s.lens.least, len(s.deck.cards))
                 for s in session.steps]
        draft = session.draft_info()
        notice = ""
        if not session.ready:
            notice = NOTHING_TO_RANK
        elif self._problems():
            notice = NEEDS_A_FACILITATOR
        self.start_screen.show_state(session.heading, tiles, draft, session.ready, notice)
        self._window.setWindowTitle(f"Deliberation kiosk — {session.heading}")

    def load_board(self) -> None:
        """The board for the session's ranking: the same board refreshed, or a new one; either
        faces the way the table does (a table on the far side stays served)."""
        session = self._session
        if self.board is not None and self.board.ranking is session.ranking:
            self.board.refresh(animate=False)
            if self.board.rotated != self.turned:
                self.board.set_rotated(self.turned)
            return
        self._drop_board()
        step = session.step
        board = self._board_factory(session.ranking, step.deck, step.lens, self._theme,
                                    self.board_page)
        flow = self._followed()
        board.ranking_changed.connect(flow.changed)
        board.done_requested.connect(flow.to_criteria)
        board.turned.connect(self.face)
        if self.turned:
            board.set_rotated(True)
        self._board_layout.addWidget(board)
        self.board = board
        if self._board_problem is not None:
            self._board_problem.watch(board.view)

    def _drop_board(self) -> None:
        if self.board is not None:
            self._board_layout.removeWidget(self.board)
            self.board.hide()
            self.board.setParent(None)
            self.board.deleteLater()
            self.board = None

    def load_criteria(self) -> None:
        session = self._session
        ranking = session.ranking
        assert ranking is not None  # the flow shows the criteria only for a ranking
        following = None if session.is_last_step else \
            session.steps[session.step_index + 1].lens.title
        self.criteria_screen.load(ranking, session.step.lens, session.step_index + 1,
                                  len(session.steps), following)

    def load_saved(self, done: Lens, following: Lens | None) -> None:
        self.saved_screen.show_saved(
            done.title,
            None if following is None else (following.id, following.title, following.question),
            was_poll=done.id == "poll")

    # ----- a poll step (built on first use)
    @property
    def seats_screen(self) -> SeatsScreen:
        if self._seats is None:
            from kiosk.ui.shell.seats_screen import SeatsScreen

            screen = SeatsScreen(self._theme, self.stack)
            screen.chosen.connect(self._followed().seats_chosen)
            self.stack.addWidget(screen)
            self._seats = self._pages[SEATS] = screen
        return self._seats

    @property
    def poll_screen(self) -> PollScreen:
        if self._poll is None:
            from kiosk.ui.shell.poll_screen import PollScreen

            screen = PollScreen(self._theme, self.stack)
            screen.finished.connect(self._followed().poll_finished)
            self.stack.addWidget(screen)
            self._poll = self._pages[POLL] = screen
        return self._poll

    def load_seats(self) -> None:
        self._drop_board()
        from kiosk.services.table_session import PollStep

        step = self._session.step
        assert isinstance(step, PollStep)  # the flow asks the seats only for a poll step
        self.seats_screen.show_poll(step.poll.title, self._session.default_seats)

    def load_poll(self) -> None:
        self._drop_board()
        session = self._session.poll_session
        assert session is not None  # the flow shows the poll only with one begun
        self.poll_screen.show_session(session, self._session.step.card)

    def load_facilitator(self, area: QWidget) -> None:
        self.stack.addWidget(area)
        self._pages[FACILITATOR] = area

    def drop_facilitator(self, area: QWidget) -> None:
        if self._pages.get(FACILITATOR) is area:
            del self._pages[FACILITATOR]
        self.stack.removeWidget(area)
        area.deleteLater()

    def save_failed(self, error: Exception) -> None:
        from kiosk.services.table_session import describe_store_failure

        told = describe_store_failure(error)
        _log(f"a ranking could not be saved: {told}")
        self.criteria_screen.show_save_problem(
            f"Not saved: {told} Nothing is lost — the ranking stays "
            "here. Please tell the facilitator, then tap Save again.")

    @property
    def board_problem(self) -> BoardBanner:
        if self._board_problem is None:
            from kiosk.ui.shell.board_banner import BoardBanner

            self._board_problem = BoardBanner(self._theme, self.board_page, self._board_header)
            if self.board is not None:
                self._board_problem.watch(self.board.view)
        return self._board_problem

    def _board_header(self) -> tuple[QRect, bool] | None:
        """Where the board shows its header, in the board page's coordinates, and whether
        it is turned (the header then at the bottom); None without a board."""
        from PySide6.QtCore import QRect

        board = self.board
        if board is None:
            return None
        view = board.view
        header = view.mapFromScene(board.scene.geometry.header).boundingRect()
        return (QRect(view.viewport().mapTo(self.board_page, header.topLeft()), header.size()),
                board.rotated)

    def _refit_banner(self) -> None:
        if self._board_problem is not None and not self._board_problem.isHidden():
            self._board_problem.fit()

    def draft_failed(self, error: Exception) -> None:
        from kiosk.services.table_session import describe_store_failure

        told = describe_store_failure(error)
        text = (f"The last moves are not saved: {told} Carry on — "
                "please tell the facilitator; everything is saved once there is room.")
        if self.board_problem.isHidden() or self.board_problem.text() != text:
            _log(f"the table's moves could not be saved: {told}")  # once, not every move
        self.board_problem.setText(text)
        self.board_problem.show()
        self.board_problem.fit()
        if self._criteria is not None:
            self._criteria.show_save_problem(text)

    def draft_saved(self) -> None:
        if self._board_problem is not None and not self._board_problem.isHidden():
            self._board_problem.hide()
            if self._criteria is not None:
                self._criteria.show_save_problem("")

    def keep_note(self) -> None:
        self.criteria_screen.commit_typed()  # the note, and own words not yet added

    def show(self, screen: str) -> None:
        page = self._pages[screen]
        if screen != SAVED and self._saved is not None:
            self._saved.stop_return()
        turnable = self._turnable.get(screen)
        if turnable is not None:
            turnable.set_turned(self.turned)
        self._drop_text_focus(page)
        self.stack.setCurrentWidget(page)
        self._drop_text_focus(page)  # the stack may have handed focus to a field of `page`
        self._shown(screen)
        if screen == BOARD and self.board is not None:
            self.board.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def _drop_text_focus(self, page: QWidget) -> None:
        """A screen change takes focus out of any text field: the one being typed in, the
        one `page` had last, and the one the stack picks for `page` when focus was on the
        screen it leaves. Focus that lands in a field by itself would take keys meant for
        nothing, and a person arriving expects no cursor until they tap a field."""
        from kiosk.ui.shell.keyboard import is_text_field

        for field in (QApplication.focusWidget(), page.focusWidget()):
            if field is not None and is_text_field(field) and self.stack.isAncestorOf(field):
                field.clearFocus()


def _log(text: str) -> None:
    """What a table is told about a failed save goes to the service log (stderr) too."""
    import sys

    print(f"kiosk: {text}", file=sys.stderr)
