"""What the hub's plenary screen reads of the store: the current workshop's rankings of its
lens sequence, and its case-study poll runs; the screen itself never touches the store.

In the app the store is the SharedStore (kiosk.services.shared_store): these reads wait for a
facilitator's import or correction running on a worker thread, never cross it."""

from __future__ import annotations

from collections.abc import Collection, Container
from typing import Protocol

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking


class PlenaryStore(Protocol):
    def list_rankings(self) -> list[SavedRanking]: ...
    def list_poll_runs(self) -> list[PollRun]: ...


class PlenaryFeed:
    def __init__(self, store: PlenaryStore) -> None:
        self._store = store

    def rankings(self, workshop_id: str,
                 steps: Collection[tuple[str, str]] = ()) -> list[SavedRanking]:
        """The rankings of `workshop_id` (any, when empty) for the (deck, lens) `steps`
        (any, when there are none)."""
        return [r for r in self._store.list_rankings()
                if (not workshop_id or r.workshop_id == workshop_id)
                and (not steps or (r.deck, r.lens) in steps)]

    def poll_runs(self, workshop_id: str, polls: Container[str]) -> list[PollRun]:
        """The poll runs of `workshop_id` (any, when empty) of the `polls` this hub knows."""
        return [r for r in self._store.list_poll_runs()
                if (not workshop_id or r.workshop_id == workshop_id) and r.poll in polls]
