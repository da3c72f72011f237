"""Full validation of the store files' content, beyond the shape checked on load."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.domain.record import RecordError, SavedRanking, completion_time
from kiosk.storage.migrations import SCHEMA_VERSION, declared_version

KEY_FIELDS = {"workshops": "workshop_id", "rankings": "ranking_id"}


def find_problems(path: Path, tables: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> list[str]:
    problems = []
    version = declared_version(tables)
    if version != SCHEMA_VERSION:
        problems.append(f"{path} has store schema {version!r}; expected {SCHEMA_VERSION}.")
    for name, field in KEY_FIELDS.items():
        for key, doc in tables.get(name, {}).items():
            if doc.get(field) != key:
                problems.append(
                    f"{path}: the {name} entry {key!r} has {field} {doc.get(field)!r}."
                )
    for key, doc in tables.get("rankings", {}).items():
        try:
            SavedRanking.from_doc(doc)
        except RecordError as exc:
            problems.append(f"{path}: ranking {key!r} cannot be read: {exc}.")
            continue
        if doc.get("completed_at") and completion_time(doc["completed_at"]) is None:
            problems.append(
                f"{path}: ranking {key!r} has completed_at {doc['completed_at']!r}, "
                "which is not an ISO 8601 time."
            )
    for slot, entry in tables.get("drafts", {}).items():
        if not isinstance(entry.get("draft"), dict):
            problems.append(f"{path}: the draft in slot {slot!r} has no draft document.")
        if "completing" in entry and not isinstance(entry["completing"], str):
            problems.append(f"{path}: the draft in slot {slot!r} has a bad completing mark.")
    extra = set(tables.get("settings", {})) - {"kiosk"}
    if extra:
        problems.append(f"{path}: unexpected settings entries {sorted(extra)}.")
    return problems
