"""What opening a store may have to write itself: documents of the wrong shape set aside,
and kiosk.json's settings brought back when it is damaged or gone (kiosk.storage.recovery).

On a full disk neither may stop the kiosk: the change is held in memory (the storage's
`hold`) — what it comes from is still on disk, so nothing is lost — and written with the
next write that can be made; the facilitator is told that the data folder is full.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from tinydb.storages import Storage

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking
from kiosk.storage.atomic import AtomicJSONStorage
from kiosk.storage.documents import bad_documents, settings_field_problems
from kiosk.storage.errors import describe_failure
from kiosk.storage.files import keep_copy_aside
from kiosk.storage.layout import SETTINGS_KEY, Tables
from kiosk.storage.lock import DataDirLock
from kiosk.storage.migrations import bring_up_to_date
from kiosk.storage.recovery import mend_settings


class SetAside:
    """What `set_aside_bad_documents` found: the good records it read on the way (read
    once), and the problems to tell."""

    def __init__(self) -> None:
        self.records: dict[str, SavedRanking] = {}
        self.runs: dict[str, PollRun] = {}
        self.problems: list[str] = []


def set_aside_bad_documents(data_dir: Path, path: Path, storage: AtomicJSONStorage,
                            read_only: bool) -> SetAside:
    """Documents of the wrong shape leave the file as it is read (kiosk.storage.documents);
    the file as it was is kept beside it, byte for byte. Read-only: readers skip them."""
    found = SetAside()
    tables = storage.read() or {}
    bad = bad_documents(tables, found.records, found.runs)
    settings = tables.get("settings", {}).get(SETTINGS_KEY)
    fields = settings_field_problems(settings) if isinstance(settings, Mapping) else {}
    if not (bad or fields) or read_only:
        return found
    new: Tables = {name: dict(docs) for name, docs in tables.items()}
    for table, reasons in bad.items():
        for key in reasons:
            new[table].pop(key, None)
    kept: Path | None = None
    failure: OSError | None = None
    mended: list[str] = []
    try:
        kept = keep_copy_aside(path)
        if fields and isinstance(settings, Mapping):
            doc = dict(settings)
            mended = mend_settings(data_dir, path, doc, fields, kept)
            new["settings"] = {**new["settings"], SETTINGS_KEY: doc}
        storage.write(new)
    except OSError as exc:  # a full disk: left out now, set aside once there is room
        failure = exc
        if fields and isinstance(settings, Mapping) and not mended:
            doc = dict(settings)
            mended = mend_settings(data_dir, path, doc, fields, kept)
            new["settings"] = {**new["settings"], SETTINGS_KEY: doc}
        first: Callable[[], None] | None = None
        if kept is None:
            def first() -> None:
                keep_copy_aside(path)
        storage.hold(new, first)
    for table, reasons in bad.items():
        for key, reason in reasons.items():
            where = f"{path}: the {table} document {key!r} {reason}; "
            if failure is None:
                found.problems.append(f"{where}it was set aside (the file as it was is kept "
                                      f"as {kept}).")
            else:
                full = describe_failure(failure, data_dir)
                found.problems.append(f"{where}it is left out. {full} It is set aside once "
                                      "there is room; the file is kept as it is until then.")
    found.problems += mended
    return found


def hold_on_full_disk(storage: AtomicJSONStorage, data_dir: Path,
                      restore: Callable[[], list[str]]) -> list[str]:
    """Run `restore` (bringing kiosk.json's settings back from what is on disk elsewhere)
    so that a write of `storage` the disk refuses keeps its change in memory, to be written
    with the next write that can be made; returns what `restore` tells, and that the folder
    is full if a write was refused."""
    failures: list[OSError] = []
    storage.holding = failures
    try:
        told = restore()
    except OSError as exc:  # a write past the store file (its copy): what was held stays
        failures.append(exc)
        told = [f"{storage.path} was damaged or missing: the kiosk's settings were brought "
                "back as far as they could be."]
    finally:
        storage.holding = None
    if failures:
        told.append(f"{describe_failure(failures[0], data_dir)} What the kiosk brought back "
                    f"into {storage.path.name} at start is kept until there is room to write "
                    "it; nothing is lost.")
    return told


def waiting_for_room(lock: DataDirLock, data_dir: Path) -> list[str]:
    """What to tell when a full disk kept the lock file (or the folder) from being made."""
    if lock.waiting is None or not isinstance(lock.waiting, OSError):
        return []
    what = (f"Its lock file {lock.path.name}" if data_dir.is_dir() else "The folder")
    return [f"{describe_failure(lock.waiting, data_dir)} {what} could not be created, so "
            "nothing is saved until there is room; then everything is saved as usual."]


class _InMemory(Storage):
    """A read-only folder's file brought up to date in memory only."""

    def __init__(self, storage: AtomicJSONStorage) -> None:
        self._storage = storage

    def read(self) -> Tables:
        return self._storage.read()

    def write(self, data: Tables) -> None:
        self._storage.remember(data)


def upgrade(name: str, storage: Storage, data_dir: Path, read_only: bool) -> list[str]:
    """Bring a store file up to date (kiosk.storage.migrations). The file on disk stays the
    old one until the upgrade is written whole, so a full disk loses nothing: the upgraded
    tables are held in memory and written with the next write that can be made (or upgraded
    again at the next start). A read-only folder's file is upgraded in memory only."""
    assert isinstance(storage, AtomicJSONStorage)
    if read_only:
        bring_up_to_date(name, _InMemory(storage))
        return []
    failures: list[OSError] = []
    storage.holding = failures
    try:
        bring_up_to_date(name, storage)
    finally:
        storage.holding = None
    if not failures:
        return []
    return [f"{describe_failure(failures[0], data_dir)} {storage.path} is of an older "
            "kiosk: it is brought up to date in memory, and written once there is room "
            "(nothing is lost)."]
