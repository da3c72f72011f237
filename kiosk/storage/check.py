"""Full validation of the store files' content, beyond the shape checked on load."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import NOTE_MAX, TIME_RANGE_TEXT, SavedRanking, completion_time
from kiosk.storage.documents import bad_documents, settings_field_problems
from kiosk.storage.layout import SETTINGS_KEY
from kiosk.storage.migrations import SCHEMA_VERSION, declared_version
from kiosk.storage.workshop_copies import PENDING


def find_problems(path: Path, tables: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> list[str]:
    problems = []
    version = declared_version(tables)
    if version != SCHEMA_VERSION:
        problems.append(f"{path} has store schema {version!r}; expected {SCHEMA_VERSION}.")
    # Documents of the wrong shape (what opening a writable store sets aside); the rest are
    # read as records, and what is checked further is the records' typed fields.
    rankings: dict[str, SavedRanking] = {}
    runs: dict[str, PollRun] = {}
    for table, reasons in bad_documents(tables, rankings, runs).items():
        for key, reason in reasons.items():
            problems.append(f"{path}: the {table} document {key!r} {reason}.")
    for key, record in rankings.items():
        if record.completed_at and completion_time(record.completed_at) is None:
            problems.append(
                f"{path}: ranking {key!r} has completed_at {record.completed_at!r}, "
                f"which is not an ISO 8601 time {TIME_RANGE_TEXT}."
            )
        # a note is read shortened: its length is the stored document's
        note = tables["rankings"][key].get("note")
        if isinstance(note, str) and len(note) > NOTE_MAX:  # kept whole by an older kiosk
            problems.append(f"{path}: ranking {key!r} has a note of {len(note):,} characters; "
                            f"the kiosk shows and exports its first {NOTE_MAX:,}.")
    for key, doc in tables.get("workshops", {}).items():
        if isinstance(doc, Mapping) and doc.get(PENDING) is True:
            problems.append(f"{path}: a change to the workshop {key!r} was cut short; its "
                            "saved rankings may still show its old details until the kiosk "
                            "can write its data folder again.")
    for key, run in runs.items():
        for answer in run.answers:
            if answer.answered_at and completion_time(answer.answered_at) is None:
                problems.append(f"{path}: poll run {key!r} has answered_at "
                                f"{answer.answered_at!r}, which is not an ISO 8601 time "
                                f"{TIME_RANGE_TEXT}.")
                break
    settings = tables.get("settings", {}).get(SETTINGS_KEY)
    if isinstance(settings, Mapping):
        for name, reason in settings_field_problems(settings).items():
            problems.append(f"{path}: the setting {name!r} {reason}.")
    extra = set(tables.get("settings", {})) - {SETTINGS_KEY}
    if extra:
        problems.append(f"{path}: unexpected settings entries {sorted(extra)}.")
    return problems
