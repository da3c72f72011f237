"""Demo data: deterministic, clearly marked, varied enough for every chart, and removable in
one step without touching real data."""

from __future__ import annotations

from collections import Counter

from kiosk.analysis.selection import compare_records
from kiosk.domain.ranking import Ranking
from kiosk.services.demo import DEMO_SUFFIX, demo_rankings, demo_workshops, is_demo_ranking
from tests.facilitator_support import catalog, real_ranking, service, store  # noqa: F401


def generate(catalog):  # noqa: F811
    decks = {d: catalog.decks[d].card_ids for d in catalog.decks.ids()}
    return demo_rankings(decks, catalog.lenses)


def test_demo_is_deterministic(catalog):  # noqa: F811
    assert generate(catalog) == generate(catalog)


def test_demo_shape_and_marking(catalog):  # noqa: F811
    records = generate(catalog)
    shops = demo_workshops()
    assert len(shops) == 3 and all(w.name.endswith(DEMO_SUFFIX) for w in shops)
    for record in records:
        assert record.source == "demo" and is_demo_ranking(record)
        assert record.workshop.endswith(DEMO_SUFFIX)
        assert record.deck in ("examples-1-6", "examples-a-f")
    per_shop = Counter(shop for shop, _table in {(r.workshop, r.table) for r in records})
    assert all(4 <= n <= 6 for n in per_shop.values()) and len(per_shop) == 3
    assert {(r.deck, r.lens) for r in records} == {
        (d, lens) for d in ("examples-1-6", "examples-a-f")
        for lens in ("benefit", "risk", "acceptability")}


def test_every_demo_log_replays_to_its_saved_order(catalog):  # noqa: F811
    for record in generate(catalog):
        cards = catalog.decks[record.deck].card_ids
        board = Ranking.replay(record.deck, record.lens, cards, record.log)
        assert board.positions() == record.positions
        assert board.tiers() == record.tiers
        assert board.moves == record.moves and record.duration_s > 60


def test_demo_fills_every_chart(catalog):  # noqa: F811
    records = generate(catalog)
    acceptability = [r for r in records if r.lens == "acceptability"]
    assert sum(1 for r in acceptability if r.tiers) >= len(acceptability) // 2
    assert any(not r.tiers for r in acceptability)
    origins = Counter(c.origin for r in records for c in r.criteria)
    assert origins["own"] >= 10 and origins["suggested"] >= 100
    assert any(not any(c.primary for c in r.criteria) for r in records)
    assert any(r.note for r in records)
    # Agreement varies: some workshops agree closely, others hardly at all.
    ws = [compare_records(records, catalog, "examples-a-f", "benefit", [w.name]).kendall_w
          for w in demo_workshops()]
    assert max(ws) - min(ws) > 0.3
    durations = sorted(r.duration_s for r in records)
    assert durations[-1] > 2 * durations[0]


def test_load_and_remove_demo_data_leave_real_data_alone(service):  # noqa: F811
    real_shop = service.workshops.add("Real workshop")
    mine = real_ranking(service, real_shop.workshop_id, real_shop.name)
    new = service.demo.load()
    assert new == service.demo.count() > 80
    assert service.demo.load() == 0  # loading twice adds nothing
    service.setup.update(workshop_id="demo-leeds")
    removed = service.demo.remove()
    assert removed == new and service.demo.count() == 0
    assert [r.ranking_id for r in service.rankings.records()] == [mine.ranking_id]
    assert [w.name for w in service.workshops.all()] == ["Real workshop"]
    assert service.setup.settings().workshop_id == real_shop.workshop_id
