"""The store's files: lazy loading, unreadable files set aside, temp files, schema versions,
and writes that fail half-way."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from kiosk.domain.record import SavedRanking
from kiosk.outputs import leftovers, temp_files_of
from kiosk.storage import SCHEMA_VERSION, Store, StoreError
from kiosk.storage.atomic import AtomicJSONStorage
from kiosk.storage.files import set_aside
from kiosk.storage.lock import DataDirLock
from kiosk.storage.migrations import bring_up_to_date

TESTS = Path(__file__).parent
CURRENT_META = {"store": {"schema_version": SCHEMA_VERSION}}


def doc(ranking_id: str, **fields: object) -> dict:
    return {"ranking_id": ranking_id, "lens": "risk", **fields}


def ranking(ranking_id: str, **fields: object) -> SavedRanking:
    return SavedRanking.from_doc(doc(ranking_id, **fields))


def corrupt_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(TESTS.parent)}


# -- rankings.json is read lazily ------------------------------------------------------------


def test_open_does_not_open_rankings_json(tmp_path: Path) -> None:
    """A child process records every file it opens (audit hook) while it opens the store."""
    with Store.open(tmp_path) as store:
        store.save_rankings([ranking(f"r{n}") for n in range(50)])
        store.save_draft("kiosk-1", {"ranking_id": "r99"})
        store.save_workshop({"workshop_id": "w"})
    out = subprocess.run(
        [sys.executable, str(TESTS / "store_child_open_audit.py"), str(tmp_path)],
        capture_output=True, text=True, env=child_env(), check=True, timeout=60,
    ).stdout
    report = json.loads(out)
    assert any(p.endswith("kiosk.json") for p in report["at_open"])
    assert any(p.endswith("drafts.json") for p in report["at_open"])
    assert not any(p.endswith("rankings.json") for p in report["at_open"])
    # The hook does see rankings.json once rankings are asked for.
    assert report["count"] == 50
    assert any(p.endswith("rankings.json") for p in report["after_count"])


def test_an_unreadable_rankings_json_is_noticed_only_on_first_access(tmp_path: Path) -> None:
    garbage = b'{"meta": {"store": {"schema_version": 1}}, "rankings": {"r1": '
    (tmp_path / "rankings.json").write_bytes(garbage)
    with Store.open(tmp_path) as store:
        assert store.problems == []
        assert (tmp_path / "rankings.json").read_bytes() == garbage  # not even looked at
        assert store.get_draft("kiosk-1") is None
        assert store.count_rankings() == 0
        assert len(store.problems) == 1
    [kept] = corrupt_copies(tmp_path / "rankings.json")
    assert kept.read_bytes() == garbage


# -- unreadable files are set aside byte for byte -----------------------------------------------

UNREADABLE = {
    "truncated": b'{"meta": {"store": {"schema_version": 1}}, "workshops": {"w1": {"workshop_',
    "empty": b"",
    "blank": b"  \n",
    "not json": b"rankings: r1, r2\n",
    "not utf-8": b'{"workshops": {"w1": {"name": "Caf\xe9"}}}',
    "a list": b'[{"ranking_id": "r1"}]',
    "a table that is a list": b'{"workshops": [{"workshop_id": "w1"}]}',
    "a document that is not an object": b'{"rankings": {"r1": "r1"}, "drafts": {"k": 3}}',
    "a schema version that is not a number": b'{"meta": {"store": {"schema_version": "1"}}}',
    "a meta table without a version": b'{"meta": {"store": {}}}',
}


@pytest.mark.parametrize("name", ["kiosk.json", "drafts.json", "rankings.json"])
@pytest.mark.parametrize("kind", list(UNREADABLE))
def test_an_unreadable_file_is_set_aside_and_the_store_goes_on(
    tmp_path: Path, name: str, kind: str
) -> None:
    content = UNREADABLE[kind]
    path = tmp_path / name
    path.write_bytes(content)
    with Store.open(tmp_path) as store:
        store.count_rankings()  # rankings.json is only read now
        [kept] = corrupt_copies(path)
        assert kept.read_bytes() == content
        assert re.fullmatch(rf"{re.escape(name)}\.corrupt-\d{{8}}T\d{{6}}Z", kept.name)
        problem, *more = store.problems
        if name == "kiosk.json":
            # With no copy of it to restore from, the kiosk's PIN is marked lost (a pad that
            # offered to choose a new one would let anyone in); kiosk.json holds that mark.
            [lost] = more
            assert "kiosk set-pin" in lost
            assert store.get_settings() == {"pin_lost": True}
        else:
            assert more == [] and not path.exists()
        assert str(path) in problem and str(kept) in problem
        assert problem.count(".") >= 1 and "\n" not in problem
        # The fresh store works.
        store.save_settings({"table": "Table 1"})
        store.save_draft("kiosk-1", {"ranking_id": "r2"})
        store.save_ranking(ranking("r1"))
    with Store.open(tmp_path) as store:
        assert store.problems == []
        assert store.has_ranking("r1")
        assert store.get_draft("kiosk-1") == {"ranking_id": "r2"}
        assert store.get_settings() == {"table": "Table 1"}
        # the set-aside file is still reported, by every check, until it is kept
        [still] = store.check()
        assert still.startswith(f"{kept}: set aside from {name}")
    assert corrupt_copies(path) == [kept]
    assert kept.read_bytes() == content


def test_a_second_bad_file_never_overwrites_the_first_copy(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    now = datetime(2017, 3, 14, 9, 30, tzinfo=UTC)
    for content in (b"first", b"second", b"third"):
        path.write_bytes(content)
        set_aside(path, now=now)
    kept = [p.name for p in corrupt_copies(path)]
    assert kept == [
        "drafts.json.corrupt-20170314T093000Z",
        "drafts.json.corrupt-20170314T093000Z-2",
        "drafts.json.corrupt-20170314T093000Z-3",
    ]
    assert [p.read_bytes() for p in corrupt_copies(path)] == [b"first", b"second", b"third"]


def test_bad_files_found_at_different_opens_are_all_kept(tmp_path: Path) -> None:
    for content in (b"[1]", b"[2]"):
        (tmp_path / "kiosk.json").write_bytes(content)
        with Store.open(tmp_path) as store:
            # set aside, then what became of the settings (the PIN marked lost; then
            # restored from the copy kept since)
            set_aside_problem, settings_problem = store.problems
            assert "could not be read" in set_aside_problem
            assert "kiosk set-pin" in settings_problem or "restored" in settings_problem
    assert sorted(p.read_bytes() for p in corrupt_copies(tmp_path / "kiosk.json")) == [
        b"[1]", b"[2]"]


def test_a_byte_order_mark_from_a_text_editor_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "kiosk.json").write_bytes(
        b"\xef\xbb\xbf" + json.dumps({"meta": CURRENT_META, "settings": {"kiosk": {"a": 1}}})
        .encode()
    )
    with Store.open(tmp_path) as store:
        assert store.problems == []
        assert store.get_settings() == {"a": 1}


# -- temp files ---------------------------------------------------------------------------------


def test_stale_temp_files_are_removed_on_open(tmp_path: Path) -> None:
    stale = [tmp_path / f".{name}.k2j3h4{n}.tmp" for n, name in
             enumerate(["kiosk.json", "drafts.json", "rankings.json", "rankings.json"])]
    for path in stale:
        path.write_bytes(b'{"half a wri')
    other = tmp_path / "notes.tmp"
    other.write_text("not ours")
    with Store.open(tmp_path) as store:
        assert store.problems == []
        assert not any(p.exists() for p in stale)
        assert other.exists()
        store.save_ranking(ranking("r1"))
    assert temp_files_of(tmp_path / "rankings.json") == []


# -- schema versions ----------------------------------------------------------------------------


def newer_store_bytes() -> bytes:
    # A future layout that would not pass today's shape check.
    return json.dumps({"meta": {"store": {"schema_version": SCHEMA_VERSION + 1}},
                       "workshops": [["w1", "Manchester"]]}).encode()


@pytest.mark.parametrize("name", ["kiosk.json", "drafts.json"])
def test_a_store_from_a_newer_kiosk_is_refused_untouched(tmp_path: Path, name: str) -> None:
    content = newer_store_bytes()
    (tmp_path / name).write_bytes(content)
    stale = tmp_path / ".kiosk.json.abc.tmp"
    stale.write_bytes(b"x") if name == "kiosk.json" else None
    with pytest.raises(StoreError, match="newer kiosk") as refused:
        Store.open(tmp_path)
    assert str(tmp_path / name) in str(refused.value)
    assert (tmp_path / name).read_bytes() == content
    assert corrupt_copies(tmp_path / name) == []
    if name == "kiosk.json":
        assert stale.exists()  # nothing in the folder touched
    DataDirLock.acquire(tmp_path).release()  # and the lock was let go


def test_a_newer_rankings_json_is_refused_on_first_access(tmp_path: Path) -> None:
    content = newer_store_bytes()
    (tmp_path / "rankings.json").write_bytes(content)
    with Store.open(tmp_path) as store:
        with pytest.raises(StoreError, match="newer kiosk"):
            store.count_rankings()
        assert store.problems == []
    assert (tmp_path / "rankings.json").read_bytes() == content


def write_v0_store(data_dir: Path) -> None:
    """Version 0: what plain TinyDB writes -- documents under integer ids, no meta table."""
    with TinyDB(data_dir / "kiosk.json") as db:
        db.table("workshops").insert({"workshop_id": "man", "name": "Manchester"})
        db.table("workshops").insert({"workshop_id": "lee", "name": "Leeds"})
        db.table("settings").insert({"kiosk_id": "kiosk-3"})
    with TinyDB(data_dir / "rankings.json") as db:
        db.table("rankings").insert_multiple(
            [doc("r1", completed_at="2017-03-14T10:00:00+00:00"), {"lens": "risk"}])
    with TinyDB(data_dir / "drafts.json") as db:
        db.table("drafts").insert({"slot": "kiosk-3", "ranking_id": "r2", "moves": 4})


def test_a_v0_store_is_migrated_file_by_file(tmp_path: Path) -> None:
    write_v0_store(tmp_path)
    rankings_v0 = (tmp_path / "rankings.json").read_bytes()
    with Store.open(tmp_path) as store:
        assert store.problems == []
        assert [w["name"] for w in store.list_workshops()] == ["Manchester", "Leeds"]
        assert store.get_workshop("lee") == {"workshop_id": "lee", "name": "Leeds"}
        assert store.get_settings() == {"kiosk_id": "kiosk-3"}
        assert store.get_draft("kiosk-3") == {"slot": "kiosk-3", "ranking_id": "r2", "moves": 4}
        assert (tmp_path / "rankings.json").read_bytes() == rankings_v0  # not loaded yet
        assert store.get_ranking("r1") == ranking("r1", completed_at="2017-03-14T10:00:00+00:00")
        # A v0 document without its id gets one from its old position.
        assert store.get_ranking("v0-2") == ranking("v0-2")
        assert store.check() == []
    for name in ("kiosk.json", "drafts.json", "rankings.json"):
        data = json.loads((tmp_path / name).read_text())
        assert data["meta"] == CURRENT_META, name
    with Store.open(tmp_path) as store:
        assert store.count_rankings() == 2


def test_migration_steps_run_in_order_then_the_file_is_stamped(tmp_path: Path) -> None:
    path = tmp_path / "rankings.json"
    path.write_text(json.dumps({"meta": {"store": {"schema_version": 1}},
                                "rankings": {"r1": {"ranking_id": "r1", "place": "MCR"}}}))
    seen: list[tuple[int, str]] = []

    def v1_to_v2(file: str, tables: dict) -> dict:
        seen.append((1, file))
        docs = tables["rankings"]
        renamed = {k: {"ranking_id": d["ranking_id"], "venue": d["place"]} for k, d in docs.items()}
        return {**tables, "rankings": renamed}

    def v2_to_v3(file: str, tables: dict) -> dict:
        seen.append((2, file))
        docs = tables["rankings"]
        lowered = {k: {**d, "venue": d["venue"].lower()} for k, d in docs.items()}
        return {**tables, "rankings": lowered}

    storage = AtomicJSONStorage(path)
    assert bring_up_to_date("rankings.json", storage, steps={1: v1_to_v2, 2: v2_to_v3}, target=3)
    assert seen == [(1, "rankings.json"), (2, "rankings.json")]
    assert json.loads(path.read_text()) == {
        "rankings": {"r1": {"ranking_id": "r1", "venue": "mcr"}},
        "meta": {"store": {"schema_version": 3}},
    }
    # Up to date now: nothing runs again.
    assert not bring_up_to_date("rankings.json", AtomicJSONStorage(path), steps={}, target=3)


def test_a_missing_or_failing_step_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.json"
    content = b'{"meta": {"store": {"schema_version": 1}}, "workshops": {}}'
    path.write_bytes(content)
    with pytest.raises(StoreError, match="No migration from store schema 1"):
        bring_up_to_date("kiosk.json", AtomicJSONStorage(path), steps={}, target=2)

    def broken(file: str, tables: dict) -> dict:
        raise RuntimeError("bug in a step")

    with pytest.raises(RuntimeError):
        bring_up_to_date("kiosk.json", AtomicJSONStorage(path), steps={1: broken}, target=2)
    assert path.read_bytes() == content


def test_a_new_file_is_stamped_without_running_steps() -> None:
    storage = MemoryStorage()
    assert bring_up_to_date("drafts.json", storage, steps={}, target=SCHEMA_VERSION)
    assert storage.read() == {"meta": CURRENT_META}


# -- a write that fails half-way ----------------------------------------------------------------


def fail_with(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, name, boom)


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_failed_write_leaves_disk_and_memory_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    with Store.open(tmp_path) as store:
        store.save_ranking(ranking("r1"))
        store.save_draft("kiosk-1", {"moves": 1})
        on_disk = {p.name: p.read_bytes() for p in tmp_path.glob("*.json")}
        with monkeypatch.context() as patch:
            fail_with(patch, step)
            with pytest.raises(OSError):
                store.save_ranking(ranking("r2"))
            with pytest.raises(OSError):
                store.save_rankings([ranking("r3"), ranking("r4")])
            with pytest.raises(OSError):
                store.save_draft("kiosk-1", {"moves": 2})
            with pytest.raises(OSError):
                store.delete_ranking("r1")
        assert {p.name: p.read_bytes() for p in tmp_path.glob("*.json")} == on_disk
        assert list(tmp_path.glob(".*.tmp")) == leftovers(tmp_path) == []
        assert [r.ranking_id for r in store.list_rankings()] == ["r1"]
        assert store.get_draft("kiosk-1") == {"moves": 1}
        store.save_ranking(ranking("r5"))  # the next write does not carry the failed ones
    with Store.open(tmp_path) as store:
        assert [r.ranking_id for r in store.list_rankings()] == ["r1", "r5"]


def test_a_crash_between_saving_a_ranking_and_deleting_its_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third write of complete() (deleting the draft) fails as if the power went."""
    from kiosk.storage import atomic

    with Store.open(tmp_path) as store:
        store.save_draft("kiosk-1", {"ranking_id": "r1"})
        store.save_draft("kiosk-2", {"ranking_id": "r2"})
        real = atomic.write_atomically
        calls: list[str] = []

        def dies_on_third(path: Path, payload: bytes) -> None:
            calls.append(path.name)
            if len(calls) == 3:
                raise OSError(errno.EIO, "power cut")
            real(path, payload)

        monkeypatch.setattr(atomic, "write_atomically", dies_on_third)
        with pytest.raises(OSError):
            store.complete(ranking("r1"), "kiosk-1")
        monkeypatch.undo()
        assert calls == ["drafts.json", "rankings.json", "drafts.json"]
    with Store.open(tmp_path) as store:
        assert store.get_draft("kiosk-1") is None
        assert store.get_draft("kiosk-2") == {"ranking_id": "r2"}
        assert store.has_ranking("r1")
        assert store.check() == []


def test_a_draft_marked_but_never_saved_is_kept_for_resuming(tmp_path: Path) -> None:
    (tmp_path / "drafts.json").write_text(json.dumps({
        "meta": CURRENT_META,
        "drafts": {"kiosk-1": {"draft": {"ranking_id": "r1", "moves": 7}, "completing": "r1"}},
    }))
    with Store.open(tmp_path) as store:
        assert store.get_draft("kiosk-1") == {"ranking_id": "r1", "moves": 7}
        assert not store.has_ranking("r1")
        assert store.check() == []
    assert "completing" not in (tmp_path / "drafts.json").read_text()
