"""The shape each stored document must have, checked when its file is read: a document that
fails is set aside (the store keeps the whole file as it was, byte for byte, beside it, and
reports the document's file, table and key) so that nothing downstream — the table's start,
a command, the facilitator's area — ever meets it. The drafts', workshops' and settings'
checks, which the start screen's glance makes too, are in kiosk.storage.shapes."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import RecordError, SavedRanking
from kiosk.storage.shapes import CHECKS, SETTINGS_FIELDS, settings_field_problems

__all__ = ["SETTINGS_FIELDS", "bad_documents", "read_poll_run", "read_poll_runs",
           "read_rankings", "settings_field_problems"]


def read_rankings(docs: Mapping[str, Any]) -> tuple[dict[str, SavedRanking], dict[str, str]]:
    """The rankings table read as records — its check is reading it — and what is wrong
    with each document that is not one."""
    records: dict[str, SavedRanking] = {}
    bad: dict[str, str] = {}
    with _no_collection():
        _read_each(docs, records, bad)
    return records, bad


@contextmanager
def _no_collection() -> Iterator[None]:
    """Thousands of records made at once are all kept: the cycle collector, run again and
    again as they pile up, would only scan them (it more than doubled the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_each(docs: Mapping[str, Any], records: dict[str, SavedRanking],
               bad: dict[str, str]) -> None:
    for key, doc in docs.items():
        try:
            record = SavedRanking.from_doc(doc)
        except RecordError as exc:
            bad[key] = f"cannot be read ({exc})"
            continue
        if record.ranking_id != key:
            bad[key] = f"has ranking_id {record.ranking_id!r}, not its key"
            continue
        records[key] = record


def read_poll_run(key: str, doc: Any) -> tuple[PollRun | None, str | None]:
    """A poll run document read as a record, or what is wrong with it: not a run, not under
    its own id, or one seat answering one stage twice."""
    try:
        run = PollRun.from_doc(doc)
    except RecordError as exc:
        return None, f"cannot be read ({exc})"
    if run.poll_run_id != key:
        return None, f"has poll_run_id {run.poll_run_id!r}, not its key"
    seen: set[tuple[int, int]] = set()
    for answer in run.answers:
        if (answer.stage, answer.seat) in seen:
            return None, f"has seat {answer.seat} answering stage {answer.stage} twice"
        seen.add((answer.stage, answer.seat))
    return run, None


def read_poll_runs(docs: Mapping[str, Any]) -> tuple[dict[str, PollRun], dict[str, str]]:
    """The poll_runs table read as records, and what is wrong with each that is not one."""
    runs: dict[str, PollRun] = {}
    bad: dict[str, str] = {}
    with _no_collection():
        for key, doc in docs.items():
            run, reason = read_poll_run(key, doc)
            if run is None:
                bad[key] = reason or "cannot be read"
            else:
                runs[key] = run
    return runs, bad


def bad_documents(tables: Mapping[str, Mapping[str, Any]],
                  rankings: dict[str, SavedRanking] | None = None,
                  poll_runs: dict[str, PollRun] | None = None) -> dict[str, dict[str, str]]:
    """{table: {key: what is wrong}} for every document that fails its table's check; the
    rankings (and poll runs) that are fine go into `rankings` (`poll_runs`) when it is
    given (read once, kept)."""
    found: dict[str, dict[str, str]] = {}
    for table, docs in tables.items():
        if table == "poll_runs":
            runs, bad = read_poll_runs(docs)
            if poll_runs is not None:
                poll_runs.update(runs)
            if bad:
                found[table] = bad
            continue
        if table == "rankings":
            records, bad = read_rankings(docs)
            if rankings is not None:
                rankings.update(records)
            if bad:
                found[table] = bad
            continue
        check = CHECKS.get(table)
        if check is None:
            continue
        for key, doc in docs.items():
            reason = check(key, doc)
            if reason is not None:
                found.setdefault(table, {})[key] = reason
    return found
