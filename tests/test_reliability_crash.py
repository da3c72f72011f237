"""Power cut at any instant, through the layers a kiosk really uses.

A child process plays a table (TableSession: every move autosaved as a draft, finished
rankings saved) and imports CSV folders (kiosk.exchange), printing one acknowledgement line
after each operation returns. The parent SIGKILLs it at a random instant, many times, and
after every kill checks that:
- the store opens with no problem and `check()` is clean (no half-written file ever);
- every acknowledged completed ranking is stored, unchanged;
- every import is all or nothing;
- the draft holds every acknowledged move (at most the one in flight beyond it) and
  replays, so the table resumes exactly where it was.
A second test kills the real `kiosk import` command mid-import.
(The store's own crash test, one level down, is in tests/test_store*.py.)
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.ranking import Ranking, RankingContext
from kiosk.exchange import export_csv
from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_catalog(Path("/nonexistent"))
DECK = "examples-1-6"

CHILD = textwrap.dedent('''
    import hashlib, json, random, sys
    from pathlib import Path
    from kiosk.services.catalog import load_catalog
    from kiosk.exchange import import_csv
    from kiosk.storage import Store
    from kiosk.services.table_session import TableSession

    data, seed, folders = Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    rng = random.Random(seed)
    catalog = load_catalog(data)
    store = Store.open(data)
    session = TableSession(store, catalog)

    def digest(log):
        return hashlib.sha1(json.dumps(log, sort_keys=True).encode()).hexdigest()

    def ack(kind, **extra):
        ranking = session.ranking
        draft = None
        if ranking is not None:
            draft = {"rid": ranking.ranking_id, "n": len(ranking.log), "h": digest(ranking.log)}
        sys.stdout.write(json.dumps({"ack": kind, "draft": draft, **extra}) + "\\n")
        sys.stdout.flush()

    if session.draft_info() is not None:
        session.resume()
    else:
        session.start_fresh()
    ack("ready")
    while True:
        ranking = session.ranking
        if ranking is None:
            session.start_fresh()
            ack("fresh")
        elif folders and rng.random() < 0.04:
            folder = rng.choice(folders)
            summary = import_csv([Path(folder)], store, catalog)
            assert not summary.rejected, summary.rejected
            ack("imported", folder=folder)
        elif ranking.complete and rng.random() < 0.35:
            lens = session.step.lens
            if session.phase != "criteria":
                session.save_draft("criteria")
                ack("criteria")
            elif not ranking.criteria:
                ranking.add_criterion(rng.choice(lens.suggested), "suggested")
                session.save_draft()
                ack("criterion")
            elif ranking.primary is None:
                ranking.set_primary(ranking.criteria[0].text)
                session.save_draft()
                ack("primary")
            else:
                record = ranking.to_record()
                session.finish()
                ack("saved", ranking_id=record.ranking_id, positions=dict(record.positions),
                    criteria=[c.to_doc() for c in record.criteria])
        else:
            card = rng.choice(ranking.cards)
            slot = rng.choice([None] + list(range(len(ranking.cards))) * 3)
            if ranking.drop(card, slot):
                session.save_draft("board")
                ack("move")
''')


def _digest(log: list) -> str:
    return hashlib.sha1(json.dumps(log, sort_keys=True).encode()).hexdigest()


def _records(count: int, seed: int, workshop: str) -> list[dict]:
    """Completed kiosk rankings of one deck, made through the domain (moves and all)."""
    rng = random.Random(seed)
    deck = CATALOG.deck(DECK)
    lenses = list(CATALOG.lenses)
    start = datetime(2017, 6, 28, 10, tzinfo=UTC)
    workshop_id = str(uuid.uuid5(uuid.NAMESPACE_URL, workshop))
    out = []
    for i in range(count):
        now = start + timedelta(minutes=i)
        context = RankingContext(workshop_id, workshop, "Manchester", "2017-06-28",
                                 f"Table {i % 7 + 1}", f"kiosk-{i % 7 + 1}")
        ranking = Ranking(DECK, lenses[i % 3], tuple(deck.card_ids), context,
                          ranking_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                          clock=lambda now=now: now)
        order = list(deck.card_ids)
        rng.shuffle(order)
        for slot, card in enumerate(order):
            ranking.drop(card, slot)
        ranking.add_criterion(CATALOG.lenses[ranking.lens].suggested[0], "suggested")
        out.append(ranking.to_record())
    return out


def _seed_store(data: Path, rankings: int) -> None:
    with Store.open(data) as store:
        store.save_rankings(_records(rankings, 1, "Seeded workshop"))


def _import_folders(base: Path, count: int, size: int) -> dict[str, set[str]]:
    """CSV folders as `kiosk export` writes them; returns folder -> its ranking ids."""
    folders = {}
    for i in range(count):
        folder = base / f"import-{i}"
        records = _records(size, 100 + i, f"Imported workshop {i}")
        export_csv(records, CATALOG, folder)
        folders[str(folder)] = {r.ranking_id for r in records}
    return folders


class Ledger:
    """What the child acknowledged, across all its lives."""

    def __init__(self, folders: dict[str, set[str]]) -> None:
        self.folders = folders
        self.saved: dict[str, dict] = {}
        self.imported: set[str] = set()
        self.draft: dict | None = None  # the draft as of the last acknowledgement
        self.kills = 0
        self.kills_mid_write = 0

    def take(self, acks: list[dict]) -> None:
        for ack in acks:
            if ack["ack"] == "saved":
                self.saved[ack["ranking_id"]] = ack
            elif ack["ack"] == "imported":
                self.imported.add(ack["folder"])
            self.draft = ack["draft"]

    def verify(self, data: Path) -> None:
        with Store.open(data) as store:
            assert store.problems == [], store.problems
            assert store.check() == []
            for ranking_id, ack in self.saved.items():
                stored = store.get_ranking(ranking_id)
                assert stored is not None, f"acknowledged ranking {ranking_id} was lost"
                assert stored.positions == ack["positions"]
                assert [c.to_doc() for c in stored.criteria] == ack["criteria"]
            for folder, ids in self.folders.items():
                present = sum(store.has_ranking(i) for i in ids)
                assert present in (0, len(ids)), f"{folder}: {present} of {len(ids)} imported"
                if folder in self.imported:
                    assert present == len(ids)
            session = TableSession(store, CATALOG)
            info = session.draft_info()
            # Only what a first start says: no workshop is set yet.
            assert [p for p in session.problems if "no workshop set yet" not in p] == [], \
                session.problems
            doc = store.get_draft(session.slot)
            self._check_draft(store, doc, info)

    def _check_draft(self, store: Store, doc: dict | None, info: object) -> None:
        acked = self.draft
        if doc is None:
            # Only the operation in flight may have removed it: finishing the ranking; or
            # no draft was ever kept: a first board with no move made holds nothing.
            assert acked is None or acked["n"] == 0 or store.has_ranking(acked["rid"]), \
                "the draft was lost"
            return
        assert info is not None, "a stored draft must replay"
        log = doc["log"]
        if acked is not None and doc["ranking_id"] == acked["rid"]:
            n = acked["n"]
            assert n <= len(log) <= n + 1, (n, len(log))
            assert _digest(log[:n]) == acked["h"], "an acknowledged move was lost or changed"
        else:
            # A new ranking began in flight: the acknowledged one was saved (or none was open).
            assert acked is None or store.has_ranking(acked["rid"])
            assert len(log) <= 1


def _run_child(script: Path, data: Path, seed: int, folders: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, str(script), str(data), str(seed), json.dumps(folders)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _temp_files(data: Path) -> list[Path]:
    from kiosk.outputs import leftovers

    return [p for p in data.iterdir() if p.name.endswith(".tmp")] + leftovers(data)


def _kill_many_times(tmp_path: Path, kills: int, seeded: int, seed: int) -> Ledger:
    data = tmp_path / "data"
    _seed_store(data, seeded)
    folders = _import_folders(tmp_path, 4, 25)
    script = tmp_path / "child.py"
    script.write_text(CHILD, "utf-8")
    ledger = Ledger(folders)
    rng = random.Random(seed)
    for life in range(kills):
        child = _run_child(script, data, rng.randrange(1 << 30), sorted(folders))
        acks: list[dict] = []
        target = rng.randint(1, 60)
        while len(acks) < target:
            line = child.stdout.readline()
            if not line:
                break
            acks.append(json.loads(line))
        if child.poll() is not None:
            pytest.fail(f"the child stopped by itself (life {life}):\n{child.stderr.read()}")
        # A random instant inside the next few operations (each is an fsynced write).
        deadline = time.perf_counter() + rng.uniform(0, 0.006)
        while time.perf_counter() < deadline:
            pass
        child.send_signal(signal.SIGKILL)
        # Through the same buffered reader as readline(): communicate() would skip the
        # acknowledgements it has already read ahead.
        rest = child.stdout.read()
        err = child.stderr.read()
        child.wait()
        child.stdout.close()
        child.stderr.close()
        assert child.returncode == -signal.SIGKILL, err
        acks += [json.loads(line) for line in rest.splitlines() if line.strip()]
        ledger.kills += 1
        ledger.kills_mid_write += bool(_temp_files(data))
        ledger.take(acks)
        ledger.verify(data)
    return ledger


def test_table_and_import_survive_sigkill_at_random_instants(tmp_path: Path) -> None:
    ledger = _kill_many_times(tmp_path, kills=30, seeded=200, seed=5)
    assert ledger.kills == 30
    assert ledger.saved or ledger.draft, "the child must have done some work"


@pytest.mark.slow
def test_table_and_import_survive_sigkill_long(tmp_path: Path) -> None:
    ledger = _kill_many_times(tmp_path, kills=250, seeded=2000, seed=11)
    assert ledger.saved and ledger.imported
    # Most kills should land inside a write: proof the instants were not all between them.
    print(f"{ledger.kills} kills, {ledger.kills_mid_write} left a temp file mid-write")
    assert ledger.kills_mid_write > 0


# -- the `kiosk import` command killed mid-import ----------------------------------------

def _kiosk(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "kiosk", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _kill_imports(tmp_path: Path, trials: int, size: int, seed: int) -> list[int]:
    pristine = tmp_path / "pristine"
    _seed_store(pristine, 300)
    folders = _import_folders(tmp_path, 1, size)
    (folder, ids), = folders.items()
    with Store.open(pristine) as store:
        before = {r.ranking_id for r in store.list_rankings()}
    # How long a whole import takes, so the kills spread over all of it.
    full = tmp_path / "full"
    shutil.copytree(pristine, full)
    started = time.perf_counter()
    done = _kiosk("import", folder, "--data-dir", str(full))
    out, err = done.communicate()
    whole = time.perf_counter() - started
    assert done.returncode == 0, err
    assert f"imported {size} new rankings" in out
    rng = random.Random(seed)
    outcomes = []
    for trial in range(trials):
        data = tmp_path / f"trial-{trial}"
        shutil.copytree(pristine, data)
        child = _kiosk("import", folder, "--data-dir", str(data))
        deadline = time.perf_counter() + rng.uniform(0.3, 1.05) * whole
        while time.perf_counter() < deadline and child.poll() is None:
            time.sleep(0.001)
        child.send_signal(signal.SIGKILL)
        child.communicate()
        with Store.open(data) as store:
            assert store.problems == [] and store.check() == []
            stored = {r.ranking_id for r in store.list_rankings()}
        assert before <= stored, "a ranking stored before the import was lost"
        assert stored - before in (set(), ids), "the import was not all or nothing"
        outcomes.append(len(stored - before))
        # The next start after the kill imports it whole (and a second time adds nothing).
        again = _kiosk("import", folder, "--data-dir", str(data))
        out, err = again.communicate()
        assert again.returncode == 0, err
        with Store.open(data) as store:
            assert store.count_rankings() == len(before) + size
        shutil.rmtree(data)
    return outcomes


def test_kiosk_import_killed_mid_import_is_all_or_nothing(tmp_path: Path) -> None:
    _kill_imports(tmp_path, trials=5, size=400, seed=3)


@pytest.mark.slow
def test_kiosk_import_killed_mid_import_long(tmp_path: Path) -> None:
    outcomes = _kill_imports(tmp_path, trials=40, size=1500, seed=4)
    assert 0 in outcomes and 1500 in outcomes, outcomes  # kills landed before and after
