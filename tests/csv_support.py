"""Shared helpers for the CSV and CLI tests: real rankings made on the real board model,
the real decks in assets/, and a real store in a temporary folder. (No tests here.)"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.domain.ranking import Ranking, RankingContext
from kiosk.services.catalog import Catalog, load_catalog
from kiosk.storage import Store

RANKING_HEADER = ("ranking_id,workshop_id,workshop,place,workshop_date,table,kiosk_id,deck,lens,"
                  "card_id,card_title,position,tier,completed_at,duration_s,moves,"
                  "primary_criterion,note")
CRITERIA_HEADER = "ranking_id,workshop,table,deck,lens,criterion,origin,primary"
# What export writes: the older layout (which import still takes) with two ids appended.
CRITERIA_EXPORT_HEADER = CRITERIA_HEADER + ",workshop_id,kiosk_id"


def catalog_for(data_dir: Path) -> Catalog:
    catalog = load_catalog(data_dir)
    assert not catalog.problems, catalog.problems
    return catalog


class StepClock:
    """A clock that moves on a few seconds each time it is read (no wall-clock time)."""

    def __init__(self, start: datetime, step_s: float = 7.25) -> None:
        self.now = start
        self.step = timedelta(seconds=step_s)

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def make_record(catalog: Catalog, *, deck: str = "examples-1-6", lens: str = "benefit",
                order: list[str] | None = None, workshop: str = "Manchester",
                table: str = "Table 1", seed: int = 0, cut: int | None = None,
                criteria: list[tuple[str, str]] = (), primary: str | None = None,
                note: str = "", start: datetime | None = None) -> dict:
    """A completed ranking made by dragging cards on the real Ranking model."""
    rng = random.Random(seed)
    cards = catalog.deck(deck).card_ids
    if order is None:
        order = list(cards)
        rng.shuffle(order)
    context = RankingContext(workshop_id=str(uuid.uuid5(uuid.NAMESPACE_DNS, workshop)),
                             workshop=workshop, place="Town Hall", workshop_date="2017-03-15",
                             table=table, kiosk_id="kiosk-abc123")
    clock = StepClock(start or datetime(2017, 3, 15, 10, 0, tzinfo=UTC)
                      + timedelta(minutes=seed))
    ranking = Ranking(deck, lens, tuple(cards), context,
                      ranking_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), clock=clock)
    for slot, card in enumerate(order):
        ranking.drop(card, slot)
    if cut is not None:
        ranking.set_cut(cut)
    for text, origin in criteria:
        ranking.add_criterion(text, origin)
    if primary is not None:
        ranking.set_primary(primary)
    if note:
        ranking.set_note(note)
    return ranking.to_record()


def sample_records(catalog: Catalog, count: int = 12) -> list[dict]:
    """A mix over decks, lenses, workshops and tables, with criteria, cut lines and notes
    that need quoting and the formula guard."""
    benefit = catalog.lenses["benefit"].criteria
    records = []
    decks = ["examples-1-6", "examples-a-f", "case-studies"]
    notes = ["", "-- great discussion", "=SUM(A1)", 'said "no", then yes,\r\nthen maybe',
             "Åsa's café — naïve", "@home", "'=already quoted"]
    for i in range(count):
        lens = ("benefit", "risk", "acceptability")[(i // 3) % 3]
        criteria = [(benefit[i % len(benefit)], "suggested"), ("+ own idea, typed", "own")]
        records.append(make_record(
            catalog, deck=decks[i % 3], lens=lens, workshop=("Manchester", "Leeds")[i % 2],
            table=f"Table {i % 4 + 1}", seed=i, cut=3 if lens == "acceptability" else None,
            criteria=criteria, primary=criteria[i % 2][0] if i % 4 else None,
            note=notes[i % len(notes)]))
    return records


def store_with(data_dir: Path, records: list[dict]) -> Store:
    store = Store.open(data_dir)
    if records:
        store.save_rankings(records)
    return store


def write_csv(path: Path, lines: list[str], bom: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode() + b"\r\n")
    return path
