"""The table's session: which workshop and table this kiosk serves, the lens sequence, the
ranking in progress and its draft. The one service between the store and the table's
screens (the screens never see the store).

A draft is the ranking's own draft (context + move log) plus where the table is in the
sequence (`step`) and on which screen (`phase`: "board" or "criteria"); resuming replays it
exactly. A draft is written on every change, so a power cut loses at most the change being
made. No Qt here.

The ranking module (and datetime) is imported where a ranking is made or replayed: a start
screen with no ranking parked never needs it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kiosk.domain.workshop import KioskSettings, LensStep, Workshop
from kiosk.services.catalog import Catalog
from kiosk.services.failures import describe_store_failure as describe_store_failure  # re-exported
from kiosk.services.failures import save_failures
from kiosk.services.held_drafts import HeldDrafts
from kiosk.services.table_steps import AnyStep
from kiosk.services.table_steps import DraftInfo as DraftInfo  # re-exported
from kiosk.services.table_steps import PollStep as PollStep
from kiosk.services.table_steps import Step as Step

if TYPE_CHECKING:
    from datetime import date, datetime

    from kiosk.domain.pin import PinGate
    from kiosk.domain.ranking import Ranking, RankingContext
    from kiosk.services.poll_session import PollSession
    from kiosk.services.ports import SessionStore
    from kiosk.services.room.apply import Filed

PHASES = ("board", "criteria")
POLL_PHASES = ("seats", "poll")  # choosing how many sit at the table; answering
PIN_LOCKOUT_KEY = "pin_lockout"  # in the settings document: wrong tries and lock-out left
CRITERIA_OPS = ("criterion_add", "criterion_remove", "primary", "note")


def _untouched(ranking: Ranking, step: int) -> bool:
    """The first lens's board as it was dealt, not one move made: nothing a table would
    want back, so it is never parked (nor offered) as a draft. A later lens's untouched
    board is kept: it holds the table's place in the sequence ("Your earlier rankings are
    saved. Next: Risk.")."""
    return step == 0 and not ranking.log


def no_workshop_notice(workshop: Workshop, settings: KioskSettings) -> str:
    """What the facilitator is told while the kiosk runs on the workshop a first start made
    up: the board works, but its rankings need a workshop and table the room can tell apart."""
    return (f"No workshop set yet: rankings are saved as “{workshop.label}”, "
            f"“{settings.table}”. To name it, type the workshop’s name, place and date "
            "in Setup and tap “Save changes” (or run `kiosk setup` at a keyboard).")


def utc_now() -> datetime:
    from kiosk.domain.ranking import utc_now

    return utc_now()


def undo_stack_ops(log: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The operation names on the undo and redo stacks after `log`, top last.
    Lets the criteria screen offer Undo only for its own steps, never a card move."""
    undo: list[str] = []
    redo: list[str] = []
    for entry in log:
        op = entry.get("op")
        if op == "undo":
            if undo:
                redo.append(undo.pop())
        elif op == "redo":
            if redo:
                undo.append(redo.pop())
        else:
            undo.append(str(op))
            redo.clear()
    return undo, redo


class TableSession:
    def __init__(self, store: SessionStore, catalog: Catalog,
                 clock: Callable[[], datetime] = utc_now, today: date | None = None,
                 monotonic: Callable[[], float] | None = time.monotonic):
        """`monotonic`: what durations are measured on (None: the wall `clock`, for a
        simulated one in tests)."""
        self._store = store
        # The draft slot, held in memory while the data folder cannot take it
        self._drafts = HeldDrafts(store)
        self._held_notice: str | None = None
        self.catalog = catalog
        self._clock = clock
        self._monotonic = monotonic
        self._today = today
        self.problems: list[str] = []
        self.setup_hint = ""  # what the facilitator could set up next (no workshop set yet)
        self.ranking: Ranking | None = None
        self.poll_session: PollSession | None = None
        self.step_index = 0
        self.phase = "board"
        self.reload()

    # ----- settings and workshop
    def reload(self) -> None:
        """(Re)read settings and workshop; on a first run create a usable default."""
        self.problems = []
        doc = self._store.get_settings() or {}
        settings = KioskSettings.from_doc(doc)
        changed = not doc
        if doc.get("pin") is not None and settings.pin is None and not doc.get("pin_lost"):
            doc = {**doc, "pin_lost": True}  # a PIN field that is no PIN hash: the PIN is lost
            changed = True
        workshop_doc = (self._store.get_workshop(settings.workshop_id)
                        if settings.workshop_id else None)
        if workshop_doc is None:
            today = self._today or self._clock().astimezone().date()
            workshop = Workshop.default_for(today)
            try:
                self._store.save_workshop(workshop.to_doc())
            except save_failures():
                pass  # said once, with the settings, just below
            settings = replace(settings, workshop_id=workshop.workshop_id)
            changed = True
        else:
            workshop = Workshop.from_doc(workshop_doc)
        if changed:  # what the settings do not cover (a lost PIN's mark…) is kept
            try:
                self._store.save_settings({**doc, **settings.to_doc()})
            except save_failures() as exc:  # full or read-only: the board works, told
                self.problems.append(f"{describe_store_failure(exc)} This kiosk's first "
                                     "settings could not be saved yet.")
        self.settings = settings
        self.workshop = workshop
        # A kiosk not set up yet is no problem: a hint for the facilitator, not the table
        self.setup_hint = no_workshop_notice(workshop, settings) if workshop.provisional else ""
        self.steps = self._resolve_steps(settings.sequence)
        self._held_notice = None
        self._tell_held()

    def _resolve_steps(self, sequence: tuple[LensStep, ...]) -> list[AnyStep]:
        steps: list[AnyStep] = []
        for step in sequence:
            if step.is_poll:
                poll = self.catalog.polls.get(step.poll)
                deck = self.catalog.deck(poll.deck) if poll is not None else None
                if poll is None or deck is None:
                    self.problems.append(f"poll '{step.poll}' is not available; step skipped")
                else:
                    card = deck.card(poll.card) if deck.has_card(poll.card) else None
                    steps.append(PollStep(len(steps), poll, deck, card))
                continue
            lens = self.catalog.lenses.get(step.lens)
            deck = self.catalog.deck(step.deck)
            if lens is None:
                self.problems.append(f"lens '{step.lens}' is not available; step skipped")
            elif deck is None:
                self.problems.append(f"{lens.title}: deck '{step.deck}' is not installed; "
                                     "step skipped")
            else:
                steps.append(Step(len(steps), lens, deck))
        if not any(not s.is_poll for s in steps) and self.catalog.lenses \
                and self.catalog.decks.ids() and not steps:
            # Nothing usable was set up: rank the first deck through every lens rather than
            # show a table a dead screen.
            deck = self.catalog.decks[self.catalog.decks.ids()[0]]
            steps = [Step(i, lens, deck) for i, lens in enumerate(self.catalog.lenses.values())]
        return steps

    @property
    def heading(self) -> str:
        """What the start screen says this kiosk is: "Manchester · Table 3"."""
        return f"{self.workshop.label} · {self.settings.table}"

    @property
    def sequence_text(self) -> str:
        return " → ".join(step.lens.title for step in self.steps)

    @property
    def ready(self) -> bool:
        return bool(self.steps)

    @property
    def idle_timeout_s(self) -> int:
        return self.settings.idle_timeout_s

    @property
    def pin_hash(self) -> dict[str, Any] | None:
        return self.settings.pin

    def pin_gate(self, monotonic: Callable[[], float]) -> PinGate:
        """The PIN pad's gate, carrying on from the wrong tries and lock-out kept in the
        settings (a restart never hands out fresh tries), and keeping them as they change."""
        from kiosk.domain.pin import PinGate
        from kiosk.services.pin_choice import keep_tries

        def keep(state: dict[str, Any]) -> str | None:
            return keep_tries(self._store, PIN_LOCKOUT_KEY, state, self.settings.to_doc())

        doc = self._store.get_settings() or {}
        # A PIN field that is there but no PIN hash (damaged, edited) means the kiosk had
        # a PIN: lost, never "not chosen yet".
        damaged = doc.get("pin") is not None and self.pin_hash is None
        return PinGate.resumed(self.pin_hash, monotonic, doc.get(PIN_LOCKOUT_KEY), keep,
                               lost=doc.get("pin_lost") is True or damaged)

    def set_pin(self, pin: str) -> dict[str, Any]:
        """Store a new PIN (salted scrypt hash only) and return the stored form; raises
        PinChoiceError with a readable reason (the same rule as the facilitator's setup)."""
        from kiosk.services.pin_choice import store_new_pin

        store_new_pin(self._store, pin, base=self.settings.to_doc())
        self.settings = KioskSettings.from_doc(self._store.get_settings())
        stored = self.settings.pin
        assert stored is not None
        return stored

    @property
    def slot(self) -> str:
        return self.settings.kiosk_id

    def context(self) -> RankingContext:
        from kiosk.domain.ranking import RankingContext

        w = self.workshop
        return RankingContext(workshop_id=w.workshop_id, workshop=w.name, place=w.place,
                              workshop_date=w.date, table=self.settings.table,
                              kiosk_id=self.settings.kiosk_id)

    @property
    def step(self) -> AnyStep:
        return self.steps[self.step_index]

    @property
    def is_last_step(self) -> bool:
        return self.step_index >= len(self.steps) - 1

    # ----- drafts
    def draft_info(self) -> DraftInfo | None:
        """The parked ranking, if one can be resumed; None otherwise (a draft that cannot be
        replayed is reported in `problems` and offered only as "start fresh")."""
        doc = self._drafts.get_draft(self.slot)
        if not doc:
            return None
        from kiosk.domain.ranking import RankingError, parse_iso

        if doc.get("kind") == "poll":
            return self._poll_draft_info(doc)
        try:
            ranking, step, phase = self._replay_draft(doc)
        except RankingError as exc:
            message = f"The unfinished ranking could not be restored ({exc})."
            if message not in self.problems:
                self.problems.append(message)
            return None
        if _untouched(ranking, step):
            return None  # nothing to continue: a plain Start is the same
        last = parse_iso(ranking.log[-1]["t"]) if ranking.log else None
        return DraftInfo(step, self.steps[step].lens.title, ranking.placed_count,
                         len(ranking.cards), phase, last)

    def _poll_step_of(self, doc: dict[str, Any]) -> PollStep | None:
        return next((s for s in self.steps
                     if isinstance(s, PollStep) and s.poll.id == doc.get("poll")), None)

    def _poll_draft_info(self, doc: dict[str, Any]) -> DraftInfo | None:
        step = self._poll_step_of(doc)
        if step is None:
            message = (f"The unfinished poll could not be restored (the sequence no longer "
                       f"has poll '{doc.get('poll')}').")
            if message not in self.problems:
                self.problems.append(message)
            return None
        raw = doc.get("stage")
        stage = raw if isinstance(raw, int) and not isinstance(raw, bool) else 0
        return DraftInfo(step.index, step.poll.title, stage, len(step.poll.stages),
                         "poll", None)

    def _replay_draft(self, doc: dict[str, Any]) -> tuple[Ranking, int, str]:
        from kiosk.domain.ranking import Ranking, RankingError

        ranking = Ranking.from_draft(doc, clock=self._clock, monotonic=self._monotonic)
        stored_step = doc.get("step")
        matches = [s.index for s in self.steps
                   if s.lens.id == ranking.lens and s.deck.id == ranking.deck_id]
        if not matches:
            raise RankingError(f"the sequence no longer has {ranking.lens} with deck "
                               f"'{ranking.deck_id}'")
        step = stored_step if stored_step in matches else matches[0]
        deck = self.steps[step].deck
        if set(ranking.cards) != set(deck.card_ids):
            raise RankingError(f"deck '{deck.id}' has changed since the ranking began")
        stored_phase = doc.get("phase")
        phase = (stored_phase if isinstance(stored_phase, str) and stored_phase in PHASES
                 else "board")
        if phase == "criteria" and not ranking.complete:
            phase = "board"
        return ranking, step, phase

    def resume(self) -> Ranking | None:
        """Take the parked ranking (or poll: then None, and `poll_session` is it) back
        exactly as it was."""
        doc = self._drafts.get_draft(self.slot)
        if not doc:
            from kiosk.domain.ranking import RankingError

            raise RankingError("there is no unfinished ranking")
        if doc.get("kind") == "poll":
            self._resume_poll(doc)
            return None
        self.poll_session = None
        self.ranking, self.step_index, self.phase = self._replay_draft(doc)
        return self.ranking

    def _resume_poll(self, doc: dict[str, Any]) -> None:
        from kiosk.domain.ranking import RankingError
        from kiosk.services.poll_session import PollDraftError, PollSession

        step = self._poll_step_of(doc)
        if step is None:
            raise RankingError(f"the sequence no longer has poll '{doc.get('poll')}'")
        try:
            session = PollSession.resume(self._drafts, step.poll, self.slot,
                                         file_under=self._file_under)
        except PollDraftError as exc:
            message = f"The unfinished poll could not be restored ({exc})."
            if message not in self.problems:
                self.problems.append(message)
            raise RankingError(str(exc)) from None
        self.ranking, self.poll_session = None, session
        self.step_index, self.phase = step.index, "poll"

    def start_fresh(self) -> Ranking | None:
        """Discard any parked ranking and begin the sequence again (a new group)."""
        self._drafts.delete_draft(self.slot)  # a deletion the store refuses is held
        self.problems = [p for p in self.problems if "could not be restored" not in p]
        self._tell_held()
        return self._begin(0)

    def _begin(self, index: int) -> Ranking | None:
        from kiosk.domain.ranking import Ranking, RankingError

        if not self.steps:
            raise RankingError("no lens and deck are available to rank")
        self.step_index = index
        self.phase = "board"
        self.poll_session = None
        step = self.step
        if isinstance(step, PollStep):
            # The seats are asked first (begin_poll); the poll's draft starts with them.
            self.ranking, self.phase = None, "seats"
            return None
        self.ranking = Ranking(step.deck.id, step.lens.id, tuple(step.deck.card_ids),
                               self.context(), clock=self._clock, monotonic=self._monotonic)
        try:
            self.save_draft()
        except save_failures():
            pass  # held in memory and told (`problems`); the table begins as usual
        return self.ranking

    # ----- a case-study poll step
    @property
    def default_seats(self) -> int:
        return self.settings.seats

    def begin_poll(self, seats: int) -> PollSession:
        """The table said how many sit at it: the poll of the current step begins (and is
        parked at once, so a power cut loses nothing)."""
        from kiosk.services.poll_session import PollSession

        step = self.step
        if not isinstance(step, PollStep):
            raise ValueError("the current step is not a poll")
        w = self.workshop
        context = {"workshop_id": w.workshop_id, "workshop": w.name, "place": w.place,
                   "workshop_date": w.date, "table": self.settings.table,
                   "kiosk_id": self.settings.kiosk_id}
        self.poll_session = PollSession(self._drafts, step.poll, context, seats, self.slot,
                                        file_under=self._file_under)
        self.phase = "poll"
        return self.poll_session

    def finish_poll(self) -> bool:
        """After the poll's last stage (its run already stored by the session): on to the
        next step. True when another step follows (begun), False after the last."""
        self.poll_session = None
        if self.is_last_step:
            self.step_index, self.phase = 0, "board"
            return False
        self._begin(self.step_index + 1)
        return True

    def save_draft(self, phase: str | None = None) -> None:
        """Autosave: called on every change to the ranking and on every change of screen.
        A draft the store refuses (a full or read-only data folder) is held in memory, said
        in `problems`, and its error raised for the screens to tell."""
        try:
            self._save_draft(phase)
        finally:
            self._tell_held()

    def _tell_held(self) -> None:
        """`problems` says whether a draft is held in memory (it goes when written)."""
        notice = self._drafts.notice()
        if notice == self._held_notice:
            return
        if self._held_notice in self.problems:
            self.problems.remove(self._held_notice)
        if notice is not None:
            self.problems.append(notice)
        self._held_notice = notice

    def _save_draft(self, phase: str | None) -> None:
        if self.poll_session is not None:
            self.poll_session.save_draft()
            return
        if phase is not None:
            if phase not in PHASES:
                raise ValueError(f"phase must be one of {PHASES}")
            self.phase = phase
        if self.ranking is None or _untouched(self.ranking, self.step_index):
            return
        self._drafts.save_draft(self.slot, {**self.ranking.to_draft(),
                                           "step": self.step_index, "phase": self.phase})

    @property
    def keeps_a_draft(self) -> bool:
        """Would parking now keep something to continue (not a first board as dealt)?"""
        if self.poll_session is not None:
            return True
        return self.ranking is not None and not _untouched(self.ranking, self.step_index)

    def park(self) -> None:
        """Leave the board for the start screen with nothing lost: a draft the store refuses
        is held in memory, offered back on the start screen (and the error raised)."""
        try:
            self.save_draft()
        finally:
            self.ranking = None
            self.poll_session = None

    # ----- finishing
    def _file_under(self, record: Filed) -> Filed:
        """A setup the hub sent while the table ranked or polled (or parked) files it."""
        from kiosk.services.room.apply import under_current_setup
        return under_current_setup(self._store, record)

    def finish(self) -> bool:
        """Store the completed ranking and move on. Returns True when another lens follows
        (its fresh ranking is then current and already saved as a draft), False after the
        last lens (no draft is left)."""
        if self.ranking is None:
            from kiosk.domain.ranking import RankingError

            raise RankingError("no ranking in progress")
        self._drafts.complete(self._file_under(self.ranking.to_record()), self.slot)
        if self.is_last_step:
            self.ranking = None
            self.step_index = 0
            self.phase = "board"
            return False
        self._begin(self.step_index + 1)
        return True

    # ----- helpers for the criteria screen
    def criteria_can_undo(self) -> bool:
        if self.ranking is None:
            return False
        undo, _ = undo_stack_ops(self.ranking.log)
        return bool(undo) and undo[-1] in CRITERIA_OPS

    def criteria_can_redo(self) -> bool:
        if self.ranking is None:
            return False
        _, redo = undo_stack_ops(self.ranking.log)
        return bool(redo) and redo[-1] in CRITERIA_OPS
