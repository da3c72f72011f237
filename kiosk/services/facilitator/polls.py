"""The case-study polls as the facilitator's Polls page and the report see them: which polls
have stored runs, the runs of one (optionally from some workshops only), its summary and the
same per table or per workshop (kiosk.analysis.polls, as `kiosk polls --json` prints)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.domain.poll_record import PollRun
from kiosk.domain.polls import Poll
from kiosk.services.catalog import Catalog
from kiosk.services.facilitator.changes import Changes
from kiosk.services.ports import PollReadPort

if TYPE_CHECKING:
    from kiosk.analysis.polls import Group


@dataclass(frozen=True, slots=True)
class PollWorkshop:
    """A workshop that ran a poll: its key (id, or the name for runs without one)."""

    key: str
    name: str
    date: str
    runs: int


def run_workshop_key(run: PollRun) -> str:
    return run.workshop_id or run.workshop


class PollsService:
    def __init__(self, store: PollReadPort, catalog: Catalog, changes: Changes) -> None:
        self._store = store
        self._catalog = catalog
        self._changes = changes
        # The runs, read once until something changes (a reload, an import, demo data).
        self._runs: list[PollRun] | None = None
        changes.on_change(self._forget)

    def _forget(self, what: str) -> None:
        self._runs = None

    def all_runs(self) -> list[PollRun]:
        with self._changes.lock:
            if self._runs is None:
                self._runs = list(self._store.list_poll_runs())
            return list(self._runs)

    def poll(self, poll_id: str) -> Poll | None:
        return self._catalog.polls.get(poll_id)

    def with_runs(self, workshops: Iterable[str] | None = None) -> list[tuple[Poll, int]]:
        """Polls loaded now that have runs (from `workshops`, names or ids; None = any),
        with how many, in the catalog's order. A run of a poll no longer loaded is left
        out: there is nothing to read its answers against."""
        from kiosk.analysis.polls import select_runs

        runs = self.all_runs()
        wanted = None if workshops is None else list(workshops)
        found = []
        for poll in self._catalog.polls.values():
            count = len(select_runs(runs, poll.id, wanted))
            if count:
                found.append((poll, count))
        return found

    def runs(self, poll_id: str, workshops: Iterable[str] | None = None) -> list[PollRun]:
        """The runs of one poll, from the given workshops (names or ids; None = every one)."""
        from kiosk.analysis.polls import select_runs

        return select_runs(self.all_runs(), poll_id,
                           None if workshops is None else list(workshops))

    def workshops(self, poll_id: str) -> list[PollWorkshop]:
        """The workshops with runs of this poll, newest first."""
        found: dict[str, list[Any]] = {}
        for run in self.runs(poll_id):
            key = run_workshop_key(run)
            if not key:
                continue
            entry = found.setdefault(key, [run.workshop or key, run.workshop_date, 0])
            entry[2] += 1
        names = [entry[0] for entry in found.values()]
        shops = [PollWorkshop(key, name if names.count(name) == 1 else f"{name} ({key[:8]})",
                              when, count) for key, (name, when, count) in found.items()]
        shops.sort(key=lambda w: w.name.casefold())
        shops.sort(key=lambda w: w.date, reverse=True)
        return shops

    def summary(self, poll_id: str, workshops: Iterable[str] | None = None) -> dict[str, Any]:
        """The `kiosk polls --json` object; raises KeyError for a poll not loaded."""
        from kiosk.analysis.polls import poll_summary

        return poll_summary(self._need(poll_id), self.runs(poll_id, workshops))

    def by_group(self, poll_id: str, key: Group = "table",
                 workshops: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        """{table or workshop label: its summary}, labels in natural order."""
        from kiosk.analysis.polls import by_group

        return by_group(self._need(poll_id), self.runs(poll_id, workshops), key)

    def _need(self, poll_id: str) -> Poll:
        poll = self.poll(poll_id)
        if poll is None:
            raise KeyError(f"the poll '{poll_id}' is not loaded")
        return poll
