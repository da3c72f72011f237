"""The shape each stored document must have, checked when its file is read: a document that
fails is set aside (the store keeps the whole file as it was, byte for byte, beside it, and
reports the document's file, table and key) so that nothing downstream — the table's start,
a command, the facilitator's area — ever meets it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kiosk.domain.record import RecordError, SavedRanking

Check = Callable[[str, Any], str | None]  # (key, document) -> what is wrong, or None


def _draft_problem(key: str, entry: Any) -> str | None:
    if not isinstance(entry, Mapping):
        return "is not an object"
    if not isinstance(entry.get("draft"), Mapping):
        return "has no draft object"
    if "completing" in entry and not isinstance(entry["completing"], str):
        return "has a completing mark that is not a ranking id"
    return None


def _workshop_problem(key: str, doc: Any) -> str | None:
    if not isinstance(doc, Mapping):
        return "is not an object"
    if doc.get("workshop_id") != key:
        return f"has workshop_id {doc.get('workshop_id')!r}, not its key"
    for field in ("name", "place", "date"):
        if field in doc and not isinstance(doc[field], str):
            return f"has a {field} that is not text"
    return None


def _ranking_problem(key: str, doc: Any) -> str | None:
    try:
        record = SavedRanking.from_doc(doc)
    except RecordError as exc:
        return f"cannot be read ({exc})"
    if record.ranking_id != key:
        return f"has ranking_id {record.ranking_id!r}, not its key"
    return None


CHECKS: dict[str, Check] = {
    "drafts": _draft_problem,
    "workshops": _workshop_problem,
    "rankings": _ranking_problem,
}


def bad_documents(tables: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """{table: {key: what is wrong}} for every document that fails its table's check."""
    found: dict[str, dict[str, str]] = {}
    for table, docs in tables.items():
        check = CHECKS.get(table)
        if check is None:
            continue
        for key, doc in docs.items():
            reason = check(key, doc)
            if reason is not None:
                found.setdefault(table, {})[key] = reason
    return found
