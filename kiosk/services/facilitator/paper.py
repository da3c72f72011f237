"""A paper session typed in on screen: the facilitator picks the workshop, table, deck and
lens, taps the cards in the order the table's sheet gives (tied cards share a place), adds
the sheet's criteria and saves.

What is saved is exactly what importing the same sheet as CSV saves (formats.md, "paper
entry"): the sheet becomes the rows a hand-typed rankings.csv and criteria.csv would hold —
ranking_id empty, no kiosk, no duration or moves — and goes through the import's own
checking, record building and merge (kiosk.exchange.importer.read_sheet, merge_batch). Its
id is therefore derived from the same content by the same rule, and a CSV of the same
sheet imported later (or before) adds nothing.

`PaperOrder` is the order being tapped in, with its undo; no Qt here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.domain.naming import natural_key
from kiosk.domain.record import ACCEPTABLE, NOT_ACCEPTABLE, SavedRanking
from kiosk.domain.text_rules import name_problem
from kiosk.domain.workshop import Workshop
from kiosk.exchange.cells import workshop_id_for
from kiosk.exchange.importer import ImportSummary, merge_batch, read_sheet
from kiosk.services.catalog import Catalog
from kiosk.services.facilitator.changes import Changes
from kiosk.services.facilitator.rankings import RankingService
from kiosk.services.facilitator.setup import SetupService
from kiosk.services.facilitator.transfer import _LockedImport
from kiosk.services.facilitator.workshops import WorkshopService
from kiosk.services.ports import ImportPort

SHEET = "the sheet on screen"


class PaperError(ValueError):
    """What must be put right before the sheet can be saved, in a sentence."""


class PaperOrder:
    """The cards of one sheet in the order tapped: a list of places, each holding one card
    or several tied ones. Tapping a placed card takes it off again; `undo` takes back the
    last tap, whichever it was."""

    def __init__(self, cards: Sequence[str]) -> None:
        self.cards = tuple(cards)
        self.places: list[list[str]] = []
        # acceptability: how many places lie above the line the table drew (None: no line)
        self.line: int | None = None
        self._undo: list[tuple[list[list[str]], int | None]] = []

    def _remember(self) -> None:
        self._undo.append(([list(p) for p in self.places], self.line))

    def tap(self, card: str, tied: bool = False) -> None:
        """Place `card` next (beside the last placed card when `tied`), or, if it is placed
        already, take it off (the cards below move up)."""
        if card not in self.cards:
            raise KeyError(card)
        self._remember()
        place = self.place_of(card)
        if place is not None:
            self.places[place].remove(card)
            if not self.places[place]:
                del self.places[place]
                if self.line is not None and place < self.line:
                    self.line -= 1
        elif tied and self.places:
            self.places[-1].append(card)
        else:
            self.places.append([card])

    def draw_line(self) -> None:
        """The line between acceptable and not acceptable, below the places tapped so far;
        drawn there again, it goes."""
        self._remember()
        here = len(self.places)
        self.line = None if self.line == here else here

    def undo(self) -> bool:
        if not self._undo:
            return False
        self.places, self.line = self._undo.pop()
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def clear(self) -> None:
        self.places = []
        self.line = None
        self._undo = []

    def tiers(self) -> dict[str, str]:
        """Card -> "acceptable" | "not acceptable" when a line is drawn, else empty."""
        if self.line is None:
            return {}
        return {card: ACCEPTABLE if at < self.line else NOT_ACCEPTABLE
                for at, place in enumerate(self.places) for card in place}

    def place_of(self, card: str) -> int | None:
        for at, place in enumerate(self.places):
            if card in place:
                return at
        return None

    def positions(self) -> dict[str, int]:
        """Card -> position, tied cards sharing the first of their places (1, 1, 3), as a
        sheet typed into rankings.csv gives them (formats.md)."""
        positions: dict[str, int] = {}
        before = 0
        for place in self.places:
            for card in place:
                positions[card] = before + 1
            before += len(place)
        return positions

    def unplaced(self) -> list[str]:
        placed = self.positions()
        return [c for c in self.cards if c not in placed]


@dataclass(frozen=True)
class PaperSheet:
    """One table's sheet for one deck and lens, as the facilitator typed it in."""

    workshop_id: str
    table: str
    deck: str
    lens: str
    completed_at: str  # when the table finished the sheet: ISO 8601 with its offset
    positions: dict[str, int]
    criteria: tuple[tuple[str, str], ...] = ()  # (text, "suggested" | "own")
    primary: str = ""
    note: str = ""
    tiers: dict[str, str] = field(default_factory=dict)  # card -> tier, when a line is drawn


@dataclass(frozen=True)
class PaperSaved:
    record: SavedRanking
    new: bool  # False: the same sheet was stored already (typed in or imported before)
    conflicts: list[str] = field(default_factory=list)


def sheet_time(day: str, hour: int, minute: int) -> str:
    """The sheet's time as completed_at: the local offset of that day and time, to the
    second, e.g. 2017-06-28T14:30:00+01:00 (the form the README shows for paper rows)."""
    try:
        when = datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}:00")
    except ValueError:
        raise PaperError("The day is YYYY-MM-DD and the time hh:mm, e.g. 2017-06-28 14:30.")\
            from None
    return when.astimezone().isoformat(timespec="seconds")


class PaperService:
    def __init__(self, store: ImportPort, catalog: Catalog, workshops: WorkshopService,
                 rankings: RankingService, setup: SetupService, changes: Changes) -> None:
        self._store = store
        self._catalog = catalog
        self._workshops = workshops
        self._rankings = rankings
        self._setup = setup
        self._changes = changes

    # ----- what the form offers
    def tables(self, workshop_id: str) -> list[str]:
        """The tables this workshop's rankings name, and this kiosk's own, in natural order."""
        labels = {s.table for s in self._rankings.summaries()
                  if s.workshop_id == workshop_id and s.table}
        labels.add(self._setup.settings().table)
        return sorted((t for t in labels if t), key=natural_key)

    # ----- saving
    def rows(self, sheet: PaperSheet) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """The rankings.csv and criteria.csv rows a hand-typed CSV of this sheet holds."""
        workshop = self._workshop(sheet.workshop_id)
        deck = self._catalog.deck(sheet.deck)
        if deck is None:
            raise PaperError(f"The deck {sheet.deck!r} is not here any more.")
        missing = [c for c in deck.card_ids if c not in sheet.positions]
        if missing:
            titles = ", ".join(f"{c} {deck.card(c).title}" for c in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            raise PaperError(f"Place every card before saving: {len(missing)} still to place "
                             f"({titles}{more}).")
        if not sheet.table.strip():
            raise PaperError("Choose or type the table the sheet is from.")
        problem = name_problem("the table", sheet.table.strip())
        if problem is not None:  # what an import of the same sheet would refuse
            raise PaperError(problem[0].upper() + problem[1:] + ".")
        level = {
            # empty when the workshop's id is the one a sheet with no workshop_id gets, as
            # a hand-typed sheet leaves it: then both give the same ranking id
            "workshop_id": "" if workshop.workshop_id == workshop_id_for(
                workshop.name, workshop.place, workshop.date) else workshop.workshop_id,
            "workshop": workshop.name, "place": workshop.place,
            "workshop_date": workshop.date, "table": sheet.table.strip(), "kiosk_id": "",
            "deck": sheet.deck, "lens": sheet.lens, "completed_at": sheet.completed_at,
            "duration_s": "", "moves": "", "primary_criterion": sheet.primary,
            "note": sheet.note, "ranking_id": ""}
        rankings = [dict(level, card_id=card, card_title=deck.card(card).title,
                         position=str(sheet.positions[card]), tier=sheet.tiers.get(card, ""))
                    for card in deck.card_ids]
        criteria = [{"ranking_id": "", "workshop": workshop.name, "table": level["table"],
                     "deck": sheet.deck, "lens": sheet.lens, "criterion": text,
                     "origin": origin, "primary": "true" if text == sheet.primary else "false"}
                    for text, origin in sheet.criteria]
        return rankings, criteria

    def save(self, sheet: PaperSheet) -> PaperSaved:
        """Store the sheet as an imported paper ranking; PaperError says what to fix."""
        if sheet.primary and sheet.primary not in [t for t, _ in sheet.criteria]:
            raise PaperError("The most important criterion must be one of the sheet's "
                             "criteria.")
        rankings, criteria = self.rows(sheet)
        locked = _LockedImport(self._store, self._changes)
        batch = read_sheet(rankings, criteria, self._catalog, SHEET,
                           workshops=locked.list_workshops())
        if batch.errors:
            raise PaperError("The sheet cannot be saved: " + "; ".join(
                e.removeprefix(SHEET + ":") for e in batch.errors[:3]))
        summary: ImportSummary = merge_batch(batch, locked)
        if summary.new:
            self._changes.changed("workshops")
            self._changes.changed("rankings")
        return PaperSaved(batch.records[0], bool(summary.new), list(summary.conflicts))

    def _workshop(self, workshop_id: str) -> Workshop:
        workshop = self._workshops.get(workshop_id) if workshop_id else None
        if workshop is None:
            raise PaperError("Choose the workshop the sheet is from.")
        return workshop
