"""Fuzzing the importer: random bytes and mutated valid exports give either a clean import
or clean `file:line: reason` lines - never an exception - and a rejected import leaves the
store exactly as it was."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.exchange import export_csv, import_csv, read_import
from kiosk.storage import Store
from tests.csv_support import RANKING_HEADER, catalog_for, make_record, sample_records

LINE = re.compile(r"^.+:\d+: \S[^\n\r]*$")
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TOKENS = [b",", b'"', b'""', b"\r\n", b"\n", b"\r", b"'", b"=", b"-", b"+", b"@", b"\t",
          b"\xff", b"\xc3", b"\x00", b"0", b"1", b"7", b"-1", b"2.5", b"A", b"Z", b"risk",
          b"acceptable", b"true", b"\xef\xbb\xbf", b"2017-03-15T10:00:00+00:00", b" "]

_WORK = Path(tempfile.mkdtemp(prefix="kiosk-csv-fuzz-"))
CATALOG = catalog_for(_WORK / "catalog-data")
_BASE = _WORK / "base"
export_csv(sample_records(CATALOG, 4) + [make_record(CATALOG, lens="acceptability", cut=3,
                                                     note="x\r\ny", seed=99)],
           CATALOG, _BASE)
BASE_RANKINGS = (_BASE / "rankings.csv").read_bytes()
BASE_CRITERIA = (_BASE / "criteria.csv").read_bytes()


def check_batch(folder: Path) -> list[str]:
    batch = read_import([folder], CATALOG)
    if batch.errors:
        assert batch.records == []
        for line in batch.errors:
            assert LINE.match(line), repr(line)
    else:
        for record in batch.records:
            deck = CATALOG.deck(record.deck)
            assert set(record.positions) <= set(deck.card_ids)
            assert all(1 <= p <= len(record.positions) for p in record.positions.values())
    return batch.errors


def write(folder: Path, rankings: bytes, criteria: bytes | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rankings.csv").write_bytes(rankings)
    if criteria is None:
        (folder / "criteria.csv").unlink(missing_ok=True)
    else:
        (folder / "criteria.csv").write_bytes(criteria)
    return folder


mutation = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.integers(min_value=1, max_value=40),
    st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=4),
)


def mutate(data: bytes, mutations: list[tuple]) -> bytes:
    for kind, where, length, token in mutations:
        at = int(where * len(data))
        if kind == "insert":
            data = data[:at] + token + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + length:]
        else:
            data = data[:at] + token + data[at + len(token):]
    return data


@FUZZ
@given(st.binary(max_size=600), st.booleans())
def test_random_bytes(data, with_header):
    prefix = ("\ufeff" + RANKING_HEADER + "\r\n").encode() if with_header else b""
    folder = write(_WORK / "random", prefix + data, None)
    check_batch(folder)


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=4), st.lists(mutation, max_size=2),
       st.booleans())
def test_mutated_export(ranking_mutations, criteria_mutations, keep_criteria):
    criteria = mutate(BASE_CRITERIA, criteria_mutations) if keep_criteria else None
    folder = write(_WORK / "mutated", mutate(BASE_RANKINGS, ranking_mutations), criteria)
    check_batch(folder)


@FUZZ
@given(st.lists(st.lists(st.sampled_from(["", "1", "A", "x", "-", "=1", "examples-1-6", "risk",
                                          "2017-03-15T10:00:00+00:00", '"', "\r\n", "0"]),
                         min_size=0, max_size=20), max_size=8))
def test_cell_soup_under_a_valid_header(rows):
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(RANKING_HEADER.split(","))
    writer.writerows(rows)
    folder = write(_WORK / "soup", buffer.getvalue().encode(), None)
    check_batch(folder)


def test_rejected_fuzzed_imports_leave_the_store_unchanged():
    """A real store, many mutated files: every rejection leaves the files byte-identical;
    every accepted file imports (and importing it again adds nothing)."""
    data = _WORK / "store"
    with Store.open(data) as store:
        store.save_rankings(sample_records(CATALOG, 2))

        @settings(max_examples=80, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(st.lists(mutation, min_size=1, max_size=3))
        def run(mutations):
            folder = write(_WORK / "store-input", mutate(BASE_RANKINGS, mutations),
                           BASE_CRITERIA)
            before = {p.name: p.read_bytes() for p in data.glob("*.json")}
            rankings_before = store.list_rankings()
            summary = import_csv([folder], store, CATALOG)
            if summary.rejected:
                assert all(LINE.match(line) for line in summary.rejected)
                assert (summary.new, summary.present) == (0, 0)
                assert {p.name: p.read_bytes() for p in data.glob("*.json")} == before
                assert store.list_rankings() == rankings_before
            else:
                again = import_csv([folder], store, CATALOG)
                assert again.new == 0 and again.present == summary.new + summary.present

        run()
