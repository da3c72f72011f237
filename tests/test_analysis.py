"""The shared selection behind `kiosk compare` and the facilitator's compare screen."""

from __future__ import annotations

import pytest

from kiosk.analysis.attributes import card_tags
from kiosk.analysis.selection import SelectionError, compare_records, labels_for, select
from kiosk.analysis.statistics import compare
from tests.csv_support import catalog_for, make_record


@pytest.fixture
def catalog(tmp_path):
    return catalog_for(tmp_path / "data")


def test_select_filters_deck_lens_and_workshops(catalog):
    records = [
        make_record(catalog, workshop="Manchester", table="Table 10", seed=1),
        make_record(catalog, workshop="Manchester", table="Table 2", seed=2),
        make_record(catalog, workshop="Leeds", table="Table 1", seed=3),
        make_record(catalog, workshop="Leeds", table="Table 1", seed=4, lens="risk"),
        make_record(catalog, workshop="Leeds", table="Table 1", seed=5, deck="examples-a-f"),
    ]
    chosen = select(records, "examples-1-6", "benefit")
    assert [(r.workshop, r.table) for r in chosen] == [
        ("Leeds", "Table 1"), ("Manchester", "Table 2"), ("Manchester", "Table 10")]
    assert [r.table for r in select(records, "examples-1-6", "benefit", ["Manchester"])] \
        == ["Table 2", "Table 10"]
    leeds_id = records[2].workshop_id
    assert len(select(records, "examples-1-6", "benefit", [leeds_id])) == 1
    assert select(records, "examples-1-6", "benefit", []) == []
    assert select(records, "examples-1-6", "benefit", ["Nowhere"]) == []


def test_labels_are_unique_and_deterministic(catalog):
    records = [make_record(catalog, table="Table 1", seed=s) for s in (1, 2)]
    records.append(make_record(catalog, table="Table 2", seed=3))
    records.append(make_record(catalog, table="Table 1 (1)", seed=4))
    chosen = select(records, "examples-1-6", "benefit")
    labels = labels_for(chosen)
    # The two rankings of "Table 1" are numbered in order; "(1)" is a real table's name.
    assert labels == ["Manchester / Table 1 (2)", "Manchester / Table 1 (3)",
                      "Manchester / Table 1 (1)", "Manchester / Table 2"]
    assert labels_for(select(list(reversed(records)), "examples-1-6", "benefit")) == labels
    assert "Manchester / Table 2" in labels


def test_compare_records_matches_the_statistics(catalog):
    # The worked example of statistics.md on the 3-card deck: W = 1/16.
    x, y, z = (1, 1, 2, 3), (3, 2, 3, 1), (2, 3, 1, 2)
    records = []
    for judge in range(4):
        order = sorted(["camden", "troubled-families", "csp"],
                       key=lambda c: {"camden": x, "troubled-families": y, "csp": z}[c][judge])
        records.append(make_record(catalog, deck="case-studies", order=order,
                                   table=f"Table {judge + 1}", seed=judge))
    result = compare_records(records, catalog, "case-studies", "benefit")
    assert result.kendall_w == pytest.approx(0.0625)
    assert result.tables == [f"Manchester / Table {i}" for i in range(1, 5)]
    direct = compare("case-studies", "benefit", ["camden", "troubled-families", "csp"],
                     [r.positions for r in records], result.tables,
                     tags=card_tags(catalog.deck("case-studies").cards))
    assert result.to_json() == direct.to_json()


def test_compare_records_reports_incomplete_rankings(catalog):
    records = [make_record(catalog, table=f"Table {t}", seed=t) for t in (1, 2, 3)]
    records[2] = records[2].with_changes(positions={"1": 1, "2": 2})
    result = compare_records(records, catalog, "examples-1-6", "benefit")
    assert result.left_out == ["Manchester / Table 3"]
    assert len(result.tables) == 2


def test_compare_records_workshop_filter(catalog):
    records = [make_record(catalog, workshop=w, table="Table 1", seed=i)
               for i, w in enumerate(["Leeds", "Manchester", "Bristol"])]
    result = compare_records(records, catalog, "examples-1-6", "benefit", ["Leeds", "Bristol"])
    assert result.tables == ["Bristol / Table 1", "Leeds / Table 1"]


def test_compare_records_with_nothing_selected(catalog):
    result = compare_records([], catalog, "examples-1-6", "risk")
    assert result.to_json()["rankings"] == 0 and result.kendall_w is None


@pytest.mark.parametrize("deck, lens, fragment", [
    ("nope", "benefit", "unknown deck 'nope'"), ("examples-1-6", "cost", "unknown lens 'cost'")])
def test_unknown_deck_or_lens(catalog, deck, lens, fragment):
    with pytest.raises(SelectionError, match=fragment):
        compare_records([], catalog, deck, lens)
