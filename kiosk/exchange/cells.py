"""The CSV contract of formats.md in one place: column order, cell encoding, value rules.

Both export and import use these functions, so what one writes the other reads back exactly.
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import date

from kiosk.domain.record import parse_time

__all__ = ["parse_time"]  # the time format of the CSV contract, re-exported

RANKING_COLUMNS = (
    "ranking_id", "workshop_id", "workshop", "place", "workshop_date", "table", "kiosk_id",
    "deck", "lens", "card_id", "card_title", "position", "tier", "completed_at", "duration_s",
    "moves", "primary_criterion", "note",
)
CRITERIA_COLUMNS = (
    "ranking_id", "workshop", "table", "deck", "lens", "criterion", "origin", "primary",
)
# Export appends the workshop's and the kiosk's ids (so a criterion joins its table without
# rankings.csv); import needs only CRITERIA_COLUMNS, so files in the older layout still load.
CRITERIA_EXPORT_COLUMNS = CRITERIA_COLUMNS + ("workshop_id", "kiosk_id")
RANKINGS_FILE = "rankings.csv"
CRITERIA_FILE = "criteria.csv"
POLLS_FILE = "polls.csv"  # columns: kiosk.domain.poll_record.POLL_CSV_COLUMNS
TIERS = ("acceptable", "not acceptable")
ORIGINS = ("suggested", "own")

# OWASP CSV injection: a spreadsheet runs a cell that starts with one of these as a formula.
_TRIGGERS = frozenset("=+-@\t\r")
# First characters that need a closer look when guarding (the triggers and the apostrophe).
RISKY_START = frozenset("=+-@\t\r'")

# Fixed namespaces so ids derived from content are the same on every machine, every time.
PAPER_NAMESPACE = uuid.UUID("6f1d2c1e-3a51-5c2b-9a57-6b6f736b2d70")
WORKSHOP_NAMESPACE = uuid.UUID("0b7d8a52-61f4-5e0f-8d0c-776f726b7368")

_WHOLE = re.compile(r"^[0-9]+$")
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def guard(text: str) -> str:
    """Prefix an apostrophe when a spreadsheet would run the cell as a formula.

    Cells that already start with apostrophes before a trigger get one more, so that
    `unguard` (which removes exactly one) is its exact inverse for every string.
    """
    if not text or text[0] not in RISKY_START:
        return text
    body = text.lstrip("'")
    return "'" + text if body and body[0] in _TRIGGERS else text


def unguard(text: str) -> str:
    """Remove exactly the apostrophe `guard` added; any other text is left alone."""
    if text[:1] == "'":
        body = text.lstrip("'")
        if body and body[0] in _TRIGGERS:
            return text[1:]
    return text


def format_number(value: object) -> str:
    """Numbers are never guarded: none is negative, so none can start with a trigger."""
    if type(value) is int:  # nearly every cell of an export: places 1, 2, 3, ...
        return str(value)
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return ""


# Numbers a spreadsheet, R and JSON all hold exactly (below 2**53); a cell past that is
# refused like any other bad number, never turned into a Python error.
MAX_EXACT = 2 ** 53
_MAX_DIGITS = len(str(MAX_EXACT)) - 1


def parse_whole(text: str) -> int | None:
    """A non-negative whole number below MAX_EXACT, or None when the text is not one."""
    text = text.strip()
    if len(text) > _MAX_DIGITS or not _WHOLE.match(text):
        return None
    return int(text)


def parse_number(text: str) -> int | float | None:
    """A non-negative number below MAX_EXACT (int when written without a point), or None."""
    text = text.strip()
    if _WHOLE.match(text):
        return parse_whole(text)
    if _NUMBER.match(text):
        value = float(text)
        return value if math.isfinite(value) and value < MAX_EXACT else None
    return None


def valid_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def canonical_uuid(text: str) -> str:
    """A UUID in its one written form (lower case, hyphenated): "{…}", "urn:uuid:…", upper
    case or bare hex all name the same ranking. Text that is no UUID comes back as it is."""
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return text


def valid_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def workshop_id_for(name: str, place: str, workshop_date: str) -> str:
    """The id a workshop typed in without one gets: the same name, place and date always
    give the same id, so paper rows of one workshop stay together across imports."""
    return str(uuid.uuid5(WORKSHOP_NAMESPACE, "\x1f".join((name, place, workshop_date))))
