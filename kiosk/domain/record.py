"""A saved ranking: the typed value every layer passes around, and its document layout.

`SavedRanking.to_doc()` is the one place the stored layout is written and
`SavedRanking.from_doc()` the one place it is read (and checked): the store keeps these
documents, the table's session makes one from a finished board, the importer from CSV rows,
and export, the statistics, the facilitator's screens and the report read its fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Final, TypeVar

from kiosk.domain.naming import natural_key
from kiosk.domain.shown import shown

ACCEPTABLE: Final = "acceptable"
NOT_ACCEPTABLE: Final = "not acceptable"
# A table's note: a page of its words. Kept to this at entry (the criteria screen), in the
# domain (Ranking.set_note) and on reading a stored ranking, and refused longer on import:
# well under the longest cell an import reads (csv.field_size_limit(), 131,072 characters,
# a guard character included), so every export imports back.
NOTE_MAX: Final = 10_000
_EMPTY: Mapping[str, Any] = MappingProxyType({})
N = TypeVar("N", int, float)


def shortened(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, ending in "…" when it had to be cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


class RecordError(ValueError):
    """A stored or received ranking whose fields do not have the layout's types."""


# The years (in UTC) a time the kiosk keeps may fall in: every such time converts to UTC and
# to any local time (offsets up to a day) within what datetime holds, so no screen, sort or
# export meets a time it cannot show. Refused on import (file:line), set aside in the store.
TIME_YEARS: Final = (2000, 9998)
TIME_RANGE_TEXT: Final = f"in the years {TIME_YEARS[0]}–{TIME_YEARS[1]} (UTC)"


def in_time_range(moment: datetime) -> bool:
    """Whether a time lies within TIME_YEARS (a naive one read as UTC)."""
    try:
        year = moment.astimezone(UTC).year if moment.tzinfo is not None else moment.year
    except (OverflowError, ValueError, OSError):
        return False
    return TIME_YEARS[0] <= year <= TIME_YEARS[1]


def time_out_of_range(text: str) -> bool:
    """Whether `text` is an ISO 8601 time that lies outside TIME_YEARS."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return not in_time_range(moment)


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 time with a UTC offset (the contract's completed_at) within TIME_YEARS,
    or None."""
    if "T" not in text and " " not in text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None or not in_time_range(moment):
        return None
    return moment


def completion_time(text: str) -> datetime | None:
    """`completed_at` as an aware datetime (naive taken as UTC); None when it is not a time
    within TIME_YEARS."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if not in_time_range(when):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class StatedCriterion:
    """A criterion a table said it used: a suggested chip or its own words."""

    text: str
    origin: str  # "suggested" | "own"
    primary: bool = False

    def to_doc(self) -> dict[str, Any]:
        return {"text": self.text, "origin": self.origin, "primary": self.primary}


@dataclass(frozen=True, slots=True)
class SavedRanking:
    """One completed ranking of one deck under one lens, as stored and exchanged."""

    ranking_id: str
    deck: str
    lens: str
    positions: Mapping[str, int]  # card id -> 1..n (a paper ranking may tie cards)
    workshop_id: str = ""
    workshop: str = ""
    place: str = ""
    workshop_date: str = ""  # YYYY-MM-DD or ""
    table: str = ""
    kiosk_id: str = ""
    # card id -> "acceptable" | "not acceptable"; empty when no line was drawn
    tiers: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    criteria: tuple[StatedCriterion, ...] = ()
    note: str = ""
    started_at: str | None = None
    completed_at: str = ""  # ISO 8601 with offset; "" when unknown
    duration_s: float | None = None
    moves: int | None = None
    log: tuple[Mapping[str, Any], ...] = field(default=(), repr=False)
    source: str = "kiosk"

    # ----- what several screens derive, derived once
    @property
    def primary(self) -> str:
        """The criterion the table marked as its most important; "" when none."""
        for criterion in self.criteria:
            if criterion.primary:
                return criterion.text
        return ""

    @property
    def cut(self) -> int | None:
        """How many places lie above the acceptability line; None when no line was drawn."""
        if not self.tiers:
            return None
        return sum(1 for tier in self.tiers.values() if tier == ACCEPTABLE)

    @property
    def day(self) -> str:
        """The day it was made: completed, else the workshop's date (YYYY-MM-DD or "")."""
        return (self.completed_at or self.workshop_date)[:10]

    def cards(self, deck_order: Sequence[str] = ()) -> tuple[str, ...]:
        """The cards it was made with: in deck order where the deck is known, then the rest
        in natural order ("10" after "9")."""
        known = [c for c in deck_order if c in self.positions]
        rest = sorted((c for c in self.positions if c not in known), key=natural_key)
        return tuple(known + rest)

    def with_changes(self, **changes: Any) -> SavedRanking:
        return replace(self, **changes)

    # ----- the document layout (formats.md describes the CSV made from it)
    def to_doc(self) -> dict[str, Any]:
        return {
            "ranking_id": self.ranking_id,
            "workshop_id": self.workshop_id,
            "workshop": self.workshop,
            "place": self.place,
            "workshop_date": self.workshop_date,
            "table": self.table,
            "kiosk_id": self.kiosk_id,
            "deck": self.deck,
            "lens": self.lens,
            "positions": dict(self.positions),
            "tiers": dict(self.tiers),
            "criteria": [c.to_doc() for c in self.criteria],
            "note": self.note,
            "started_at": self.started_at,
            "completed_at": self.completed_at,
            "duration_s": self.duration_s,
            "moves": self.moves,
            "log": [dict(entry) for entry in self.log],
            "source": self.source,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> SavedRanking:
        """Read a stored document; RecordError names the first field of the wrong type.
        Fields the layout gained later may be missing and take their defaults. The record
        keeps read-only views of the document's containers rather than copies (the store
        reads thousands at once): hand it a document nobody changes afterwards, as the
        store's are (a change there replaces a document, never edits it)."""
        if type(doc) is not dict and not isinstance(doc, Mapping):
            raise RecordError(f"a ranking is an object, not {shown(doc)}")
        ranking_id = _text(doc, "ranking_id")
        if not ranking_id:
            raise RecordError("ranking_id is missing")
        positions = _mapping(doc, "positions")
        for card, position in positions.items():
            if type(position) is not int or position < 1:
                raise RecordError(f"positions: card {card!r} has position {position!r}")
        tiers = _mapping(doc, "tiers")
        for card, tier in tiers.items():
            if tier not in (ACCEPTABLE, NOT_ACCEPTABLE):
                raise RecordError(f"tiers: card {card!r} has tier {tier!r}")
        return cls(
            ranking_id=ranking_id,
            deck=_text(doc, "deck"),
            lens=_text(doc, "lens"),
            positions=MappingProxyType(positions),
            workshop_id=_text(doc, "workshop_id"),
            workshop=_text(doc, "workshop"),
            place=_text(doc, "place"),
            workshop_date=_text(doc, "workshop_date"),
            table=_text(doc, "table"),
            kiosk_id=_text(doc, "kiosk_id"),
            tiers=MappingProxyType(tiers) if tiers else _EMPTY,
            criteria=_criteria(doc.get("criteria")),
            note=shortened(_text(doc, "note"), NOTE_MAX),  # an older kiosk kept any length
            started_at=_time(doc, "started_at") or None,
            completed_at=_time(doc, "completed_at"),
            duration_s=_not_negative(_number(doc, "duration_s")),
            moves=_not_negative(_whole(doc, "moves")),
            log=_log(doc.get("log")),
            source=_text(doc, "source") or "kiosk",
        )


def _text(doc: Mapping[str, Any], name: str) -> str:
    value = doc.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{name} is {shown(value)}, not text")
    return value


def _time(doc: Mapping[str, Any], name: str) -> str:
    """A time field's text; one that is a time outside TIME_YEARS is refused (no screen could
    show it). Text that is no time at all is kept, for `kiosk check` to report."""
    value = _text(doc, name)
    if value and time_out_of_range(value):
        raise RecordError(f"{name} {value[:40]!r} is not a time {TIME_RANGE_TEXT}")
    return value


def _mapping(doc: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = doc.get(name)
    if value is None:
        return _EMPTY
    if type(value) is not dict and not isinstance(value, Mapping):
        raise RecordError(f"{name} is {shown(value)}, not an object")
    return value


def _number(doc: Mapping[str, Any], name: str) -> float | None:
    value = doc.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RecordError(f"{name} is {shown(value)}, not a number")
    return value


def _not_negative(value: N | None) -> N | None:
    """A count or a duration below zero (an older kiosk's clock stepped back) is unknown."""
    return None if value is None or value < 0 else value


def _whole(doc: Mapping[str, Any], name: str) -> int | None:
    value = doc.get(name)
    if value is None:
        return None
    if type(value) is not int:
        raise RecordError(f"{name} is {shown(value)}, not a whole number")
    return value


def _criteria(value: Any) -> tuple[StatedCriterion, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RecordError(f"criteria is {shown(value)}, not a list")
    stated = []
    for item in value:
        if type(item) is not dict and not isinstance(item, Mapping):
            raise RecordError("a criterion is not an object")
        text, origin = item.get("text"), item.get("origin", "own")
        if not isinstance(text, str) or not isinstance(origin, str):
            raise RecordError(f"criterion {text!r} is not text with an origin")
        stated.append(StatedCriterion(text, origin, bool(item.get("primary"))))
    return tuple(stated)


def _log(value: Any) -> tuple[Mapping[str, Any], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RecordError(f"log is {shown(value)}, not a list")
    if not all(type(entry) is dict for entry in value) and not all(
            isinstance(entry, Mapping) for entry in value):
        raise RecordError("a log entry is not an object")
    return tuple(map(MappingProxyType, value))  # read-only views: see from_doc
