"""polls.csv (docs/polls-data.md): case-study poll answers, one row per answer, written by
export and read back by import.

Export writes the rows in (poll_run_id, stage, seat) order with the same cell rules as
rankings.csv, so export -> import -> export is byte-identical. Import checks every row
against the catalog's polls and reports `file:line: reason`; one problem rejects the whole
import. It merges answer by answer, keyed by (poll_run_id, stage, seat): importing the same
file twice adds nothing, a run's answers not stored yet are added to it, and an answer that
differs from the stored one is reported as a conflict (the stored one is kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from kiosk.domain.poll_record import POLL_CSV_COLUMNS, PollAnswer, PollRun
from kiosk.domain.polls import Poll
from kiosk.domain.record import TIME_RANGE_TEXT
from kiosk.exchange.cells import (
    RISKY_START,
    canonical_uuid,
    guard,
    parse_time,
    parse_whole,
    unguard,
    valid_date,
)
from kiosk.exchange.reader import Row
from kiosk.exchange.validate import show_value as _show

MAX_SEAT = 6
# The run's context: every row of one run must agree on these.
CONTEXT = ("workshop_id", "workshop", "place", "workshop_date", "table", "kiosk_id", "poll")
# Ids, numbers, codes and times are trimmed; names are kept exactly as typed.
_TRIMMED = frozenset(("poll_run_id", "workshop_id", "workshop_date", "kiosk_id", "poll",
                      "stage", "seat", "answer", "answered_at"))

AnswerKey = tuple[str, int, int]  # poll_run_id, stage, seat


class PollTarget(Protocol):
    """Where an import writes poll runs (kiosk.services.ports.PollPort has these)."""

    def save_poll_runs(self, runs: Sequence[PollRun]) -> int: ...
    def save_poll_runs_replacing(self, runs: Sequence[PollRun]) -> None: ...
    def get_poll_run(self, poll_run_id: str) -> PollRun | None: ...


def _text(value: str) -> str:
    return guard(value) if value and value[0] in RISKY_START else value


def poll_rows(runs: Iterable[PollRun]) -> list[list[str]]:
    """polls.csv's rows (POLL_CSV_COLUMNS), ordered by poll_run_id, stage, seat."""
    rows: list[list[str]] = []
    for run in sorted(runs, key=lambda r: r.poll_run_id):
        head = [_text(run.poll_run_id), _text(run.workshop_id), _text(run.workshop),
                _text(run.place), _text(run.workshop_date), _text(run.table),
                _text(run.kiosk_id), _text(run.poll)]
        for answer in sorted(run.answers, key=lambda a: (a.stage, a.seat)):
            rows.append([*head, str(answer.stage), str(answer.seat), _text(answer.answer),
                         _text(answer.answered_at)])
    return rows


def _cell(row: Row, column: str) -> str:
    value = unguard(row.get(column))
    if column in _TRIMMED:
        value = value.strip()
    if column == "poll_run_id" and value:
        value = canonical_uuid(value)
    return value


@dataclass
class _DraftRun:
    first: Row
    context: dict[str, str]
    answers: dict[tuple[int, int], tuple[PollAnswer, Row]] = field(default_factory=dict)


@dataclass
class PollBatch:
    """What the polls.csv files of one import hold, checked: `runs` is empty whenever
    `errors` is not. `where` names each answer's file:line."""

    runs: list[PollRun] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    where: dict[AnswerKey, str] = field(default_factory=dict)
    first: dict[str, str] = field(default_factory=dict)  # run id -> its first file:line


class PollRowValidator:
    """Checks polls.csv rows as they are read and assembles the runs they describe."""

    def __init__(self, polls: Mapping[str, Poll], errors: list[str]) -> None:
        self.polls = polls
        self.errors = errors
        self.drafts: dict[str, _DraftRun] = {}

    def error(self, row: Row, reason: str) -> None:
        self.errors.append(f"{row.where()}: {reason}")

    def add_rows(self, rows: Iterable[Row]) -> None:
        seen: dict[tuple[str, ...], dict[str, str]] = {}  # each distinct context once
        for row in rows:
            run_id = _cell(row, "poll_run_id")
            if not run_id:
                self.error(row, "poll_run_id is empty")
                continue
            raw = tuple(row.get(c) for c in CONTEXT)
            context = seen.get(raw)
            if context is None:
                context = seen[raw] = {c: _cell(row, c) for c in CONTEXT}
            draft = self.drafts.get(run_id)
            if draft is None:
                draft = self.drafts[run_id] = _DraftRun(row, context)
                self._check_context(row, context)
            elif context is not draft.context:
                for column in CONTEXT:
                    if context[column] != draft.context[column]:
                        self.error(row, f"{column} is {_show(context[column])} here but "
                                        f"{_show(draft.context[column])} in "
                                        f"{draft.first.where()} (rows of one poll run must "
                                        "agree)")
            self._add_answer(draft, row)

    def _check_context(self, row: Row, context: dict[str, str]) -> None:
        if context["workshop_date"] and not valid_date(context["workshop_date"]):
            self.error(row, f"workshop_date {_show(context['workshop_date'])} is not a date "
                            "YYYY-MM-DD")
        poll = context["poll"]
        if not poll:
            self.error(row, "poll is empty")
        elif poll not in self.polls:
            known = ", ".join(sorted(self.polls)) or "none loaded"
            self.error(row, f"unknown poll {_show(poll)} (polls: {_show(known, 80)})")

    def _add_answer(self, draft: _DraftRun, row: Row) -> None:
        poll = self.polls.get(draft.context["poll"])
        raw_stage, raw_seat = _cell(row, "stage"), _cell(row, "seat")
        stage, seat = parse_whole(raw_stage), parse_whole(raw_seat)
        if stage is None or stage < 1 or (poll is not None and stage > len(poll.stages)):
            most = f" (1 to {len(poll.stages)})" if poll is not None else ""
            self.error(row, f"stage {_show(raw_stage)} is not a stage of this poll{most}")
            stage = None
        if seat is None or not 1 <= seat <= MAX_SEAT:
            self.error(row, f"seat {_show(raw_seat)} is not a seat number (1 to {MAX_SEAT})")
            seat = None
        answer = _cell(row, "answer")
        if poll is not None and stage is not None:
            allowed = poll.stages[stage - 1].answers()
            if poll.stages[stage - 1].kind == "scale":
                answer = answer.lower()
            if answer not in allowed:
                self.error(row, f"answer {_show(answer)} is not one of {', '.join(allowed)} "
                                f"(stage {stage})")
        when = _cell(row, "answered_at")
        if parse_time(when) is None:
            self.error(row, f"answered_at {_show(when)} is not an ISO 8601 time with UTC "
                            f"offset {TIME_RANGE_TEXT} (e.g. 2017-03-15T14:30:00+00:00)")
        if stage is None or seat is None:
            return
        earlier = draft.answers.get((stage, seat))
        if earlier is not None:
            self.error(row, f"seat {seat} answers stage {stage} of this poll run twice (also "
                            f"{earlier[1].where()})")
            return
        draft.answers[(stage, seat)] = (PollAnswer(stage, seat, answer, when), row)

    def batch(self) -> PollBatch:
        if self.errors:
            return PollBatch(errors=self.errors)
        batch = PollBatch()
        for run_id, draft in self.drafts.items():
            cx = draft.context
            answers = [answer for _, (answer, _) in sorted(draft.answers.items())]
            batch.runs.append(PollRun(
                poll_run_id=run_id, poll=cx["poll"], answers=tuple(answers),
                workshop_id=cx["workshop_id"], workshop=cx["workshop"], place=cx["place"],
                workshop_date=cx["workshop_date"], table=cx["table"], kiosk_id=cx["kiosk_id"],
                seats=max((a.seat for a in answers), default=0), source="import"))
            batch.first[run_id] = draft.first.where()
            for (stage, seat), (_, row) in draft.answers.items():
                batch.where[(run_id, stage, seat)] = row.where()
        return batch


@dataclass(frozen=True)
class PollMerge:
    runs_new: int
    answers_new: int
    answers_present: int
    conflicts: list[str]


_CONTEXT_FIELDS = ("poll", "workshop_id", "workshop", "place", "workshop_date", "table",
                   "kiosk_id")


def merge_poll_runs(batch: PollBatch, store: PollTarget) -> PollMerge:
    """Add the batch's new runs, and the new answers of runs stored already, in one write
    each. A stored run named with another context, or an answer stored with another value,
    is kept as stored and reported."""
    new_runs: list[PollRun] = []
    grown: list[PollRun] = []
    added = present = 0
    conflicts: list[str] = []
    for run in batch.runs:
        stored = store.get_poll_run(run.poll_run_id)
        if stored is None:
            new_runs.append(run)
            added += len(run.answers)
            continue
        other = [name for name in _CONTEXT_FIELDS
                 if getattr(stored, name) != getattr(run, name)]
        if other:
            conflicts.append(f"{batch.first[run.poll_run_id]}: poll run {run.poll_run_id} is "
                             f"already stored with another {', '.join(other)}; kept the "
                             "stored one")
            continue
        have = {(a.stage, a.seat): a for a in stored.answers}
        extra = []
        for answer in run.answers:
            mine = have.get((answer.stage, answer.seat))
            if mine is None:
                extra.append(answer)
            elif mine.answer != answer.answer:
                where = batch.where[(run.poll_run_id, answer.stage, answer.seat)]
                conflicts.append(f"{where}: poll run {run.poll_run_id} stage {answer.stage} "
                                 f"seat {answer.seat} is stored with answer "
                                 f"{_show(mine.answer)}, not {_show(answer.answer)}; kept "
                                 "the stored one")
            else:
                present += 1
        if extra:
            answers = tuple(sorted((*stored.answers, *extra), key=lambda a: (a.stage, a.seat)))
            seats = max(stored.seats, max(a.seat for a in extra))
            grown.append(replace(stored, answers=answers, seats=seats))
            added += len(extra)
    runs_new = store.save_poll_runs(new_runs) if new_runs else 0
    if grown:
        store.save_poll_runs_replacing(grown)
    return PollMerge(runs_new, added, present, conflicts)


__all__ = ["POLL_CSV_COLUMNS", "PollBatch", "PollMerge", "PollRowValidator", "PollTarget",
           "merge_poll_runs", "poll_rows"]
