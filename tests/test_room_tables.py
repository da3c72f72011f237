"""A room of kiosks left on their defaults: two tables with the same label, two workshops
with the same name. Each is told apart wherever tables are named or counted — the shared
analysis (and so `kiosk compare --json` and the Compare screen), the heat map's columns,
the PDF report and the CSV matrix — and none is ever dropped."""

from __future__ import annotations

import json
import uuid

import pytest

from kiosk.analysis.selection import compare_records, select
from kiosk.cli import main
from tests.csv_support import catalog_for, make_record, store_with

DEFAULT = "Workshop 2026-12-01"
KIOSKS = ("kiosk-3f2a1b", "kiosk-9c8d7e")


@pytest.fixture
def catalog(tmp_path):
    return catalog_for(tmp_path / "data")


def kiosk_rankings(catalog, kiosk_id: str, *, workshop: str = DEFAULT, workshop_id: str = "",
                   table: str = "Table 1", seed: int = 0, place: str = "") -> list:
    """What one kiosk makes in a session: a ranking through each lens of one deck."""
    workshop_id = workshop_id or str(uuid.uuid5(uuid.NAMESPACE_DNS, kiosk_id + workshop))
    return [make_record(catalog, lens=lens, workshop=workshop, table=table, seed=seed + i)
            .with_changes(kiosk_id=kiosk_id, workshop_id=workshop_id, place=place,
                          workshop_date="2026-12-01")
            for i, lens in enumerate(("benefit", "risk", "acceptability"))]


def two_default_kiosks(catalog) -> list:
    """Two kiosks that were each started on their defaults (each made its own workshop of
    today's name), merged by importing one's export into the other."""
    return (kiosk_rankings(catalog, KIOSKS[0], seed=1)
            + kiosk_rankings(catalog, KIOSKS[1], seed=7))


def test_two_kiosks_with_the_same_table_label_are_two_tables_in_the_comparison(catalog):
    """Fact: two tables with the same label are told apart and never dropped (compare)."""
    from kiosk.analysis.tables import table_count

    records = two_default_kiosks(catalog)
    tables = compare_records(records, catalog, "examples-1-6", "benefit").tables
    assert len(tables) == len(set(tables)) == 2
    assert any("kiosk 3f2a" in t for t in tables) and any("kiosk 9c8d" in t for t in tables)
    assert table_count(records) == 2


def test_one_workshop_two_kiosks_same_label(catalog):
    """In one workshop the kiosk's short id is added only to the labels that need it."""
    shared = str(uuid.uuid4())
    records = (kiosk_rankings(catalog, KIOSKS[0], workshop="Leeds", workshop_id=shared, seed=1)
               + kiosk_rankings(catalog, KIOSKS[1], workshop="Leeds", workshop_id=shared,
                                seed=2)
               + kiosk_rankings(catalog, "kiosk-777777", workshop="Leeds", workshop_id=shared,
                                table="Table 2", seed=3))
    tables = compare_records(records, catalog, "examples-1-6", "risk").tables
    assert tables == ["Leeds / Table 1 (kiosk 3f2a)", "Leeds / Table 1 (kiosk 9c8d)",
                      "Leeds / Table 2"]


def test_two_workshops_with_the_same_name_are_named_apart(catalog):
    """Fact: two workshops with the same name (different ids) both appear, distinguishably."""
    from kiosk.analysis.tables import workshop_names

    records = (kiosk_rankings(catalog, KIOSKS[0], workshop="Leeds", place="Town Hall", seed=1)
               + kiosk_rankings(catalog, KIOSKS[1], workshop="Leeds", place="Library",
                                table="Table 2", seed=2))
    names = workshop_names(records)
    assert sorted(names.values()) == ["Leeds (Library)", "Leeds (Town Hall)"]
    same_place = two_default_kiosks(catalog)
    shown = workshop_names(same_place)
    assert len(set(shown.values())) == 2
    assert all(name.startswith(f"{DEFAULT} (id ") for name in shown.values())
    # Each workshop's rankings stay together in the comparison's order.
    chosen = select(same_place, "examples-1-6", "benefit")
    assert chosen[0].kiosk_id != chosen[1].kiosk_id


def test_compare_json_lists_both_tables(catalog, tmp_path, capsys):
    """Fact: `kiosk compare --json` keeps both same-label tables, "<workshop> / <table>"."""
    data = tmp_path / "data"
    with store_with(data, two_default_kiosks(catalog)):
        pass
    assert main(["compare", "--data-dir", str(data), "--deck", "examples-1-6", "--lens",
                 "benefit", "--workshop", DEFAULT, "--json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["rankings"] == 2 and len(set(result["tables"])) == 2
    assert all(" / Table 1 (kiosk " in t for t in result["tables"])
    assert "2 workshops are named" in captured.err


def test_export_matrix_has_a_column_per_ranking(catalog, tmp_path, capsys):
    """Check: the CSV matrix's headers already carry ranking_id[:8], so two same-label
    tables are two columns."""
    data = tmp_path / "data"
    with store_with(data, two_default_kiosks(catalog)):
        pass
    out = tmp_path / "out"
    assert main(["export", "--data-dir", str(data), "--out", str(out)]) == 0
    header = (out / "matrix-examples-1-6-benefit.csv").read_text("utf-8-sig").splitlines()[0]
    columns = header.split(",")[2:]
    assert len(columns) == len(set(columns)) == 2


def test_heat_map_columns_and_groups_tell_the_tables_apart(qapp, catalog):
    """Fact: the Compare screen's heat map shows two columns and two workshops, not two
    identical "T1" under one "Workshop 2026-12-01"."""
    from kiosk.analysis.figures import build
    from kiosk.ui.charts.heatmap import PositionHeatMap
    from kiosk.ui.theme import Theme

    data = build(two_default_kiosks(catalog), catalog, "examples-1-6", "benefit", None)
    chart = PositionHeatMap(Theme(scale=1.0))
    chart.show_data(data)
    columns = chart.columns.labels
    assert len(columns) == len(set(columns)) == 2
    groups = chart.groups._groups  # (name, first column, last column)
    assert len(groups) == 2 and groups[0][0] != groups[1][0]
    chart.deleteLater()


def test_compare_screen_lists_same_named_workshops_apart(catalog):
    from kiosk.ui.facilitator.compare import workshops_in

    shops = workshops_in(two_default_kiosks(catalog))
    assert len(shops) == 2
    names = [name for name, _, _ in shops.values()]
    assert len(set(names)) == 2


def test_report_counts_tables_by_kiosk_and_covers_both_workshops(qapp, catalog, tmp_path,
                                                                 capsys):
    """Fact: `kiosk report` counts distinct kiosk + label (not labels), and a name two
    workshops share reports both and says so."""
    from tests.test_report import pdf_pages

    data = tmp_path / "data"
    with store_with(data, two_default_kiosks(catalog)):
        pass
    out = tmp_path / "report.pdf"
    assert main(["report", "--data-dir", str(data), "--workshop", DEFAULT,
                 "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "2 workshops are named" in captured.err and "both" in captured.err
    first = pdf_pages(out)[0]
    assert "6 rankings from 2 tables" in first
    assert "kiosk 3f2a" in first and "kiosk 9c8d" in first


def test_a_narrow_workshop_heading_keeps_what_tells_namesakes_apart(qapp):
    """On the Compare screen a one-column workshop heading was "Workshop 202…" twice."""
    from PySide6.QtGui import QFont, QFontMetrics

    from kiosk.ui.charts.axes import _elided

    metrics = QFontMetrics(QFont())
    name = f"{DEFAULT} (id 85ac)"
    room = metrics.horizontalAdvance("Work… (id 85ac)") + 2
    short = _elided(metrics, name, room)
    assert short.endswith(" (id 85ac)") and short.startswith("Wor")
    assert _elided(metrics, name, 10_000) == name
    assert _elided(metrics, "Manchester", 40).endswith("…")  # no bracket: as before
