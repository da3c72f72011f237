"""Workshops and this kiosk's settings (which workshop and table, the lens sequence)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any

from kiosk.domain.lenses import LENS_IDS
from kiosk.domain.pin import is_pin_hash

if TYPE_CHECKING:
    import datetime
    import uuid

DEFAULT_SEQUENCE = (("benefit", "examples-1-6"), ("risk", "examples-1-6"),
                    ("acceptability", "examples-1-6"))
DEFAULT_IDLE_TIMEOUT_S = 180
MIN_IDLE_S, MAX_IDLE_S = 30, 3600  # what the facilitator can set, and all a kiosk accepts
MAX_STEPS = 9  # a lens sequence's steps: a workshop's day (settings holding more keep these)
DEFAULT_SEATS = 4  # how many a table's poll offers first (MIN_SEATS to MAX_SEATS)
MIN_SEATS, MAX_SEATS = 2, 6
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _uuid4() -> uuid.UUID:
    import uuid  # loaded (with platform) only when an id is made: not on every start

    return uuid.uuid4()


def new_kiosk_id() -> str:
    return f"kiosk-{_uuid4().hex[:6]}"


_MADE_KIOSK_ID = re.compile(r"^kiosk-([0-9a-f]{6})$")


def default_table_label(kiosk_id: str) -> str:
    """A kiosk's own table label until a facilitator sets one: "kiosk-3f2a1b" → "Table 3F2A".
    Never the same "Table 1" on every kiosk, which merged rankings could not tell apart."""
    if not kiosk_id:
        return "Table 1"
    made = _MADE_KIOSK_ID.match(kiosk_id)
    return f"Table {made.group(1)[:4].upper()}" if made else f"Table {kiosk_id}"


@dataclass(frozen=True, slots=True)
class Workshop:
    """A workshop: its name, place and date (YYYY-MM-DD). `provisional`: made up by a first
    start with no workshop set (named after the day) until a facilitator sets or corrects it."""

    workshop_id: str
    name: str
    place: str = ""
    date: str = ""  # YYYY-MM-DD
    provisional: bool = False

    @classmethod
    def new(cls, name: str, place: str = "", when: str = "") -> Workshop:
        if when and not _DATE_RE.match(when):
            raise ValueError("a workshop date is YYYY-MM-DD")
        return cls(str(_uuid4()), name.strip(), place.strip(), when)

    @classmethod
    def default_for(cls, today: datetime.date) -> Workshop:
        """What a first run uses so the board is usable at once: a workshop named after today."""
        made = cls.new(f"Workshop {today.isoformat()}", "", today.isoformat())
        return cls(made.workshop_id, made.name, made.place, made.date, provisional=True)

    def to_doc(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Workshop:
        return cls(str(doc["workshop_id"]), str(doc.get("name", "")),
                   str(doc.get("place", "")), str(doc.get("date", "")),
                   provisional=doc.get("provisional") is True)

    @property
    def label(self) -> str:
        return self.name or self.place or "Workshop"


POLL_STEP = "poll"  # the `lens` of a step that is a case-study poll (its `deck`: the poll id)


@dataclass(frozen=True, slots=True)
class LensStep:
    """One step of the sequence: rank this deck through this lens — or, with the lens
    POLL_STEP, answer the case-study poll whose id is `deck` (LensStep.for_poll)."""

    lens: str
    deck: str

    @classmethod
    def for_poll(cls, poll_id: str) -> LensStep:
        return cls(POLL_STEP, poll_id)

    @property
    def is_poll(self) -> bool:
        return self.lens == POLL_STEP

    @property
    def poll(self) -> str:
        return self.deck if self.is_poll else ""

    def to_doc(self) -> dict[str, str]:
        """How kiosk.json (and a room's setup) keeps it: {"lens", "deck"} or {"poll"}."""
        return {"poll": self.deck} if self.is_poll else {"lens": self.lens, "deck": self.deck}

    @classmethod
    def from_doc(cls, doc: object) -> LensStep | None:
        """The step a document describes, or None when it describes none."""
        if not isinstance(doc, dict):
            return None
        poll = doc.get("poll")
        if isinstance(poll, str) and poll:
            return cls.for_poll(poll)
        lens, deck = doc.get("lens"), doc.get("deck")
        if lens in LENS_IDS and isinstance(deck, str) and deck:
            return cls(str(lens), deck)
        return None


@dataclass(frozen=True, slots=True)
class KioskSettings:
    """Every setting declared once, with its type and default."""

    workshop_id: str = ""
    table: str = ""  # empty: the kiosk's own default (default_table_label)
    kiosk_id: str = field(default_factory=new_kiosk_id)
    sequence: tuple[LensStep, ...] = tuple(LensStep(lens, deck) for lens, deck in DEFAULT_SEQUENCE)
    idle_timeout_s: int = DEFAULT_IDLE_TIMEOUT_S
    pin: dict[str, Any] | None = None  # salted scrypt hash (kiosk.domain.pin); None until set
    seats: int = DEFAULT_SEATS  # who usually sits at this table: a poll's first offer

    def __post_init__(self) -> None:
        if not self.table:
            object.__setattr__(self, "table", default_table_label(self.kiosk_id))

    def to_doc(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["sequence"] = [step.to_doc() for step in self.sequence]
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> KioskSettings:
        base = cls(kiosk_id="")  # the defaults; a kiosk id is made only if the doc has none
        sequence = base.sequence
        raw = doc.get("sequence")
        if isinstance(raw, list) and raw:
            # the first MAX_STEPS steps only (10,000 of them took a kiosk 34 s to start)
            steps = list(islice((step for step in map(LensStep.from_doc, raw)
                                 if step is not None), MAX_STEPS))
            if steps:
                sequence = tuple(steps)
        timeout = doc.get("idle_timeout_s", base.idle_timeout_s)
        if type(timeout) is not int or not MIN_IDLE_S <= timeout <= MAX_IDLE_S:
            timeout = base.idle_timeout_s  # a timer Qt cannot run (or none) is never used
        pin = doc.get("pin")
        seats = doc.get("seats")
        if type(seats) is not int or not MIN_SEATS <= seats <= MAX_SEATS:
            seats = base.seats
        return cls(
            seats=seats,
            workshop_id=str(doc.get("workshop_id", "")),
            table=str(doc.get("table") or ""),
            kiosk_id=str(doc.get("kiosk_id") or new_kiosk_id()),
            sequence=sequence,
            idle_timeout_s=timeout,
            pin=pin if is_pin_hash(pin) else None,
        )
