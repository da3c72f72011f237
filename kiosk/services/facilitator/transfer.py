"""Moving rankings in and out: CSV export and import (run on a worker thread), with the
case-study poll runs as polls.csv exactly as `kiosk export` / `kiosk import` do, and the demo
data a facilitator can load to try every screen, then remove exactly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking
from kiosk.domain.workshop import KioskSettings
from kiosk.exchange import ExportSummary, ImportPathError, ImportSummary, export_csv, import_csv
from kiosk.exchange.validate import Progress
from kiosk.services.catalog import Catalog
from kiosk.services.demo import (
    demo_rankings,
    demo_workshops,
    is_demo_poll_run,
    is_demo_ranking,
    is_demo_workshop,
)
from kiosk.services.demo_polls import demo_poll_runs
from kiosk.services.facilitator.changes import Changes
from kiosk.services.facilitator.names import Names
from kiosk.services.facilitator.rankings import RankingService
from kiosk.services.facilitator.setup import SetupService
from kiosk.services.facilitator.workshops import WorkshopService
from kiosk.services.ports import FacilitatorStore, ImportPort

EXPORTS_FOLDER = "exports"


class _LockedImport:
    """The store as an import writes to it: each call holds the services' lock, so the
    parsing (outside it) never blocks the screens."""

    def __init__(self, store: ImportPort, changes: Changes) -> None:
        self._store = store
        self._lock = changes.lock

    def save_rankings(self, records: Sequence[SavedRanking]) -> int:
        with self._lock:
            return self._store.save_rankings(records)

    def get_ranking(self, ranking_id: str) -> SavedRanking | None:
        with self._lock:
            return self._store.get_ranking(ranking_id)

    def list_workshops(self) -> list[dict[str, Any]]:
        with self._lock:
            return self._store.list_workshops()

    def get_workshop(self, workshop_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._store.get_workshop(workshop_id)

    def save_workshop(self, doc: dict[str, Any]) -> None:
        with self._lock:
            self._store.save_workshop(doc)

    def get_poll_run(self, poll_run_id: str) -> PollRun | None:
        with self._lock:
            return self._store.get_poll_run(poll_run_id)

    def save_poll_runs(self, runs: Sequence[PollRun]) -> int:
        with self._lock:
            return self._store.save_poll_runs(runs)

    def save_poll_runs_replacing(self, runs: Sequence[PollRun]) -> None:
        with self._lock:
            self._store.save_poll_runs_replacing(runs)


class TransferService:
    def __init__(self, store: ImportPort, catalog: Catalog, rankings: RankingService,
                 changes: Changes) -> None:
        self._store = store
        self._catalog = catalog
        self._rankings = rankings
        self._changes = changes

    @property
    def exports_folder(self) -> Path | None:
        """`exports` in the data folder: where a kiosk with no stick plugged in can export
        to (None for a store that has no folder, such as a test's)."""
        data_dir = getattr(self._store, "data_dir", None)
        return Path(data_dir) / EXPORTS_FOLDER if data_dir is not None else None

    def export_to(self, folder: str | Path, progress: Progress | None = None) -> ExportSummary:
        """rankings.csv (with its companions) and polls.csv, as `kiosk export` writes them."""
        records = self._rankings.records()  # one snapshot under the lock; writing is outside
        with self._changes.lock:
            runs = list(self._store.list_poll_runs())
        return export_csv(records, self._catalog, Path(folder), progress=progress,
                          poll_runs=runs)

    def import_from(self, paths: Sequence[str | Path],
                    progress: Progress | None = None) -> ImportSummary:
        """Read, validate and merge CSV files (kiosk.exchange). A path that does not exist
        is reported like any other rejection, as a line of the summary. A polls.csv among
        them (or in a folder given) is taken too, as `kiosk import` does."""
        locked = _LockedImport(self._store, self._changes)
        try:
            summary = import_csv([Path(p) for p in paths], locked, self._catalog,
                                 progress=progress, poll_store=locked)
        except ImportPathError as exc:
            return ImportSummary(0, 0, [str(exc)])
        if summary.new:
            self._changes.changed("workshops")
            self._changes.changed("rankings")
        if summary.poll_answers_new:
            self._changes.changed("polls")
        return summary


class DemoService:
    def __init__(self, store: FacilitatorStore, catalog: Catalog, names: Names,
                 rankings: RankingService, setup: SetupService, workshops: WorkshopService,
                 changes: Changes) -> None:
        self._store = store
        self._workshops = workshops
        self._catalog = catalog
        self._names = names
        self._rankings = rankings
        self._setup = setup
        self._changes = changes

    def count(self) -> int:
        return sum(1 for s in self._rankings.summaries() if is_demo_ranking(s))

    def load(self) -> int:
        """Add the demo workshops, rankings and poll runs; returns how many rankings were
        new."""
        decks = {d: self._names.deck_order(d) for d in self._names.deck_ids()}
        records = demo_rankings(decks, self._catalog.lenses)
        runs = demo_poll_runs(self._catalog.polls)
        with self._changes.lock:
            for workshop in demo_workshops():
                self._store.save_workshop(workshop.to_doc())
            new = int(self._store.save_rankings(records))
            new_runs = self._store.save_poll_runs(runs)
        self._changes.changed("workshops")
        self._changes.changed("rankings")
        if new_runs:
            self._changes.changed("polls")
        return new

    def count_poll_runs(self) -> int:
        with self._changes.lock:
            return sum(1 for run in self._store.list_poll_runs() if is_demo_poll_run(run))

    def remove(self) -> int:
        """Delete exactly the demo rankings (in one write) and workshops; returns how many
        rankings went."""
        with self._changes.lock:
            doomed = [r.ranking_id for r in self._store.list_rankings() if is_demo_ranking(r)]
            self._store.delete_rankings(doomed)
            runs = [r.poll_run_id for r in self._store.list_poll_runs() if is_demo_poll_run(r)]
            if runs:
                self._store.delete_poll_runs(runs)
            for doc in self._store.list_workshops():
                if is_demo_workshop(doc):
                    self._store.delete_workshop(doc["workshop_id"])
            settings = KioskSettings.from_doc(self._store.get_settings() or {})
        if settings.workshop_id.startswith("demo-"):
            others = self._workshops.all()
            self._setup.save(
                replace(settings, workshop_id=others[0].workshop_id if others else ""))
            self._changes.changed("settings")
        self._changes.changed("workshops")
        self._changes.changed("rankings")
        if runs:
            self._changes.changed("polls")
        return len(doomed)
