"""The saved rankings as the facilitator's Rankings page sees them: rows for its table,
filters, corrections (a mislabelled table, the right workshop), deletion, replay, and the
comparison the Compare page and `kiosk compare` share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.domain.record import SavedRanking
from kiosk.domain.replay import ReplayFrame, replay_frames
from kiosk.services.catalog import Catalog
from kiosk.services.facilitator.changes import Changes
from kiosk.services.facilitator.names import Names
from kiosk.services.facilitator.setup import SetupError, table_label
from kiosk.services.facilitator.workshops import WorkshopService
from kiosk.services.ports import RankingPort

if TYPE_CHECKING:
    from kiosk.analysis.statistics import Comparison


@dataclass(frozen=True, slots=True)
class RankingSummary:
    """One saved ranking as a row of the facilitator's table."""

    ranking_id: str
    workshop_id: str
    workshop: str
    table: str
    deck: str
    deck_title: str
    lens: str
    completed_at: str  # ISO with offset, "" when unknown (paper entry)
    day: str  # YYYY-MM-DD the ranking was made (completed, else the workshop's date)
    duration_s: float | None
    moves: int | None
    primary: str
    source: str


# (ranking_id, "delete" | "relabel", table): a correction made on a room's hub, which the
# room sends to the kiosk that holds the ranking (kiosk.services.room).
Correction = Callable[[str, str, str], None]


class RankingService:
    def __init__(self, store: RankingPort, catalog: Catalog, names: Names,
                 workshops: WorkshopService, changes: Changes,
                 corrections: Correction | None = None) -> None:
        self._corrections = corrections
        self._store = store
        self._catalog = catalog
        self._names = names
        self._workshops = workshops
        self._changes = changes
        # Rows of the rankings table, kept until something changes: with thousands of
        # rankings, re-reading the store for every refresh of every tab would be felt.
        self._summaries: list[RankingSummary] | None = None
        changes.on_change(self._forget)

    def _forget(self, what: str) -> None:
        if what in ("rankings", "workshops"):
            self._summaries = None

    def records(self) -> list[SavedRanking]:
        """Every completed ranking (for the compare screen)."""
        with self._changes.lock:
            return list(self._store.list_rankings())

    def count(self) -> int:
        with self._changes.lock:
            return int(self._store.count_rankings())

    def get(self, ranking_id: str) -> SavedRanking | None:
        with self._changes.lock:
            return self._store.get_ranking(ranking_id)

    def summarize(self, record: SavedRanking) -> RankingSummary:
        return RankingSummary(
            ranking_id=record.ranking_id,
            workshop_id=record.workshop_id,
            workshop=record.workshop,
            table=record.table,
            deck=record.deck,
            deck_title=self._names.deck_title(record.deck),
            lens=record.lens,
            completed_at=record.completed_at,
            day=record.day,
            duration_s=record.duration_s,
            moves=record.moves,
            primary=record.primary,
            source=record.source,
        )

    def summaries(self) -> list[RankingSummary]:
        """One row per saved ranking (cached until a change made through these services)."""
        with self._changes.lock:
            if self._summaries is None:
                self._summaries = [self.summarize(r) for r in self._store.list_rankings()]
            return list(self._summaries)

    def find(self, *, workshop_id: str | None = None, table: str | None = None,
             deck: str | None = None, lens: str | None = None, day: str | None = None,
             source: str | None = None) -> list[SavedRanking]:
        """Saved rankings matching every filter given (None = any)."""
        def wanted(r: SavedRanking) -> bool:
            return all(want is None or have == want for have, want in (
                (r.workshop_id, workshop_id), (r.table, table), (r.deck, deck),
                (r.lens, lens), (r.day, day), (r.source, source)))

        return [r for r in self.records() if wanted(r)]

    def update(self, ranking_id: str, *, table: str | None = None,
               workshop_id: str | None = None) -> SavedRanking:
        """Correct a mislabelled table, or move a ranking to the workshop it belongs to."""
        changes: dict[str, str] = {}
        if table is not None:
            changes["table"] = table_label(table)
        if workshop_id is not None:
            workshop = self._workshops.get(workshop_id)
            if workshop is None:
                raise SetupError("That workshop no longer exists.")
            changes.update(workshop_id=workshop.workshop_id, workshop=workshop.name,
                           place=workshop.place, workshop_date=workshop.date)
        relabelled = False
        with self._changes.lock:
            record = self._store.get_ranking(ranking_id)
            if record is None:
                raise SetupError("That ranking is no longer saved.")
            if changes:
                relabelled = record.table != changes.get("table", record.table)
                record = record.with_changes(**changes)
                self._store.save_rankings_replacing([record])
        if changes:
            if relabelled and self._corrections is not None:
                self._corrections(ranking_id, "relabel", record.table)
            self._changes.changed("rankings")
        return record

    def delete(self, ranking_id: str) -> None:
        with self._changes.lock:
            self._store.delete_rankings([ranking_id])
        if self._corrections is not None:
            self._corrections(ranking_id, "delete", "")
        self._changes.changed("rankings")

    def replay(self, record: SavedRanking) -> list[ReplayFrame]:
        deck = record.deck
        return replay_frames(record, self._names.deck_order(deck),
                             lambda card: f"{card} · {self._names.card_title(deck, card)}")

    def compare(self, deck: str, lens: str,
                workshops: Iterable[str] | None = None) -> Comparison:
        from kiosk.analysis.selection import compare_records  # NumPy and SciPy load here

        return compare_records(self.records(), self._catalog, deck, lens,
                               list(workshops) if workshops is not None else None)
