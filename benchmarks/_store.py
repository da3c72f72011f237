"""Store measures: saving a completed ranking at 10,000 stored against stock TinyDB, and the
per-move draft autosave at 10,000 stored against at 0."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB

from benchmarks import _data
from kiosk.domain.record import SavedRanking
from kiosk.services.table_session import TableSession
from kiosk.storage import Store


def save_vs_tinydb(stored: int = 10_000, saves: int = 15,
                   records: list[SavedRanking] | None = None) -> dict:
    """Median time of one durable `Store.save_ranking` with `stored` rankings in the store,
    over the median of one stock `TinyDB.insert` (JSONStorage) holding the same documents."""
    if records is None:
        records = _data.rankings(stored + 2 * saves + 2, _data.catalog(), seed=3)
    assert len(records) >= stored + 2 * saves + 2
    records = list(records)
    base, fresh = records[:stored], records[stored:]
    with tempfile.TemporaryDirectory() as tmp:
        with Store.open(Path(tmp) / "data") as store:
            store.save_rankings(base)
            stock = TinyDB(Path(tmp) / "stock.json")
            stock.insert_multiple([r.to_doc() for r in base])
            # Warm both (the store reads rankings.json on first access, as a kiosk does
            # once); then measure them interleaved so machine noise hits both alike.
            store.save_ranking(fresh.pop())
            stock.insert(fresh.pop().to_doc())
            ours, theirs = [], []
            for _ in range(saves):
                record = fresh.pop()
                t = time.perf_counter()
                store.save_ranking(record)
                ours.append(time.perf_counter() - t)
                doc = fresh.pop().to_doc()  # TinyDB takes the document itself
                t = time.perf_counter()
                stock.insert(doc)
                theirs.append(time.perf_counter() - t)
            stock.close()
            size_ours = (Path(tmp) / "data" / "rankings.json").stat().st_size
            size_stock = (Path(tmp) / "stock.json").stat().st_size
    ours_ms = statistics.median(ours) * 1000
    stock_ms = statistics.median(theirs) * 1000
    return {
        "value": ours_ms / stock_ms,
        "detail": f"save {ours_ms:.1f} ms vs TinyDB insert {stock_ms:.1f} ms at {stored:,} "
                  f"stored (files {size_ours / 1e6:.1f} / {size_stock / 1e6:.1f} MB)",
        "save_ms": ours_ms, "tinydb_insert_ms": stock_ms,
    }


def _session(data: Path, stored: list[SavedRanking]) -> TableSession:
    shipped = _data.catalog()
    store = Store.open(data)
    if stored:
        store.save_rankings(stored)
    store.count_rankings()  # rankings.json in memory, as after a table has saved once
    session = TableSession(store, shipped)
    session.start_fresh()
    return session


def autosave_growth(stored: int = 10_000, moves: int = 300,
                    records: list[SavedRanking] | None = None) -> dict:
    """Median time of one card move plus its draft autosave (TableSession.save_draft) with
    `stored` rankings in the store, over the same with none stored."""
    if records is None:
        records = _data.rankings(stored, _data.catalog(), seed=4)
    records = records[:stored]
    with tempfile.TemporaryDirectory() as tmp:
        empty = _session(Path(tmp) / "empty", [])
        full = _session(Path(tmp) / "full", records)
        del records
        rng = random.Random(5)
        times: dict[str, list[float]] = {"empty": [], "full": []}
        for _ in range(moves):
            for name, session in (("empty", empty), ("full", full)):
                ranking = session.ranking
                n = len(ranking.cards)
                card, slot = rng.choice(ranking.cards), rng.randrange(n)
                if ranking.slot_of(card) == slot:
                    slot = (slot + 1) % n
                t = time.perf_counter()
                ranking.drop(card, slot)
                session.save_draft()
                times[name].append(time.perf_counter() - t)
        draft_bytes = (Path(tmp) / "full" / "drafts.json").stat().st_size
        for session in (empty, full):
            session._store.close()
    at_0 = statistics.median(times["empty"]) * 1000
    at_n = statistics.median(times["full"]) * 1000
    return {
        "value": at_n / at_0,
        "detail": f"move+autosave {at_n:.2f} ms at {stored:,} stored vs {at_0:.2f} ms at 0 "
                  f"(draft of {moves} moves: {draft_bytes / 1000:.0f} kB)",
        "at_0_ms": at_0, "at_n_ms": at_n,
    }
