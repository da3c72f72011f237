"""How the plenary screen names the room's tables: by label, told apart by the kiosk's short
id where two share a label, and a tag of at most two characters per table ("3", "3a"/"3b"
where one-digit numbers meet, else "A", "B", …) that its tile shows beside the label."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Protocol

from kiosk.domain.naming import natural_key

SHORT_ID: Final = 4
MAX_NUMBER: Final = 99  # a tag holds two characters: a number up to 99
_MADE_KIOSK_ID: Final = re.compile(r"^kiosk-([0-9a-f]{6})$")  # kiosk.domain.workshop's form


class RoomTable(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kiosk_id(self) -> str: ...


def _own_part(kiosk_id: str) -> str:
    """What tells a kiosk id apart: the random part of one a kiosk made ("kiosk-3f2a1b" ->
    "3f2a1b"), else the whole id."""
    made = _MADE_KIOSK_ID.match(kiosk_id)
    return made.group(1) if made else kiosk_id


def _short_ids(kiosk_ids: Sequence[str]) -> list[str]:
    """Prefixes of at least SHORT_ID characters that tell these ids apart."""
    length = SHORT_ID
    while length < max((len(k) for k in kiosk_ids), default=0):
        prefixes = [k[:length] for k in kiosk_ids]
        if len(set(prefixes)) == len(prefixes):
            break
        length += 1
    return [k[:length] for k in kiosk_ids]


def _number(label: str) -> int | None:
    """The table's own number, when its label ends in one of 1..MAX_NUMBER ("Table 12")."""
    words = label.split()
    last = words[-1] if words else ""
    if last.isascii() and last.isdigit() and 1 <= int(last) <= MAX_NUMBER:
        return int(last)
    return None


def _letters(index: int) -> str:
    """A, B, … Z, then AA, AB, … (two characters at most: 702 tables)."""
    if index < 26:
        return chr(ord("A") + index)
    index -= 26
    return chr(ord("A") + index // 26 % 26) + chr(ord("A") + index % 26)


def room_labels(tables: Sequence[RoomTable]) -> dict[str, tuple[str, str]]:
    """key -> (label, tag) for the plenary's tiles and columns: same-label tables get the
    kiosk's short id in the label; the tag is at most two characters, never the same twice:
    the table's own number (1..99) when no other table has it, the number and a letter
    ("1a", "1b") where one-digit numbers meet, else a capital letter (A, B, … in the
    tables' order). Each tile shows its tag: the legend of the columns."""
    by_label: dict[str, list[RoomTable]] = {}
    for table in tables:
        by_label.setdefault(table.label.casefold(), []).append(table)
    labels: dict[str, str] = {}
    for group in by_label.values():
        if len(group) == 1:
            labels[group[0].key] = group[0].label
            continue
        group.sort(key=lambda t: t.kiosk_id)
        shorts = _short_ids([_own_part(t.kiosk_id) or "?" for t in group])
        for table, short in zip(group, shorts, strict=True):
            labels[table.key] = f"{table.label} · {short}"
    ordered = sorted(tables, key=lambda t: (natural_key(labels[t.key]), t.kiosk_id))
    by_number: dict[int, list[RoomTable]] = {}
    for table in ordered:
        number = _number(table.label)
        if number is not None:
            by_number.setdefault(number, []).append(table)
    tags: dict[str, str] = {}
    for number, group in by_number.items():
        if len(group) == 1:
            tags[group[0].key] = str(number)
        elif number < 10 and len(group) <= 26:
            for letter, table in enumerate(group):
                tags[table.key] = f"{number}{chr(ord('a') + letter)}"
    letter = 0
    for table in ordered:
        if table.key not in tags:
            tags[table.key] = _letters(letter)
            letter += 1
    return {t.key: (labels[t.key], tags[t.key]) for t in ordered}
