"""The table's draft slot when the data folder cannot take it (full, or read-only).

A draft the store refuses is held here, in memory, and served in its place: the table goes
on (Done still opens the criteria, parking still returns to the start screen and offers the
ranking back, the facilitator's area still opens), and the next draft the store takes
writes everything — as the store itself holds what it must write on opening a full folder
(kiosk.storage.opening). A held draft lives only as long as the kiosk runs, so the
facilitator is told (`notice`), in words that name the data folder.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.services.failures import describe_store_failure, save_failures

if TYPE_CHECKING:
    from kiosk.domain.poll_record import PollRun
    from kiosk.domain.record import SavedRanking

Doc = dict[str, Any]
NOTICE_END = ("The table's unfinished ranking is kept in memory only, until the data "
              "folder can take it: keep the kiosk running (and copy the saved rankings to a "
              "USB stick with Export if need be). It is saved with the table's next change "
              "once the folder can be written again.")


class DraftStore(Protocol):
    def save_draft(self, slot: str, doc: Doc) -> None: ...
    def get_draft(self, slot: str) -> Doc | None: ...
    def delete_draft(self, slot: str) -> None: ...
    def complete(self, record: SavedRanking, draft_slot: str) -> None: ...
    def save_poll_runs(self, runs: Sequence[PollRun]) -> int: ...


class HeldDrafts:
    """The store's draft methods (and what a poll session needs besides), holding in
    memory what the store refuses. `save_draft` still raises the store's error once the
    draft is held, so the screens can say so; `delete_draft` never does (a deletion the
    store refuses is held too: the old draft is simply no longer offered)."""

    def __init__(self, store: DraftStore) -> None:
        self._store = store
        self._held: dict[str, Doc | None] = {}  # slot → the draft it should hold (None: none)
        self.failure: BaseException | None = None  # why the held drafts are not written

    def save_draft(self, slot: str, doc: Doc) -> None:
        try:
            self._store.save_draft(slot, doc)
        except save_failures() as exc:
            self._held[slot] = copy.deepcopy(doc)
            self.failure = exc
            raise
        self._written(slot)

    def get_draft(self, slot: str) -> Doc | None:
        if slot in self._held:
            return copy.deepcopy(self._held[slot])
        return self._store.get_draft(slot)

    def delete_draft(self, slot: str) -> None:
        try:
            self._store.delete_draft(slot)
        except save_failures() as exc:
            self._held[slot] = None
            self.failure = exc
            return
        self._written(slot)

    def complete(self, record: SavedRanking, draft_slot: str) -> None:
        """Store the ranking and drop its draft (the store's, and any held here)."""
        self._store.complete(record, draft_slot)
        self._written(draft_slot)

    def save_poll_runs(self, runs: Sequence[PollRun]) -> int:
        return self._store.save_poll_runs(runs)

    def _written(self, slot: str) -> None:
        self._held.pop(slot, None)
        if not self._held:
            self.failure = None

    @property
    def holding(self) -> bool:
        """A draft (of something to continue) is held in memory, not yet written."""
        return any(doc is not None for doc in self._held.values())

    def notice(self) -> str | None:
        """What the facilitator is told while a draft is held; None when none is."""
        if not self.holding or self.failure is None:
            return None
        return f"{describe_store_failure(self.failure)} {NOTICE_END}"
