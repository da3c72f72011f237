"""The one store of a running kiosk or hub, shared by every thread through one lock.

The Store (TinyDB) is not thread-safe, and three kinds of users meet on it: the facilitator's
exports, imports and workshop corrections run on a worker thread; the room's tick (a hub
taking in what the tables send, a kiosk applying its hub's setup), the plenary screen and
the table's session run on the screen's thread. Two writes at once can each rename a whole
file over the other's, so one of them is lost from disk. The app therefore hands every user
this facade, never the Store itself: each call holds one re-entrant lock, and the
facilitator's services take the same lock (`FacilitatorService`) to make several calls one
step. The lock is held only for the store call itself, never while reading or writing
a CSV file or talking to Syncthing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.services.ports import Doc, DraftPort, FacilitatorStore

if TYPE_CHECKING:  # the values' modules stay off the start screen's path
    from kiosk.domain.poll_record import PollRun
    from kiosk.domain.record import SavedRanking
    from kiosk.storage.aside import AsideFile

Progress = Callable[[int, int], None] | None  # how far a workshop's correction has got


class WholeStore(FacilitatorStore, DraftPort, Protocol):
    """Everything any service uses (kiosk.storage.Store and its OpeningStore are both)."""

    @property
    def data_dir(self) -> Path: ...


class SharedStore:
    def __init__(self, store: WholeStore,
                 lock: AbstractContextManager[Any] | None = None) -> None:
        """`lock`: re-entrant (a test may hand one it watches); a new RLock by default."""
        self._store = store
        self.lock: AbstractContextManager[Any] = lock if lock is not None else threading.RLock()

    @property
    def data_dir(self) -> Path:
        return self._store.data_dir

    # settings
    def get_settings(self) -> Doc:
        with self.lock:
            return self._store.get_settings()

    def save_settings(self, doc: Doc) -> None:
        with self.lock:
            self._store.save_settings(doc)

    # workshops
    def list_workshops(self) -> list[Doc]:
        with self.lock:
            return self._store.list_workshops()

    def get_workshop(self, workshop_id: str) -> Doc | None:
        with self.lock:
            return self._store.get_workshop(workshop_id)

    def save_workshop(self, doc: Doc) -> None:
        with self.lock:
            self._store.save_workshop(doc)

    def update_workshop(self, doc: Doc, progress: Progress = None) -> int:
        with self.lock:
            return self._store.update_workshop(doc, progress)

    def delete_workshop(self, workshop_id: str) -> None:
        with self.lock:
            self._store.delete_workshop(workshop_id)

    # completed rankings
    def list_rankings(self) -> list[SavedRanking]:
        with self.lock:
            return self._store.list_rankings()

    def get_ranking(self, ranking_id: str) -> SavedRanking | None:
        with self.lock:
            return self._store.get_ranking(ranking_id)

    def has_ranking(self, ranking_id: str) -> bool:
        with self.lock:
            return self._store.has_ranking(ranking_id)

    def count_rankings(self) -> int:
        with self.lock:
            return self._store.count_rankings()

    def save_rankings(self, records: Sequence[SavedRanking]) -> int:
        with self.lock:
            return self._store.save_rankings(records)

    def save_rankings_replacing(self, records: Sequence[SavedRanking]) -> None:
        with self.lock:
            self._store.save_rankings_replacing(records)

    def delete_rankings(self, ranking_ids: Iterable[str]) -> int:
        with self.lock:
            return self._store.delete_rankings(ranking_ids)

    # case-study poll runs
    def save_poll_runs(self, runs: Sequence[PollRun]) -> int:
        with self.lock:
            return self._store.save_poll_runs(runs)

    def save_poll_runs_replacing(self, runs: Sequence[PollRun]) -> None:
        with self.lock:
            self._store.save_poll_runs_replacing(runs)

    def get_poll_run(self, poll_run_id: str) -> PollRun | None:
        with self.lock:
            return self._store.get_poll_run(poll_run_id)

    def list_poll_runs(self) -> list[PollRun]:
        with self.lock:
            return self._store.list_poll_runs()

    def count_poll_runs(self) -> int:
        with self.lock:
            return self._store.count_poll_runs()

    def delete_poll_runs(self, poll_run_ids: Iterable[str]) -> int:
        with self.lock:
            return self._store.delete_poll_runs(poll_run_ids)

    # files set aside as damaged
    def set_aside_files(self) -> list[AsideFile]:
        with self.lock:
            return self._store.set_aside_files()

    def put_back_set_aside(self, name: str) -> tuple[int, int]:
        with self.lock:
            return self._store.put_back_set_aside(name)

    def keep_set_aside(self, name: str) -> Path:
        with self.lock:
            return self._store.keep_set_aside(name)

    # drafts, and a draft completed into a ranking
    def save_draft(self, slot: str, doc: Doc) -> None:
        with self.lock:
            self._store.save_draft(slot, doc)

    def get_draft(self, slot: str) -> Doc | None:
        with self.lock:
            return self._store.get_draft(slot)

    def delete_draft(self, slot: str) -> None:
        with self.lock:
            self._store.delete_draft(slot)

    def complete(self, record: SavedRanking, draft_slot: str) -> None:
        with self.lock:
            self._store.complete(record, draft_slot)
