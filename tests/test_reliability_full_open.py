"""Opening a store on a full disk (issue 9) when opening itself has to write: a missing
`kiosk.lock` to create, the data folder itself to create, a store file of an older schema to
upgrade. Each used to stop the kiosk (a bare StoreError, an ENOSPC out of the migration).
The kiosk starts, on what is on disk (or nothing yet), says the named folder is full, and
writes — the lock, the folder, the upgraded file — once there is room."""

from __future__ import annotations

import errno
import json
import os
import pathlib
from pathlib import Path

import pytest

from kiosk.domain.pin import hash_pin, verify_pin
from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store, StoreError, StoreLocked
from kiosk.storage import lock as storage_lock
from kiosk.storage.glance import OpeningStore
from tests.test_reliability_disk import Disk, a_finished_board, a_kiosk_with_a_pin

PIN = "2468"


def no_space(path: object) -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Disk:
    """A full disk refuses new files and folders too (the lock file, the data folder)."""
    disk = Disk(monkeypatch)
    real_open = storage_lock.open_lock_file

    def open_lock_file(path, flags, mode=0o644):
        if disk.full and flags & os.O_CREAT and not os.path.lexists(path):
            raise no_space(path)
        return real_open(path, flags, mode)

    real_mkdir = pathlib.Path.mkdir

    def mkdir(self, mode=0o777, parents=False, exist_ok=False):
        if disk.full and tmp_path in self.parents and not self.exists():
            raise no_space(self)
        return real_mkdir(self, mode, parents, exist_ok)

    monkeypatch.setattr(storage_lock, "open_lock_file", open_lock_file)
    monkeypatch.setattr(pathlib.Path, "mkdir", mkdir)
    return disk


def opened(data: Path, how: str) -> Store | OpeningStore:
    return Store.open(data) if how == "store" else OpeningStore.begin(data)


def said_full(store: Store | OpeningStore, data: Path) -> bool:
    return any("full" in p and str(data) in p for p in store.problems)


@pytest.mark.parametrize("how", ["store", "start"])
def test_attack_a_missing_lock_file_on_a_full_disk_still_starts(tmp_path, disk, how):
    data = tmp_path / "data"
    a_kiosk_with_a_pin(data)
    (data / "kiosk.lock").unlink()
    disk.full = True
    store = opened(data, how)
    try:
        assert said_full(store, data), store.problems
        assert any("kiosk.lock" in p and "could not be created" in p for p in store.problems)
        session = TableSession(store, load_catalog(data))
        assert session.ready and session.pin_hash and verify_pin(PIN, session.pin_hash)
        assert session.settings.kiosk_id == "k1"
        with pytest.raises(OSError) as failure:  # refused as on a full disk (the table is
            a_finished_board(session)  # told so, its board stays)
        assert failure.value.errno == errno.ENOSPC
        with pytest.raises(OSError):
            session.finish()
        assert session.ranking is not None and session.ranking.complete
        disk.full = False  # room again: the lock is taken, then the save goes through
        ranking_id = session.ranking.ranking_id
        session.finish()
        assert (data / "kiosk.lock").is_file()
        with pytest.raises(StoreLocked):  # and it is held: one writer
            Store.open(data)
    finally:
        store.close()
    with Store.open(data) as store:
        assert store.has_ranking(ranking_id)


def test_attack_a_lock_taken_by_another_kiosk_while_the_disk_was_full_is_respected(
        tmp_path, disk):
    """Another kiosk started on the folder once there was room, before this one wrote: this
    one's cache may be stale, so it refuses to write rather than overwrite the other's."""
    data = tmp_path / "data"
    a_kiosk_with_a_pin(data)
    (data / "kiosk.lock").unlink()
    disk.full = True
    with Store.open(data) as first:
        disk.full = False
        with Store.open(data) as second:
            second.save_settings({**second.get_settings(), "table": "Table 9"})
        with pytest.raises(StoreError, match="Another program"):
            first.save_settings({**first.get_settings(), "table": "Table 2"})
    with Store.open(data) as store:
        assert store.get_settings()["table"] == "Table 9"


@pytest.mark.parametrize("how", ["store", "start"])
def test_attack_a_data_folder_that_cannot_be_created_on_a_full_disk_still_starts(
        tmp_path, disk, how):
    data = tmp_path / "stick" / "data"
    disk.full = True
    store = opened(data, how)
    try:
        assert said_full(store, data), store.problems
        assert any("could not be created" in p for p in store.problems), store.problems
        session = TableSession(store, load_catalog(data, cache=True))  # as the kiosk starts
        assert session.ready
        assert not data.exists()
        disk.full = False  # room again: the folder, its lock and the settings are written
        session.set_pin(PIN)
        assert (data / "kiosk.json").is_file() and (data / "kiosk.lock").is_file()
    finally:
        store.close()
    with Store.open(data) as store:
        assert verify_pin(PIN, store.get_settings()["pin"])


def an_old_kiosk(data: Path) -> bytes:
    """kiosk.json as plain TinyDB wrote it before store schemas (version 0)."""
    data.mkdir(parents=True)
    raw = json.dumps({
        "settings": {"1": {"kiosk_id": "k1", "workshop_id": "w1", "table": "Table 1",
                           "pin": hash_pin(PIN)}},
        "workshops": {"1": {"workshop_id": "w1", "name": "Spring", "place": "", "date": ""}},
    }).encode()
    (data / "kiosk.json").write_bytes(raw)
    (data / "kiosk.lock").touch()  # an old kiosk's lock file: only the upgrade needs room
    return raw


def schema_of(path: Path) -> object:
    return json.loads(path.read_bytes()).get("meta", {}).get("store", {}).get("schema_version")


@pytest.mark.parametrize("how", ["store", "start"])
def test_attack_a_schema_upgrade_on_a_full_disk_still_starts_and_is_written_with_room(
        tmp_path, disk, how):
    data = tmp_path / "data"
    raw = an_old_kiosk(data)
    disk.full = True
    store = opened(data, how)
    try:
        assert said_full(store, data), store.problems
        assert any("kiosk.json" in p and "full" in p for p in store.problems), store.problems
        session = TableSession(store, load_catalog(data))
        assert session.settings.kiosk_id == "k1" and verify_pin(PIN, session.pin_hash)
        assert session.workshop.workshop_id == "w1"
        assert (data / "kiosk.json").read_bytes() == raw  # nothing half-done
        disk.full = False  # the next write carries the upgrade
        store.save_settings({**store.get_settings(), "table": "Table 2"})
        assert schema_of(data / "kiosk.json") == 1
    finally:
        store.close()
    with Store.open(data) as store:
        assert store.get_settings()["table"] == "Table 2" and store.problems == []


def test_a_schema_upgrade_left_undone_by_a_full_disk_is_made_at_the_next_start(tmp_path,
                                                                                disk):
    data = tmp_path / "data"
    raw = an_old_kiosk(data)
    disk.full = True
    Store.open(data).close()
    assert (data / "kiosk.json").read_bytes() == raw
    disk.full = False
    with Store.open(data) as store:
        assert store.get_settings()["kiosk_id"] == "k1"
    assert schema_of(data / "kiosk.json") == 1
