"""What the plenary screen shows the room: every table's progress and, once revealed, the
room's results per deck and lens. Qt-free; the hub builds a `PlenaryView` from the rankings
and progress notes that reached it and hands it to `kiosk.ui.plenary.PlenaryScreen`.

Rules the view follows (each documented where it is applied):
- A table is a kiosk (`kiosk_id`); rankings or progress without a kiosk id are grouped by
  their table label. Tables sort by label ("Table 2" before "Table 10"); two tables with the
  same label are told apart by the kiosk's short id (the first 4 characters of its id — of
  the random part of an id a kiosk made — longer where those are shared), and every table
  has a tag of two characters at most, distinct, for the results' columns (room_labels).
- A table that ranked one deck and lens twice counts once, with its latest ranking.
- Results are hidden until the facilitator reveals them (`revealed=True`), "so early tables
  don't anchor later ones": a hidden lens carries only counts — no order, no positions, no
  agreement. With `auto_reveal` (the default) a lens is also shown once every table of the
  room — every kiosk the hub accepted (`members`) and every table that reports progress —
  has saved a ranking of it: nobody is left to be anchored.
- Case-study polls follow the same rule: per poll with runs, per stage how many seats
  answered; only once revealed (or every table of the room has a run of the poll)
  the spread of the answers and, on a scale, the mean (passes left out). A table that ran a
  poll is a table of the room (a tile) like one that ranked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from kiosk.analysis.consensus import MAX_KEMENY_CARDS, borda, complete_rankings, kemeny
from kiosk.analysis.room_labels import room_labels
from kiosk.analysis.statistics import kendall_w
from kiosk.analysis.wording import agreement_word, number_text
from kiosk.domain.naming import natural_key
from kiosk.domain.poll_record import PollRun
from kiosk.domain.polls import PASS, Poll, Stage
from kiosk.domain.record import SavedRanking, completion_time, parse_time

PHASES: Final = ("start", "board", "criteria", "saved", "done")
MAX_COUNT: Final = 1000  # no deck or lens sequence is longer; a bigger number is damage
MAX_TEXT: Final = 120  # a label longer than this cannot be shown anyway


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:MAX_TEXT]


def _count(value: object) -> int:
    """A whole number 0..MAX_COUNT; anything else (text, bool, NaN, negative, a number too
    big to be a count: damage, not progress) is 0, unknown."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return 0
        value = int(value)
    if not isinstance(value, int):
        return 0
    return value if 0 <= value <= MAX_COUNT else 0


@dataclass(frozen=True, slots=True)
class TableProgress:
    """Where one table's kiosk is, as it reports it (at most once a second)."""

    kiosk_id: str = ""
    table: str = ""
    workshop_id: str = ""
    phase: str = "start"  # one of PHASES
    step: int = 0  # 0-based index of the lens in the sequence
    steps: int = 0  # lenses in the sequence
    lens: str = ""
    deck: str = ""
    placed: int = 0  # cards on the ladder
    cards: int = 0  # cards in the deck
    updated_at: str = ""  # ISO 8601 with offset, "" when unknown

    @classmethod
    def from_doc(cls, doc: object) -> TableProgress | None:
        """Read a progress note defensively: never raises. A field missing or of the wrong
        type takes its default, counts are clamped (placed ≤ cards, step < steps); None
        when the note is not an object or names neither a kiosk nor a table."""
        if not isinstance(doc, Mapping):
            return None
        kiosk_id, table = _text(doc.get("kiosk_id")), _text(doc.get("table"))
        if not kiosk_id and not table:
            return None
        phase = doc.get("phase")
        cards, steps = _count(doc.get("cards")), _count(doc.get("steps"))
        placed, step = _count(doc.get("placed")), _count(doc.get("step"))
        updated = _text(doc.get("updated_at"))
        return cls(
            kiosk_id=kiosk_id,
            table=table,
            workshop_id=_text(doc.get("workshop_id")),
            phase=phase if isinstance(phase, str) and phase in PHASES else "start",
            step=min(step, steps - 1) if steps else 0,
            steps=steps,
            lens=_text(doc.get("lens")),
            deck=_text(doc.get("deck")),
            placed=min(placed, cards),
            cards=cards,
            updated_at=updated if parse_time(updated) is not None else "",
        )


@dataclass(frozen=True, slots=True)
class TableView:
    """One table's tile."""

    key: str  # the kiosk id, or "table:<label>" for rankings without one
    label: str  # "Table 3", or "Table 3 · ab12" when another table has the same label
    tag: str  # two characters at most naming it in the results' strips ("3", "3a", "A")
    phase: str  # one of PHASES; "" when the table never reported progress
    lens: str
    lens_title: str
    step: int  # 1-based lens number, 0 when unknown
    steps: int
    placed: int
    cards: int
    done_lenses: int  # deck and lens pairs this table has a saved ranking of
    name: str = ""  # its own label, without the short id: the tile, beside its tag

    @property
    def step_text(self) -> str:
        """"lens 2 of 3", or "" when the table did not say."""
        return f"lens {self.step} of {self.steps}" if self.step and self.steps else ""

    @property
    def status_text(self) -> str:
        """What the tile says under the bar: "4 of 6 cards", "Choosing criteria", …"""
        if self.phase == "board":
            return f"{self.placed} of {self.cards} cards" if self.cards else "Ranking"
        return {"start": "Not started", "criteria": "Criteria", "saved": "Saved",
                "done": "Finished", "": "No news yet"}.get(self.phase, "")

    @property
    def fraction(self) -> float:
        """How far along the current lens the table is, 0..1 (for a bar)."""
        if self.phase in ("criteria", "saved", "done"):
            return 1.0
        if self.phase == "board" and self.cards:
            return self.placed / self.cards
        return 0.0


@dataclass(frozen=True, slots=True)
class CardResult:
    """One card in a lens's consensus order and where each table put it."""

    card: str
    title: str
    place: int  # 1-based, in the consensus order
    positions: tuple[int | None, ...]  # per `PlenaryView.tables`; None: not ranked there


@dataclass(frozen=True, slots=True)
class LensResult:
    """The room's result for one deck under one lens. When not `shown` it carries only
    counts: `cards` is empty and `kendall_w` None."""

    deck: str
    lens: str
    lens_title: str
    tables: int  # tables with a ranking of it
    expected: int  # tables in the room (every tile)
    shown: bool
    auto_revealed: bool  # shown because every table of the room has ranked it
    method: str  # "Kemeny" or "Borda"; "" when hidden
    cards: tuple[CardResult, ...]  # the consensus order; () when hidden
    compared: int  # complete rankings in the consensus and W; 0 when hidden
    kendall_w: float | None

    @property
    def count_text(self) -> str:
        return f"{self.tables} of {self.expected} tables"

    @property
    def agreement_text(self) -> str:
        """Kendall's W in words: "Strong agreement (W = 0.62)"; below 2 tables says so."""
        if not self.shown:
            return ""
        if self.compared < 2:
            return "One table so far: no agreement yet" if self.compared else "No rankings yet"
        if self.kendall_w is None:
            return "Agreement cannot be measured"
        word = agreement_word(self.kendall_w)
        return f"{word[0].upper()}{word[1:]} agreement (W = {number_text(self.kendall_w)})"

    @property
    def agreement_short(self) -> str:
        """The agreement in fewer words, for a narrow panel: "Strong · W = 0.62"."""
        if not self.shown:
            return ""
        if self.compared < 2:
            return "One table so far" if self.compared else "No rankings yet"
        if self.kendall_w is None:
            return "W cannot be measured"
        word = agreement_word(self.kendall_w)
        return f"{word[0].upper()}{word[1:]} · W = {number_text(self.kendall_w)}"


@dataclass(frozen=True, slots=True)
class AnswerCount:
    """How many seats gave one answer at one stage."""

    answer: str  # "1"…"5", "pass", or a choice option's id
    label: str  # the scale point's or option's words
    count: int


@dataclass(frozen=True, slots=True)
class PollStageResult:
    """One stage of a poll over the room's runs. Hidden, it carries only how many seats
    answered: `counts` is empty and `mean` None."""

    stage: int  # from 1
    title: str
    kind: str  # "scale" | "choice"
    answered: int  # answers given at this stage (one per seat and run)
    seats: int  # seats at the runs (what `answered` may reach)
    counts: tuple[AnswerCount, ...]  # every answer the stage takes, in the poll's order
    mean: float | None  # scale: the mean point, passes left out

    @property
    def seats_text(self) -> str:
        return f"{self.answered} of {self.seats} seat{'s' if self.seats != 1 else ''}"

    @property
    def mean_text(self) -> str:
        """"mean 3.4" (a shown scale), "" otherwise."""
        if self.kind != "scale" or not self.counts:
            return ""
        return "no mean yet" if self.mean is None else f"mean {self.mean:.1f}"


@dataclass(frozen=True, slots=True)
class PollResult:
    """One case-study poll over the room: its runs' answers, stage by stage."""

    poll: str
    title: str
    tables: int  # tables with a run of it
    expected: int  # tables in the room
    runs: int
    shown: bool
    auto_revealed: bool
    stages: tuple[PollStageResult, ...]

    @property
    def count_text(self) -> str:
        return f"{self.tables} of {self.expected} tables"


@dataclass(frozen=True, slots=True)
class PlenaryView:
    tables: tuple[TableView, ...]
    lenses: tuple[LensResult, ...]
    revealed: bool  # the facilitator's choice (a lens may be shown without it: auto-reveal)
    rankings: int  # rankings counted (one per table, deck and lens)
    polls: tuple[PollResult, ...] = ()  # per poll with runs, by title


@dataclass
class _Table:
    key: str
    label: str
    kiosk_id: str
    progress: TableProgress | None = None
    latest: str = ""  # when its label was last seen, to pick the newest


def _newer(a: str, b: str) -> bool:
    """Is time `a` after time `b`? Unknown times count as oldest."""
    ta, tb = completion_time(a) if a else None, completion_time(b) if b else None
    if ta is None:
        return False
    return tb is None or ta >= tb


def _table_key(kiosk_id: str, label: str) -> str:
    return kiosk_id or f"table:{label}"


def _run_time(run: PollRun) -> str:
    """A run's latest answer time (its place among a table's labels), "" when unknown."""
    times = [a.answered_at for a in run.answers if completion_time(a.answered_at) is not None]
    return max(times, key=lambda t: completion_time(t) or 0.0) if times else ""


def _gather_tables(records: Sequence[SavedRanking],
                   progress: Sequence[TableProgress],
                   runs: Sequence[PollRun] = (),
                   members: Sequence[tuple[str, str]] = ()) -> dict[str, _Table]:
    tables: dict[str, _Table] = {}
    for kiosk_id, label in members:  # accepted at the hub: a table even before it reports
        if kiosk_id:
            tables.setdefault(kiosk_id, _Table(kiosk_id, _text(label) or "Table ?", kiosk_id))
    for record in records:
        label = _text(record.table) or "Table ?"
        key = _table_key(record.kiosk_id, label)
        table = tables.setdefault(key, _Table(key, label, record.kiosk_id))
        if _newer(record.completed_at, table.latest):
            table.label, table.latest = label, record.completed_at
    for run in runs:
        label = _text(run.table) or "Table ?"
        key = _table_key(run.kiosk_id, label)
        table = tables.setdefault(key, _Table(key, label, run.kiosk_id))
        when = _run_time(run)
        if when and _newer(when, table.latest):
            table.label, table.latest = label, when
    for note in progress:
        label = note.table or "Table ?"
        key = _table_key(note.kiosk_id, label)
        table = tables.setdefault(key, _Table(key, label, note.kiosk_id))
        # The newest note of a kiosk is its state; its label wins over the rankings'.
        if table.progress is None or _newer(note.updated_at, table.progress.updated_at):
            table.progress = note
            table.label = label
    return tables


def _latest_by_table(records: Sequence[SavedRanking]
                     ) -> dict[tuple[str, str], dict[str, SavedRanking]]:
    """(deck, lens) -> table key -> its latest ranking."""
    found: dict[tuple[str, str], dict[str, SavedRanking]] = {}
    for record in records:
        key = _table_key(record.kiosk_id, _text(record.table) or "Table ?")
        per_table = found.setdefault((record.deck, record.lens), {})
        kept = per_table.get(key)
        if kept is None or _newer(record.completed_at, kept.completed_at):
            per_table[key] = record
    return found


def _consensus(rankings: list[SavedRanking], cards: list[str]) -> tuple[list[str], str, int,
                                                                        float | None]:
    positions = [r.positions for r in rankings]
    ranks, included = complete_rankings(positions, cards)
    w: float | None = None
    if len(included) >= 2 and len(cards) >= 2:
        value = kendall_w(ranks)[0]
        w = None if math.isnan(value) else value
    if len(cards) <= MAX_KEMENY_CARDS:
        return kemeny(positions, cards), "Kemeny", len(included), w
    return borda(positions, cards), "Borda", len(included), w


def _stage_result(number: int, stage: Stage, runs: Sequence[PollRun],
                  shown: bool) -> PollStageResult:
    allowed = stage.answers()
    counts = dict.fromkeys(allowed, 0)
    for run in runs:
        for answer in run.answers:
            if answer.stage == number and answer.answer in counts:
                counts[answer.answer] += 1  # an answer the poll no longer has is left out
    seats = sum(run.seats or max((a.seat for a in run.answers), default=0) for run in runs)
    answered = sum(counts.values())
    if not shown:
        return PollStageResult(number, stage.title, stage.kind, answered, max(seats, answered),
                               (), None)
    mean = None
    if stage.kind == "scale":
        points = [(int(a), n) for a, n in counts.items() if a != PASS]
        given = sum(n for _, n in points)
        mean = sum(p * n for p, n in points) / given if given else None
    return PollStageResult(
        number, stage.title, stage.kind, answered, max(seats, answered),
        tuple(AnswerCount(a, stage.answer_label(a), n) for a, n in counts.items()), mean)


def _poll_results(runs: Sequence[PollRun], polls: Mapping[str, Poll], reporting: list[str],
                  expected: int, revealed: bool, auto_reveal: bool) -> list[PollResult]:
    by_poll: dict[str, list[PollRun]] = {}
    for run in runs:
        if run.poll in polls:  # a poll the hub does not know has no stages to show
            by_poll.setdefault(run.poll, []).append(run)
    results = []
    for poll_id, poll_runs in by_poll.items():
        poll = polls[poll_id]
        tables = {_table_key(r.kiosk_id, _text(r.table) or "Table ?") for r in poll_runs}
        everyone = bool(reporting) and all(key in tables for key in reporting)
        shown = revealed or (auto_reveal and everyone)
        stages = tuple(_stage_result(number, stage, poll_runs, shown)
                       for number, stage in enumerate(poll.stages, start=1))
        results.append(PollResult(poll_id, _text(poll.title) or poll_id, len(tables), expected,
                                  len(poll_runs), shown, shown and not revealed, stages))
    results.sort(key=lambda r: (natural_key(r.title), r.poll))
    return results


def build_plenary(records: Sequence[SavedRanking], progress: Sequence[TableProgress],
                  lenses: Mapping[str, str], deck_cards: Mapping[str, Sequence[tuple[str, str]]],
                  revealed: bool, *, auto_reveal: bool = True,
                  poll_runs: Sequence[PollRun] = (),
                  polls: Mapping[str, Poll] | None = None,
                  members: Sequence[tuple[str, str]] = ()) -> PlenaryView:
    """The plenary screen's content. `lenses` maps lens id to title in the sequence's order;
    `deck_cards` maps deck id to its cards (id, title) in deck order; `polls` the polls the
    hub knows (runs of any other are left out); `members` the kiosks the hub accepted
    (kiosk id, table label): each is a table of the room, waited for by auto-reveal even
    before its first progress note. The records, notes and runs are one workshop's (the
    caller picks them)."""
    polls = polls or {}
    poll_runs = [r for r in poll_runs if r.poll in polls]
    gathered = _gather_tables(records, progress, poll_runs, members)
    labels = room_labels(list(gathered.values()))
    ordered = sorted(gathered.values(),
                     key=lambda t: (natural_key(labels[t.key][0]), t.kiosk_id))
    index = {t.key: i for i, t in enumerate(ordered)}
    by_lens = _latest_by_table(records)
    done = {t.key: 0 for t in ordered}
    for per_table in by_lens.values():
        for key in per_table:
            done[key] += 1

    views = []
    for table in ordered:
        note = table.progress
        label, tag = labels[table.key]
        views.append(TableView(
            key=table.key, label=label, tag=tag,
            phase=note.phase if note else "",
            lens=note.lens if note else "",
            lens_title=lenses.get(note.lens, note.lens) if note else "",
            step=note.step + 1 if note and note.steps else 0,
            steps=note.steps if note else 0,
            placed=note.placed if note else 0,
            cards=note.cards if note else 0,
            done_lenses=done[table.key],
            name=table.label,
        ))

    lens_order = {lens: i for i, lens in enumerate(lenses)}
    # Who must be done before a lens shows by itself: the accepted kiosks and every table
    # that reports progress (a table known only from its rankings is not waited for).
    member_keys = {kiosk_id for kiosk_id, _ in members if kiosk_id}
    reporting = [t.key for t in ordered if t.progress is not None or t.key in member_keys]
    results = []
    for deck, lens in sorted(by_lens, key=lambda dl: (lens_order.get(dl[1], len(lens_order)),
                                                      dl[1], natural_key(dl[0]))):
        per_table = by_lens[(deck, lens)]
        everyone = bool(reporting) and all(key in per_table for key in reporting)
        shown = revealed or (auto_reveal and everyone)
        title = lenses.get(lens, lens)
        if not shown:
            results.append(LensResult(deck, lens, title, len(per_table), len(ordered), False,
                                      False, "", (), 0, None))
            continue
        known = list(deck_cards.get(deck, ()))
        titles = dict(known)
        cards = [c for c, _ in known]
        rankings = sorted(per_table.values(),
                          key=lambda r: index[_table_key(r.kiosk_id, _text(r.table)
                                                         or "Table ?")])
        if not cards:  # a deck the hub does not have: the cards the rankings name
            cards = sorted({c for r in rankings for c in r.positions}, key=natural_key)
        order, method, compared, w = _consensus(rankings, cards)
        strips = []
        for place, card in enumerate(order, start=1):
            cells: list[int | None] = [None] * len(ordered)
            for key, record in per_table.items():
                cells[index[key]] = record.positions.get(card)
            strips.append(CardResult(card, titles.get(card, card), place, tuple(cells)))
        results.append(LensResult(deck, lens, title, len(per_table), len(ordered), True,
                                  not revealed, method, tuple(strips), compared, w))
    return PlenaryView(tables=tuple(views), lenses=tuple(results), revealed=revealed,
                       rankings=sum(len(p) for p in by_lens.values()),
                       polls=tuple(_poll_results(poll_runs, polls, reporting, len(ordered),
                                                 revealed, auto_reveal)))
