"""Small groups on the Compare screen and in the report: the permutation p shown and named
below 10 tables, "one of N equally good orders" with the cards that change place marked,
and what card tags go with the positions — the same figures as `kiosk compare --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument

from kiosk.analysis.selection import compare_records
from kiosk.analysis.small_groups import SWAP_MARK, tag_label
from kiosk.analysis.wording import p_text
from kiosk.cli import main
from kiosk.domain.lenses import LENS_IDS
from kiosk.services.catalog import load_catalog
from kiosk.services.demo import demo_rankings
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store
from kiosk.ui.facilitator.compare import CompareScreen
from kiosk.ui.report.writer import write_report
from kiosk.ui.theme import Theme

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

LEEDS = "Leeds (demo)"  # 4 tables: a small group
EVERYONE = ["Manchester (demo)", "Leeds (demo)", "Bristol (demo)"]  # 15 tables
DECKS = ("examples-1-6", "examples-a-f")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        FacilitatorService(store, load_catalog(folder)).demo.load()
    return folder


def compare_json(data_dir: Path, deck: str, lens: str, workshops: list[str], capsys) -> dict:
    args = ["compare", "--data-dir", str(data_dir), "--deck", deck, "--lens", lens, "--json"]
    for workshop in workshops:
        args += ["--workshop", workshop]
    capsys.readouterr()
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def small(data_dir: Path, capsys) -> dict[tuple[str, str], dict]:
    return {(deck, lens): compare_json(data_dir, deck, lens, [LEEDS], capsys)
            for deck in DECKS for lens in LENS_IDS}


@pytest.fixture
def screen(qtbot, data_dir: Path, small):
    store = Store.open(data_dir)
    widget = CompareScreen(FacilitatorService(store, load_catalog(data_dir)),
                           Theme.for_size(1920, 1080))
    qtbot.addWidget(widget)
    widget.resize(1920, 1080)
    yield widget
    store.close()


def test_small_group_summary_names_the_permutation_p_and_the_optima(screen, small):
    several = 0
    for (deck, lens), wanted in small.items():
        screen.select(deck, lens, [LEEDS])
        c = screen.data.comparison
        assert c.to_json() == wanted
        assert len(wanted["tables"]) == 4 and wanted["p_method"] in ("exact", "monte-carlo")
        summary = screen.summary.text()
        shown = p_text(wanted["p_permutation"]).replace("p ", "permutation p ", 1)
        assert shown.replace("<", "&lt;") in summary
        method = "exact" if wanted["p_method"] == "exact" else "Monte Carlo"
        assert f"({method}" in summary
        chi2 = p_text(wanted["p_value"]).replace("p ", "χ² p ", 1)
        assert chi2.replace("<", "&lt;") in summary
        # The permutation p comes first: it is the one to read with few tables.
        assert summary.index("permutation p") < summary.index("χ² p")
        if wanted["kemeny_optima"] > 1:
            several += 1
            assert f"one of {wanted['kemeny_optima']} equally good orders" in summary
            for card in wanted["kemeny_swapping"]:
                assert card in summary
        else:
            assert "the only order with the fewest disagreements" in summary
    assert several, "the demo data should hold a small group with several optimal orders"


def test_equal_orders_tab_shows_every_listed_optimum_and_marks_the_movers(screen, small):
    for (deck, lens), wanted in small.items():
        if wanted["kemeny_optima"] < 2:
            continue
        screen.select(deck, lens, [LEEDS])
        chart = screen.optima
        orders = wanted["kemeny_orders"]
        assert chart.columns.labels == ["shown"] + [f"#{k}" for k in range(2, len(orders) + 1)]
        cells = [item.toPlainText() for item in chart.texts if item.isVisible()]
        expected = [f"{card} {SWAP_MARK}" if card in wanted["kemeny_swapping"] else card
                    for order in orders for card in order]
        assert cells == expected
        marked = [label for label in chart.rows.labels if SWAP_MARK in label]
        assert len(marked) == len(wanted["kemeny_swapping"]) >= 2
        assert f"one of {wanted['kemeny_optima']} equally good orders" in chart.title.text()
        mover = wanted["kemeny_swapping"][0]
        place = orders[0].index(mover) + 1
        read = chart.value_at(0, 1.0, float(place))
        assert read is not None and "changes place among the optima" in read
        return
    pytest.fail("no selection with several optimal orders")


def test_tags_tab_equals_the_json_attributes_and_cautions_few_cards(screen, small):
    wanted = small[("examples-1-6", "acceptability")]
    screen.select("examples-1-6", "acceptability", [LEEDS])
    chart = screen.tag_effects
    effects = screen.data.comparison.attributes
    assert [e.to_json() for e in effects] == wanted["attributes"] != []
    assert chart.rows.labels == [tag_label(e) for e in effects][: chart.MAX_ROWS]
    assert chart.values.labels[0].startswith(f"{wanted['attributes'][0]['difference']:+.2f}")
    assert "With only 6 cards" in chart.note.text()
    first = wanted["attributes"][0]
    read = chart.value_at(0, first["difference"], 1.0)
    assert read is not None and f"{first['mean_with']:.2f} with it" in read


def test_many_tables_show_the_chi2_p_and_leave_the_permutation_p_uncomputed(screen):
    screen.select("examples-1-6", "benefit", EVERYONE)
    c = screen.data.comparison
    assert len(c.tables) >= 10
    summary = screen.summary.text()
    assert "permutation p" not in summary and "χ² p" in summary
    assert "permutation" not in c.__dict__  # never worked out for the screen


def report_text(path: Path) -> str:
    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_
    text = " ".join(" ".join(document.getAllText(i).text().split())
                    for i in range(document.pageCount()))
    document.close()
    return text


def test_report_gives_the_permutation_p_optima_and_tags(qapp, tmp_path):
    catalog = load_catalog(tmp_path / "catalog")
    decks = {d: catalog.decks[d].card_ids for d in catalog.decks.ids()}
    records = demo_rankings(decks, catalog.lenses)
    text = report_text(write_report(records, catalog, LEEDS, tmp_path / "leeds.pdf"))
    assert "permutation p" in text and "card tags" in text
    several = 0
    for deck in DECKS:
        for lens in LENS_IDS:
            c = compare_records(records, catalog, deck, lens, [LEEDS])
            words = p_text(c.permutation.p).replace("p ", "Permutation p ", 1)
            assert words in text
            if (c.kemeny_optima or 0) > 1:
                several += 1
                assert f"one of {c.kemeny_optima} equally good orders" in text
            top = c.attributes[0]
            assert f"{tag_label(top)} {top.mean_with:.2f} {top.mean_without:.2f} " \
                   f"{top.difference:+.2f}" in text
    assert several and SWAP_MARK in text
