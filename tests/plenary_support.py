"""A realistic room for the plenary tests and screenshots: the demo workshop with six
tables (Bristol), deck examples-1-6, tables at different points of the three lenses.
(No tests here.)"""

from __future__ import annotations

from pathlib import Path

from kiosk.analysis.plenary import TableProgress
from kiosk.domain.record import SavedRanking
from kiosk.services.catalog import Catalog, load_catalog
from kiosk.services.demo import demo_rankings

DECK = "examples-1-6"
LENSES = ("benefit", "risk", "acceptability")
# table number -> lenses it has saved, and where it is now (phase, lens index, cards placed)
ROOM = {
    1: (3, ("done", 2, 6)),
    2: (2, ("board", 2, 4)),
    3: (2, ("criteria", 2, 6)),
    4: (1, ("board", 1, 2)),
    5: (2, ("saved", 1, 6)),
    6: (0, ("board", 0, 5)),
}


def shipped() -> Catalog:
    return load_catalog(Path("/nonexistent-kiosk-data"))


def lens_titles(catalog: Catalog) -> dict[str, str]:
    return {lens: catalog.lenses[lens].title for lens in LENSES}


def deck_cards(catalog: Catalog) -> dict[str, list[tuple[str, str]]]:
    return {d: [(c.id, c.title) for c in catalog.decks[d].cards] for d in catalog.decks.ids()}


def demo_room(catalog: Catalog, done: dict[int, int] | None = None
              ) -> tuple[list[SavedRanking], list[TableProgress]]:
    """The Bristol demo tables' rankings of examples-1-6, as far as each table has got, and
    each kiosk's progress note."""
    done = done or {n: saved for n, (saved, _) in ROOM.items()}
    decks = {d: catalog.decks[d].card_ids for d in catalog.decks.ids()}
    every = [r for r in demo_rankings(decks, catalog.lenses)
             if r.workshop.startswith("Bristol") and r.deck == DECK]
    records = [r for r in every
               if LENSES.index(r.lens) < done.get(int(r.table.split()[-1]), 0)]
    notes = []
    for number, (_, (phase, step, placed)) in ROOM.items():
        notes.append(TableProgress.from_doc({
            "kiosk_id": f"demo-kiosk-{number}", "table": f"Table {number}",
            "workshop_id": "demo-bristol", "phase": phase, "step": step, "steps": 3,
            "lens": LENSES[step], "deck": DECK, "placed": placed, "cards": 6,
            "updated_at": "2025-05-21T11:02:00+00:00"}))
    return records, [n for n in notes if n is not None]


def demo_poll_runs(catalog: Catalog, poll_id: str = "camden-comfort",
                   tables: tuple[int, ...] = (1, 2, 3, 4, 5),
                   kiosks: list[tuple[str, str]] | None = None) -> list:
    """A run of a shipped poll at each of `tables` (the Bristol demo's kiosks), or at each
    of `kiosks` ((kiosk id, label) pairs: big_room_kiosks), 4 to 6 seats, every seat
    answering every stage (a few passes), deterministic."""
    import random

    from kiosk.domain.poll_record import PollAnswer, PollRun

    poll = catalog.polls[poll_id]
    runs = []
    at = kiosks if kiosks is not None else [(f"demo-kiosk-{n}", f"Table {n}") for n in tables]
    for number, (kiosk, label) in enumerate(at, start=1):
        chance = random.Random(number)
        seats = 4 + number % 3
        answers = []
        for stage_no, stage in enumerate(poll.stages, start=1):
            choices = stage.answers()
            for seat in range(1, seats + 1):
                if stage.kind == "scale":
                    answer = "pass" if chance.random() < 0.1 else str(
                        max(1, min(5, round(chance.gauss(2 + stage_no * 0.6, 1.0)))))
                else:
                    answer = chance.choice(choices)
                answers.append(PollAnswer(stage_no, seat, answer,
                                          f"2025-05-21T11:{10 + stage_no:02d}:{seat:02d}+00:00"))
        runs.append(PollRun(poll_run_id=f"demo-poll-{number}", poll=poll_id,
                            answers=tuple(answers), workshop_id="demo-bristol",
                            workshop="Bristol", table=label,
                            kiosk_id=kiosk, seats=seats))
    return runs


def big_room(catalog: Catalog, tables: int) -> tuple[list[SavedRanking], list[TableProgress]]:
    """`tables` tables (8 to 12: a large room) at different points of the three lenses:
    "Table 1" … numbered, two kiosks both labelled "Table 1", and one "Window table"; kiosk
    ids as kiosks make them (kiosk-<6 hex>)."""
    from tests.csv_support import make_record

    records, notes = [], []
    for index, (kiosk, label) in enumerate(big_room_kiosks(tables)):
        saved = 1 + index % 3
        for step, lens in enumerate(LENSES[:saved]):
            records.append(make_record(catalog, deck=DECK, lens=lens, table=label,
                                       seed=index * 10 + step).with_changes(kiosk_id=kiosk))
        note = TableProgress.from_doc({
            "kiosk_id": kiosk, "table": label, "phase": "board", "step": saved % 3,
            "steps": 3, "lens": LENSES[saved % 3], "deck": DECK, "placed": 3, "cards": 6,
            "updated_at": "2025-05-21T11:02:00+00:00"})
        if note is not None:
            notes.append(note)
    return records, notes


def big_room_kiosks(tables: int) -> list[tuple[str, str]]:
    """big_room's (kiosk id, table label) pairs, in order."""
    labels = [f"Table {n}" for n in range(1, tables - 1)] + ["Table 1", "Window table"]
    return [(f"kiosk-{(index * 2654435761) % 16**6:06x}", label)
            for index, label in enumerate(labels)]
