"""The store across processes: one writer at a time, and no loss when a writer is killed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.outputs import temp_files_of
from kiosk.storage import Store, StoreLocked

TESTS = Path(__file__).parent
STORE_FILES = ("kiosk.json", "drafts.json", "rankings.json")


def start(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(TESTS / script), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(TESTS.parent)},
    )


# -- one writer at a time -----------------------------------------------------------------------


def test_a_second_process_gets_store_locked_naming_dir_and_pid(tmp_path: Path) -> None:
    with Store.open(tmp_path):
        child = start("store_child_holder.py", str(tmp_path))
        out, err = child.communicate(timeout=60)
    assert child.returncode == 3, err
    assert out.startswith("locked ")
    assert str(tmp_path) in out
    assert f"PID {os.getpid()}" in out


def test_this_process_is_refused_while_another_holds_the_store(tmp_path: Path) -> None:
    child = start("store_child_holder.py", str(tmp_path))
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline() == f"open {child.pid}\n"
        with pytest.raises(StoreLocked) as refused:
            Store.open(tmp_path)
        assert refused.value.pid == child.pid
        assert str(tmp_path) in str(refused.value) and f"PID {child.pid}" in str(refused.value)
        child.stdin.close()  # the holder closes its store and exits
        assert child.wait(timeout=60) == 0
    finally:
        child.kill()
        child.wait(timeout=60)
        for pipe in (child.stdin, child.stdout, child.stderr):
            if pipe is not None:
                pipe.close()
    with Store.open(tmp_path) as store:
        assert store.problems == []


def test_a_lock_left_by_a_killed_process_does_not_block_the_next_start(tmp_path: Path) -> None:
    child = start("store_child_holder.py", str(tmp_path))
    assert child.stdout is not None
    assert child.stdout.readline() == f"open {child.pid}\n"
    with pytest.raises(StoreLocked):
        Store.open(tmp_path)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert (tmp_path / "kiosk.lock").read_text() == f"{child.pid}\n"  # the file stays behind
    with Store.open(tmp_path) as store:
        assert store.problems == []
    assert (tmp_path / "kiosk.lock").read_text() == f"{os.getpid()}\n"


# -- SIGKILL at random instants -----------------------------------------------------------------


@dataclass
class Acknowledged:
    """What the killed writers reported as saved: all of it must be in the store."""

    rankings: set[str] = field(default_factory=set)
    batches: dict[str, int] = field(default_factory=dict)
    drafts: dict[str, tuple[str, int]] = field(default_factory=dict)  # slot -> (id, moves)

    def read(self, output: str) -> None:
        for line in output.splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut off by the kill: not acknowledged
            kind, *words = line.split()
            if kind == "R":
                self.rankings.add(words[0])
            elif kind == "B":
                self.batches[words[0]] = int(words[1])
            elif kind == "D":
                self.drafts[words[0]] = (words[1], int(words[2]))


def run_writer_and_kill(data_dir: Path, rng: random.Random, acked: Acknowledged) -> bool:
    """Returns True when the kill left a temp file, i.e. landed in the middle of a write."""
    child = start("store_child_writer.py", str(data_dir), str(rng.randrange(2**32)))
    assert child.stdout is not None
    assert child.stdout.readline() == "started\n"
    try:
        # The kill instant is drawn at random; this wait ends early only if the child dies
        # by itself, which fails the test below.
        child.wait(timeout=rng.uniform(0.0, 0.12))
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, err
    acked.read(out)
    return any(temp_files_of(data_dir / name) for name in STORE_FILES)


def assert_nothing_acknowledged_was_lost(data_dir: Path, acked: Acknowledged) -> None:
    with Store.open(data_dir) as store:
        assert store.problems == []
        assert store.check() == []
        assert not any(temp_files_of(data_dir / name) for name in STORE_FILES)
        saved = {r.ranking_id: r for r in store.list_rankings()}
        assert acked.rankings <= saved.keys()
        batch_sizes = {r.place: int(r.table) for r in saved.values() if r.place}
        found = Counter(r.place for r in saved.values() if r.place)
        assert found == Counter(batch_sizes)  # every batch whole or absent
        for batch_id, size in acked.batches.items():
            assert found[batch_id] == size
        for slot, (ranking_id, moves) in acked.drafts.items():
            draft = store.get_draft(slot)
            if ranking_id in saved:  # completed: its draft is gone
                assert draft is None or draft["ranking_id"] != ranking_id
            else:  # still in progress: the last acknowledged move, or a later one
                assert draft is not None and draft["ranking_id"] == ranking_id
                assert draft["moves"] >= moves
        for slot in acked.drafts:
            draft = store.get_draft(slot)
            assert draft is None or draft["ranking_id"] not in saved


def kill_writer_repeatedly(data_dir: Path, kills: int, seed: int) -> tuple[Acknowledged, int]:
    rng, acked, mid_write = random.Random(seed), Acknowledged(), 0
    for _ in range(kills):
        mid_write += run_writer_and_kill(data_dir, rng, acked)
        assert_nothing_acknowledged_was_lost(data_dir, acked)
    return acked, mid_write


def test_a_writer_killed_at_random_instants_loses_nothing_acknowledged(tmp_path: Path) -> None:
    acked, mid_write = kill_writer_repeatedly(tmp_path, kills=30, seed=20170314)
    assert acked.rankings and acked.batches and acked.drafts  # the writer got work done
    print(f"30 kills, {mid_write} in the middle of a write, {len(acked.rankings)} rankings")


@pytest.mark.slow
def test_a_writer_killed_300_times_loses_nothing_acknowledged(tmp_path: Path) -> None:
    acked, mid_write = kill_writer_repeatedly(tmp_path, kills=300, seed=2017)
    print(f"300 kills, {mid_write} in the middle of a write, {len(acked.rankings)} rankings")
    assert mid_write > 0  # some kills did land between a temp file's creation and its rename
