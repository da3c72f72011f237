"""The store as the kiosk starts: its lock taken at once, TinyDB loaded just after the start
screen is up.

Taking the data folder's lock costs next to nothing; loading TinyDB and orjson is felt at
start-up (benchmarks/README.md). `OpeningStore.begin` takes the lock first, so a second
kiosk on the same folder is refused before anything is shown, then glances at kiosk.json
and drafts.json with the standard library's json: enough for the start screen (settings,
workshop, the parked draft). The app opens the Store proper just after the first frame
(`open()`); any write, or any read beyond the start screen's, opens it on the spot, so
nothing ever waits for the app and nothing is written past the Store.

The glance is used only when both files are plainly in order: kiosk.json present, both at
the current schema, every draft, workshop and the settings of the shape the Store checks
(kiosk.storage.shapes, the same checks), every number one the Store reads the same way, the
settings there and the same as their copy in kiosk-copy.json, and no completion left to
finish (a crash inside `Store.complete`). Otherwise `begin` opens the Store at once, which
sets aside, repairs, upgrades or finishes as it always does — so the start screen never
sees a document the Store would not give it, nor settings the Store would repair.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.storage.errors import UnreadableFile
from kiosk.storage.layout import (
    COPY_FILE,
    COPY_TABLES,
    DRAFTS_FILE,
    KIOSK_FILE,
    SETTINGS_KEY,
    Tables,
    check_shape,
    read_small_file,
)
from kiosk.storage.lock import DataDirLock
from kiosk.storage.migrations import SCHEMA_VERSION, declared_version
from kiosk.storage.shapes import settings_field_problems, shape_problems

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from kiosk.domain.poll_record import PollRun
    from kiosk.domain.record import SavedRanking
    from kiosk.storage.aside import AsideFile
    from kiosk.storage.store import Store

Doc = dict[str, Any]


class _Unusual(Exception):
    """Something the glance leaves to the Store."""


def _reject_constant(name: str) -> Any:
    raise _Unusual(f"{name} is not JSON")  # NaN / Infinity: orjson refuses them too


# The Store (orjson) reads a whole number beyond these as a float, and refuses a number
# too big for a float: the glance leaves both to it, never reading them otherwise.
_INT_RANGE = range(-(2**63), 2**64)
_INFINITE = (float("inf"), float("-inf"))


def _whole_number(text: str) -> int:
    value = int(text)  # ValueError past 4,300 digits
    if value not in _INT_RANGE:
        raise _Unusual(f"{text[:20]}... is read otherwise by the Store")
    return value


def _number(text: str) -> float:
    value = float(text)
    if value in _INFINITE:
        raise _Unusual(f"{text[:20]} is too big for a number")
    return value


def _read(path: Path, required: bool) -> Tables:
    try:
        raw = read_small_file(path)  # anything else (a FIFO, a huge file) is the Store's
    except FileNotFoundError:
        if required:
            raise _Unusual(f"{path.name} is missing") from None
        return {}
    except (OSError, UnreadableFile) as exc:
        raise _Unusual(str(exc)) from None
    try:
        tables = check_shape(json.loads(raw, parse_constant=_reject_constant,
                                        parse_int=_whole_number, parse_float=_number))
    except (ValueError, RecursionError, UnreadableFile) as exc:
        raise _Unusual(str(exc)) from None
    if declared_version(tables) != SCHEMA_VERSION:
        raise _Unusual(f"{path.name} is not at store schema {SCHEMA_VERSION}")
    return tables


def glance(data_dir: Path) -> dict[str, Tables] | None:
    """kiosk.json's and drafts.json's tables when both are plainly in order, else None.
    Call only while holding the folder's lock."""
    try:
        kiosk = _read(data_dir / KIOSK_FILE, required=True)
        drafts = _read(data_dir / DRAFTS_FILE, required=False)
        copy = _read(data_dir / COPY_FILE, required=True)
    except _Unusual:
        return None
    if shape_problems(kiosk) or shape_problems(drafts):
        return None  # the Store sets them aside (and reports them)
    settings = kiosk.get("settings", {})
    if set(settings) != {SETTINGS_KEY} or settings_field_problems(settings[SETTINGS_KEY]):
        return None  # missing or damaged settings: the Store repairs them
    if any(kiosk.get(name, {}) != copy.get(name, {}) for name in COPY_TABLES):
        return None  # the Store takes back from the copy what kiosk.json lost
    if any("completing" in entry for entry in drafts.get("drafts", {}).values()):
        return None
    return {KIOSK_FILE: kiosk, DRAFTS_FILE: drafts}


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


class OpeningStore:
    """Stands for the Store from the moment the kiosk holds the lock (see the module's
    docstring). Answers what a table's session asks (`kiosk.services.ports.SessionStore`)
    from the glance, and everything else from the Store, so the app can hand one object
    (behind its one lock) to the table, the room and the facilitator alike."""

    def __init__(self, data_dir: Path, lock: DataDirLock | None = None,
                 tables: dict[str, Tables] | None = None, store: Store | None = None):
        self.data_dir = data_dir
        self._lock = lock
        self._tables = tables
        self._store = store

    @classmethod
    def begin(cls, data_dir: Path | str) -> OpeningStore:
        """Take the lock and glance at the store; opens the Store at once when a glance is
        not enough (first run, files to set aside, upgrade or finish). Raises StoreLocked
        or StoreError as `Store.open` does."""
        data_dir = Path(data_dir)
        if not (data_dir / KIOSK_FILE).is_file():  # first run: the Store creates what is needed
            return cls(data_dir, store=_store_class().open(data_dir))
        lock = DataDirLock.acquire(data_dir)
        try:
            tables = glance(data_dir)
        except BaseException:
            lock.release()
            raise
        opening = cls(data_dir, lock, tables)
        if tables is None or lock.waiting is not None:  # the Store says why it cannot save
            opening.open()
        return opening

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def open(self) -> Store:
        """The Store proper, opened on first call with the lock already held. On failure
        (StoreError) the lock is released, as `Store.open` does."""
        if self._store is None:
            lock, self._lock = self._lock, None
            if lock is None:
                raise RuntimeError("this store has been closed")
            self._store = _store_class().open(self.data_dir, lock=lock)
            self._tables = None
        return self._store

    @property
    def store(self) -> Store:
        return self.open()

    @property
    def problems(self) -> list[str]:
        # the glance is used only for files without problems
        return self._store.problems if self._store is not None else []

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        elif self._lock is not None:
            self._lock.release()
            self._lock = None

    # ----- what the start screen reads: from the glance until the Store is open
    def get_settings(self) -> Doc:
        if self._tables is None:
            return self.open().get_settings()
        doc = self._tables[KIOSK_FILE].get("settings", {}).get(SETTINGS_KEY)
        return _copy(doc) if doc is not None else {}

    def get_workshop(self, workshop_id: str) -> Doc | None:
        if self._tables is None:
            return self.open().get_workshop(workshop_id)
        doc = self._tables[KIOSK_FILE].get("workshops", {}).get(workshop_id)
        return _copy(doc) if doc is not None else None

    def get_draft(self, slot: str) -> Doc | None:
        if self._tables is None:
            return self.open().get_draft(slot)
        entry = self._tables[DRAFTS_FILE].get("drafts", {}).get(slot)
        return _copy(entry["draft"]) if entry is not None else None  # checked: a dict

    # ----- everything else goes to the Store, opened first if need be
    def save_settings(self, doc: Doc) -> None:
        self.open().save_settings(doc)

    def save_workshop(self, doc: Doc) -> None:
        self.open().save_workshop(doc)

    def save_draft(self, slot: str, doc: Doc) -> None:
        self.open().save_draft(slot, doc)

    def delete_draft(self, slot: str) -> None:
        self.open().delete_draft(slot)

    def complete(self, record: SavedRanking, draft_slot: str) -> None:
        self.open().complete(record, draft_slot)

    def save_poll_runs(self, runs: Sequence[PollRun]) -> int:
        return self.open().save_poll_runs(runs)

    # ----- and what the facilitator and the room use, so one object stands for the store
    def list_workshops(self) -> list[Doc]:
        return self.open().list_workshops()

    def update_workshop(self, doc: Doc,
                        progress: Callable[[int, int], None] | None = None) -> int:
        return self.open().update_workshop(doc, progress)

    def delete_workshop(self, workshop_id: str) -> None:
        self.open().delete_workshop(workshop_id)

    def list_rankings(self) -> list[SavedRanking]:
        return self.open().list_rankings()

    def get_ranking(self, ranking_id: str) -> SavedRanking | None:
        return self.open().get_ranking(ranking_id)

    def has_ranking(self, ranking_id: str) -> bool:
        return self.open().has_ranking(ranking_id)

    def count_rankings(self) -> int:
        return self.open().count_rankings()

    def save_rankings(self, records: Sequence[SavedRanking]) -> int:
        return self.open().save_rankings(records)

    def save_rankings_replacing(self, records: Sequence[SavedRanking]) -> None:
        self.open().save_rankings_replacing(records)

    def delete_rankings(self, ranking_ids: Iterable[str]) -> int:
        return self.open().delete_rankings(ranking_ids)

    def save_poll_runs_replacing(self, runs: Sequence[PollRun]) -> None:
        self.open().save_poll_runs_replacing(runs)

    def get_poll_run(self, poll_run_id: str) -> PollRun | None:
        return self.open().get_poll_run(poll_run_id)

    def list_poll_runs(self) -> list[PollRun]:
        return self.open().list_poll_runs()

    def count_poll_runs(self) -> int:
        return self.open().count_poll_runs()

    def delete_poll_runs(self, poll_run_ids: Iterable[str]) -> int:
        return self.open().delete_poll_runs(poll_run_ids)

    def set_aside_files(self) -> list[AsideFile]:
        return self.open().set_aside_files()

    def put_back_set_aside(self, name: str) -> tuple[int, int]:
        return self.open().put_back_set_aside(name)

    def keep_set_aside(self, name: str) -> Path:
        return self.open().keep_set_aside(name)


def _store_class() -> type[Store]:
    from kiosk.storage.store import Store  # TinyDB and orjson load here

    return Store
