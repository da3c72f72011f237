"""The kiosk's store: settings, workshops, completed rankings, drafts and poll runs, in 4 files:
kiosk.json (`meta`, `workshops`, `settings`: small, read at start); drafts.json (in-progress
rankings, written on every card move, so it stays small); rankings.json (completed rankings)
and polls.json (completed case-study poll runs, table `poll_runs`), both read only on first
access, so the start screen appears fast however many are stored.

Documents are plain JSON dicts, copied on the way in and out: a caller can never change what
is cached or stored by mutating a dict it passed or got back. Not thread-safe: the app hands
every user, on any thread, one facade that holds one lock around every call
(kiosk.services.shared_store.SharedStore).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import RecordError, SavedRanking
from kiosk.outputs import remove_leftovers, sync_folder
from kiosk.storage.aside import AsideFile, aside_paths, file_away, read_aside
from kiosk.storage.atomic import AtomicJSONStorage
from kiosk.storage.check import find_problems
from kiosk.storage.copies import completion_order, copy_doc, doc_key, poll_run_doc, ranking_doc
from kiosk.storage.documents import read_poll_run
from kiosk.storage.errors import StoreError, describe_failure
from kiosk.storage.files import LOW_SPACE_BYTES, free_bytes
from kiosk.storage.layout import (
    DRAFTS_FILE,
    FILE_NAMES,
    KIOSK_FILE,
    POLLS_FILE,
    RANKINGS_FILE,
    SETTINGS_KEY,
)
from kiosk.storage.lock import NO_ROOM, DataDirLock
from kiosk.storage.migrations import version_gate
from kiosk.storage.opening import (
    hold_on_full_disk,
    set_aside_bad_documents,
    upgrade,
    waiting_for_room,
)
from kiosk.storage.recovery import never_worse, recover_settings
from kiosk.storage.settings_copy import COPY_FILE, TABLES, read_copy, write_copy
from kiosk.storage.tables import Doc, KeyedTable, KioskDB
from kiosk.storage.workshop_copies import Progress, finish_interrupted_updates, update_workshop


class Store:
    problems: list[str]
    data_dir: Path

    def __init__(self, data_dir: Path, lock: DataDirLock) -> None:
        """Use `Store.open`, which takes the lock and loads the files."""
        self.data_dir = data_dir
        self.problems = []
        self._lock = lock
        self._dbs: dict[str, KioskDB] = {}
        self._closed = False
        self._record_cache: dict[str, SavedRanking] | None = None
        self._poll_cache: dict[str, PollRun] | None = None

    @classmethod
    def open(cls, data_dir: Path | str, lock: DataDirLock | None = None) -> Store:
        """Create the folder, take the lock, load kiosk.json and drafts.json (not rankings).

        `lock`: the folder's lock when the caller already holds it (see glance.py); the Store
        then owns it, and releases it on close or when opening fails."""
        data_dir = Path(data_dir)
        if lock is None:
            try:
                if not data_dir.is_dir():
                    data_dir.mkdir(parents=True, exist_ok=True)
                    sync_folder(data_dir.parent)  # else a power cut can lose the new folder
            except OSError as exc:
                if exc.errno not in NO_ROOM:
                    raise StoreError(
                        f"Cannot create the data folder {data_dir}: {exc.strerror}.") from exc
                lock = DataDirLock.waiting_for_room(data_dir, exc)  # starts on nothing yet
            else:
                lock = DataDirLock.acquire(data_dir)
        store = cls(data_dir, lock)
        store.problems += waiting_for_room(lock, data_dir)
        try:
            store._db(KIOSK_FILE)  # refuses a store from a newer kiosk before touching anything
            remove_leftovers(data_dir, old_targets=FILE_NAMES)  # a killed writer's
            store._db(DRAFTS_FILE)
            store._finish_interrupted_completions()
            store._recover_settings()
            if not lock.read_only:  # a workshop's change cut short by a kill: finished
                store.problems += finish_interrupted_updates(
                    store._workshops(), store._rankings, store._records,
                    store._write_settings_copy)
            store._check_space()
            if lock.read_only:
                store.problems.append(
                    f"The data folder {data_dir} is read-only: what it holds can be seen and "
                    "exported, but nothing can be saved there until it can be written again.")
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # settings (one document)

    def get_settings(self) -> Doc:
        doc = self._table(KIOSK_FILE, "settings").raw().get(SETTINGS_KEY)
        return copy_doc(doc) if doc is not None else {}

    def save_settings(self, doc: Doc) -> None:
        if not isinstance(doc, Mapping):
            raise TypeError(f"settings must be a dict, not {type(doc).__name__}")
        self._table(KIOSK_FILE, "settings").change(put={SETTINGS_KEY: copy_doc(doc)})
        self._write_settings_copy()

    # workshops, keyed by workshop_id, in the order first saved

    def list_workshops(self) -> list[Doc]:
        return [copy_doc(doc) for doc in self._workshops().raw().values()]

    def get_workshop(self, workshop_id: str) -> Doc | None:
        doc = self._workshops().raw().get(workshop_id)
        return copy_doc(doc) if doc is not None else None

    def save_workshop(self, doc: Doc) -> None:
        key = doc_key(doc, "workshop_id")
        self._workshops().change(put={key: copy_doc(doc)})
        self._write_settings_copy()

    def update_workshop(self, doc: Doc, progress: Progress | None = None) -> int:
        """Save a workshop and correct its rankings' copies of its details, all or nothing
        (kiosk.storage.workshop_copies); returns how many rankings were corrected."""
        return update_workshop(self._workshops(), self._rankings(), self._records(), doc,
                               self._write_settings_copy, progress)

    def delete_workshop(self, workshop_id: str) -> None:
        workshops = self._workshops()
        if workshop_id in workshops.raw():
            workshops.change(remove=[workshop_id])
            self._write_settings_copy()

    # completed rankings, keyed by ranking_id: SavedRanking values in, SavedRanking out

    def save_ranking(self, record: SavedRanking) -> None:
        self.save_rankings_replacing([record])

    def save_rankings(self, records: Sequence[SavedRanking]) -> int:
        """Add the rankings not stored yet, all in one atomic write; returns how many. Every
        record is checked first (one bad record and nothing is saved); an id already stored
        (or repeated in `records`) keeps its first record."""
        rankings = self._rankings()
        stored = rankings.raw()
        new: dict[str, Doc] = {}
        for record in records:
            key, doc = ranking_doc(record)
            if key not in stored and key not in new:
                new[key] = doc
        if new:
            rankings.change(put=new)
            self._refresh_records(new)
        return len(new)

    def save_rankings_replacing(self, records: Sequence[SavedRanking]) -> None:
        """Store every record, replacing one of the same id, in one atomic write (a bulk
        correction is all or nothing)."""
        put = dict(ranking_doc(record) for record in records)
        if put:
            self._rankings().change(put=put)
            self._refresh_records(put)

    def get_ranking(self, ranking_id: str) -> SavedRanking | None:
        return self._records().get(ranking_id)

    def has_ranking(self, ranking_id: str) -> bool:
        return ranking_id in self._rankings().raw()

    def list_rankings(self) -> list[SavedRanking]:
        """All rankings by completed_at (missing or invalid first), then ranking_id."""
        return sorted(self._records().values(), key=completion_order)

    def count_rankings(self) -> int:
        return len(self._rankings().raw())

    def delete_ranking(self, ranking_id: str) -> None:
        self.delete_rankings([ranking_id])

    def delete_rankings(self, ranking_ids: Iterable[str]) -> int:
        """Delete these rankings in one atomic write; returns how many were stored."""
        rankings = self._rankings()
        stored = rankings.raw()
        doomed = [key for key in dict.fromkeys(ranking_ids) if key in stored]
        if doomed:
            rankings.change(remove=doomed)
            self._refresh_records(doomed)
        return len(doomed)

    def update_ranking(self, record: SavedRanking) -> None:
        """Replace a stored ranking with a corrected one; KeyError if there is none."""
        if record.ranking_id not in self._rankings().raw():
            raise KeyError(record.ranking_id)
        self.save_rankings_replacing([record])

    # case-study poll runs, keyed by poll_run_id: PollRun values in, PollRun out

    def save_poll_runs(self, runs: Sequence[PollRun]) -> int:
        """Add the runs not stored yet, all in one atomic write; returns how many. Every run
        is checked first (one bad run and nothing is saved); an id already stored (or
        repeated in `runs`) keeps its first run."""
        table = self._poll_runs()
        stored = table.raw()
        new: dict[str, Doc] = {}
        for run in runs:
            key, doc = poll_run_doc(run)
            if key not in stored and key not in new:
                new[key] = doc
        if new:
            table.change(put=new)
            self._refresh_poll_runs(new)
        return len(new)

    def save_poll_runs_replacing(self, runs: Sequence[PollRun]) -> None:
        """Store every run, replacing one of the same id, in one atomic write."""
        put = dict(poll_run_doc(run) for run in runs)
        if put:
            self._poll_runs().change(put=put)
            self._refresh_poll_runs(put)

    def get_poll_run(self, poll_run_id: str) -> PollRun | None:
        return self._runs().get(poll_run_id)

    def list_poll_runs(self) -> list[PollRun]:
        """Every stored run, by poll_run_id."""
        runs = self._runs()
        return [runs[key] for key in sorted(runs)]

    def count_poll_runs(self) -> int:
        return len(self._poll_runs().raw())

    def delete_poll_runs(self, poll_run_ids: Iterable[str]) -> int:
        """Delete these runs in one atomic write; returns how many were stored."""
        table = self._poll_runs()
        stored = table.raw()
        doomed = [key for key in dict.fromkeys(poll_run_ids) if key in stored]
        if doomed:
            table.change(remove=doomed)
            self._refresh_poll_runs(doomed)
        return len(doomed)

    # drafts (in-progress rankings), keyed by slot; stored as {"draft": doc}

    def save_draft(self, slot: str, doc: Doc) -> None:
        if not isinstance(slot, str) or not slot:
            raise ValueError(f"a draft slot must be a non-empty string, not {slot!r}")
        if not isinstance(doc, Mapping):
            raise TypeError(f"a draft must be a dict, not {type(doc).__name__}")
        self._drafts().change(put={slot: {"draft": copy_doc(doc)}})

    def get_draft(self, slot: str) -> Doc | None:
        entry = self._drafts().raw().get(slot)
        draft = entry.get("draft") if isinstance(entry, dict) else None
        return copy_doc(draft) if isinstance(draft, dict) else None

    def delete_draft(self, slot: str) -> None:
        drafts = self._drafts()
        if slot in drafts.raw():
            drafts.change(remove=[slot])

    def complete(self, record: SavedRanking, draft_slot: str) -> None:
        """Save the ranking, then delete the draft it was made from. The draft is first
        marked with the ranking's id: if the process dies after the ranking is saved but
        before the draft is deleted, the next open sees the mark and drops the draft -- and
        only then needs to read rankings.json at start-up."""
        key, doc = ranking_doc(record)
        drafts = self._drafts()
        entry = drafts.raw().get(draft_slot)
        if entry is not None:
            drafts.change(put={draft_slot: {"draft": entry["draft"], "completing": key}})
        try:
            self._rankings().change(put={key: doc})
        except BaseException:
            if entry is not None:  # not saved: the draft must not say it is being completed
                with contextlib.suppress(OSError, StoreError):
                    drafts.change(put={draft_slot: {"draft": entry["draft"]}})
            raise
        self._refresh_records([key])
        if entry is not None:
            drafts.change(remove=[draft_slot])

    def check(self) -> list[str]:
        """Every problem with the store, reading rankings.json and polls.json too; [] when
        all is well."""
        dbs = [(self.data_dir / name, self._db(name)) for name in FILE_NAMES]
        found = list(self.problems)
        for path, db in dbs:
            found += find_problems(path, db.storage.read() or {})
        return found + [aside.problem(self.data_dir) for aside in self.set_aside_files()]

    # files set aside as damaged, while they are in the data folder (kiosk.storage.aside)

    def set_aside_files(self) -> list[AsideFile]:
        """Every set-aside file still in the data folder and what it holds (every store
        file is read first, so a damaged one is found and set aside now)."""
        for name in FILE_NAMES:
            self._db(name)
        stored = {"rankings": self._rankings().raw(), "poll_runs": self._poll_runs().raw()}
        return [read_aside(path, stored) for path in aside_paths(self.data_dir)]

    def put_back_set_aside(self, name: str) -> tuple[int, int]:
        """Add the rankings and poll runs the set-aside file `name` holds that can be read
        and are not stored (one stored is never replaced); returns how many of each."""
        for aside in self.set_aside_files():
            if aside.name == name:
                return (self.save_rankings(list(aside.rankings.values())),
                        self.save_poll_runs(list(aside.runs.values())))
        raise ValueError(f"{name!r} is not a set-aside file in {self.data_dir}")

    def keep_set_aside(self, name: str) -> Path:
        """Move the set-aside file `name` into `<data>/set-aside/`, no longer reported;
        nothing is deleted (a read-only folder or a lost lock: StoreError)."""
        self._lock.verify()
        return file_away(self.data_dir, name)

    # internals

    def _db(self, name: str) -> KioskDB:
        if self._closed:
            raise StoreError(f"The store in {self.data_dir} has been closed.")
        db = self._dbs.get(name)
        if db is None:
            path = self.data_dir / name
            db = KioskDB(
                path,
                storage=AtomicJSONStorage,
                gate=version_gate(path),
                on_problem=self.problems.append,
                before_write=self._lock.verify,
            )
            self.problems += upgrade(name, db.storage, self.data_dir, self._lock.read_only)
            self._dbs[name] = db
            self._set_aside_bad_documents(path, db)
        return db

    def _set_aside_bad_documents(self, path: Path, db: KioskDB) -> None:
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        found = set_aside_bad_documents(self.data_dir, path, storage, self._lock.read_only)
        if "rankings" in (db.storage.read() or {}):
            self._record_cache = found.records  # read once: the check is reading them
        if "poll_runs" in (db.storage.read() or {}):
            self._poll_cache = found.runs
        self.problems += found.problems

    def _table(self, file: str, name: str) -> KeyedTable:
        return self._db(file).table(name)

    def _workshops(self) -> KeyedTable:
        return self._table(KIOSK_FILE, "workshops")

    def _rankings(self) -> KeyedTable:
        return self._table(RANKINGS_FILE, "rankings")

    def _records(self) -> dict[str, SavedRanking]:
        """The stored rankings as records, read once (when rankings.json is, see
        `_set_aside_bad_documents`): records are immutable, so every caller can share them.
        A document that is not a ranking is left out and reported."""
        self._rankings()
        if self._record_cache is None:
            cache: dict[str, SavedRanking] = {}
            for key, doc in self._rankings().raw().items():
                try:
                    record = SavedRanking.from_doc(doc)
                except RecordError as exc:
                    self.problems.append(f"{self.data_dir / RANKINGS_FILE}: ranking {key!r} "
                                         f"cannot be read ({exc}); it is left out")
                    continue
                cache[key] = record
            self._record_cache = cache
        return self._record_cache

    def _refresh_records(self, keys: Iterable[str]) -> None:
        if self._record_cache is not None:
            stored = self._rankings().raw()
            for key in keys:
                self._record_cache.pop(key, None)
                if key in stored:
                    self._record_cache[key] = SavedRanking.from_doc(stored[key])

    def _poll_runs(self) -> KeyedTable:
        return self._table(POLLS_FILE, "poll_runs")

    def _runs(self) -> dict[str, PollRun]:
        """The stored poll runs as records, read once (when polls.json is); a document that
        is not a run was set aside on reading (or, read-only, is left out)."""
        table = self._poll_runs()
        if self._poll_cache is None:
            cache: dict[str, PollRun] = {}
            for key, doc in table.raw().items():
                run, reason = read_poll_run(key, doc)
                if run is None:
                    self.problems.append(f"{self.data_dir / POLLS_FILE}: poll run {key!r} "
                                         f"{reason}; it is left out")
                    continue
                cache[key] = run
            self._poll_cache = cache
        return self._poll_cache

    def _refresh_poll_runs(self, keys: Iterable[str]) -> None:
        if self._poll_cache is not None:
            stored = self._poll_runs().raw()
            for key in keys:
                self._poll_cache.pop(key, None)
                if key in stored:
                    self._poll_cache[key] = PollRun.from_doc(stored[key])

    def _drafts(self) -> KeyedTable:
        return self._table(DRAFTS_FILE, "drafts")

    def _check_space(self) -> None:
        free = free_bytes(self.data_dir)
        if free < LOW_SPACE_BYTES:
            self.problems.append(
                f"The kiosk's data folder {self.data_dir} is full or nearly full "
                f"({free // 1024} KB free): rankings may not be saved until there is room. "
                "Export the rankings to a USB stick, then free some space.")

    def _kiosk_tables(self) -> dict[str, dict[str, Any]]:
        return {name: dict(self._table(KIOSK_FILE, name).raw()) for name in TABLES}

    def _write_settings_copy(self) -> None:
        self._lock.verify()
        path = self.data_dir / COPY_FILE
        write_copy(path, never_worse(self._kiosk_tables(), read_copy(path)))

    def _recover_settings(self) -> None:
        """kiosk.json's settings damaged, emptied or gone (kiosk.storage.recovery). On a
        full disk what is brought back is held in memory (kiosk.storage.opening) and written
        once there is room: the kiosk starts with its PIN and id, and says the folder is
        full."""
        storage = self._db(KIOSK_FILE).storage
        assert isinstance(storage, AtomicJSONStorage)
        self.problems += hold_on_full_disk(
            storage, self.data_dir,
            lambda: recover_settings(
                self.data_dir, self._table(KIOSK_FILE, "settings"), self._workshops(),
                self._drafts().raw(), self._lock.read_only, self._write_settings_copy))

    def _finish_interrupted_completions(self) -> None:
        drafts = self._drafts()
        marked = {
            slot: entry["completing"]
            for slot, entry in drafts.raw().items()
            if isinstance(entry.get("completing"), str)
        }
        if not marked:
            return
        saved = self._rankings().raw()  # only after a crash inside complete()
        done = [slot for slot, ranking_id in marked.items() if ranking_id in saved]
        unfinished = {
            slot: {"draft": drafts.raw()[slot]["draft"]} for slot in marked if slot not in done
        }
        try:
            drafts.change(put=unfinished, remove=done)
        except (OSError, StoreError) as exc:  # a full or read-only disk: the marks stay
            # (harmless) until the folder can be written again
            self.problems.append(f"{describe_failure(exc, self.data_dir)} A ranking that was "
                                 "being saved is offered back; saving it again will work "
                                 "once there is room.")
