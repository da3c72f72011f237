"""A table's case-study poll in progress: which stage the table is at, each seat's own
answer to each stage, and whether the stage's answers have been revealed. No Qt here.

The reveal rule (the issue's words: "nobody sees anyone's answer until every seat has
answered or the table taps Reveal; then the table's spread is shown"):

- a stage's spread is hidden until it is revealed, and `spread()` refuses before then;
- the stage is revealed when the table taps Reveal (`reveal()`), or by itself the moment
  the last seat answers (`auto_reveal`, on by default): a table that has all answered has
  nothing left to wait for;
- a seat may change its answer (the new one replaces the old) until the reveal, never after,
  so the spread a table talks about is the one it saw; a seat that has reopened its answer
  (`change()`) is waited for: the stage does not reveal itself while it chooses again;
- a seat that has not answered when the table reveals simply has no answer at that stage.

A draft (kind "poll") is written under the session's slot after every change, and
`resume` rebuilds the session from it exactly, so a power cut or a killed process mid-poll
loses nothing. `complete()` stores the run (`save_poll_runs`) and then deletes the draft.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from kiosk.domain.poll_record import PollAnswer, PollRun
from kiosk.domain.polls import Poll, Stage
from kiosk.domain.ranking import new_id, utc_now
from kiosk.domain.record import RecordError
from kiosk.services.failures import save_failures

DRAFT_KIND = "poll"
MIN_SEATS, MAX_SEATS = 2, 6
CONTEXT_KEYS = ("workshop_id", "workshop", "place", "workshop_date", "table", "kiosk_id")
Doc = dict[str, Any]


class PollSessionStore(Protocol):
    """What a poll session needs of the store (kiosk.storage.Store, or a dict-backed fake)."""

    def save_draft(self, slot: str, doc: Doc) -> None: ...
    def get_draft(self, slot: str) -> Doc | None: ...
    def delete_draft(self, slot: str) -> None: ...
    def save_poll_runs(self, runs: Sequence[PollRun]) -> int: ...


class PollDraftError(ValueError):
    """A draft under the slot that is not a usable draft of this poll."""


def draft_poll_id(store: PollSessionStore, slot: str) -> str | None:
    """The id of the poll parked under `slot`, or None when no poll draft is there."""
    doc = store.get_draft(slot)
    if not isinstance(doc, Mapping) or doc.get("kind") != DRAFT_KIND:
        return None
    poll = doc.get("poll")
    return poll if isinstance(poll, str) else None


class PollSession:
    def __init__(self, store: PollSessionStore, poll: Poll, context: Mapping[str, str],
                 seats: int, slot: str, clock: Callable[[], datetime] = utc_now,
                 auto_reveal: bool = True, *, _draft: Mapping[str, Any] | None = None,
                 file_under: Callable[[PollRun], PollRun] | None = None):
        if type(seats) is not int or not MIN_SEATS <= seats <= MAX_SEATS:
            raise ValueError(f"a poll needs {MIN_SEATS} to {MAX_SEATS} seats, not {seats!r}")
        if not poll.stages:
            raise ValueError(f"poll {poll.id!r} has no stages")
        self._store = store
        self.poll = poll
        self.context = {key: str(context.get(key, "")) for key in CONTEXT_KEYS}
        self.seats = seats
        self.slot = slot
        self._clock = clock
        self.auto_reveal = auto_reveal
        self.poll_run_id = new_id()
        # what files the finished run under the setup that applies then (the table session
        # sets it: a hub's setup may have arrived while the table polled)
        self.file_under = file_under
        self.stage_index = 0
        self.finished = False
        self._revealed = [False] * len(poll.stages)
        self._answers: dict[tuple[int, int], PollAnswer] = {}  # (stage index, seat)
        self._changing: set[int] = set()  # seats choosing again (this stage only)
        if _draft is None:
            try:
                self.save_draft()  # a poll begun is parked at once
            except save_failures():
                pass  # a full or read-only folder: held by the table's session, told there
        else:
            self._restore(_draft)

    # ----- where the table is
    @property
    def stage(self) -> Stage:
        return self.poll.stages[self.stage_index]

    @property
    def stage_number(self) -> int:
        return self.stage_index + 1

    @property
    def is_last_stage(self) -> bool:
        return self.stage_index == len(self.poll.stages) - 1

    @property
    def revealed(self) -> bool:
        return self._revealed[self.stage_index]

    def is_revealed(self, stage_index: int) -> bool:
        return self._revealed[stage_index]

    # ----- answers
    def _check_seat(self, seat: int) -> None:
        if type(seat) is not int or not 1 <= seat <= self.seats:
            raise ValueError(f"seat {seat!r} is not a seat at this table (1 to {self.seats})")

    def answer(self, seat: int, answer: str) -> None:
        """Seat `seat`'s answer to the current stage (replacing an earlier one). Refused
        once the stage is revealed or the poll is finished."""
        self._check_seat(seat)
        if self.finished or self.revealed:
            raise ValueError("this stage's answers are already revealed")
        if answer not in self.stage.answers():
            raise ValueError(f"{answer!r} is not an answer to stage {self.stage_number}")
        when = self._clock().isoformat(timespec="milliseconds")
        self._answers[(self.stage_index, seat)] = PollAnswer(self.stage_number, seat, answer,
                                                             when)
        self._changing.discard(seat)
        if self.auto_reveal and self.all_answered and not self._changing:
            self._revealed[self.stage_index] = True
        self.save_draft()

    def change(self, seat: int) -> None:
        """Seat `seat` reopens its answer to choose again (its strip's "tap to change"):
        until it answers again the stage is not revealed by itself — its earlier answer
        stands only if the table taps Reveal meanwhile."""
        self._check_seat(seat)
        if not (self.finished or self.revealed):
            self._changing.add(seat)

    def changing(self, seat: int) -> bool:
        return seat in self._changing

    def answered(self, seat: int) -> bool:
        self._check_seat(seat)
        return (self.stage_index, seat) in self._answers

    def answer_of(self, seat: int) -> str | None:
        """The seat's current answer (for its own strip; never shown to the table)."""
        found = self._answers.get((self.stage_index, seat))
        return None if found is None else found.answer

    @property
    def answered_count(self) -> int:
        return sum((self.stage_index, seat) in self._answers for seat in range(1, self.seats + 1))

    @property
    def all_answered(self) -> bool:
        return self.answered_count == self.seats

    def reveal(self) -> None:
        """Show the table's spread for the current stage (the table's Reveal)."""
        if self.finished or self.revealed:
            return
        self._revealed[self.stage_index] = True
        self._changing.clear()
        self.save_draft()

    def spread(self, stage_index: int | None = None) -> dict[str, int]:
        """How many seats gave each answer, in the stage's answer order (every answer
        listed, zeros too). Only once the stage is revealed."""
        index = self.stage_index if stage_index is None else stage_index
        if not self._revealed[index]:
            raise ValueError(f"stage {index + 1}'s answers are not revealed yet")
        counts = dict.fromkeys(self.poll.stages[index].answers(), 0)
        for (stage, _seat), given in self._answers.items():
            if stage == index and given.answer in counts:
                counts[given.answer] += 1
        return counts

    def next_stage(self) -> None:
        """On to the next stage's information; after the last stage, the poll is finished.
        Only once the current stage is revealed."""
        if self.finished:
            return
        if not self.revealed:
            raise ValueError("reveal this stage's answers before going on")
        if self.is_last_stage:
            self.finished = True
        else:
            self.stage_index += 1
        self._changing.clear()
        self.save_draft()

    # ----- the record
    def to_run(self) -> PollRun:
        answers = tuple(self._answers[key] for key in sorted(self._answers))
        return PollRun(poll_run_id=self.poll_run_id, poll=self.poll.id, answers=answers,
                       seats=self.seats, source="kiosk", **self.context)

    def complete(self) -> PollRun:
        """Store the run, then drop the draft (in that order: a failure in between leaves
        the draft, and the run's id keeps a second try from storing it twice)."""
        run = self.to_run()
        if self.file_under is not None:
            run = self.file_under(run)
        self._store.save_poll_runs([run])
        self._store.delete_draft(self.slot)
        return run

    # ----- the draft
    def to_draft(self) -> Doc:
        return {"kind": DRAFT_KIND, "poll": self.poll.id, "poll_run_id": self.poll_run_id,
                "context": dict(self.context), "seats": self.seats,
                "stage": self.stage_index, "revealed": list(self._revealed),
                "finished": self.finished, "auto_reveal": self.auto_reveal,
                "answers": [self._answers[key].to_doc() for key in sorted(self._answers)]}

    def save_draft(self) -> None:
        self._store.save_draft(self.slot, self.to_draft())

    @classmethod
    def resume(cls, store: PollSessionStore, poll: Poll, slot: str,
               clock: Callable[[], datetime] = utc_now, *,
               file_under: Callable[[PollRun], PollRun] | None = None) -> PollSession | None:
        """The session parked under `slot`, exactly as it was; None when no poll is parked
        there. PollDraftError when the draft is another poll's or cannot be read."""
        doc = store.get_draft(slot)
        if doc is None:
            return None
        if not isinstance(doc, Mapping) or doc.get("kind") != DRAFT_KIND:
            raise PollDraftError(f"the draft in {slot!r} is not a poll's")
        if doc.get("poll") != poll.id:
            raise PollDraftError(f"the draft in {slot!r} is poll {doc.get('poll')!r}, "
                                 f"not {poll.id!r}")
        context = doc.get("context")
        if not isinstance(context, Mapping):
            raise PollDraftError("the poll draft has no context")
        try:
            return cls(store, poll, context, doc.get("seats"),  # type: ignore[arg-type]
                       slot, clock, bool(doc.get("auto_reveal", True)), _draft=doc,
                       file_under=file_under)
        except (RecordError, ValueError, TypeError, KeyError, IndexError) as exc:
            raise PollDraftError(f"the poll draft in {slot!r} cannot be read: {exc}") from exc

    def _restore(self, doc: Mapping[str, Any]) -> None:
        run_id, stage, revealed = doc.get("poll_run_id"), doc.get("stage"), doc.get("revealed")
        if not isinstance(run_id, str) or not run_id:
            raise ValueError("no poll_run_id")
        if type(stage) is not int or not 0 <= stage < len(self.poll.stages):
            raise ValueError(f"stage {stage!r} is not one of the poll's")
        if (not isinstance(revealed, list) or len(revealed) != len(self.poll.stages)
                or not all(isinstance(flag, bool) for flag in revealed)):
            raise ValueError("revealed is not one flag per stage")
        answers = doc.get("answers")
        if not isinstance(answers, list):
            raise ValueError("answers is not a list")
        self.poll_run_id, self.stage_index = run_id, stage
        self._revealed = list(revealed)
        self.finished = doc.get("finished") is True
        for entry in answers:
            given = PollAnswer.from_doc(entry)
            index = given.stage - 1
            if index >= len(self.poll.stages) or given.seat > self.seats:
                raise ValueError(f"an answer for stage {given.stage}, seat {given.seat}")
            if given.answer not in self.poll.stages[index].answers():
                raise ValueError(f"{given.answer!r} is not an answer to stage {given.stage}")
            self._answers[(index, given.seat)] = given
