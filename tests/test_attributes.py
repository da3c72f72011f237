"""What drives a lens: mean positions of the cards with and without each tag value, checked
by hand-worked examples and plain loops over every ranking's cells (no Qt)."""

from __future__ import annotations

import json

import pytest

from kiosk.analysis.attributes import FEW_CARDS, attribute_effects, card_tags
from kiosk.analysis.consensus import complete_rankings
from kiosk.analysis.selection import compare_records
from kiosk.analysis.statistics import compare
from tests.csv_support import catalog_for, make_record

TAGS = {
    "A": {"sectors": ("health",), "data_kind": ("identifiable",), "shared_with": ("public body",)},
    "B": {"sectors": ("health", "housing"), "data_kind": ("aggregate",),
          "shared_with": ("public body",)},
    "C": {"sectors": ("housing",), "data_kind": ("identifiable",),
          "shared_with": ("public body", "commercial company")},
    "D": {"sectors": ("welfare",), "data_kind": ("aggregate",), "shared_with": ("public body",)},
}


def naive_effects(positions: list[dict[str, float]], tags) -> dict[tuple[str, str], tuple]:
    """Every (ranking, card) cell of the cards with a value and of those without it."""
    cards = list(tags)
    found = {}
    for tag in ("sectors", "data_kind", "shared_with"):
        for value in sorted({v for c in cards for v in tags[c][tag]}):
            holders = [c for c in cards if value in tags[c][tag]]
            others = [c for c in cards if c not in holders]
            if not holders or not others:
                continue
            with_ = [p[c] for p in positions for c in holders]
            without = [p[c] for p in positions for c in others]
            found[(tag, value)] = (len(holders), sum(with_) / len(with_),
                                   sum(without) / len(without))
    return found


def test_hand_worked_example() -> None:
    positions = [{"A": 1, "B": 2, "C": 3, "D": 4}, {"A": 2, "B": 1, "C": 4, "D": 3}]
    result = compare("d", "acceptability", "ABCD", positions, ["t1", "t2"], tags=TAGS)
    by_value = {(e.tag, e.value): e for e in result.attributes}
    # identifiable: A (1, 2) and C (3, 4) -> 2.5; the others B (2, 1), D (4, 3) -> 2.5.
    assert by_value[("data_kind", "identifiable")].difference == 0
    # health: A, B -> (1 + 2 + 2 + 1) / 4 = 1.5; without: C, D -> 3.5.
    health = by_value[("sectors", "health")]
    assert (health.cards, health.mean_with, health.mean_without) == (2, 1.5, 3.5)
    assert health.difference == -2.0
    # "public body" is held by every card: it cannot tell cards apart and is left out.
    assert ("shared_with", "public body") not in by_value
    assert result.attributes[0].value == "health"  # the largest difference first
    sizes = [abs(e.difference) for e in result.attributes]
    assert sizes == sorted(sizes, reverse=True)


def test_matches_plain_loops_with_ties_and_left_out_rankings() -> None:
    positions = [{"A": 1, "B": 1, "C": 3, "D": 4}, {"A": 4, "B": 3, "C": 2, "D": 1},
                 {"A": 2, "B": 2, "C": 2, "D": 1}, {"A": 1, "B": 2}]  # last: left out
    result = compare("d", "risk", "ABCD", positions, ["1", "2", "3", "4"], tags=TAGS)
    ranks, included = complete_rankings(positions, "ABCD")
    mid = [dict(zip("ABCD", row, strict=True)) for row in ranks.tolist()]
    assert included == [0, 1, 2]
    expected = naive_effects(mid, TAGS)
    got = {(e.tag, e.value): (e.cards, e.mean_with, e.mean_without) for e in result.attributes}
    assert set(got) == set(expected)
    for key, (cards, with_, without) in expected.items():
        assert got[key][0] == cards
        assert got[key][1] == pytest.approx(with_) and got[key][2] == pytest.approx(without)
    payload = json.loads(json.dumps(result.to_json()))["attributes"]
    assert set(payload[0]) == {"tag", "value", "cards", "mean_with", "mean_without",
                               "difference"}
    assert all(e["difference"] == pytest.approx(e["mean_with"] - e["mean_without"])
               for e in payload)


def test_no_rankings_or_no_tags_describe_nothing() -> None:
    assert compare("d", "l", "ABCD", [], [], tags=TAGS).attributes == []
    assert compare("d", "l", "ABCD", [{"A": 1, "B": 2, "C": 3, "D": 4}], ["t"]).attributes == []
    assert attribute_effects(complete_rankings([], "AB")[0], "AB", TAGS) == []


def test_the_shipped_decks_tags_reach_compare_records(tmp_path) -> None:
    catalog = catalog_for(tmp_path)
    deck = catalog.deck("examples-1-6")
    records = [make_record(catalog, lens="acceptability", table=f"Table {t}", seed=t)
               for t in (1, 2, 3)]
    result = compare_records(records, catalog, "examples-1-6", "acceptability")
    tags = card_tags(deck.cards)
    mid = [{c: float(r.positions[c]) for c in deck.card_ids} for r in records]
    expected = naive_effects(mid, tags)
    assert {(e.tag, e.value) for e in result.attributes} == set(expected)
    assert len(deck.cards) < FEW_CARDS  # six cards: the screens say the figures rest on few
