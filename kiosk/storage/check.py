"""Full validation of the store files' content, beyond the shape checked on load."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.domain.record import NOTE_MAX, completion_time
from kiosk.storage.documents import bad_documents, settings_field_problems
from kiosk.storage.layout import SETTINGS_KEY
from kiosk.storage.migrations import SCHEMA_VERSION, declared_version
from kiosk.storage.workshop_copies import PENDING


def find_problems(path: Path, tables: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> list[str]:
    problems = []
    version = declared_version(tables)
    if version != SCHEMA_VERSION:
        problems.append(f"{path} has store schema {version!r}; expected {SCHEMA_VERSION}.")
    # Documents of the wrong shape (what opening a writable store sets aside).
    for table, reasons in bad_documents(tables).items():
        for key, reason in reasons.items():
            problems.append(f"{path}: the {table} document {key!r} {reason}.")
    for key, doc in tables.get("rankings", {}).items():
        if doc.get("completed_at") and completion_time(doc["completed_at"]) is None:
            problems.append(
                f"{path}: ranking {key!r} has completed_at {doc['completed_at']!r}, "
                "which is not an ISO 8601 time."
            )
        note = doc.get("note")
        if isinstance(note, str) and len(note) > NOTE_MAX:  # kept whole by an older kiosk
            problems.append(f"{path}: ranking {key!r} has a note of {len(note):,} characters; "
                            f"the kiosk shows and exports its first {NOTE_MAX:,}.")
    for key, doc in tables.get("workshops", {}).items():
        if isinstance(doc, Mapping) and doc.get(PENDING) is True:
            problems.append(f"{path}: a change to the workshop {key!r} was cut short; its "
                            "saved rankings may still show its old details until the kiosk "
                            "can write its data folder again.")
    for key, doc in tables.get("poll_runs", {}).items():
        answers = doc.get("answers") if isinstance(doc, Mapping) else None
        for answer in answers if isinstance(answers, list) else ():
            when = answer.get("answered_at") if isinstance(answer, Mapping) else None
            if isinstance(when, str) and when and completion_time(when) is None:
                problems.append(f"{path}: poll run {key!r} has answered_at {when!r}, which is "
                                "not an ISO 8601 time.")
                break
    settings = tables.get("settings", {}).get(SETTINGS_KEY)
    if isinstance(settings, Mapping):
        for name, reason in settings_field_problems(settings).items():
            problems.append(f"{path}: the setting {name!r} {reason}.")
    extra = set(tables.get("settings", {})) - {SETTINGS_KEY}
    if extra:
        problems.append(f"{path}: unexpected settings entries {sorted(extra)}.")
    return problems
