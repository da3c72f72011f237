"""The flow of a table's screens, without Qt: start → board → criteria → saved → the next
lens's board (or back to the start after the last), a ranking parked as a draft when the
table walks away, and the facilitator's area behind the PIN.

`TableFlow` decides which screen comes next and what the table's session does on the way
(start, resume, save a draft, finish, park). What a screen looks like is left to the ports
it is given: `FlowScreens` (the Qt screens, `kiosk.ui.shell.screens`), `IdleSwitch` (the
idle countdown) and `FacilitatorDoor` (the PIN pad and the facilitator's area). Its tests
hand it plain fakes (tests/test_shell_flow.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kiosk.domain.lenses import Lens

START = "start"
BOARD = "board"
CRITERIA = "criteria"
SAVED = "saved"
SEATS = "seats"  # a poll step: how many sit at the table
POLL = "poll"  # a poll step: each seat's own answers
FACILITATOR = "facilitator"
SCREENS = (START, BOARD, CRITERIA, SAVED, SEATS, POLL, FACILITATOR)
# Where a table has a ranking in hand: leaving one of these parks it as a draft.
TABLE_SCREENS = (BOARD, CRITERIA, SAVED, SEATS, POLL)
# Where the idle countdown watches for a table that has walked away. The saved screen is
# watched only when another lens follows (after the last it returns to the start itself).
WATCHED = (BOARD, CRITERIA, SEATS, POLL)


class FlowSession(Protocol):
    """The part of kiosk.services.table_session.TableSession the flow uses."""

    ranking: Any  # kiosk.domain.ranking.Ranking | None
    poll_session: Any  # kiosk.services.poll_session.PollSession | None (a poll step)
    phase: str

    @property
    def step(self) -> Any: ...  # the current Step: .lens
    def start_fresh(self) -> Any: ...
    def resume(self) -> Any: ...
    def save_draft(self, phase: str | None = None) -> None: ...
    def finish(self) -> bool: ...
    def park(self) -> None: ...
    def reload(self) -> None: ...
    def begin_poll(self, seats: int) -> Any: ...
    def finish_poll(self) -> bool: ...


class FlowScreens(Protocol):
    """What the flow asks of the screens: fill one with the session's state, then bring it
    to the front."""

    def load_start(self) -> None: ...
    def load_board(self) -> None: ...
    def load_criteria(self) -> None: ...
    def load_seats(self) -> None: ...
    def load_poll(self) -> None: ...
    def load_saved(self, done: Lens, following: Lens | None) -> None: ...
    def load_facilitator(self, area: Any) -> None: ...
    def drop_facilitator(self, area: Any) -> None: ...
    def save_failed(self, error: Exception) -> None: ...
    def draft_failed(self, error: Exception) -> None: ...
    def draft_saved(self) -> None: ...
    def keep_note(self) -> None: ...
    def show(self, screen: str) -> None: ...


class IdleSwitch(Protocol):
    def arm(self) -> None: ...
    def disarm(self) -> None: ...


class FacilitatorDoor(Protocol):
    """The PIN pad and what it opens: the facilitator's area (a screen of its own)."""

    @property
    def pad_open(self) -> bool: ...  # the PIN pad is up (a facilitator is typing)
    def close_pad(self) -> None: ...
    def open_area(self) -> Any: ...
    def close_area(self) -> Any: ...  # the area that was open, or None


class TableFlow:
    """The table's screens as a state machine; `screen` is the one in front."""

    def __init__(self, session: FlowSession, screens: FlowScreens, idle: IdleSwitch,
                 facilitator: FacilitatorDoor):
        self._session = session
        self._screens = screens
        self._idle = idle
        self._facilitator = facilitator
        self.screen = ""
        # A setup that arrived from the room's hub while the table was busy: applied when
        # the table is back on the start screen, never in the middle of a ranking.
        self.reload_when_back = False

    # ----- the table's way through the sequence
    def to_start(self) -> None:
        """The start screen, showing the session as it is now; any PIN pad closes."""
        if self.reload_when_back:
            self.reload_when_back = False
            self._session.reload()
        self._facilitator.close_pad()
        self._screens.load_start()
        self._enter(START)

    def start_fresh(self) -> None:
        """Start (or "Start fresh"): any parked ranking is discarded, the first lens begins."""
        self._session.start_fresh()
        self.to_board()

    def resume(self) -> None:
        """Continue the parked ranking on the screen it was left on."""
        from kiosk.domain.ranking import RankingError

        try:
            self._session.resume()
        except RankingError:
            self.to_start()  # the session now lists why; the start screen says so
            return
        if self._session.phase == CRITERIA:
            self.to_criteria()
        else:
            self.to_board()

    def to_board(self) -> None:
        """The current step's screen: its ranking's board, or for a poll step the seats
        question and then the poll (the start screen when there is nothing to show)."""
        step = self._session.step if self._session.phase in ("seats", "poll") else None
        if step is not None and getattr(step, "is_poll", False):
            if self._session.poll_session is None:
                self._screens.load_seats()
                self._enter(SEATS)
            else:
                self._screens.load_poll()
                self._enter(POLL)
            return
        if self._session.ranking is None:
            self.to_start()
            return
        self._screens.load_board()
        self._keep_draft(BOARD)
        self._enter(BOARD)

    def to_criteria(self) -> None:
        """Criteria for a complete ranking (back to its board while it is not complete)."""
        ranking = self._session.ranking
        if ranking is None or not ranking.complete:
            self.to_board()
            return
        self._screens.load_criteria()
        self._keep_draft(CRITERIA)
        self._enter(CRITERIA)

    def changed(self) -> None:
        """The ranking changed on the board or the criteria screen: its draft is saved. A
        draft that cannot be written (a full disk) is said on screen; the board goes on, and
        the next change that can be written saves everything."""
        self._keep_draft()

    def _keep_draft(self, phase: str | None = None) -> bool:
        """Save the draft (on every change and every change of screen). One the store
        refuses (a full or read-only data folder) is held in memory by the session and said
        on screen; the table goes on either way. True when it was written."""
        try:
            self._session.save_draft(phase)
        except Exception as exc:  # noqa: BLE001 - a store error: a message, not a traceback
            self._screens.draft_failed(exc)
            return False
        self._screens.draft_saved()
        return True

    def save(self) -> None:
        """Store the finished ranking; the saved screen offers the next lens, if any. A store
        error keeps the table on the criteria screen with nothing lost."""
        done = self._session.step.lens
        try:
            more = self._session.finish()
        except Exception as exc:  # noqa: BLE001 - a store error: a message, not a traceback
            self._screens.save_failed(exc)
            return
        self._screens.load_saved(done, self._session.step.lens if more else None)
        self._enter(SAVED, watched=more)

    # ----- a poll step
    def saved_timed_out(self) -> bool:
        """The all-done screen waited its time: back to the start screen, but only from that
        screen (a timer that outlived it must not pull the start screen over whatever came
        next, the facilitator's area included) and not while the PIN pad is up. True when it
        returned; False asks the screen to wait again."""
        if self.screen != SAVED:
            return True  # nothing to wait for any more
        if self._facilitator.pad_open:
            return False
        self.to_start()
        return True

    def seats_chosen(self, seats: int) -> None:
        """The table said how many sit at it: the poll begins."""
        self._session.begin_poll(seats)
        self.to_board()

    def poll_finished(self) -> None:
        """The poll's last stage is done (its answers stored): the saved screen, and the
        next step if any."""
        done = self._session.step.lens
        more = self._session.finish_poll()
        self._screens.load_saved(done, self._session.step.lens if more else None)
        self._enter(SAVED, watched=more)

    def park(self) -> None:
        """Put the ranking aside as a draft (nothing lost) and return to the start screen. A
        draft the store refuses is held in memory by the session (offered back on the start
        screen, and said to the facilitator): the start screen comes all the same."""
        if self.screen == CRITERIA:
            self._screens.keep_note()
        if self._session.ranking is not None or self._session.poll_session is not None:
            try:
                self._session.park()
            except Exception as exc:  # noqa: BLE001 - a store error: held, and said
                from kiosk.services.failures import describe_store_failure

                _log("the table's parked ranking is held in memory, not saved: "
                     f"{describe_store_failure(exc)}")
        self.to_start()

    idle_expired = park

    def closing(self) -> None:
        """The window is closing: a note being typed goes into the draft."""
        if self.screen == CRITERIA:
            self._screens.keep_note()

    # ----- the facilitator, behind the PIN
    def open_facilitator(self) -> None:
        """The right PIN: a table's ranking is parked and the facilitator's area comes up."""
        if self.screen in TABLE_SCREENS:
            self.park()
        self._screens.load_facilitator(self._facilitator.open_area())
        self._enter(FACILITATOR)

    def close_facilitator(self) -> None:
        """Back from the facilitator's area to the start screen."""
        area = self._facilitator.close_area()
        self.to_start()
        if area is not None:
            self._screens.drop_facilitator(area)

    def _enter(self, screen: str, watched: bool | None = None) -> None:
        self.screen = screen
        self._screens.show(screen)
        if screen in WATCHED if watched is None else watched:
            self._idle.arm()
        else:
            self._idle.disarm()


def _log(text: str) -> None:
    """What the table cannot be told (it has walked away) goes to the service log."""
    import sys

    print(f"kiosk: {text}", file=sys.stderr)
