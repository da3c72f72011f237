"""CSV export and import against formats.md: round trip, merging, BOM, formula guard,
paper rows, matrix layout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kiosk.exchange import export_csv, import_csv, read_import
from kiosk.exchange.cells import guard, unguard
from kiosk.storage import Store
from tests.csv_support import (
    CRITERIA_EXPORT_HEADER,
    CRITERIA_HEADER,
    RANKING_HEADER,
    catalog_for,
    make_record,
    sample_records,
    store_with,
    write_csv,
)

FILES = ("rankings.csv", "criteria.csv")


@pytest.fixture
def catalog(tmp_path):
    return catalog_for(tmp_path / "data")


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def test_export_import_export_is_byte_identical(tmp_path, catalog):
    records = sample_records(catalog)
    first = export_csv(records, catalog, tmp_path / "one")
    assert first.rankings == len(records)
    with Store.open(tmp_path / "fresh") as store:
        summary = import_csv([tmp_path / "one"], store, catalog)
        assert summary.new == len(records) and summary.present == 0 and not summary.rejected
        second = export_csv(store.list_rankings(), catalog, tmp_path / "two")
    names = sorted(p.name for p in first.files)
    assert names == sorted(p.name for p in second.files)
    assert len([n for n in names if n.startswith("matrix-")]) == 9  # 3 decks x 3 lenses
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_imported_records_keep_every_exported_field(tmp_path, catalog):
    records = sample_records(catalog, 6)
    export_csv(records, catalog, tmp_path / "out")
    batch = read_import([tmp_path / "out"], catalog)
    assert not batch.errors
    by_id = {r.ranking_id: r for r in batch.records}
    for original in records:
        back = by_id[original.ranking_id]
        for key in ("workshop_id", "workshop", "place", "workshop_date", "table", "kiosk_id",
                    "deck", "lens", "positions", "tiers", "criteria", "note", "completed_at",
                    "duration_s", "moves"):
            assert getattr(back, key) == getattr(original, key), key
        assert back.source == "import" and back.log == ()


def test_row_order_does_not_depend_on_the_order_given(tmp_path, catalog):
    records = sample_records(catalog)
    export_csv(records, catalog, tmp_path / "a")
    export_csv(list(reversed(records)), catalog, tmp_path / "b")
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    rows = rows_of(tmp_path / "a" / "rankings.csv")[1:]
    times = [r[13] for r in rows]
    assert times == sorted(times)  # completed_at order (all the same offset here)
    first_ranking = [r for r in rows if r[0] == rows[0][0]]
    assert [int(r[11]) for r in first_ranking] == list(range(1, len(first_ranking) + 1))


def test_importing_twice_adds_nothing(tmp_path, catalog):
    export_csv(sample_records(catalog), catalog, tmp_path / "out")
    with Store.open(tmp_path / "fresh") as store:
        assert import_csv([tmp_path / "out"], store, catalog).new == 12
        again = import_csv([tmp_path / "out" / "rankings.csv"], store, catalog)
        assert (again.new, again.present, again.rejected) == (0, 12, [])
        assert store.count_rankings() == 12


def test_import_into_the_store_it_came_from_adds_nothing(tmp_path, catalog):
    records = sample_records(catalog)
    with store_with(tmp_path / "data", records) as store:
        export_csv(store.list_rankings(), catalog, tmp_path / "out")
        summary = import_csv([tmp_path / "out"], store, catalog)
        assert (summary.new, summary.present) == (0, 12)


def test_import_adds_unknown_workshops(tmp_path, catalog):
    records = sample_records(catalog, 4)
    export_csv(records, catalog, tmp_path / "out")
    with Store.open(tmp_path / "fresh") as store:
        import_csv([tmp_path / "out"], store, catalog)
        names = sorted(w["name"] for w in store.list_workshops())
    assert names == ["Leeds", "Manchester"]


def test_files_are_utf8_with_bom_and_crlf(tmp_path, catalog):
    summary = export_csv(sample_records(catalog), catalog, tmp_path / "out")
    for path in summary.files:
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.count(b"\r\n") >= 2
    header = (tmp_path / "out" / "rankings.csv").read_bytes()[3:].split(b"\r\n")[0]
    assert header.decode() == RANKING_HEADER
    header = (tmp_path / "out" / "criteria.csv").read_bytes()[3:].split(b"\r\n")[0]
    assert header.decode() == CRITERIA_EXPORT_HEADER
    assert "Åsa's café — naïve" in (tmp_path / "out" / "rankings.csv").read_text("utf-8-sig")


def test_export_of_nothing_writes_headers_only(tmp_path, catalog):
    summary = export_csv([], catalog, tmp_path / "new" / "folder")
    assert [p.name for p in summary.files] == ["criteria.csv", "rankings.csv"]
    assert rows_of(tmp_path / "new" / "folder" / "rankings.csv") == [RANKING_HEADER.split(",")]


def test_export_leaves_no_temporary_files(tmp_path, catalog):
    export_csv(sample_records(catalog), catalog, tmp_path / "out")
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_failed_export_leaves_earlier_files_alone(tmp_path, catalog, monkeypatch):
    export_csv(sample_records(catalog, 3), catalog, tmp_path / "out")
    before = (tmp_path / "out" / "rankings.csv").read_bytes()
    import kiosk.exchange.export as export_module

    real = export_module._write
    def failing(path, header, rows):
        if "rankings" in path.name:
            raise OSError(28, "No space left on device")
        real(path, header, rows)
    monkeypatch.setattr(export_module, "_write", failing)
    with pytest.raises(OSError):
        export_csv(sample_records(catalog), catalog, tmp_path / "out")
    assert (tmp_path / "out" / "rankings.csv").read_bytes() == before
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("text, written", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-- great", "'-- great"), ("@home", "'@home"),
    ("\tindented", "'\tindented"), ("\rx", "'\rx"), ("'=x", "''=x"), ("plain", "plain"),
    ("'quoted", "'quoted"), ("", ""), ("a=b", "a=b"),
])
def test_guard_is_exactly_undone(text, written):
    assert guard(text) == written
    assert unguard(written) == text


def test_formula_guard_both_ways(tmp_path, catalog):
    record = make_record(catalog, criteria=[("=SUM(A1)", "own")], primary="=SUM(A1)",
                         note="-- great", table="@Table 1")
    export_csv([record], catalog, tmp_path / "out")
    ranking_rows = rows_of(tmp_path / "out" / "rankings.csv")
    assert ranking_rows[1][16] == "'=SUM(A1)" and ranking_rows[1][17] == "'-- great"
    assert ranking_rows[1][5] == "'@Table 1"
    assert rows_of(tmp_path / "out" / "criteria.csv")[1][5] == "'=SUM(A1)"
    matrix = rows_of(tmp_path / "out" / "matrix-examples-1-6-benefit.csv")
    assert matrix[0][2].startswith("Manchester / @Table 1 / ")
    back = read_import([tmp_path / "out"], catalog).records[0]
    assert back.note == "-- great" and back.table == "@Table 1"
    assert [c.to_doc() for c in back.criteria] == [
        {"text": "=SUM(A1)", "origin": "own", "primary": True}]


def test_hand_typed_formula_text_is_kept_as_typed(tmp_path, catalog):
    write_csv(tmp_path / "paper" / "rankings.csv", [RANKING_HEADER] + [
        f",,Leeds,,2017-03-20,Table 2,,examples-1-6,risk,{c},,{c},,2017-03-20T11:00:00+00:00"
        f",,,,=1+1" for c in "123456"])
    record = read_import([tmp_path / "paper"], catalog).records[0]
    assert record.note == "=1+1"


def test_matrix_layout(tmp_path, catalog):
    records = [make_record(catalog, lens="risk", table=f"Table {t}", seed=t) for t in (1, 2, 3)]
    partial = make_record(catalog, lens="risk", table="Table 9", seed=9).with_changes(
        positions={"1": 1, "2": 2})  # a paper ranking of only two cards
    export_csv(records + [partial], catalog, tmp_path / "out")
    matrix = rows_of(tmp_path / "out" / "matrix-examples-1-6-risk.csv")
    ordered = sorted(records + [partial], key=lambda r: (r.completed_at, r.ranking_id))
    assert matrix[0] == ["card_id", "card_title"] + [
        f"Manchester / {r.table} / {r.ranking_id[:8]}" for r in ordered]
    deck = catalog.deck("examples-1-6")
    assert [row[0] for row in matrix[1:]] == deck.card_ids
    assert [row[1] for row in matrix[1:]] == [c.title for c in deck.cards]
    for column, record in enumerate(ordered, start=2):
        for row in matrix[1:]:
            expected = record.positions.get(row[0])
            assert row[column] == ("" if expected is None else str(expected))


def test_tiers_are_exported_from_the_record(tmp_path, catalog):
    order = ["3", "1", "2", "6", "5", "4"]
    record = make_record(catalog, lens="acceptability", order=order, cut=2)
    export_csv([record], catalog, tmp_path / "out")
    rows = rows_of(tmp_path / "out" / "rankings.csv")[1:]
    assert [(r[9], r[11], r[12]) for r in rows] == [
        ("3", "1", "acceptable"), ("1", "2", "acceptable"), ("2", "3", "not acceptable"),
        ("6", "4", "not acceptable"), ("5", "5", "not acceptable"),
        ("4", "6", "not acceptable")]


def paper_lines() -> list[str]:
    """A paper session typed in: no ranking_id, no workshop_id, tied cards, no log."""
    rows = []
    for table, positions in (("Table 1", "1,1,3,4,4,6"), ("Table 2", "2,1,3,4,5,6")):
        for card, position in zip("123456", positions.split(","), strict=True):
            rows.append(f",,Sheffield,Library,2017-04-02,{table},,examples-1-6,benefit,{card},,"
                        f"{position},,2017-04-02T15:00:00+01:00,,,Reducing inequality,")
    return [RANKING_HEADER] + rows


def test_paper_rows_with_ties_and_no_ids(tmp_path, catalog):
    write_csv(tmp_path / "paper" / "rankings.csv", paper_lines())
    write_csv(tmp_path / "paper" / "criteria.csv", [
        CRITERIA_HEADER,
        ",Sheffield,Table 1,examples-1-6,benefit,Reducing inequality,own,true",
        ",Sheffield,Table 1,examples-1-6,benefit,The number of people able to benefit,"
        "suggested,false"])
    with Store.open(tmp_path / "data") as store:
        summary = import_csv([tmp_path / "paper"], store, catalog)
        assert (summary.new, summary.present, summary.rejected) == (2, 0, [])
        again = import_csv([tmp_path / "paper"], store, catalog)
        assert (again.new, again.present) == (0, 2)
        records = {r.table: r for r in store.list_rankings()}
    one, two = records["Table 1"], records["Table 2"]
    assert one.positions == {"1": 1, "2": 1, "3": 3, "4": 4, "5": 4, "6": 6}
    assert one.source == "paper" and one.log == () and one.moves is None
    assert one.duration_s is None
    assert one.workshop_id == two.workshop_id != ""
    assert one.ranking_id != two.ranking_id
    assert [c.text for c in one.criteria] == ["Reducing inequality",
                                                    "The number of people able to benefit"]
    # Table 2 has no criteria rows: its primary_criterion becomes its one criterion.
    assert [c.to_doc() for c in two.criteria] == [{"text": "Reducing inequality", "origin": "own",
                                "primary": True}]


def test_paper_ids_do_not_depend_on_row_order_or_store(tmp_path, catalog):
    lines = paper_lines()
    write_csv(tmp_path / "a" / "rankings.csv", lines)
    write_csv(tmp_path / "b" / "rankings.csv", [lines[0]] + list(reversed(lines[1:])))
    ids_a = {r.ranking_id for r in read_import([tmp_path / "a"], catalog).records}
    ids_b = {r.ranking_id for r in read_import([tmp_path / "b"], catalog).records}
    assert ids_a == ids_b and len(ids_a) == 2


def test_paper_suggested_criterion_is_recognised(tmp_path, catalog):
    chip = catalog.lenses["benefit"].criteria[0]
    write_csv(tmp_path / "p" / "rankings.csv", [RANKING_HEADER] + [
        f",,Leeds,,,T1,,examples-1-6,benefit,{c},,{c},,2017-03-20T11:00:00Z,,,{chip},"
        for c in "123456"])
    record = read_import([tmp_path / "p"], catalog).records[0]
    assert [c.to_doc() for c in record.criteria] == [
        {"text": chip, "origin": "suggested", "primary": True}]


def test_paper_export_round_trip_is_byte_identical(tmp_path, catalog):
    write_csv(tmp_path / "paper" / "rankings.csv", paper_lines())
    with Store.open(tmp_path / "one") as store:
        import_csv([tmp_path / "paper"], store, catalog)
        export_csv(store.list_rankings(), catalog, tmp_path / "out1")
    with Store.open(tmp_path / "two") as store:
        assert import_csv([tmp_path / "out1"], store, catalog).new == 2
        export_csv(store.list_rankings(), catalog, tmp_path / "out2")
    for name in FILES + ("matrix-examples-1-6-benefit.csv",):
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()


def test_spreadsheet_friendly_input(tmp_path, catalog):
    """Columns in another order, an extra column, no BOM, LF line ends, trailing blank rows,
    upper-case codes and a blank card_title are all fine."""
    header = "note,lens,deck,card_id,position,tier,ranking_id,workshop_id,workshop,place," \
             "workshop_date,table,kiosk_id,card_title,completed_at,duration_s,moves," \
             "primary_criterion,comment"
    rows = [f"ok,Acceptability,examples-a-f,{c},{i},{'ACCEPTABLE' if i < 3 else 'not acceptable'}"
            f",,,Bristol,,,T3,,,2017-05-01T10:00:00+00:00,600,14,,anything"
            for i, c in enumerate("ABCDEF", 1)]
    path = tmp_path / "in.csv"
    path.write_text("\n".join([header] + rows + [",,,,,,,,,,,,,,,,,,", ""]), "utf-8")
    batch = read_import([path], catalog)
    assert batch.errors == []
    (record,) = batch.records
    assert record.lens == "acceptability" and record.moves == 14
    assert record.duration_s == 600 and record.tiers["A"] == "acceptable"


def test_same_ranking_in_two_exports_is_merged(tmp_path, catalog):
    records = sample_records(catalog, 6)
    export_csv(records[:4], catalog, tmp_path / "kiosk-a")
    export_csv(records[2:], catalog, tmp_path / "kiosk-b")
    with Store.open(tmp_path / "data") as store:
        summary = import_csv([tmp_path / "kiosk-a", tmp_path / "kiosk-b"], store, catalog)
        assert (summary.new, summary.present) == (6, 0)


def test_progress_is_reported(tmp_path, catalog):
    calls: list[tuple[int, int]] = []
    export_csv(sample_records(catalog), catalog, tmp_path / "out",
               progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (12, 12)
    calls.clear()
    with Store.open(tmp_path / "data") as store:
        import_csv([tmp_path / "out"], store, catalog,
                   progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1] > 0


def test_export_copes_with_a_deck_that_is_gone(tmp_path, catalog):
    """A facilitator's own deck removed after ranking: the rows are still exported (without
    titles); importing them elsewhere then names the unknown deck."""
    record = make_record(catalog, seed=3).with_changes(deck="my-old-deck")
    export_csv([record], catalog, tmp_path / "out")
    rows = rows_of(tmp_path / "out" / "rankings.csv")[1:]
    assert len(rows) == 6 and {r[10] for r in rows} == {""}
    assert rows_of(tmp_path / "out" / "matrix-my-old-deck-benefit.csv")[1][0] == "1"
    errors = read_import([tmp_path / "out"], catalog).errors
    assert errors == [f"{tmp_path / 'out' / 'rankings.csv'}:2: unknown deck 'my-old-deck'"]
