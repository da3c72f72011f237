"""Large imports (issue: hostile input never stalls a kiosk): criteria rows without a
ranking_id are matched to their ranking through an index, not by scanning every ranking for
every row. Run in a child process with a bound that only a quadratic matching misses (16,000
paper rankings took minutes; now a few seconds)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

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
