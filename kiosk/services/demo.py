"""Demo data: plausible rankings from three made-up workshops, so a new facilitator can see
every screen and chart filled before a real session.

Everything here is deterministic (seeded) and clearly marked: rankings carry
`source: "demo"`, workshop names end in "(demo)" and workshop ids start with "demo-", so
"Remove demo data" deletes exactly what "Load demo data" created and nothing else.

The numbers are shaped to make the comparison interesting rather than random:
- each card has a latent benefit and risk score; acceptability weighs the two;
- tables fall into two camps (benefit-first and privacy-first) that weigh them differently
  and name different primary criteria, as the 2017 tables did;
- the three workshops agree strongly, moderately and weakly (different noise), so
  Kendall's W varies across the selection.
No Qt here: the facilitator's service and the tests use it directly.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from kiosk.domain.lenses import Lens
from kiosk.domain.ranking import Ranking, RankingContext
from kiosk.domain.record import SavedRanking
from kiosk.domain.workshop import Workshop


class DemoMarks(Protocol):
    """What tells a demo ranking apart: a record or a row of the facilitator's table."""

    @property
    def source(self) -> str: ...
    @property
    def workshop_id(self) -> str: ...

DEMO_SOURCE = "demo"
DEMO_SUFFIX = " (demo)"
DEMO_PREFIX = "demo-"
DEMO_SEED = 2017
_NAMESPACE = uuid.UUID("6f1d2c8e-6b1a-4f0e-9a57-0d8c1f2e3a45")

# Latent scores 0..6 (higher = more beneficial / more risky), per deck and card.
_BENEFIT = {
    "examples-1-6": {"1": 5.2, "2": 4.0, "3": 5.0, "4": 2.0, "5": 3.2, "6": 3.9},
    "examples-a-f": {"A": 4.8, "B": 2.9, "C": 4.6, "D": 3.9, "E": 2.6, "F": 5.1},
}
_RISK = {
    "examples-1-6": {"1": 3.0, "2": 3.9, "3": 4.6, "4": 2.2, "5": 1.4, "6": 5.0},
    "examples-a-f": {"A": 5.0, "B": 2.4, "C": 3.6, "D": 1.2, "E": 3.3, "F": 4.4},
}
# How much each camp weighs benefit and risk when judging acceptability.
_CAMPS = {"benefit-first": (1.0, 0.45), "privacy-first": (0.5, 1.2)}
_CAMP_PRIMARY = {
    "benefit-first": ("Benefits and impacts for individuals",
                      "Scope of impact: how many benefit, how much change",
                      "Efficacy of the approach: will it deliver?"),
    "privacy-first": ("Proportionality: only the data needed",
                      "Consent of the person, where possible",
                      "Potential for negative consequences"),
}
_OWN = {
    "benefit": ("Whether it helps people in our own area", "Early help for children",
                "Frees up frontline staff time"),
    "risk": ("Stigma for the people identified", "Data kept longer than needed",
             "Commercial access to the data"),
    "acceptability": ("Whether people were told how their data is used",
                      "Independent oversight of the project", "A clear public benefit first"),
}
_NOTES = (
    "“If we could see a benefit to an individual or a life then we saw this as more "
    "important.”",
    "“We can mitigate the risks but we can’t change the benefits.”",
    "How quickly can the data sharing take you to solving the problem?",
    "We split on card 6 and agreed to put it in the middle.",
    "Some of us called the loneliness model “big brother watching you”.",
    "Long argument about consent before we could agree the top two.",
    "",
    "",
    "",
)


@dataclass(frozen=True)
class _DemoWorkshop:
    key: str
    name: str
    place: str
    date: str
    tables: int
    noise: float  # spread of each table's scores: small = tables agree
    pace: float  # multiplies the time between moves


WORKSHOPS = (
    _DemoWorkshop("manchester", "Manchester", "Manchester Central Library", "2025-03-14", 5,
                  0.55, 1.0),
    _DemoWorkshop("leeds", "Leeds", "Leeds Civic Hall", "2025-04-02", 4, 1.1, 0.8),
    _DemoWorkshop("bristol", "Bristol", "Bristol City Hall", "2025-05-21", 6, 2.0, 1.3),
)
_SCHEDULE = (("examples-1-6", 10, 15), ("examples-a-f", 13, 45))  # deck, hour, minute


def demo_workshops() -> list[Workshop]:
    return [Workshop(f"{DEMO_PREFIX}{w.key}", w.name + DEMO_SUFFIX, w.place, w.date)
            for w in WORKSHOPS]


def is_demo_workshop(doc: dict[str, Any]) -> bool:
    return str(doc.get("workshop_id", "")).startswith(DEMO_PREFIX)


def is_demo_poll_run(run: DemoMarks) -> bool:
    """Made by "Load demo data" (or its export imported back: the id keeps the mark)."""
    return run.source == DEMO_SOURCE or run.workshop_id.startswith(DEMO_PREFIX)


def is_demo_ranking(record: SavedRanking | DemoMarks) -> bool:
    """Made by "Load demo data" — or demo data exported and imported back (the CSV keeps the
    workshop id but not the source)."""
    return record.source == DEMO_SOURCE or record.workshop_id.startswith(DEMO_PREFIX)


class _Clock:
    """A simulated clock the ranking reads at each step; the generator advances it."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=round(seconds, 1))


def demo_rankings(decks: Mapping[str, Iterable[str]], lenses: Mapping[str, Lens],
                  seed: int = DEMO_SEED) -> list[SavedRanking]:
    """Completed-ranking records for every demo workshop and table.

    `decks` maps deck id to its card ids in deck order (only decks present are used);
    `lenses` are the catalog's lenses (their suggested criteria are the chips picked)."""
    rng = random.Random(seed)
    records: list[SavedRanking] = []
    for shop_index, shop in enumerate(WORKSHOPS):
        workshop = demo_workshops()[shop_index]
        for table_no in range(1, shop.tables + 1):
            camp = "privacy-first" if rng.random() < 0.45 else "benefit-first"
            context = RankingContext(workshop.workshop_id, workshop.name, shop.place,
                                     shop.date, f"Table {table_no}",
                                     f"demo-kiosk-{table_no}")
            for deck_id, hour, minute in _SCHEDULE:
                if deck_id not in decks or not lenses:
                    continue
                cards = tuple(decks[deck_id])
                start = datetime.fromisoformat(shop.date).replace(
                    hour=hour, minute=minute, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 9))
                for lens_id in ("benefit", "risk", "acceptability"):
                    if lens_id not in lenses:
                        continue
                    # One table in the weakest workshop ran out of time before the last one.
                    if (shop.key == "bristol" and table_no == shop.tables
                            and deck_id == "examples-a-f" and lens_id == "acceptability"):
                        continue
                    clock = _Clock(start)
                    ranking = _one_ranking(rng, shop, camp, deck_id, lens_id, cards,
                                           lenses[lens_id], context, clock)
                    clock.wait(rng.uniform(20, 90) * shop.pace)
                    record = ranking.to_record(completed_at=clock.now)
                    records.append(record.with_changes(source=DEMO_SOURCE))
                    start = clock.now + timedelta(minutes=rng.randint(3, 8))
    return records


def _scores(rng: random.Random, shop: _DemoWorkshop, camp: str, deck_id: str, lens_id: str,
            cards: tuple[str, ...]) -> dict[str, float]:
    benefit = _BENEFIT.get(deck_id, {})
    risk = _RISK.get(deck_id, {})
    w_benefit, w_risk = _CAMPS[camp]
    scores = {}
    for index, card in enumerate(cards):
        # Cards of an unknown deck get a gentle slope so the demo still has structure.
        b = benefit.get(card, 4.0 - index * 0.4)
        r = risk.get(card, 2.0 + index * 0.3)
        base = {"benefit": b, "risk": r, "acceptability": w_benefit * b - w_risk * r + 3}[lens_id]
        scores[card] = base + rng.gauss(0, shop.noise)
    return scores


def _one_ranking(rng: random.Random, shop: _DemoWorkshop, camp: str, deck_id: str,
                 lens_id: str, cards: tuple[str, ...], lens: Lens, context: RankingContext,
                 clock: _Clock) -> Ranking:
    scores = _scores(rng, shop, camp, deck_id, lens_id, cards)
    target = sorted(cards, key=lambda c: (-scores[c], c))
    ranking = Ranking(deck_id, lens_id, cards, context,
                      str(uuid.uuid5(_NAMESPACE, f"{context.workshop_id}/{context.table}/"
                                                 f"{deck_id}/{lens_id}")), clock)
    pause = shop.pace

    # First guesses: the target order with a few neighbours swapped, placed in any order.
    first = list(target)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(first) - 1)
        first[i], first[i + 1] = first[i + 1], first[i]
    for card in rng.sample(list(cards), len(cards)):
        clock.wait(rng.uniform(8, 35) * pause)
        ranking.drop(card, first.index(card))
    # Discussion: a few tentative moves, sometimes taken back.
    for _ in range(rng.randint(0, 3)):
        clock.wait(rng.uniform(40, 160) * pause)
        card = rng.choice(cards)
        ranking.drop(card, rng.randrange(len(cards)))
        if rng.random() < 0.35:
            clock.wait(rng.uniform(5, 20))
            ranking.undo()
    # Settle on the agreed order, one place at a time from the top.
    for slot, card in enumerate(target):
        if ranking.ladder[slot] != card:
            clock.wait(rng.uniform(20, 90) * pause)
            ranking.drop(card, slot)

    if lens.has_cut_line and rng.random() < 0.75:
        clock.wait(rng.uniform(15, 60) * pause)
        # Where the table drew the line: after the cards it found clearly acceptable.
        above = sum(1 for c in cards if scores[c] >= 2.4)
        ranking.set_cut(min(len(cards) - 1, max(2, above)))

    chosen = rng.sample(list(lens.criteria), min(len(lens.criteria), rng.randint(2, 4)))
    if lens_id == "acceptability":
        favourite = rng.choice(_CAMP_PRIMARY[camp])
        if favourite not in chosen:
            chosen[0] = favourite
    for text in chosen:
        clock.wait(rng.uniform(10, 45))
        ranking.add_criterion(text, "suggested")
    if lens.red_lines and rng.random() < 0.3:
        clock.wait(rng.uniform(10, 30))
        ranking.add_criterion(rng.choice(lens.red_lines), "suggested")
    own = None
    if rng.random() < 0.4:
        own = rng.choice(_OWN.get(lens_id, ("Our own reasons",)))
        clock.wait(rng.uniform(40, 120))
        ranking.add_criterion(own, "own")
    if rng.random() < 0.92:
        clock.wait(rng.uniform(10, 40))
        if lens_id == "acceptability":
            primary = favourite
        else:
            primary = own if own and rng.random() < 0.4 else chosen[0]
        ranking.set_primary(primary)
    note = rng.choice(_NOTES)
    if note:
        clock.wait(rng.uniform(30, 90))
        ranking.set_note(note)
    return ranking
