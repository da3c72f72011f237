"""polls.csv: written by `kiosk export` (always; header only when there are no runs), read
by `kiosk import` beside rankings.csv or alone, idempotent by (run, stage, seat), all or
nothing with file:line: reason, export -> import -> export byte-identical."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.domain.poll_record import POLL_CSV_COLUMNS
from kiosk.exchange import export_csv, import_csv
from kiosk.storage import Store
from tests.poll_data_support import camden_poll, catalog_with_poll, run_of, use_catalog_in_cli

HEADER = ",".join(POLL_CSV_COLUMNS)
RUN_A = "00000000-0000-4000-8000-00000000000a"
RUN_B = "00000000-0000-4000-8000-00000000000b"


def sample_runs():
    return [run_of(RUN_B, {(1, 1): "4", (1, 2): "pass", (2, 1): "5", (2, 2): "3",
                           (4, 1): "council"}, table="=Table 2", workshop="Åsa's café"),
            run_of(RUN_A, {(2, 1): "2", (1, 1): "1", (1, 3): "5"}, workshop="+Leeds")]


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_polls(path: Path, rows: list[list[str]], header: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [header] + [",".join(row) for row in rows]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    return path


def row(run=RUN_A, poll="camden", stage="1", seat="1", answer="3",
        when="2017-03-15T10:00:00+00:00", table="Table 1") -> list[str]:
    return [run, "w-man", "Manchester", "Town Hall", "2017-03-15", table, "kiosk-1", poll,
            stage, seat, answer, when]


@pytest.fixture
def catalog(tmp_path, monkeypatch):
    catalog = catalog_with_poll(tmp_path / "catalog-data")
    use_catalog_in_cli(monkeypatch, catalog)
    return catalog


def test_export_writes_polls_csv_sorted_guarded_with_bom(tmp_path, catalog):
    summary = export_csv([], catalog, tmp_path / "out", poll_runs=sample_runs())
    assert [p.name for p in summary.files] == ["criteria.csv", "polls.csv", "rankings.csv"]
    assert (summary.poll_runs, summary.answers) == (2, 8)
    data = (tmp_path / "out" / "polls.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    rows = rows_of(tmp_path / "out" / "polls.csv")
    assert rows[0] == list(POLL_CSV_COLUMNS)
    keys = [(r[0], r[8], r[9]) for r in rows[1:]]
    assert keys == [(RUN_A, "1", "1"), (RUN_A, "1", "3"), (RUN_A, "2", "1"),
                    (RUN_B, "1", "1"), (RUN_B, "1", "2"), (RUN_B, "2", "1"),
                    (RUN_B, "2", "2"), (RUN_B, "4", "1")]
    assert rows[1][2] == "'+Leeds" and rows[4][5] == "'=Table 2" and rows[4][2] == "Åsa's café"


def test_export_of_no_runs_writes_the_header_only(tmp_path, catalog):
    export_csv([], catalog, tmp_path / "out", poll_runs=[])
    assert (tmp_path / "out" / "polls.csv").read_bytes() == \
        b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n"


def test_export_import_export_is_byte_identical_and_import_is_idempotent(tmp_path, catalog):
    export_csv([], catalog, tmp_path / "one", poll_runs=sample_runs())
    with Store.open(tmp_path / "fresh") as store:
        summary = import_csv([tmp_path / "one"], store, catalog, poll_store=store)
        assert (summary.poll_runs_new, summary.poll_answers_new) == (2, 8)
        again = import_csv([tmp_path / "one" / "polls.csv"], store, catalog, poll_store=store)
        assert (again.poll_runs_new, again.poll_answers_new, again.poll_answers_present) == \
            (0, 0, 8)
        assert again.poll_conflicts == []
        runs = store.list_poll_runs()
        assert {r.source for r in runs} == {"import"}
        assert store.get_workshop("w-man") is not None  # the runs' workshop, to pick later
    export_csv([], catalog, tmp_path / "two", poll_runs=runs)
    assert (tmp_path / "one" / "polls.csv").read_bytes() == \
        (tmp_path / "two" / "polls.csv").read_bytes()


def test_new_answers_of_a_stored_run_are_added_and_a_changed_one_is_a_conflict(tmp_path,
                                                                                catalog):
    with Store.open(tmp_path / "data") as store:
        store.save_poll_runs([run_of(RUN_A, {(1, 1): "3", (1, 2): "4"}, workshop="Manchester",
                                     workshop_id="w-man", kiosk_id="kiosk-1")])
        path = write_polls(tmp_path / "in" / "polls.csv", [
            row(stage="1", seat="1", answer="3"),     # present
            row(stage="1", seat="2", answer="5"),     # a conflict: stored "4"
            row(stage="2", seat="1", answer="PASS")])  # new (a scale's pass in any case)
        original = store.get_poll_run(RUN_A)
        run = original.__class__(**{**{f: getattr(original, f) for f in original.__slots__},
                                    "place": "Town Hall", "workshop_date": "2017-03-15"})
        store.save_poll_runs_replacing([run])
        summary = import_csv([path], store, catalog, poll_store=store)
        assert (summary.poll_runs_new, summary.poll_answers_new,
                summary.poll_answers_present) == (0, 1, 1)
        [conflict] = summary.poll_conflicts
        assert conflict.startswith(f"{path}:3: ") and "stage 1 seat 2" in conflict
        stored = store.get_poll_run(RUN_A)
        assert stored.answer(1, 2) == "4" and stored.answer(2, 1) == "pass"


def test_a_stored_run_with_another_table_is_a_conflict_and_kept(tmp_path, catalog):
    with Store.open(tmp_path / "data") as store:
        store.save_poll_runs([run_of(RUN_A, {(1, 1): "3"}, table="Table 9")])
        path = write_polls(tmp_path / "in" / "polls.csv", [row(stage="2")])
        summary = import_csv([path], store, catalog, poll_store=store)
        assert summary.poll_answers_new == 0
        assert "already stored with another" in summary.poll_conflicts[0]
        assert store.get_poll_run(RUN_A).answer(2, 1) is None


BAD_ROWS = {
    "unknown poll": (row(poll="brent"), "unknown poll 'brent'"),
    "stage 0": (row(stage="0"), "stage '0' is not a stage of this poll (1 to 4)"),
    "stage 5 of a 4-stage poll": (row(stage="5"), "stage '5' is not a stage"),
    "a huge stage": (row(stage="9" * 400), "stage '" + "9" * 40 + "…' is not a stage"),
    "seat 7": (row(seat="7"), "seat '7' is not a seat number (1 to 6)"),
    "seat 0": (row(seat="0"), "seat '0' is not a seat number"),
    "a huge seat": (row(seat="1e308"), "seat '1e308' is not a seat number"),
    "an answer of 6": (row(answer="6"), "answer '6' is not one of 1, 2, 3, 4, 5, pass"),
    "an option on a scale stage": (row(answer="council"), "answer 'council' is not one of"),
    "a scale answer on a choice": (row(stage="4", answer="3"),
                                   "answer '3' is not one of council, public, nobody"),
    "a formula as answer": (row(answer="=1+2"), "answer '=1+2' is not one of"),
    "a time without offset": (row(when="2017-03-15T10:00:00"), "answered_at "
                              "'2017-03-15T10:00:00' is not an ISO 8601 time with UTC offset"),
    "no time": (row(when=""), "answered_at '' is not an ISO 8601 time"),
    "a date that is not one": ([*row()[:4], "15/03/2017", *row()[5:]],
                               "workshop_date '15/03/2017' is not a date"),
    "no run id": (row(run=""), "poll_run_id is empty"),
}


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_a_bad_row_rejects_the_whole_import_with_file_line_reason(tmp_path, catalog, kind,
                                                                 capsys):
    bad, reason = BAD_ROWS[kind]
    path = write_polls(tmp_path / "in" / "polls.csv",
                       [row(run=RUN_B), row(run=RUN_B, seat="2"), bad])
    data = tmp_path / "data"
    with Store.open(data):
        pass
    assert cli.main(["import", str(path), "--data-dir", str(data)]) == cli.EXIT_REJECTED
    err = capsys.readouterr().err
    assert f"{path}:4: {reason}" in err, err
    assert "nothing was written" in err
    with Store.open(data) as store:
        assert store.count_poll_runs() == 0


def test_rows_of_one_run_must_agree_and_not_repeat_a_seat(tmp_path, catalog):
    path = write_polls(tmp_path / "polls.csv", [
        row(), row(seat="2", table="Table 2"), row(stage="2"), row(stage="2", answer="4")])
    with Store.open(tmp_path / "data") as store:
        summary = import_csv([path], store, catalog, poll_store=store)
    assert summary.rejected == [
        f"{path}:3: table is 'Table 2' here but 'Table 1' in {path}:2 (rows of one poll run "
        "must agree)",
        f"{path}:5: seat 1 answers stage 2 of this poll run twice (also {path}:4)"]


def test_missing_column_wrong_encoding_and_broken_quoting_name_the_line(tmp_path, catalog):
    folder = tmp_path / "in"
    short = write_polls(folder / "a" / "polls.csv", [], header=HEADER.replace(",answer,", ","))
    latin = folder / "b" / "polls.csv"
    latin.parent.mkdir(parents=True)
    latin.write_bytes((HEADER + "\r\n" + ",".join(row()) + "\r\n").encode()
                      + ",".join(row(table="Tábla")).encode("latin-1") + b"\r\n")
    quoted = write_polls(folder / "c" / "polls.csv", [row(), ['"open', *row()[1:]]])
    with Store.open(tmp_path / "data") as store:
        summary = import_csv([short, latin, quoted], store, catalog, poll_store=store)
        assert store.count_poll_runs() == 0
    assert summary.rejected == [
        f"{short}:1: missing column answer",
        f"{latin}:3: is not UTF-8 text (byte 0xe1); save it as CSV UTF-8",
        f"{quoted}:3: broken quoting: a quoted cell starting here is never closed"]


def test_a_bad_polls_csv_rejects_the_rankings_beside_it_too(tmp_path, catalog):
    from tests.csv_support import sample_records

    export_csv(sample_records(catalog, 2), catalog, tmp_path / "out", poll_runs=[])
    write_polls(tmp_path / "out" / "polls.csv", [row(seat="9")])
    with Store.open(tmp_path / "data") as store:
        summary = import_csv([tmp_path / "out"], store, catalog, poll_store=store)
        assert summary.rejected and store.count_rankings() == 0
    with Store.open(tmp_path / "data2") as store:  # without a poll target: as before
        summary = import_csv([tmp_path / "out"], store, catalog)
        assert not summary.rejected and store.count_rankings() == 2


def test_a_folder_with_only_polls_csv_and_the_cli_round_trip(tmp_path, catalog, capsys):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_poll_runs(sample_runs())
    assert cli.main(["export", "--out", str(tmp_path / "out"), "--data-dir", str(data)]) == 0
    printed = capsys.readouterr().out
    assert "2 poll runs (8 answers)" in printed and "polls.csv" in printed
    only = tmp_path / "only"
    only.mkdir()
    Store.open(tmp_path / "hub").close()
    (only / "polls.csv").write_bytes((tmp_path / "out" / "polls.csv").read_bytes())
    assert cli.main(["import", str(only), "--data-dir", str(tmp_path / "hub")]) == 0
    assert "imported 8 new poll answers (2 new poll runs); 0 already present" in \
        capsys.readouterr().out
    assert cli.main(["import", str(tmp_path / "out"), "--data-dir", str(tmp_path / "hub")]) == 0
    assert "0 new poll answers (0 new poll runs); 8 already present" in capsys.readouterr().out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["import", str(empty), "--data-dir", str(data)]) == cli.EXIT_USAGE
    assert "no rankings.csv in this folder (nor polls.csv)" in capsys.readouterr().err


def test_ten_thousand_answers_export_and_import(tmp_path, catalog):
    poll = camden_poll()
    runs = []
    for n in range(10_000 // 24 + 1):  # 6 seats x 4 stages a run
        answers = {(stage, seat): ("council" if stage == 4 else str((n + seat) % 5 + 1))
                   for stage in range(1, len(poll.stages) + 1) for seat in range(1, 7)}
        runs.append(run_of(str(uuid.UUID(int=n, version=4)), answers, table=f"Table {n % 9}"))
    # how long it takes: benchmarks/run.py, polls_csv_round_trip_10k_s
    summary = export_csv([], catalog, tmp_path / "out", poll_runs=runs)
    assert summary.answers >= 10_000
    with Store.open(tmp_path / "data") as store:
        result = import_csv([tmp_path / "out"], store, catalog, poll_store=store)
        assert result.poll_answers_new == summary.answers
        again = import_csv([tmp_path / "out"], store, catalog, poll_store=store)
        assert again.poll_answers_new == 0
