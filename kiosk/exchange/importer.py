"""CSV import (formats.md): validate everything, then merge by ranking_id or write nothing.

What an import accepts:
- PATH is a folder holding `rankings.csv` (and optionally `criteria.csv`), or a rankings
  file; `criteria.csv` beside a file named `rankings.csv` is read with it. Matrix files
  are derived data and ignored.
- Columns may come in any order; extra columns are ignored; `card_title` is informative
  only (the deck's own title is used), so a hand-typed sheet may leave it blank.
- With a poll target (`poll_store`), a folder's or rankings.csv's neighbour `polls.csv` is
  read too, and a folder holding only polls.csv, or a polls.csv itself, is an import of poll
  answers alone (kiosk.exchange.polls, docs/polls-data.md).
- Rows with a `ranking_id` belong to that ranking (source "import"). Rows without one are a
  paper session typed in (source "paper"): one ranking is the rows that share workshop_id,
  workshop, place, workshop_date, table, kiosk_id, deck, lens and completed_at - so two
  rankings by the same table of the same deck and lens need different completed_at times.
  Its id is a uuid5 of its rows' content, so importing the same sheet again adds nothing.
  An empty workshop_id: when exactly one stored workshop has the rows' workshop name (and
  their place and date, where given), the rows are that workshop's, as if they gave its id,
  place and date (so a sheet typed in on screen and the same sheet typed into a CSV are one
  ranking); otherwise it is derived from workshop name, place and date the same way.
- A paper ranking may tie cards (1, 1, 3) and has no move log; duration_s and moves may be
  empty. Positions run from 1 to the number of cards the ranking holds.
- criteria.csv rows without a ranking_id attach to the one ranking of the paired
  rankings file with the same workshop, table, deck and lens. A ranking with no criteria
  rows but a primary_criterion gets that one criterion (origin "suggested" when it is one
  of the lens's suggested criteria, "own" otherwise).

Every problem is reported as `file:line: reason`; a single one rejects the whole import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kiosk.domain.poll_record import POLL_CSV_COLUMNS, PollRun
from kiosk.domain.record import SavedRanking
from kiosk.exchange.cells import (
    CRITERIA_COLUMNS,
    CRITERIA_FILE,
    POLLS_FILE,
    RANKING_COLUMNS,
    RANKINGS_FILE,
    guard,
)
from kiosk.exchange.polls import PollBatch, PollRowValidator, PollTarget, merge_poll_runs
from kiosk.exchange.reader import Row, TableStream, count_lines, not_a_file, read_table
from kiosk.exchange.validate import ImportCatalog, Progress, RowValidator, show_value


class ImportPathError(FileNotFoundError):
    """A path given to import does not exist or holds no rankings.csv."""


# What a CSV file carries of a ranking: an import compares these with a stored ranking of
# the same id (the move log, start time and source do not travel).
EXCHANGED = ("workshop_id", "workshop", "place", "workshop_date", "table", "kiosk_id", "deck",
             "lens", "positions", "tiers", "criteria", "note", "completed_at", "duration_s",
             "moves")


@dataclass(frozen=True)
class ImportBatch:
    records: list[SavedRanking]
    errors: list[str]
    files: list[str] = field(default_factory=list)
    where: dict[str, str] = field(default_factory=dict)  # ranking id -> its first file:line
    polls: PollBatch = field(default_factory=PollBatch)


@dataclass(frozen=True)
class ImportSummary:
    new: int
    present: int
    rejected: list[str]
    # Rankings already stored under the same id but with other content: `file:line: …`
    # lines; the stored ones are kept.
    conflicts: list[str] = field(default_factory=list)
    poll_runs_new: int = 0
    poll_answers_new: int = 0  # in new runs and added to stored ones
    poll_answers_present: int = 0
    # Poll runs or answers stored already with other content (`file:line: …`); kept.
    poll_conflicts: list[str] = field(default_factory=list)


def _refuse_special(*paths: Path) -> None:
    """A file the import would read beside the one given (rankings.csv, criteria.csv,
    polls.csv) that is there but is no regular file — a folder, a pipe, a device, a link to
    nothing — is an error naming it, never silently left out (nor opened: a pipe waits)."""
    for path in paths:
        if os.path.lexists(path):
            problem = not_a_file(path)
            if problem is not None:
                raise ImportPathError(f"{path}: {problem}")


def _sources(paths: list[Path], with_polls: bool
             ) -> tuple[list[tuple[Path, Path | None]], list[Path]]:
    """(rankings file, criteria file or None) pairs, and the polls files, duplicates
    dropped. Without `with_polls` a polls.csv is never looked for."""
    pairs: list[tuple[Path, Path | None]] = []
    polls: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        rankings: Path | None
        beside: Path | None = None
        if path.is_dir():
            rankings = path / RANKINGS_FILE
            beside = path / POLLS_FILE
            _refuse_special(rankings, beside)
            if not rankings.is_file():
                if not (with_polls and beside.is_file()):
                    nor = f" (nor {POLLS_FILE})" if with_polls else ""
                    raise ImportPathError(f"{path}: no {RANKINGS_FILE} in this folder{nor}")
                rankings = None
        elif path.is_file():
            rankings = path
            if with_polls and path.name == POLLS_FILE:
                rankings, beside = None, path
            elif path.name == CRITERIA_FILE:
                rankings = path.with_name(RANKINGS_FILE)
                _refuse_special(rankings)
                if not rankings.is_file():
                    raise ImportPathError(f"{path}: no {RANKINGS_FILE} beside it")
            if rankings is not None and rankings.name == RANKINGS_FILE:
                beside = rankings.with_name(POLLS_FILE)
        else:
            raise ImportPathError(f"{path}: {not_a_file(path)}")
        if with_polls and beside is not None:
            _refuse_special(beside)
            if beside.is_file() and beside.resolve() not in seen:
                seen.add(beside.resolve())
                polls.append(beside)
        if rankings is None:
            continue
        criteria = rankings.with_name(CRITERIA_FILE) if rankings.name == RANKINGS_FILE else None
        if criteria is not None:
            _refuse_special(criteria)
            if not criteria.is_file():
                criteria = None
        resolved = rankings.resolve()
        if resolved not in seen:
            seen.add(resolved)
            pairs.append((rankings, criteria))
    return pairs, polls


def read_import(paths: list[Path], catalog: ImportCatalog,
                progress: Progress | None = None, *, with_polls: bool = False,
                workshops: Sequence[Mapping[str, Any]] = ()) -> ImportBatch:
    """Read and validate; `records` (and `polls.runs`) are empty whenever `errors` is not.
    `with_polls`: read polls.csv files too (the catalog's `polls` then checks them).
    `workshops`: the stored workshops' docs, for paper rows without a workshop_id.

    Raises ImportPathError when a path does not exist (nothing is read then)."""
    pairs, poll_files = _sources(list(paths), with_polls)
    reader = RowValidator(catalog, progress, workshops)
    tables: list[tuple[TableStream, list[Row] | None]] = []
    files: list[str] = []
    for rankings, criteria in pairs:
        files.append(str(rankings))
        criteria_rows = None
        if criteria is not None:
            files.append(str(criteria))
            criteria_rows = read_table(criteria, CRITERIA_COLUMNS, reader.errors)
        # rankings.csv is read row by row as it is checked: a large import never holds
        # all of its rows at once
        tables.append((TableStream(rankings, RANKING_COLUMNS, reader.errors), criteria_rows))
    total = sum(max(count_lines(rankings) - 1, 0) for rankings, _ in pairs)
    _assemble(reader, tables, total)
    del tables
    polls = PollRowValidator(catalog.polls if poll_files else {}, reader.errors)
    for poll_file in poll_files:
        files.append(str(poll_file))
        poll_rows = read_table(poll_file, POLL_CSV_COLUMNS, reader.errors)
        if poll_rows is not None:
            polls.add_rows(poll_rows)
    if progress:
        progress(total, total)
    if reader.errors:
        return ImportBatch([], reader.errors, files)
    records, where = _records(reader)
    if reader.errors:
        return ImportBatch([], reader.errors, files)
    return ImportBatch(records, [], files, where, polls.batch())


def read_sheet(ranking_rows: Sequence[Mapping[str, str]],
               criteria_rows: Sequence[Mapping[str, str]], catalog: ImportCatalog,
               name: str = "the sheet", *,
               workshops: Sequence[Mapping[str, Any]] = ()) -> ImportBatch:
    """Rows given as cells (column -> text, as typed: no apostrophe guard) rather than read
    from a file: checked and made into records by exactly the code an import of the same
    rows as CSV runs, so a paper sheet typed in on screen and the same sheet imported as
    CSV give one ranking with one id. Problems are `name:line: reason`, lines counted as
    in a CSV file of these rows (the header is line 1). `workshops` as for read_import."""
    reader = RowValidator(catalog, None, workshops)
    tables = [(_rows(name, ranking_rows, RANKING_COLUMNS),
               _rows(f"{name} (criteria)", criteria_rows, CRITERIA_COLUMNS))]
    _assemble(reader, tables, len(ranking_rows))
    if not reader.errors:
        records, where = _records(reader)
        if not reader.errors:
            return ImportBatch(records, [], [name], where)
    return ImportBatch([], reader.errors, [name])


def _rows(name: str, given: Sequence[Mapping[str, str]], columns: Sequence[str]) -> list[Row]:
    index = {column: at for at, column in enumerate(columns)}
    # guarded as export writes them, so that reading them (which removes the guard) gives
    # back the text as typed
    return [Row(name, line, tuple(guard(cells.get(c, "")) for c in columns), index)
            for line, cells in enumerate(given, start=2)]


def _assemble(reader: RowValidator,
              tables: Sequence[tuple[TableStream | list[Row] | None, list[Row] | None]],
              total: int) -> None:
    """Every row checked and grouped into draft rankings, their criteria attached."""
    done = 0
    read: list[bool] = []
    for pair, (ranking_rows, _) in enumerate(tables):
        done = reader.add_ranking_rows(ranking_rows or [], pair, done, total)
        read.append(ranking_rows.read if isinstance(ranking_rows, TableStream)
                    else ranking_rows is not None)
    for pair, (_, criteria_rows) in enumerate(tables):
        if read[pair]:  # else every criterion would be "unknown": noise
            reader.add_criteria_rows(criteria_rows or [], pair)
    for draft in reader.drafts:
        reader.check_primary(draft)
    reader.assembled()


def _records(reader: RowValidator) -> tuple[list[SavedRanking], dict[str, str]]:
    """The records of the drafts, one per id (a second, different one is an error).

    Each draft, and the rows it holds, is let go as soon as its record is made, so that a
    large import never holds its rows and all of its records at once."""
    records: list[SavedRanking] = []
    first_seen: dict[str, tuple[SavedRanking, str]] = {}
    drafts = reader.drafts
    reader.drafts = []
    drafts.reverse()  # popped from the end: the file's order
    while drafts:
        draft = drafts.pop()
        record = reader.record(draft)
        earlier = first_seen.get(record.ranking_id)
        if earlier is None:
            first_seen[record.ranking_id] = (record, draft.first.where())
            records.append(record)
        elif earlier[0] != record:
            reader.error(draft.first, f"ranking {show_value(record.ranking_id)} differs from the "
                                      f"one in {earlier[1]}")
    return records, {rid: where for rid, (_, where) in first_seen.items()}


def differs(stored: SavedRanking, received: SavedRanking) -> list[str]:
    """The fields a CSV carries in which two rankings of one id differ."""
    return [name for name in EXCHANGED if getattr(stored, name) != getattr(received, name)]


class ImportTarget(Protocol):
    """Where an import writes: the new rankings, and the workshops they name."""

    def save_rankings(self, records: Sequence[SavedRanking]) -> int: ...
    def get_ranking(self, ranking_id: str) -> SavedRanking | None: ...
    def list_workshops(self) -> list[dict[str, Any]]: ...
    def get_workshop(self, workshop_id: str) -> dict[str, Any] | None: ...
    def save_workshop(self, doc: dict[str, Any]) -> None: ...


def import_csv(paths: list[Path], store: ImportTarget, catalog: ImportCatalog,
               progress: Progress | None = None, *,
               poll_store: PollTarget | None = None) -> ImportSummary:
    """Validate every file, then save all new rankings at once (the store's
    save_rankings is all-or-nothing and skips ids it holds). A ranking stored already under
    the same id but with other content is kept as stored and reported (`conflicts`). A
    workshop the store does not know yet is added, so the facilitator can pick it when
    comparing. With `poll_store`, polls.csv files are validated with the rest (one problem
    in any file and nothing at all is written) and then merged answer by answer
    (kiosk.exchange.polls.merge_poll_runs)."""
    batch = read_import(paths, catalog, progress, with_polls=poll_store is not None,
                        workshops=store.list_workshops())
    return merge_batch(batch, store, poll_store)


def merge_batch(batch: ImportBatch, store: ImportTarget,
                poll_store: PollTarget | None = None) -> ImportSummary:
    """Save a checked batch's new rankings (and poll answers) as `import_csv` does."""
    if batch.errors:
        return ImportSummary(0, 0, list(batch.errors))
    conflicts = []
    for record in batch.records:
        stored = store.get_ranking(record.ranking_id)
        if stored is not None and (fields := differs(stored, record)):
            conflicts.append(f"{batch.where[record.ranking_id]}: ranking {record.ranking_id} "
                             f"is already stored with another {', '.join(fields)}; kept the "
                             "stored one")
    new = store.save_rankings(batch.records) if batch.records else 0
    merged = merge_poll_runs(batch.polls, poll_store) if poll_store is not None else None
    workshops: dict[str, dict[str, str]] = {}
    named: list[SavedRanking | PollRun] = [*batch.records, *batch.polls.runs]
    for item in named:
        workshops.setdefault(item.workshop_id, {
            "workshop_id": item.workshop_id, "name": item.workshop,
            "place": item.place, "date": item.workshop_date})
    for workshop_id, doc in workshops.items():
        if workshop_id and store.get_workshop(workshop_id) is None:
            store.save_workshop(doc)
    if merged is None:
        return ImportSummary(new, len(batch.records) - new, [], conflicts)
    return ImportSummary(new, len(batch.records) - new, [], conflicts, merged.runs_new,
                         merged.answers_new, merged.answers_present, merged.conflicts)
