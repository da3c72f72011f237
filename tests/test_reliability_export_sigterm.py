"""A service stop (SIGTERM) while the facilitator's export runs on its worker thread (issue:
the GUI's export was never checked against it): the kiosk exits cleanly (status 0, no
traceback), the folder never holds half an export (either the earlier files or every new
one, whole), and none of the export's temp files is left behind. In a child process, with a
store large enough that the export takes a while."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.domain.record import SavedRanking
from kiosk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("facilitator_child_export_sigterm.py")
RANKINGS = 3000
OLD = "ranking_id\r\nold\r\n".encode("utf-8-sig")


def large_store(data: Path) -> None:
    cards = [str(n) for n in range(1, 7)]
    with Store.open(data) as store:
        store.save_rankings([
            SavedRanking(f"r{n:05d}", "examples-1-6", ("benefit", "risk")[n % 2],
                         {c: (int(c) + n) % 6 + 1 for c in cards}, table=f"Table {n % 9}",
                         completed_at=f"2017-03-14T10:{n % 60:02d}:00+00:00")
            for n in range(RANKINGS)])


@pytest.mark.parametrize("when", ["files", "rows"])
def test_attack_sigterm_during_a_gui_export_leaves_no_half_export_and_no_temp_file(
        tmp_path, when):
    data, out = tmp_path / "data", tmp_path / "stick"
    large_store(data)
    out.mkdir()
    (out / "rankings.csv").write_bytes(OLD)  # last week's export
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("QT_IM_MODULE", None)
    done = subprocess.run([sys.executable, str(CHILD), str(data), str(out), when],
                          capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert "export started: True" in done.stderr, done.stderr[-3000:]
    assert ("STAGED" if when == "files" else "COUNTING") in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    assert "run returned 0" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    names = sorted(p.name for p in out.iterdir())
    assert [n for n in names if n.startswith(".")] == [], names  # no temp file left
    rankings = (out / "rankings.csv").read_bytes()
    if when == "rows":  # stopped before any file was staged: it is simply abandoned
        assert rankings == OLD
    if rankings != OLD:  # the export was finished: every file whole
        assert {"criteria.csv", "polls.csv"} <= set(names), names
        with open(out / "rankings.csv", encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len({r["ranking_id"] for r in rows}) == RANKINGS
        assert len(rows) == RANKINGS * 6
    else:  # stopped: nothing of it is in the folder
        assert names == ["rankings.csv"], names
