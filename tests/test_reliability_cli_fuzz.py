"""Fuzzing what a facilitator feeds the `kiosk` command: mutated CSV exports to `kiosk import`
and broken deck files for `kiosk check`. Whatever comes in, the command answers with its
exit status and `file:line: reason` lines — never a traceback or "unexpected error" — and a
rejected import writes nothing. (The importer and deck loader are fuzzed directly in
tests/test_csv_fuzz.py and tests/test_deck_fuzz.py; this is the layer above them.)
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_csv_fuzz import mutate, mutation
from test_deck_fuzz import SHIPPED_TEXT, _mutate

from kiosk import cli
from kiosk.exchange import export_csv
from kiosk.storage import Store
from tests.csv_support import catalog_for, sample_records

FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
LINE = re.compile(r"^.+:\d+: \S[^\n\r]*$")

_WORK = Path(tempfile.mkdtemp(prefix="kiosk-cli-fuzz-"))
_CATALOG = catalog_for(_WORK / "catalog")
_EXPORT = _WORK / "export"
export_csv(sample_records(_CATALOG, 3), _CATALOG, _EXPORT)
RANKINGS = (_EXPORT / "rankings.csv").read_bytes()
CRITERIA = (_EXPORT / "criteria.csv").read_bytes()


def store_files(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data.glob("*.json"))}


@pytest.fixture(scope="module")
def data() -> Path:
    folder = _WORK / "data"
    with Store.open(folder) as store:
        store.save_rankings(sample_records(_CATALOG, 2))
    return folder


@FUZZ
@given(st.lists(mutation, max_size=4), st.lists(mutation, max_size=2), st.booleans())
@example([], [], True)
def test_kiosk_import_of_a_mutated_export(data: Path, capsys: pytest.CaptureFixture,
                                          ranking_edits: list, criteria_edits: list,
                                          with_criteria: bool) -> None:
    folder = _WORK / "input"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "rankings.csv").write_bytes(mutate(RANKINGS, ranking_edits))
    if with_criteria:
        (folder / "criteria.csv").write_bytes(mutate(CRITERIA, criteria_edits))
    before = store_files(data)
    capsys.readouterr()
    status = cli.main(["import", str(folder), "--data-dir", str(data)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected error" not in err
    if status == cli.EXIT_REJECTED:
        lines = err.strip().splitlines()
        assert lines[0].startswith("import rejected, nothing was written")
        assert lines[1:] and all(LINE.match(line) for line in lines[1:]), lines
        assert store_files(data) == before, "a rejected import must write nothing"
    else:
        assert status == cli.EXIT_OK, (out, err)
        assert out.startswith("imported ")
        # Importing the same file again adds nothing.
        assert cli.main(["import", str(folder), "--data-dir", str(data)]) == cli.EXIT_OK
        assert "imported 0 new rankings" in capsys.readouterr().out


@FUZZ
@given(st.sampled_from(sorted(SHIPPED_TEXT)), st.data())
def test_kiosk_check_of_a_broken_own_deck(capsys: pytest.CaptureFixture, name: str,
                                          draw: st.DataObject) -> None:
    data = _WORK / "decks-data"
    shutil.rmtree(data, ignore_errors=True)
    (data / "decks").mkdir(parents=True)
    target = data / "decks" / f"own-{name}"
    target.write_text(_mutate(SHIPPED_TEXT[name], draw), "utf-8")
    capsys.readouterr()
    status = cli.main(["check", "--data-dir", str(data)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected error" not in err
    # A copy under another name never loads (its id is not its file name): always reported,
    # naming the file, and the shipped decks still load.
    assert status == cli.EXIT_PROBLEMS, out
    assert "decks: 3 loaded" in out
    problems = [line for line in out.splitlines() if line.startswith(str(target))]
    assert len(problems) == 1, out
    assert re.match(rf"^{re.escape(str(target))}(:\d+)?: \S", problems[0])


@FUZZ
@given(st.text(max_size=60), st.sampled_from(["note", "workshop", "table", "place"]))
def test_kiosk_import_keeps_any_text_exactly_or_says_why(
        capsys: pytest.CaptureFixture, text: str, column: str) -> None:
    """Any text in a free-text column (as a spreadsheet would save it): imported exactly
    as written, or rejected with reasons and nothing written."""
    data = _WORK / "text-data"
    shutil.rmtree(data, ignore_errors=True)
    Store.open(data).close()
    with open(_EXPORT / "rankings.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index(column)
    first_id = rows[1][0]
    for row in rows[1:]:
        if row[0] == first_id:
            row[at] = text
    folder = _WORK / "text-input"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        with open(folder / "rankings.csv", "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    except UnicodeEncodeError:  # a lone surrogate cannot be saved as UTF-8 by anyone
        return
    before = store_files(data)
    capsys.readouterr()
    status = cli.main(["import", str(folder), "--data-dir", str(data)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "unexpected error" not in err
    if status == cli.EXIT_OK:
        with Store.open(data) as store:
            record = store.get_ranking(first_id)
        assert record is not None and getattr(record, column) == text
    else:
        assert status == cli.EXIT_REJECTED, err
        assert all(LINE.match(line) for line in err.strip().splitlines()[1:]), err
        assert store_files(data) == before
