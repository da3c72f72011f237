"""Large imports (issue: hostile input never stalls a kiosk): criteria rows without a
ranking_id are matched to their ranking through an index, not by scanning every ranking for
every row. Run in a child process with a bound that only a quadratic matching misses (16,000
paper rankings took minutes; now a few seconds)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAD = ("ranking_id,workshop_id,workshop,place,workshop_date,table,kiosk_id,deck,lens,card_id,"
        "card_title,position,tier,completed_at,duration_s,moves,primary_criterion,note")


def test_sixteen_thousand_paper_rankings_with_unlinked_criteria_import_in_bounded_time(
        tmp_path):
    rows, criteria = [HEAD], ["ranking_id,workshop,table,deck,lens,criterion,origin,primary"]
    for n in range(16_000):
        rows += [f",,Leeds,,,T{n},,examples-1-6,benefit,{c},,{c},,2017-03-20T11:00:00Z,,,,"
                 for c in range(1, 7)]
        criteria.append(f",Leeds,T{n},examples-1-6,benefit,Reason {n},own,false")
    (tmp_path / "rankings.csv").write_text("\n".join(rows) + "\n", "utf-8")
    (tmp_path / "criteria.csv").write_text("\n".join(criteria) + "\n", "utf-8")
    child = textwrap.dedent(f"""
        from pathlib import Path
        from kiosk.exchange.importer import read_import
        from kiosk.services.catalog import load_catalog
        batch = read_import([Path({str(tmp_path)!r})], load_catalog(Path({str(tmp_path)!r})))
        print(len(batch.records), len(batch.errors))
    """)
    done = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True,
                          text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["16000", "0"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM (Linux)")
def test_an_import_peaks_below_twice_its_file_size_plus_200_mb(tmp_path):
    """The file is decoded as it is read and repeated cells share one string: a 120,000-row
    export (about 30 MB) used to peak at about twelve times its size."""
    import uuid

    rows = [HEAD]
    for n in range(20_000):
        rid = str(uuid.UUID(int=n + 1))
        rows += [f"{rid},w1,Leeds – civic hall,City Library,2017-03-20,Table {n % 9},kiosk-{n % 7},"
                 f"examples-1-6,benefit,{c},A card’s title {c},{c},,2017-03-20T11:{n % 60:02d}:00Z,"
                 f"{300 + n % 50}.5,{12 + n % 9},,a note of some length for table {n}"
                 for c in range(1, 7)]
    path = tmp_path / "rankings.csv"
    path.write_text("\n".join(rows) + "\n", "utf-8-sig")
    size = path.stat().st_size
    child = textwrap.dedent(f"""
        from pathlib import Path
        from kiosk.exchange.importer import read_import
        from kiosk.services.catalog import load_catalog
        catalog = load_catalog(Path({str(tmp_path)!r}))
        batch = read_import([Path({str(path)!r})], catalog)
        assert not batch.errors, batch.errors[:3]
        # VmHWM: this process's own peak (getrusage's maxrss can carry the parent's from
        # before exec).
        status = Path("/proc/self/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines()
                    if line.startswith("VmHWM:"))
        print(len(batch.records), peak * 1024)
    """)
    done = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, peak = map(int, done.stdout.split())
    assert count == 20_000
    assert peak <= 2 * size + 200 * 2**20, (peak / 2**20, size / 2**20)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM (Linux)")
def test_a_million_row_import_into_the_store_peaks_below_twice_its_file_size_plus_200_mb(
        tmp_path):
    """The attack: an export of a million rows (170,000 rankings, about 330 MB) imported into
    a store, as `kiosk import` does. Every row used to be held, then every draft, then every
    record, then the store's documents: about 2.3 times the file's size past the bound. Now
    rankings.csv is checked row by row as it is read, and each draft goes as its record is
    made."""
    path = tmp_path / "rankings.csv"
    with open(path, "w", encoding="utf-8-sig") as out:
        out.write(HEAD + "\n")
        for n in range(170_000):
            rid = f"00000000-0000-4000-8000-{n + 1:012x}"
            note = (f"a note of some length for table {n} written by the group about why they "
                    "put the cards in this order and what they argued about for a while")
            out.writelines(
                f"{rid},w{n % 40},Leeds – civic hall {n % 40},City Library,2017-03-20,"
                f"Table {n % 9},kiosk-{n % 7},examples-1-6,benefit,{c},A card’s title {c},{c},,"
                f"2017-03-20T11:{n % 60:02d}:00Z,{300 + n % 50}.5,{12 + n % 9},,{note}\n"
                for c in range(1, 7))
    size = path.stat().st_size
    data = tmp_path / "data"
    child = textwrap.dedent(f"""
        from pathlib import Path
        from kiosk.exchange import import_csv
        from kiosk.services.catalog import load_catalog
        from kiosk.storage import Store
        catalog = load_catalog(Path({str(data)!r}))
        with Store.open(Path({str(data)!r})) as store:
            summary = import_csv([Path({str(path)!r})], store, catalog)
            assert not summary.rejected, summary.rejected[:3]
            stored = store.count_rankings()
        status = Path("/proc/self/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines()
                    if line.startswith("VmHWM:"))
        print(summary.new, stored, peak * 1024)
    """)
    done = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    new, stored, peak = map(int, done.stdout.split())
    assert new == stored == 170_000
    assert peak <= 2 * size + 200 * 2**20, (peak / 2**20, size / 2**20)
