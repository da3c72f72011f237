"""The hub's intake: every file arriving in a joined kiosk's folder is read with the same care
as a CSV import — a regular file of bounded size, UTF-8 JSON, a ranking whose deck, lens and
cards this hub knows, or a poll run (`polls/`) of a poll this hub knows, every answer one its
stage takes — and stored idempotently by ranking id or poll run id. A file that is not is
copied, byte for byte, to `sync/set-aside/<kiosk_id>/` and reported once; it never stops the
hub.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from kiosk.domain.decks import Deck
from kiosk.domain.poll_record import PollRun
from kiosk.domain.polls import MAX_STAGES, Poll
from kiosk.domain.record import RecordError, SavedRanking
from kiosk.outputs import write_atomically
from kiosk.services.room.layout import RoomPaths
from kiosk.services.room.membership import RoomFileError, read_json_file
from kiosk.services.room.outbox import POLLS_DIR, PROGRESS_FILE, RANKINGS_DIR
from kiosk.storage.documents import read_poll_run
from kiosk.storage.regular import read_regular_file

MAX_SEATS = 6


class IntakeCatalog(Protocol):
    @property
    def lenses(self) -> Mapping[str, Any]: ...
    def deck(self, deck_id: str) -> Deck | None: ...


class IntakeStore(Protocol):
    def get_ranking(self, ranking_id: str) -> SavedRanking | None: ...
    def save_rankings(self, records: list[SavedRanking]) -> int: ...
    def save_rankings_replacing(self, records: list[SavedRanking]) -> None: ...
    def get_poll_run(self, poll_run_id: str) -> PollRun | None: ...
    def save_poll_runs(self, runs: Sequence[PollRun]) -> int: ...
    def save_poll_runs_replacing(self, runs: Sequence[PollRun]) -> None: ...


@dataclass
class IntakeResult:
    new: list[str] = field(default_factory=list)  # ranking ids stored for the first time
    replaced: list[str] = field(default_factory=list)  # a kiosk's own ranking, corrected
    problems: list[str] = field(default_factory=list)  # one sentence per file set aside
    polls_new: list[str] = field(default_factory=list)  # poll run ids stored the first time
    polls_replaced: list[str] = field(default_factory=list)  # a kiosk's own run, grown


def record_problem(record: SavedRanking, catalog: IntakeCatalog) -> str | None:
    """What makes `record` unusable on this hub (the CSV import's rules), or None."""
    if record.lens not in catalog.lenses:
        return f"unknown lens {record.lens[:40]!r}"
    deck = catalog.deck(record.deck)
    if deck is None:
        return f"unknown deck {record.deck[:40]!r}"
    if not record.positions:
        return "no cards placed"
    for card_id, position in record.positions.items():
        if not deck.has_card(card_id):
            return f"card {card_id[:40]!r} is not in deck {deck.id!r}"
        if type(position) is not int or not 1 <= position <= len(deck.cards):
            return f"card {card_id[:40]!r} has position {str(position)[:20]}"
    if record.duration_s is not None and not 0 <= record.duration_s < 10 ** 9:
        return f"duration_s {record.duration_s} is out of range"
    if record.moves is not None and not 0 <= record.moves < 10 ** 9:
        return f"moves {record.moves} is out of range"
    return None


def poll_run_problem(run: PollRun, polls: Mapping[str, Poll]) -> str | None:
    """What makes `run` unusable on this hub (polls.csv's import rules), or None."""
    poll = polls.get(run.poll)
    if poll is None:
        return f"unknown poll {run.poll[:40]!r}"
    most = run.seats or MAX_SEATS
    for answer in run.answers:
        if not 1 <= answer.stage <= min(len(poll.stages), MAX_STAGES):
            return (f"stage {answer.stage} is not a stage of poll {poll.id!r} "
                    f"(1 to {len(poll.stages)})")
        if not 1 <= answer.seat <= most:
            return f"seat {answer.seat} is not a seat of this run (1 to {most})"
        allowed = poll.stages[answer.stage - 1].answers()
        if answer.answer not in allowed:
            return (f"answer {answer.answer[:40]!r} is not one of {', '.join(allowed)} "
                    f"(stage {answer.stage})")
    return None


class Intake:
    def __init__(self, paths: RoomPaths, catalog: IntakeCatalog):
        self._paths = paths
        self.catalog = catalog
        self._seen: dict[Path, tuple[int, int, int]] = {}  # file -> (inode, size, mtime_ns)
        # Files set aside, as they were then (replaced whole, never changed in place: the
        # link thread reads it for the status while the store's thread collects).
        self._set_aside_now: frozenset[tuple[Path, tuple[int, int, int]]] = frozenset()

    def was_set_aside(self, path: Path) -> bool:
        """Whether `path`, as it is now, is a file this hub set aside (not received)."""
        signature = _signature(path)
        return signature is not None and (path, signature) in self._set_aside_now

    def collect(self, store: IntakeStore,
                corrections: Mapping[str, Mapping[str, str]] | None = None) -> IntakeResult:
        """Read every new or changed file in every table folder. `corrections`: what a
        facilitator changed on this hub (kiosk.services.room.setup_folder), which wins over
        a kiosk still sending the ranking as it was: a deleted one is not imported again, a
        relabelled one keeps the hub's label."""
        corrections = corrections or {}
        result = IntakeResult()
        tables = self._paths.tables
        if not tables.is_dir():
            return result
        new: list[SavedRanking] = []
        replacing: list[SavedRanking] = []
        runs_new: list[PollRun] = []
        runs_grown: list[PollRun] = []
        for table in sorted(p for p in tables.iterdir() if p.is_dir() and not p.is_symlink()):
            for path in self._arrived(table / RANKINGS_DIR):
                record, problem = self._read(path, table.name)
                if record is None:
                    result.problems.append(self._set_aside(path, table.name, problem or ""))
                    continue
                correction = corrections.get(record.ranking_id)
                if correction is not None:
                    if correction.get("action") == "delete":
                        continue
                    if correction.get("action") == "relabel":
                        record = record.with_changes(table=correction["table"])
                stored = store.get_ranking(record.ranking_id)
                if stored is None:
                    if all(r.ranking_id != record.ranking_id for r in new):
                        new.append(record)
                elif stored != record and record.kiosk_id == table.name:
                    replacing.append(record)  # its own kiosk corrected it (a relabel)
            for path in self._arrived(table / POLLS_DIR):
                run, problem = self._read_poll_run(path)
                if run is None:
                    result.problems.append(self._set_aside(path, table.name, problem or ""))
                    continue
                stored_run = store.get_poll_run(run.poll_run_id)
                if stored_run is None:
                    if all(r.poll_run_id != run.poll_run_id for r in runs_new):
                        runs_new.append(run)
                elif (run.kiosk_id == table.name and len(run.answers) > len(stored_run.answers)
                      and all(r.poll_run_id != run.poll_run_id for r in runs_grown)):
                    runs_grown.append(run)  # its own kiosk's run, with more answers now
        if new:
            store.save_rankings(new)
            result.new = [r.ranking_id for r in new]
        if replacing:
            store.save_rankings_replacing(replacing)
            result.replaced = [r.ranking_id for r in replacing]
        if runs_new:
            store.save_poll_runs(runs_new)
            result.polls_new = [r.poll_run_id for r in runs_new]
        if runs_grown:
            store.save_poll_runs_replacing(runs_grown)
            result.polls_replaced = [r.poll_run_id for r in runs_grown]
        return result

    def _arrived(self, folder: Path) -> Iterator[Path]:
        """The files of `folder` that are new or changed since last seen (not Syncthing's
        temporary files, still arriving)."""
        if not folder.is_dir() or folder.is_symlink():
            return
        for path in sorted(folder.iterdir()):
            signature = _signature(path)
            if signature is None or self._seen.get(path) == signature:
                continue
            self._seen[path] = signature
            if path.name.startswith((".", "~syncthing~")):
                continue
            yield path

    def _read_poll_run(self, path: Path) -> tuple[PollRun | None, str | None]:
        doc, problem = _json_object(path, "a poll run file (<poll_run_id>.json)")
        if doc is None:
            return None, problem
        try:
            run, reason = read_poll_run(path.stem, doc)
        except (TypeError, ValueError) as exc:
            run, reason = None, str(exc)[:120]
        if run is None:
            return None, f"it is not a poll run ({(reason or '')[:160]})"
        problem = poll_run_problem(run, getattr(self.catalog, "polls", {}) or {})
        if problem is not None:
            return None, problem
        return run, None

    def _read(self, path: Path, kiosk_id: str) -> tuple[SavedRanking | None, str | None]:
        doc, problem = _json_object(path, "a ranking file (<ranking_id>.json)")
        if doc is None:
            return None, problem
        try:
            record = SavedRanking.from_doc(doc)
        except (RecordError, TypeError, ValueError) as exc:
            return None, f"it is not a saved ranking ({str(exc)[:120]})"
        if record.ranking_id != path.stem:
            return None, f"it holds ranking {record.ranking_id[:40]!r}, not {path.stem[:40]!r}"
        problem = record_problem(record, self.catalog)
        if problem is not None:
            return None, problem
        return record, None

    def _set_aside(self, path: Path, kiosk_id: str, reason: str) -> str:
        signature = _signature(path)
        if signature is not None:
            self._set_aside_now = frozenset(
                {(p, s) for p, s in self._set_aside_now if p != path} | {(path, signature)})
        where = self._paths.set_aside / kiosk_id
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = where / f"{path.name}.{stamp}"
        note = ""
        try:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size <= 32 * 1024 * 1024:
                where.mkdir(parents=True, exist_ok=True)
                write_atomically(kept, read_regular_file(path, 32 * 1024 * 1024))
                note = f" (kept as {kept})"
        except OSError:
            pass
        return (f"A file from kiosk {kiosk_id} could not be used: {path.name[:80]}: {reason}"
                f"{note}.")

    def progress(self) -> list[dict[str, Any]]:
        """Every table's progress.json, as sent (the plenary screen parses it)."""
        found: list[dict[str, Any]] = []
        tables = self._paths.tables
        if not tables.is_dir():
            return found
        for table in sorted(p for p in tables.iterdir() if p.is_dir() and not p.is_symlink()):
            with contextlib.suppress(RoomFileError):
                doc = read_json_file(table / PROGRESS_FILE) \
                    if (table / PROGRESS_FILE).exists() else None
                if isinstance(doc, dict):
                    found.append({**doc, "kiosk_id": table.name})
        return found


def _json_object(path: Path, what: str) -> tuple[dict[str, Any] | None, str | None]:
    """The JSON object an arrived file holds, or None and what is wrong with it."""
    if path.suffix != ".json":
        return None, f"it is not {what}"
    try:
        doc = read_json_file(path)
    except RoomFileError as exc:
        return None, str(exc)
    if not isinstance(doc, dict):
        return None, "it is not a JSON object"
    return doc, None


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns
