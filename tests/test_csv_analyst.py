"""Exports an analyst can load straight away: PrefLib files per deck and lens (`kiosk export
--preflib`), matrix columns by workshop then table, and criteria.csv with the workshop's and
kiosk's ids appended (import still takes the older layout)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.exchange import export_csv, import_csv
from kiosk.exchange.preflib import write_preflib
from kiosk.storage import Store
from tests.csv_support import (
    CRITERIA_EXPORT_HEADER,
    CRITERIA_HEADER,
    RANKING_HEADER,
    catalog_for,
    make_record,
    store_with,
    write_csv,
)

HEADER_KEYS = ["FILE NAME", "TITLE", "DESCRIPTION", "DATA TYPE", "MODIFICATION TYPE",
               "RELATES TO", "RELATED FILES", "PUBLICATION DATE", "MODIFICATION DATE",
               "NUMBER ALTERNATIVES", "NUMBER VOTERS", "NUMBER UNIQUE ORDERS"]


@pytest.fixture
def catalog(tmp_path):
    return catalog_for(tmp_path / "data")


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def read_preflib(path: Path) -> tuple[dict[str, str], dict[int, str], list[tuple[int, list]]]:
    """A reader written from PrefLib's format description: '# KEY: value' header lines,
    then 'count: order' lines, tied alternatives in braces."""
    header: dict[str, str] = {}
    names: dict[int, str] = {}
    orders: list[tuple[int, list]] = []
    for line in path.read_text("utf-8").split("\n"):
        if not line:
            continue
        if line.startswith("# "):
            key, _, value = line[2:].partition(": ")
            if key.startswith("ALTERNATIVE NAME "):
                names[int(key.rsplit(" ", 1)[1])] = value
            else:
                header[key] = value
            continue
        count, _, body = line.partition(": ")
        groups = [[int(x) for x in g.strip("{}").split(",")]
                  for g in re.findall(r"\{[^}]*\}|[^,{}]+", body)]
        orders.append((int(count), groups))
    return header, names, orders


def test_preflib_soc_for_strict_complete_rankings(tmp_path, catalog, capsys):
    orders = [list("123456"), list("123456"), list("654321"), list("213456")]
    records = [make_record(catalog, order=o, table=f"Table {t}", seed=t)
               for t, o in enumerate(orders, 1)]
    with store_with(tmp_path / "data", records):
        pass
    out = tmp_path / "out"
    assert main(["export", "--data-dir", str(tmp_path / "data"), "--out", str(out),
                 "--preflib"]) == 0
    path = out / "preflib-examples-1-6-benefit.soc"
    assert path.name in capsys.readouterr().out
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r" not in path.read_bytes()
    header, names, found = read_preflib(path)
    assert list(header) == HEADER_KEYS  # every header line, in the format's order
    assert header["FILE NAME"] == path.name and header["DATA TYPE"] == "soc"
    assert header["NUMBER ALTERNATIVES"] == "6" and header["NUMBER VOTERS"] == "4"
    assert header["NUMBER UNIQUE ORDERS"] == "3"
    deck = catalog.deck("examples-1-6")
    assert names == {k: f"{c.id} · {c.title}" for k, c in enumerate(deck.cards, 1)}
    assert found[0] == (2, [[1], [2], [3], [4], [5], [6]])  # most frequent first
    assert sorted(found[1:]) == [(1, [[2], [1], [3], [4], [5], [6]]),
                                 (1, [[6], [5], [4], [3], [2], [1]])]
    assert sum(count for count, _ in found) == 4
    # Only with --preflib.
    plain = tmp_path / "plain"
    assert main(["export", "--data-dir", str(tmp_path / "data"), "--out", str(plain)]) == 0
    assert not list(plain.glob("preflib-*"))


def test_preflib_toc_for_a_paper_session_with_ties(tmp_path, catalog):
    rows = []
    for table, positions in (("Table 1", "1,1,3,4,4,6"), ("Table 2", "2,1,3,4,5,6")):
        for card, position in zip("123456", positions.split(","), strict=True):
            rows.append(f",,Sheffield,Library,2017-04-02,{table},,examples-1-6,benefit,{card},,"
                        f"{position},,2017-04-02T15:00:00+01:00,,,,")
    write_csv(tmp_path / "paper" / "rankings.csv", [RANKING_HEADER] + rows)
    with Store.open(tmp_path / "data") as store:
        import_csv([tmp_path / "paper"], store, catalog)
        records = store.list_rankings()
    written = write_preflib(records, catalog, tmp_path / "out")
    assert [p.name for p in written] == ["preflib-examples-1-6-benefit.toc"]
    header, _, found = read_preflib(written[0])
    assert header["DATA TYPE"] == "toc" and header["NUMBER UNIQUE ORDERS"] == "2"
    assert header["PUBLICATION DATE"] == "2017-04-02"
    assert sorted(found) == [(1, [[1, 2], [3], [4, 5], [6]]), (1, [[2], [1], [3], [4], [5], [6]])]
    assert "{1,2},3,{4,5},6" in written[0].read_text("utf-8")
    # A ranking that leaves cards out makes the file one of the incomplete kind, and the
    # earlier file of another kind goes.
    partial = records[0].with_changes(ranking_id="0" * 32, positions={"1": 1, "2": 2})
    again = write_preflib([*records, partial], catalog, tmp_path / "out")
    assert [p.name for p in again] == ["preflib-examples-1-6-benefit.toi"]
    assert not (tmp_path / "out" / "preflib-examples-1-6-benefit.toc").exists()
    assert write_preflib([*records, partial], catalog, tmp_path / "out2")[0].read_bytes() == \
        again[0].read_bytes()  # the same data, the same bytes


def test_matrix_columns_by_workshop_then_table(tmp_path, catalog):
    # Completed in an order that is neither: Table 10 before Table 2, Leeds after York.
    made = [("York", "Table 1", 0), ("Leeds", "Table 10", 1), ("Leeds", "Table 2", 2),
            ("Bristol", "Table 3", 3), ("Leeds", "Table 1", 4)]
    records = [make_record(catalog, workshop=w, table=t, seed=s) for w, t, s in made]
    export_csv(records, catalog, tmp_path / "out")
    header = rows_of(tmp_path / "out" / "matrix-examples-1-6-benefit.csv")[0]
    shown = [" / ".join(column.split(" / ")[:2]) for column in header[2:]]
    assert shown == ["Bristol / Table 3", "Leeds / Table 1", "Leeds / Table 2",
                     "Leeds / Table 10", "York / Table 1"]


def test_criteria_csv_appends_the_ids_and_import_takes_both_layouts(tmp_path, catalog):
    records = [make_record(catalog, table="Table 1", seed=1,
                           criteria=[("Mine", "own")], primary="Mine")]
    export_csv(records, catalog, tmp_path / "out")
    rows = rows_of(tmp_path / "out" / "criteria.csv")
    assert ",".join(rows[0]) == CRITERIA_EXPORT_HEADER
    assert rows[0][:8] == CRITERIA_HEADER.split(",")  # the older columns, where they were
    assert rows[1][-2:] == [records[0].workshop_id, records[0].kiosk_id]
    with Store.open(tmp_path / "new") as store:
        assert import_csv([tmp_path / "out"], store, catalog).new == 1
        assert [c.text for c in store.list_rankings()[0].criteria] == ["Mine"]
    # The older layout, without the two ids: still imported, with the same criteria.
    path = tmp_path / "out" / "criteria.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(",".join(r[:8]) for r in rows) + "\r\n").encode())
    with Store.open(tmp_path / "old") as store:
        assert import_csv([tmp_path / "out"], store, catalog).new == 1
        assert [c.text for c in store.list_rankings()[0].criteria] == ["Mine"]
