"""What the dashboard and the report say where a figure is missing or small: why Kendall's W
has no value (too few tables, one card, every card tied), a single disagreement in the
singular, how many of the other equally good orders the report lists, a zero tag effect."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.analysis.figures import build
from kiosk.analysis.small_groups import distance_text
from kiosk.analysis.wording import w_missing_reason
from kiosk.services.catalog import load_catalog
from kiosk.services.demo import demo_rankings
from kiosk.ui.charts.small_groups import signed
from kiosk.ui.report.content import ReportBuilder
from kiosk.ui.report.small_groups import optima_paragraph

LEEDS = "Leeds (demo)"


@pytest.fixture
def catalog(tmp_path: Path):
    return load_catalog(tmp_path / "catalog")


@pytest.fixture
def records(catalog):
    decks = {d: catalog.decks[d].card_ids for d in catalog.decks.ids()}
    return demo_rankings(decks, catalog.lenses)


def test_the_reason_w_is_missing_names_tables_cards_or_ties() -> None:
    assert "at least two tables; 1 table compared" in w_missing_reason(1, 6)
    assert "this deck has 1 card" in w_missing_reason(3, 1)
    assert "all tied" in w_missing_reason(3, 6)


def test_every_table_tying_every_card_is_reported_as_ties_not_as_too_few_tables(
        catalog, records) -> None:
    """Attack: three complete tables that each put all six cards in one place."""
    chosen = [r for r in records if r.workshop == LEEDS and r.deck == "examples-1-6"
              and r.lens == "benefit"][:3]
    tied = [dataclasses.replace(r, positions={card: 1 for card in r.positions})
            for r in chosen]
    data = build(tied, catalog, "examples-1-6", "benefit", [LEEDS])
    assert len(data.comparison.tables) == 3 and data.comparison.kendall_w is None
    text = ReportBuilder._figures(data)
    assert "all tied" in text and "at least two tables" not in text


def test_one_disagreement_is_singular(catalog, records) -> None:
    data = build(records, catalog, "examples-1-6", "benefit", [LEEDS])
    one = dataclasses.replace(data.comparison, kemeny_distance=1.0, runner_up_distance=2.0)
    assert distance_text(one).startswith("1 pairwise disagreement;")
    assert distance_text(dataclasses.replace(one, kemeny_distance=2.5)).startswith(
        "2.5 pairwise disagreements")


def test_the_report_counts_the_other_orders_it_lists(catalog, records) -> None:
    data = build(records, catalog, "examples-1-6", "benefit", [LEEDS])
    c = data.comparison
    orders = [list(c.kemeny) for _ in range(10)]
    places = {card: [1, 2] if i < 2 else [i + 1] for i, card in enumerate(c.kemeny)}
    many = dataclasses.replace(data, comparison=dataclasses.replace(
        c, kemeny_optima=24, kemeny_orders=orders, kemeny_places=places))
    text = optima_paragraph(many)
    assert "(9 of the 23)" in text and "first 10 of 24" not in text


def test_a_zero_tag_effect_has_no_sign() -> None:
    assert signed(0.0) == signed(-0.001) == "0.00"
    assert signed(0.42) == "+0.42" and signed(-0.1) == "-0.10"
