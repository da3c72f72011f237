"""The shape of the documents the kiosk's start path reads — drafts, workshops and the
settings — checked by the full Store (kiosk.storage.documents) and by the start screen's
glance (kiosk.storage.glance) alike, so a document is never good on one path and bad on the
other. Kept apart from the rankings' and poll runs' checks, which need their records."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kiosk.domain.pin import LOCKOUT_S, MAX_TRIES, is_pin_hash
from kiosk.domain.workshop import MAX_IDLE_S, MAX_SEATS, MIN_IDLE_S, MIN_SEATS

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


def _settings_problem(key: str, doc: Any) -> str | None:
    return None if isinstance(doc, Mapping) else "is not an object"


CHECKS: dict[str, Check] = {
    "drafts": _draft_problem,
    "workshops": _workshop_problem,
    "settings": _settings_problem,
}


def shape_problems(tables: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """{table: {key: what is wrong}} for the drafts, workshops and settings that fail."""
    found: dict[str, dict[str, str]] = {}
    for table, check in CHECKS.items():
        for key, doc in tables.get(table, {}).items():
            reason = check(key, doc)
            if reason is not None:
                found.setdefault(table, {})[key] = reason
    return found


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _some_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _sequence(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(step, Mapping) and (_some_text(step.get("poll")) or (
            _some_text(step.get("lens")) and _some_text(step.get("deck"))))
        for step in value)


def _whole(low: int, high: int) -> Callable[[Any], bool]:
    return lambda value: type(value) is int and low <= value <= high


def _lockout(value: Any) -> bool:
    if not isinstance(value, Mapping):
        return False
    failures, locked = value.get("failures", 0), value.get("locked_s", 0)
    return (type(failures) is int and 0 <= failures <= MAX_TRIES
            and type(locked) in (int, float) and 0 <= locked <= LOCKOUT_S)  # never NaN


def _pin(value: Any) -> bool:
    return value is None or is_pin_hash(value)


# The settings document's fields, each with what its value must be; a field that is not is
# taken back from kiosk-copy.json or left to its default (kiosk.storage.recovery).
SETTINGS_FIELDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "workshop_id": (_text, "text"),
    "table": (_text, "text"),
    "kiosk_id": (_some_text, "a kiosk id"),
    "sequence": (_sequence, "a list of steps, each a lens and a deck, or a poll"),
    "idle_timeout_s": (_whole(MIN_IDLE_S, MAX_IDLE_S),
                       f"a whole number of seconds from {MIN_IDLE_S} to {MAX_IDLE_S}"),
    "seats": (_whole(MIN_SEATS, MAX_SEATS),
              f"a whole number of seats from {MIN_SEATS} to {MAX_SEATS}"),
    "pin": (_pin, "a stored PIN"),
    "pin_lost": (lambda value: isinstance(value, bool), "true or false"),
    "pin_lockout": (_lockout, f"the PIN pad's tries (0 to {MAX_TRIES}) and lock-out (0 to "
                              f"{LOCKOUT_S:g} seconds)"),
}


def settings_field_problems(doc: Mapping[str, Any]) -> dict[str, str]:
    """{field: what is wrong} for each known setting whose value has the wrong type or is
    out of range."""
    found = {}
    for name, (fits, wanted) in SETTINGS_FIELDS.items():
        if name in doc and not fits(doc[name]):
            found[name] = f"is {_shown(doc[name])}, not {wanted}"
    return found


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
