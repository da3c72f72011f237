"""The kiosk's store: settings, workshops, completed rankings and drafts, in three files.

- kiosk.json: `meta`, `workshops`, `settings` -- small, read at start.
- drafts.json: in-progress rankings, written on every card move, so it stays small.
- rankings.json: completed rankings, read only on first access, so the start screen
  appears fast however many rankings are stored.

Documents are plain JSON dicts, copied on the way in and out: a caller can never change what
is cached or stored by mutating a dict it passed or got back. Not thread-safe: use one Store
from one thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

from kiosk.storage.atomic import AtomicJSONStorage
from kiosk.storage.check import completion_time, find_problems
from kiosk.storage.errors import StoreError
from kiosk.storage.files import fsync_dir, remove_stale_temp_files
from kiosk.storage.layout import DRAFTS_FILE, FILE_NAMES, KIOSK_FILE, RANKINGS_FILE, SETTINGS_KEY
from kiosk.storage.lock import DataDirLock
from kiosk.storage.migrations import bring_up_to_date, version_gate
from kiosk.storage.tables import Doc, KeyedTable, KioskDB

# A datetime or dataclass would come back as something else; make the caller convert it.
_STRICT = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
_NEVER = datetime.min.replace(tzinfo=UTC)


def _copy(value: Any) -> Any:
    """A deep copy that is also proof the value is plain JSON (raises TypeError if not)."""
    return orjson.loads(orjson.dumps(value, option=_STRICT))


def _key(doc: Mapping[str, Any], field: str) -> str:
    if not isinstance(doc, Mapping):
        raise TypeError(f"a document must be a dict, not {type(doc).__name__}")
    key = doc.get(field)
    if not isinstance(key, str) or not key:
        raise ValueError(f"the document needs a non-empty string {field!r}, not {key!r}")
    return key


def _completion_order(doc: Mapping[str, Any]) -> tuple[bool, datetime, str]:
    when = completion_time(doc)
    return (when is not None, when or _NEVER, doc["ranking_id"])


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
                    fsync_dir(data_dir.parent)  # else a power cut can lose the new folder
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the data folder {data_dir}: {exc.strerror}.") from exc
            lock = DataDirLock.acquire(data_dir)
        store = cls(data_dir, lock)
        try:
            store._db(KIOSK_FILE)  # refuses a store from a newer kiosk before touching anything
            remove_stale_temp_files(data_dir / name for name in FILE_NAMES)
            store._db(DRAFTS_FILE)
            store._finish_interrupted_completions()
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
        return _copy(doc) if doc is not None else {}

    def save_settings(self, doc: Doc) -> None:
        if not isinstance(doc, Mapping):
            raise TypeError(f"settings must be a dict, not {type(doc).__name__}")
        self._table(KIOSK_FILE, "settings").change(put={SETTINGS_KEY: _copy(doc)})

    # workshops, keyed by workshop_id, in the order first saved

    def list_workshops(self) -> list[Doc]:
        return _copy(list(self._workshops().raw().values()))

    def get_workshop(self, workshop_id: str) -> Doc | None:
        doc = self._workshops().raw().get(workshop_id)
        return _copy(doc) if doc is not None else None

    def save_workshop(self, doc: Doc) -> None:
        key = _key(doc, "workshop_id")
        self._workshops().change(put={key: _copy(doc)})

    def delete_workshop(self, workshop_id: str) -> None:
        workshops = self._workshops()
        if workshop_id in workshops.raw():
            workshops.change(remove=[workshop_id])

    # completed rankings, keyed by ranking_id

    def save_ranking(self, doc: Doc) -> None:
        key = _key(doc, "ranking_id")
        self._rankings().change(put={key: _copy(doc)})

    def save_rankings(self, docs: list[Doc]) -> int:
        """Add the rankings not stored yet, all in one atomic write; returns how many.

        Every document is checked before anything is written: one bad document and nothing
        is saved. Ids already stored (or repeated in `docs`) keep their first document.
        """
        rankings = self._rankings()
        stored = rankings.raw()
        new: dict[str, Doc] = {}
        for doc in docs:
            key = _key(doc, "ranking_id")
            copied = _copy(doc)
            if key not in stored and key not in new:
                new[key] = copied
        if new:
            rankings.change(put=new)
        return len(new)

    def get_ranking(self, ranking_id: str) -> Doc | None:
        doc = self._rankings().raw().get(ranking_id)
        return _copy(doc) if doc is not None else None

    def has_ranking(self, ranking_id: str) -> bool:
        return ranking_id in self._rankings().raw()

    def list_rankings(self) -> list[Doc]:
        """All rankings by completed_at (missing or invalid first), then ranking_id."""
        return _copy(sorted(self._rankings().raw().values(), key=_completion_order))

    def count_rankings(self) -> int:
        return len(self._rankings().raw())

    def delete_ranking(self, ranking_id: str) -> None:
        rankings = self._rankings()
        if ranking_id in rankings.raw():
            rankings.change(remove=[ranking_id])

    def update_ranking(self, ranking_id: str, changes: Doc) -> None:
        """Set the given top-level fields of a stored ranking; KeyError if there is none."""
        rankings = self._rankings()
        current = rankings.raw().get(ranking_id)
        if current is None:
            raise KeyError(ranking_id)
        if changes.get("ranking_id", ranking_id) != ranking_id:
            raise ValueError("update_ranking cannot change a ranking's ranking_id")
        rankings.change(put={ranking_id: _copy({**current, **changes})})

    # drafts (in-progress rankings), keyed by slot; stored as {"draft": doc}

    def save_draft(self, slot: str, doc: Doc) -> None:
        if not isinstance(slot, str) or not slot:
            raise ValueError(f"a draft slot must be a non-empty string, not {slot!r}")
        if not isinstance(doc, Mapping):
            raise TypeError(f"a draft must be a dict, not {type(doc).__name__}")
        self._drafts().change(put={slot: {"draft": _copy(doc)}})

    def get_draft(self, slot: str) -> Doc | None:
        entry = self._drafts().raw().get(slot)
        return _copy(entry["draft"]) if entry is not None else None

    def delete_draft(self, slot: str) -> None:
        drafts = self._drafts()
        if slot in drafts.raw():
            drafts.change(remove=[slot])

    def complete(self, ranking_doc: Doc, draft_slot: str) -> None:
        """Save the ranking, then delete the draft it was made from.

        The draft is first marked with the ranking's id. If the process dies after the
        ranking is saved but before the draft is deleted, the next open sees the mark and
        drops the draft -- and only then needs to read rankings.json at start-up.
        """
        key = _key(ranking_doc, "ranking_id")
        doc = _copy(ranking_doc)
        drafts = self._drafts()
        entry = drafts.raw().get(draft_slot)
        if entry is not None:
            drafts.change(put={draft_slot: {"draft": entry["draft"], "completing": key}})
        self._rankings().change(put={key: doc})
        if entry is not None:
            drafts.change(remove=[draft_slot])

    def check(self) -> list[str]:
        """Every problem with the store, reading rankings.json too; [] when all is well."""
        dbs = [(self.data_dir / name, self._db(name)) for name in FILE_NAMES]
        found = list(self.problems)
        for path, db in dbs:
            found += find_problems(path, db.storage.read() or {})
        return found

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
            )
            bring_up_to_date(name, db.storage)
            self._dbs[name] = db
        return db

    def _table(self, file: str, name: str) -> KeyedTable:
        return self._db(file).table(name)

    def _workshops(self) -> KeyedTable:
        return self._table(KIOSK_FILE, "workshops")

    def _rankings(self) -> KeyedTable:
        return self._table(RANKINGS_FILE, "rankings")

    def _drafts(self) -> KeyedTable:
        return self._table(DRAFTS_FILE, "drafts")

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
        drafts.change(put=unfinished, remove=done)
