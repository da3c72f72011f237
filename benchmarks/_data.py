"""Data the benchmarks measure with: realistic completed rankings made through the domain
(moves, log, criteria and all), a 15-card deck, and stores holding N rankings."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.domain.decks import Deck, DeckLibrary
from kiosk.domain.ranking import Ranking, RankingContext
from kiosk.domain.record import SavedRanking
from kiosk.services.catalog import Catalog, load_catalog

EMPTY_DATA = Path("/nonexistent-kiosk-data")


def catalog() -> Catalog:
    return load_catalog(EMPTY_DATA)


def deck_of_15(shipped: Catalog) -> Deck:
    """Every shipped card in one deck of 15 (ids made unique), for the 15-card measures."""
    cards = []
    for deck_id in sorted(shipped.decks.ids()):
        for card in shipped.decks[deck_id].cards:
            cards.append(replace(card, id=f"{deck_id[:4]}-{card.id}"))
    assert len(cards) == 15, len(cards)
    return Deck(id="all-15", title="All fifteen cards", cards=tuple(cards))


def catalog_with_15() -> tuple[Catalog, Deck]:
    base = catalog()
    deck = deck_of_15(base)
    decks = DeckLibrary(dict(base.decks.decks), [])
    decks.decks[deck.id] = deck
    return Catalog(decks, base.lenses, []), deck


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now


def rankings(count: int, shipped: Catalog, seed: int = 1, deck_ids: list[str] | None = None,
             workshops: int = 40) -> list[SavedRanking]:
    """`count` completed rankings as the kiosk stores them, spread over workshops, tables,
    decks and lenses, each made by a plausible sequence of moves (with a few undos)."""
    rng = random.Random(seed)
    deck_ids = deck_ids or ["examples-1-6", "examples-a-f"]
    lens_ids = list(shipped.lenses)
    start = datetime(2017, 6, 28, 9, tzinfo=UTC)
    out = []
    for i in range(count):
        shop = i % workshops
        deck = shipped.decks[deck_ids[i % len(deck_ids)]]
        lens = shipped.lenses[lens_ids[(i // len(deck_ids)) % len(lens_ids)]]
        context = RankingContext(
            workshop_id=str(uuid.UUID(int=shop + 1)), workshop=f"Workshop {shop + 1}",
            place=["Manchester", "Bristol", "Glasgow", "Cardiff"][shop % 4],
            workshop_date=f"2017-{6 + shop % 6:02d}-{1 + shop % 28:02d}",
            table=f"Table {i % 8 + 1}", kiosk_id=f"kiosk-{i % 8 + 1}")
        clock = _Clock(start + timedelta(minutes=i))
        ranking = Ranking(deck.id, lens.id, tuple(deck.card_ids), context,
                          ranking_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                          clock=clock)
        play(ranking, rng, extra_moves=rng.randint(0, 6))
        if lens.has_cut_line:
            ranking.set_cut(rng.randint(1, len(deck.cards) - 1))
        for text in rng.sample(lens.suggested, 2):
            ranking.add_criterion(text, "suggested")
        ranking.add_criterion(f"Our own point {i % 17}", "own")
        ranking.set_primary(ranking.criteria[0].text)
        if i % 5 == 0:
            ranking.set_note("We disagreed about the second card.")
        out.append(ranking.to_record())
    return out


def play(ranking: Ranking, rng: random.Random, extra_moves: int = 0) -> None:
    """Place every card, then move a few around (and undo one now and then)."""
    order = list(ranking.cards)
    rng.shuffle(order)
    for slot, card in enumerate(order):
        ranking.drop(card, slot)
    n = len(ranking.cards)
    for _ in range(extra_moves):
        moved = ranking.drop(rng.choice(ranking.cards), rng.randrange(n))
        if moved and rng.random() < 0.15:
            ranking.undo()


def positions_for(deck: Deck, tables: int, seed: int = 2) -> list[dict[str, int]]:
    """Positions of `tables` tables that broadly agree (a shared order plus noise)."""
    rng = random.Random(seed)
    cards = deck.card_ids
    base = {c: i for i, c in enumerate(cards)}
    out = []
    for _ in range(tables):
        noisy = sorted(cards, key=lambda c: base[c] + rng.gauss(0, 3.0))
        out.append({c: i + 1 for i, c in enumerate(noisy)})
    return out
