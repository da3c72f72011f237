"""A table's ranking through one lens: a tray of cards, a ladder of numbered places,
an optional acceptability cut line, the criteria the table states, and a log of every
change with its time.

The log is the source of truth: replaying it through the same operations rebuilds the
board, the undo and redo stacks and the counts exactly. A draft is therefore just the
context plus the log, and resuming after a crash is a replay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from kiosk.domain.record import (
    ACCEPTABLE,
    NOT_ACCEPTABLE,
    NOTE_MAX,
    SavedRanking,
    StatedCriterion,
)

Clock = Callable[[], datetime]
Monotonic = Callable[[], float]  # seconds that only go forward (time.monotonic)
CARD_OPS = ("place", "move", "return")
ORIGINS = ("suggested", "own")


def new_id() -> str:
    """A fresh random id. uuid (with platform) is loaded only when an id is made: not on
    the way to the start screen."""
    import uuid

    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


class RankingError(ValueError):
    """An operation that the board does not allow (unknown card, bad place, …)."""


@dataclass(frozen=True)
class Criterion:
    text: str
    origin: str  # "suggested" (a chip) | "own" (typed by the table)


@dataclass(frozen=True)
class RankingContext:
    """Where and by whom a ranking is made; copied into the saved record."""

    workshop_id: str = ""
    workshop: str = ""
    place: str = ""
    workshop_date: str = ""
    table: str = ""
    kiosk_id: str = ""


@dataclass(frozen=True)
class _State:
    ladder: tuple[str | None, ...]
    cut: int | None
    criteria: tuple[Criterion, ...]
    primary: str | None
    note: str


@dataclass(frozen=True)
class _Step:
    op: str
    before: _State
    after: _State


def shift_into(ladder: Sequence[str | None], card: str, slot: int) -> list[str | None]:
    """Put `card` at `slot`; when the place is taken, the cards between it and the nearest
    empty place shift one step towards that gap (nearer gap wins; below on a tie).
    `card` must not be on the ladder already."""
    places = list(ladder)
    if places[slot] is None:
        places[slot] = card
        return places
    n = len(places)
    for distance in range(1, n):
        below, above = slot + distance, slot - distance
        if below < n and places[below] is None:
            places[slot + 1: below + 1] = places[slot:below]
            places[slot] = card
            return places
        if above >= 0 and places[above] is None:
            places[above: slot] = places[above + 1: slot + 1]
            places[slot] = card
            return places
    raise RankingError("the ladder is full")


@dataclass
class Ranking:
    deck_id: str
    lens: str
    cards: tuple[str, ...]
    context: RankingContext = field(default_factory=RankingContext)
    ranking_id: str = field(default_factory=new_id)
    clock: Clock = field(default=utc_now, repr=False, compare=False)
    # Durations come from here, never from the wall clock, which a kiosk without network or
    # clock battery may step back. None: seconds read off `clock` (simulated clocks).
    monotonic: Monotonic | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.cards = tuple(self.cards)
        if len(set(self.cards)) != len(self.cards) or not self.cards:
            raise RankingError("a ranking needs distinct cards")
        self._state = _State((None,) * len(self.cards), None, (), None, "")
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self.log: list[dict[str, Any]] = []
        self.moves = 0
        self._elapsed = 0.0  # seconds of work from the first entry to the last ("e" in the log)
        self._last_tick: float | None = None  # the monotonic reading at the last entry

    def _tick(self, moment: datetime | None = None) -> float:
        """A monotonic reading; without a monotonic clock, `moment` (or now) in seconds."""
        if self.monotonic is not None:
            return self.monotonic()
        return (moment or self.clock()).timestamp()

    # ----- reading the board
    @property
    def ladder(self) -> tuple[str | None, ...]:
        """One entry per numbered place, top (position 1) first; None for an empty place."""
        return self._state.ladder

    @property
    def tray(self) -> list[str]:
        placed = set(self._state.ladder)
        return [c for c in self.cards if c not in placed]

    @property
    def placed_count(self) -> int:
        return sum(1 for c in self._state.ladder if c is not None)

    @property
    def complete(self) -> bool:
        return self.placed_count == len(self.cards)

    def slot_of(self, card: str) -> int | None:
        try:
            return self._state.ladder.index(card)
        except ValueError:
            return None

    @property
    def cut(self) -> int | None:
        """Places above the line are acceptable: slots 0..cut-1. None when no line drawn."""
        return self._state.cut

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self._state.criteria

    @property
    def primary(self) -> str | None:
        return self._state.primary

    @property
    def note(self) -> str:
        return self._state.note

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def positions(self) -> dict[str, int]:
        return {card: slot + 1 for slot, card in enumerate(self._state.ladder) if card}

    def tiers(self) -> dict[str, str]:
        cut = self._state.cut
        if cut is None:
            return {}
        return {card: (ACCEPTABLE if slot < cut else NOT_ACCEPTABLE)
                for slot, card in enumerate(self._state.ladder) if card}

    def preview(self, card: str, slot: int | None) -> tuple[str | None, ...]:
        """The ladder as it would be if `card` were dropped at `slot` (None = tray),
        so the board can show the other cards making room before the finger lifts."""
        self._check_card(card)
        places = [None if c == card else c for c in self._state.ladder]
        if slot is None:
            return tuple(places)
        self._check_slot(slot)
        return tuple(shift_into(places, card, slot))

    # ----- changing the board (each call is one undoable step, logged with its time)
    def drop(self, card: str, slot: int | None) -> bool:
        """Drop `card` at `slot` (None: back to the tray). Returns False when nothing changed."""
        self._check_card(card)
        origin = self.slot_of(card)
        if slot is None:
            if origin is None:
                return False
            return self._apply({"op": "return", "card": card, "from": origin})
        self._check_slot(slot)
        if origin == slot:
            return False
        if origin is None:
            return self._apply({"op": "place", "card": card, "to": slot})
        return self._apply({"op": "move", "card": card, "from": origin, "to": slot})

    def nudge(self, card: str, step: int) -> bool:
        """Move a placed card up (step -1) or down (+1) a place: the non-drag alternative.
        A card in the tray goes to the first (step +1) or last free place."""
        origin = self.slot_of(card)
        if origin is None:
            free = [i for i, c in enumerate(self._state.ladder) if c is None]
            if not free:
                return False
            return self.drop(card, free[0] if step > 0 else free[-1])
        target = origin + step
        if not 0 <= target < len(self.cards):
            return False
        return self.drop(card, target)

    def set_cut(self, cut: int | None) -> bool:
        if cut is not None and not 0 <= cut <= len(self.cards):
            raise RankingError(f"cut line {cut} is outside 0..{len(self.cards)}")
        if cut == self._state.cut:
            return False
        return self._apply({"op": "cut", "to": cut})

    def add_criterion(self, text: str, origin: str) -> bool:
        text = " ".join(text.split())
        if not text:
            raise RankingError("a criterion needs words")
        if origin not in ORIGINS:
            raise RankingError(f"origin must be one of {ORIGINS}")
        if any(c.text == text for c in self._state.criteria):
            return False
        return self._apply({"op": "criterion_add", "text": text, "origin": origin})

    def remove_criterion(self, text: str) -> bool:
        if not any(c.text == text for c in self._state.criteria):
            return False
        return self._apply({"op": "criterion_remove", "text": text})

    def set_primary(self, text: str | None) -> bool:
        if text is not None and not any(c.text == text for c in self._state.criteria):
            raise RankingError("the primary criterion must be one of the stated criteria")
        if text == self._state.primary:
            return False
        return self._apply({"op": "primary", "text": text})

    def set_note(self, text: str) -> bool:
        """The table's note, cut to NOTE_MAX characters (the field stops there already)."""
        text = text.strip()[:NOTE_MAX].rstrip()
        if text == self._state.note:
            return False
        return self._apply({"op": "note", "text": text})

    def undo(self) -> bool:
        if not self._undo:
            return False
        return self._apply({"op": "undo"})

    def redo(self) -> bool:
        if not self._redo:
            return False
        return self._apply({"op": "redo"})

    # ----- the log
    @property
    def started_at(self) -> datetime | None:
        return parse_iso(self.log[0]["t"]) if self.log else None

    @property
    def last_change_at(self) -> datetime | None:
        return parse_iso(self.log[-1]["t"]) if self.log else None

    def duration_s(self, until: datetime | None = None) -> float | None:
        """Seconds from the first entry to the last (with `until`: to that moment, now),
        measured on the monotonic clock: never negative, whatever the wall clock did. Time
        while the ranking was parked or the kiosk off is not counted."""
        if not self.log:
            return None
        elapsed = self._elapsed
        if until is not None and self._last_tick is not None:
            elapsed += max(0.0, self._tick(until) - self._last_tick)
        return round(elapsed, 3)

    def _advance(self, at: datetime | None, recorded: object, tick: float) -> float:
        """The elapsed time of the entry being applied: read live, or taken from the log
        (an entry without a valid "e", from an older kiosk, counts its wall-clock gap, never
        less than nothing)."""
        if not self.log:
            return 0.0
        if at is None:
            if self._last_tick is None:
                return self._elapsed
            return self._elapsed + max(0.0, tick - self._last_tick)
        if (isinstance(recorded, (int, float)) and not isinstance(recorded, bool)
                and recorded >= self._elapsed):
            return float(recorded)
        gap = (at - parse_iso(self.log[-1]["t"])).total_seconds()
        return self._elapsed + max(0.0, gap)

    def _apply(self, entry: dict[str, Any], at: datetime | None = None,
               recorded: object = None) -> bool:
        moment = at if at is not None else self.clock()
        tick = self._tick(moment) if at is None else 0.0
        elapsed = self._advance(at, recorded, tick)
        before = self._state
        op = entry["op"]
        if op == "undo":
            step = self._undo.pop()
            self._state = step.before
            self._redo.append(step)
            card_change = step.op in CARD_OPS
        elif op == "redo":
            step = self._redo.pop()
            self._state = step.after
            self._undo.append(step)
            card_change = step.op in CARD_OPS
        else:
            self._state = self._next_state(before, entry)
            self._undo.append(_Step(op, before, self._state))
            self._redo.clear()
            card_change = op in CARD_OPS
        if card_change:
            self.moves += 1
        self.log.append({"t": iso(moment), "e": round(elapsed, 3), **entry})
        self._elapsed = elapsed
        self._last_tick = None if at is not None else tick
        return True

    def _next_state(self, state: _State, entry: dict[str, Any]) -> _State:
        op = entry["op"]
        if op in CARD_OPS:
            card = entry["card"]
            places = [None if c == card else c for c in state.ladder]
            if op != "return":
                places = shift_into(places, card, entry["to"])
            return replace(state, ladder=tuple(places))
        if op == "cut":
            return replace(state, cut=entry["to"])
        if op == "criterion_add":
            return replace(state, criteria=state.criteria
                           + (Criterion(entry["text"], entry["origin"]),))
        if op == "criterion_remove":
            kept = tuple(c for c in state.criteria if c.text != entry["text"])
            primary = None if state.primary == entry["text"] else state.primary
            return replace(state, criteria=kept, primary=primary)
        if op == "primary":
            return replace(state, primary=entry["text"])
        if op == "note":
            return replace(state, note=str(entry["text"])[:NOTE_MAX])
        raise RankingError(f"unknown operation '{op}'")

    def _check_card(self, card: str) -> None:
        if card not in self.cards:
            raise RankingError(f"card '{card}' is not in deck '{self.deck_id}'")

    def _check_slot(self, slot: int) -> None:
        if not isinstance(slot, int) or not 0 <= slot < len(self.cards):
            raise RankingError(f"place {slot} is outside 0..{len(self.cards) - 1}")

    # ----- replay, drafts and the saved record
    @classmethod
    def replay(cls, deck_id: str, lens: str, cards: Iterable[str], log: Iterable[dict[str, Any]],
               context: RankingContext | None = None, ranking_id: str | None = None,
               clock: Clock = utc_now, monotonic: Monotonic | None = None) -> Ranking:
        """Rebuild a ranking from its log (drafts). The time since its last entry — parked,
        or the kiosk off — is not counted (`duration_s`): the elapsed clock carries on from
        the log's last "e", and the monotonic clock times the work from this moment on."""
        ranking = cls(deck_id, lens, tuple(cards), context or RankingContext(),
                      ranking_id or new_id(), clock, monotonic)
        for entry in log:
            ranking.replay_entry(entry)
        if ranking.log:
            ranking._last_tick = ranking._tick()
        return ranking

    def replay_entry(self, entry: dict[str, Any]) -> None:
        body = {k: v for k, v in entry.items() if k not in ("t", "e")}
        op = body.get("op")
        if op == "undo" and not self._undo or op == "redo" and not self._redo:
            raise RankingError(f"log entry {entry} has nothing to {op}")
        if op in CARD_OPS:
            self._check_card(body["card"])
            if op != "return":
                self._check_slot(body["to"])
        self._apply(body, parse_iso(entry["t"]), entry.get("e"))

    def to_draft(self) -> dict[str, Any]:
        return {
            "ranking_id": self.ranking_id,
            "deck": self.deck_id,
            "lens": self.lens,
            "cards": list(self.cards),
            "context": self.context.__dict__.copy(),
            "log": [dict(e) for e in self.log],
        }

    @classmethod
    def from_draft(cls, doc: dict[str, Any], clock: Clock = utc_now,
                   monotonic: Monotonic | None = None) -> Ranking:
        try:
            return cls.replay(doc["deck"], doc["lens"], doc["cards"], doc["log"],
                              RankingContext(**doc.get("context", {})), doc["ranking_id"],
                              clock, monotonic)
        except RankingError:
            raise
        except (KeyError, TypeError, IndexError, ValueError, AttributeError) as exc:
            raise RankingError(f"draft cannot be replayed: {exc!r}") from None

    def to_record(self, completed_at: datetime | None = None) -> SavedRanking:
        """The completed ranking as it is saved."""
        if not self.complete:
            raise RankingError(f"{len(self.tray)} card(s) are still in the tray")
        done = completed_at or self.clock()
        ctx = self.context
        started = self.started_at
        return SavedRanking(
            ranking_id=self.ranking_id,
            workshop_id=ctx.workshop_id,
            workshop=ctx.workshop,
            place=ctx.place,
            workshop_date=ctx.workshop_date,
            table=ctx.table,
            kiosk_id=ctx.kiosk_id,
            deck=self.deck_id,
            lens=self.lens,
            positions=self.positions(),
            tiers=self.tiers(),
            criteria=tuple(StatedCriterion(c.text, c.origin, c.text == self.primary)
                           for c in self.criteria),
            note=self.note,
            started_at=iso(started) if started else None,
            completed_at=iso(done),
            duration_s=self.duration_s(until=done),
            moves=self.moves,
            log=tuple(dict(e) for e in self.log),
            source="kiosk",
        )
