"""How the plenary screen names the room's tables: by label, told apart by the kiosk's short
id where two share a label, and a short tag per tile ("3", or "3a"/"3b" where tags meet)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Protocol

from kiosk.domain.naming import natural_key

SHORT_ID: Final = 4


class RoomTable(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def kiosk_id(self) -> str: ...


def _short_ids(kiosk_ids: Sequence[str]) -> list[str]:
    """Prefixes of at least SHORT_ID characters that tell these ids apart."""
    length = SHORT_ID
    while length < max((len(k) for k in kiosk_ids), default=0):
        prefixes = [k[:length] for k in kiosk_ids]
        if len(set(prefixes)) == len(prefixes):
            break
        length += 1
    return [k[:length] for k in kiosk_ids]


def _base_tag(label: str) -> str:
    """The table's number ("Table 12" -> "12"), else the label's first two characters."""
    words = label.split()
    digits = "".join(ch for ch in words[-1] if ch.isdigit()) if words else ""
    return digits[:3] or label[:2] or "?"


def room_labels(tables: Sequence[RoomTable]) -> dict[str, tuple[str, str]]:
    """key -> (label, tag) for the plenary's tiles and columns: same-label tables get the
    kiosk's short id in the label, and tables sharing a tag get a letter ("3a", "3b") in
    kiosk id order."""
    by_label: dict[str, list[RoomTable]] = {}
    for table in tables:
        by_label.setdefault(table.label.casefold(), []).append(table)
    labels: dict[str, str] = {}
    for group in by_label.values():
        if len(group) == 1:
            labels[group[0].key] = group[0].label
            continue
        group.sort(key=lambda t: t.kiosk_id)
        shorts = _short_ids([t.kiosk_id or "?" for t in group])
        for table, short in zip(group, shorts, strict=True):
            labels[table.key] = f"{table.label} · {short}"
    by_tag: dict[str, list[RoomTable]] = {}
    for table in sorted(tables, key=lambda t: (natural_key(labels[t.key]), t.kiosk_id)):
        by_tag.setdefault(_base_tag(table.label), []).append(table)
    out: dict[str, tuple[str, str]] = {}
    for tag, group in by_tag.items():
        for number, table in enumerate(group):
            suffix = "" if len(group) == 1 else chr(ord("a") + number % 26)
            out[table.key] = (labels[table.key], f"{tag}{suffix}")
    return out
