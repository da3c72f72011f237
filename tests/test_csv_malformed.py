"""Every kind of malformed import is rejected whole, with `file:line: reason`, and the store
is left exactly as it was."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from kiosk.exchange import ImportPathError, export_csv, import_csv, read_import
from tests.csv_support import (
    CRITERIA_HEADER,
    RANKING_HEADER,
    catalog_for,
    make_record,
    sample_records,
    store_with,
    write_csv,
)

LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<reason>\S.*)$")
COLUMNS = RANKING_HEADER.split(",")
CRITERIA_COLUMNS = CRITERIA_HEADER.split(",")


@pytest.fixture
def catalog(tmp_path):
    return catalog_for(tmp_path / "data")


@pytest.fixture
def store(tmp_path, catalog):
    with store_with(tmp_path / "data", sample_records(catalog, 3)) as opened:
        yield opened


@pytest.fixture
def export(tmp_path, catalog):
    """A valid export of two fresh rankings (6 card rows each: lines 2-7 and 8-13)."""
    records = [make_record(catalog, table="Table 7", seed=70,
                           criteria=[("Mine", "own"), ("Also mine", "own")], primary="Mine"),
               make_record(catalog, table="Table 8", seed=80, lens="acceptability", cut=2)]
    export_csv(records, catalog, tmp_path / "in")
    return tmp_path / "in"


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode())


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    rows = read_rows(path)
    header = rows[0]
    rows[line - 1][header.index(column)] = value
    write_rows(path, rows)


def snapshot(data_dir: Path, store) -> tuple:
    return (store.list_rankings(), store.list_workshops(),
            {p.name: p.read_bytes() for p in sorted(data_dir.glob("*.json"))})


def rejected(paths, store, catalog, data_dir) -> list[str]:
    before = snapshot(data_dir, store)
    summary = import_csv(paths, store, catalog)
    assert summary.new == 0 and summary.present == 0
    assert summary.rejected, "the import should have been rejected"
    for line in summary.rejected:
        assert LINE.match(line), line
        assert "\n" not in line
    assert snapshot(data_dir, store) == before
    return summary.rejected


def expect(lines: list[str], file: Path, line: int, fragment: str) -> None:
    wanted = f"{file}:{line}: "
    assert any(x.startswith(wanted) and fragment in x for x in lines), (wanted, fragment, lines)


def test_valid_export_imports(export, store, catalog):
    assert import_csv([export], store, catalog).new == 2


def test_unknown_deck(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    for line in range(2, 8):
        set_cell(path, line, "deck", "no-such-deck")
    lines = rejected([export], store, catalog, tmp_path / "data")
    expect(lines, path, 2, "unknown deck 'no-such-deck'")
    assert sum("unknown deck" in x for x in lines) == 1  # once per ranking, not per row


def test_unknown_card(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    set_cell(path, 4, "card_id", "Z")
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 4,
           "unknown card 'Z' in deck 'examples-1-6'")


def test_card_twice_in_one_ranking(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    first = read_rows(path)[1][COLUMNS.index("card_id")]
    set_cell(path, 5, "card_id", first)
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 5,
           f"card '{first}' appears twice in this ranking (also line 2)")


@pytest.mark.parametrize("value", ["0", "-1", "2.5", "x", "", "1e3"])
def test_position_not_a_positive_whole_number(export, store, catalog, tmp_path, value):
    path = export / "rankings.csv"
    set_cell(path, 3, "position", value)
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 3,
           "is not a positive whole number")


def test_position_beyond_the_cards_ranked(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    set_cell(path, 3, "position", "9")
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 3,
           "position 9 is more than the 6 cards this ranking holds")


@pytest.mark.parametrize("column", ["position", "ranking_id", "note"])
def test_missing_column(export, store, catalog, tmp_path, column):
    path = export / "rankings.csv"
    rows = read_rows(path)
    index = rows[0].index(column)
    write_rows(path, [row[:index] + row[index + 1:] for row in rows])
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 1,
           f"missing column {column}")


def test_missing_column_in_criteria(export, store, catalog, tmp_path):
    path = export / "criteria.csv"
    rows = read_rows(path)
    at = rows[0].index("primary")
    write_rows(path, [row[:at] + row[at + 1:] for row in rows])
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 1,
           "missing column primary")


def test_column_twice_in_header(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    rows = read_rows(path)
    write_rows(path, [row + [row[COLUMNS.index("note")]] for row in rows])
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 1,
           "column 'note' appears twice")


def test_broken_quoting(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    text = path.read_bytes().split(b"\r\n")
    text[3] = text[3].replace(b",Table 7,", b',"Table" 7,', 1)
    path.write_bytes(b"\r\n".join(text))
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 4, "broken quoting")


def test_quote_never_closed(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    text = path.read_bytes().split(b"\r\n")
    text[5] = text[5].replace(b",Table 7,", b',"Table 7,', 1)
    path.write_bytes(b"\r\n".join(text))
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 6, "never closed")


def test_not_utf8(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    data = path.read_bytes().split(b"\r\n")
    data[4] = data[4].replace(b"Table 7", b"Caf\xe9 7")  # Latin-1, as an old Excel saves
    path.write_bytes(b"\r\n".join(data))
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 5, "is not UTF-8")


def test_utf16_file(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    path.write_bytes(path.read_text("utf-8-sig").encode("utf-16"))
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 1, "is not UTF-8")


def test_nul_character(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    path.write_bytes(path.read_bytes().replace(b"Table 8", b"Table\x008", 1))
    lines = rejected([export], store, catalog, tmp_path / "data")
    assert any("NUL" in x for x in lines)


def test_unknown_lens(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    for line in range(2, 8):
        set_cell(path, line, "lens", "cost")
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 2,
           "unknown lens 'cost'")


@pytest.mark.parametrize("column, value, fragment", [
    ("completed_at", "yesterday", "completed_at 'yesterday' is not an ISO 8601 time"),
    ("completed_at", "2017-03-15T10:00:00", "with UTC offset"),
    ("completed_at", "2017-03-15", "is not an ISO 8601 time"),
    ("completed_at", "", "completed_at '' is not"),
    ("workshop_date", "15/03/2017", "workshop_date '15/03/2017' is not a date YYYY-MM-DD"),
    ("workshop_date", "2017-02-30", "is not a date"),
    ("duration_s", "-5", "duration_s '-5' is not a number of seconds"),
    ("duration_s", "nan", "is not a number of seconds"),
    ("moves", "3.5", "moves '3.5' is not a whole number"),
    ("ranking_id", "not-a-uuid", "ranking_id 'not-a-uuid' is not a UUID"),
])
def test_bad_ranking_values(export, store, catalog, tmp_path, column, value, fragment):
    path = export / "rankings.csv"
    for line in range(2, 8):
        set_cell(path, line, column, value)
    if column == "ranking_id":  # keep criteria.csv pointing at the ranking
        set_cell(export / "criteria.csv", 2, "ranking_id", value)
        set_cell(export / "criteria.csv", 3, "ranking_id", value)
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 2, fragment)


@pytest.mark.parametrize("column", ["table", "workshop", "lens", "completed_at", "note",
                                    "moves", "primary_criterion"])
def test_inconsistent_ranking_fields(export, store, catalog, tmp_path, column):
    path = export / "rankings.csv"
    old = read_rows(path)[5][COLUMNS.index(column)]
    new = {"lens": "risk", "completed_at": "2017-03-16T10:00:00+00:00", "moves": "99"}.get(
        column, "Something else")
    set_cell(path, 6, column, new)
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 6,
           f"{column} is '{new}' here but '{old}' on line 2 (rows of one ranking must agree)")


@pytest.mark.parametrize("value", ["maybe", "acceptable-ish"])
def test_bad_tier(export, store, catalog, tmp_path, value):
    path = export / "rankings.csv"
    set_cell(path, 9, "tier", value)
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 9,
           f"tier '{value}' must be 'acceptable', 'not acceptable' or empty")


def test_tier_on_some_cards_only(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    set_cell(path, 10, "tier", "")
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 10,
           "tier is empty here but set on line 8")


def test_row_with_wrong_number_of_cells(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    rows = read_rows(path)
    rows[3] = rows[3] + ["stray"]
    rows[4] = rows[4][:-2]
    write_rows(path, rows)
    lines = rejected([export], store, catalog, tmp_path / "data")
    expect(lines, path, 4, "has 19 cells, the header has 18")
    expect(lines, path, 5, "has 16 cells, the header has 18")


def test_empty_file(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    path.write_bytes(b"")
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 1, "is empty")


def test_criteria_for_unknown_ranking(export, store, catalog, tmp_path):
    path = export / "criteria.csv"
    set_cell(path, 2, "ranking_id", "00000000-0000-4000-8000-000000000000")
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 2,
           "criteria for unknown ranking '00000000-0000-4000-8000-000000000000'")


def test_criteria_for_a_stored_ranking_not_in_the_file(export, store, catalog, tmp_path):
    path = export / "criteria.csv"
    set_cell(path, 2, "ranking_id", store.list_rankings()[0].ranking_id)
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 2,
           "criteria for unknown ranking")


def test_criteria_disagreeing_with_their_ranking(export, store, catalog, tmp_path):
    path = export / "criteria.csv"
    set_cell(path, 3, "table", "Table 99")
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 3,
           "table is 'Table 99' here but 'Table 7' for this ranking in")


@pytest.mark.parametrize("column, value, fragment", [
    ("origin", "chip", "origin 'chip' must be 'suggested' or 'own'"),
    ("primary", "yes", "primary 'yes' must be 'true' or 'false'"),
    ("criterion", "  ", "criterion is empty"),
])
def test_bad_criteria_values(export, store, catalog, tmp_path, column, value, fragment):
    path = export / "criteria.csv"
    set_cell(path, 3, column, value)
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 3, fragment)


def test_two_primary_criteria(export, store, catalog, tmp_path):
    path = export / "criteria.csv"
    set_cell(path, 3, "primary", "true")
    expect(rejected([export], store, catalog, tmp_path / "data"), path, 3,
           "a second primary criterion for this ranking (first on line 2)")


def test_primary_criterion_disagrees(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    for line in range(2, 8):
        set_cell(path, line, "primary_criterion", "Also mine")
    expect(rejected([export], store, catalog, tmp_path / "data"), export / "criteria.csv", 2,
           "primary criterion 'Mine' differs from primary_criterion 'Also mine'")


def test_primary_criterion_not_marked(export, store, catalog, tmp_path):
    set_cell(export / "criteria.csv", 2, "primary", "false")
    expect(rejected([export], store, catalog, tmp_path / "data"), export / "rankings.csv", 2,
           "primary_criterion 'Mine' is not marked primary")


def test_criterion_twice(export, store, catalog, tmp_path):
    set_cell(export / "criteria.csv", 3, "criterion", "Mine")
    expect(rejected([export], store, catalog, tmp_path / "data"), export / "criteria.csv", 3,
           "criterion 'Mine' appears twice for this ranking (also line 2)")


def test_paper_criteria_matching_two_rankings(store, catalog, tmp_path):
    rows = [RANKING_HEADER]
    for when in ("10:00", "11:00"):  # the same table ranked twice: two paper rankings
        rows += [f",,Leeds,,,T1,,examples-1-6,risk,{c},,{c},,2017-03-20T{when}:00+00:00,,,,"
                 for c in "123456"]
    folder = tmp_path / "paper"
    write_csv(folder / "rankings.csv", rows)
    write_csv(folder / "criteria.csv", [CRITERIA_HEADER, ",Leeds,T1,examples-1-6,risk,x,own,"])
    expect(rejected([folder], store, catalog, tmp_path / "data"), folder / "criteria.csv", 2,
           "criteria without ranking_id match 2 rankings")


def test_paper_criteria_matching_no_ranking(store, catalog, tmp_path):
    folder = tmp_path / "paper"
    write_csv(folder / "rankings.csv", [RANKING_HEADER] + [
        f",,Leeds,,,T1,,examples-1-6,risk,{c},,{c},,2017-03-20T10:00:00+00:00,,,,"
        for c in "123456"])
    write_csv(folder / "criteria.csv", [CRITERIA_HEADER, ",Leeds,T2,examples-1-6,risk,x,own,"])
    expect(rejected([folder], store, catalog, tmp_path / "data"), folder / "criteria.csv", 2,
           "criteria without ranking_id match no ranking")


def test_same_ranking_differing_between_two_files(export, store, catalog, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    for name in ("rankings.csv", "criteria.csv"):
        (other / name).write_bytes((export / name).read_bytes())
    set_cell(other / "rankings.csv", 2, "position", "2")
    set_cell(other / "rankings.csv", 3, "position", "1")
    expect(rejected([export, other], store, catalog, tmp_path / "data"),
           other / "rankings.csv", 2, "differs from the one in")


def test_one_bad_file_rejects_every_file(export, store, catalog, tmp_path):
    good = tmp_path / "good"
    export_csv([make_record(catalog, seed=5)], catalog, good)
    set_cell(export / "rankings.csv", 2, "card_id", "nope")
    rejected([good, export], store, catalog, tmp_path / "data")


def test_line_numbers_count_multi_line_cells(store, catalog, tmp_path):
    record = make_record(catalog, note="first line\r\nsecond line\r\nthird")
    export_csv([record], catalog, tmp_path / "out")
    path = tmp_path / "out" / "rankings.csv"
    set_cell(path, 4, "card_id", "Z")  # csv row 4 starts on physical line 2 + 2*3 = 8
    expect(rejected([tmp_path / "out"], store, catalog, tmp_path / "data"), path, 8,
           "unknown card 'Z'")


def test_every_problem_is_reported_not_only_the_first(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    set_cell(path, 3, "position", "x")
    set_cell(path, 11, "card_id", "Q")
    lines = rejected([export], store, catalog, tmp_path / "data")
    expect(lines, path, 3, "position")
    expect(lines, path, 11, "unknown card 'Q'")


def test_error_values_are_shown_on_one_line(export, store, catalog, tmp_path):
    path = export / "rankings.csv"
    set_cell(path, 3, "card_id", "two\nlines" + "x" * 100)
    (line,) = rejected([export], store, catalog, tmp_path / "data")
    assert "two\\nlines" in line and "…" in line


@pytest.mark.parametrize("name", ["missing", "folder-without-rankings"])
def test_missing_path_is_not_a_rejection(store, catalog, tmp_path, name):
    (tmp_path / "folder-without-rankings").mkdir()
    with pytest.raises(ImportPathError, match=name):
        import_csv([tmp_path / name], store, catalog)


def test_read_import_gives_no_records_with_errors(export, catalog):
    set_cell(export / "rankings.csv", 2, "card_id", "Z")
    batch = read_import([export], catalog)
    assert batch.records == [] and len(batch.errors) == 1
