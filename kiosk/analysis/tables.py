"""Which table a ranking came from, and names that tell tables and workshops apart.

A table is one kiosk's table in one workshop: (workshop, kiosk, label). Kiosks left on their
defaults can share a label, and workshops a name (every kiosk names its first workshop after
the day). Where names collide in a set of rankings, what tells them apart is added — and only
there: "Table 1 (kiosk 3f2a)", "Leeds (Town Hall)", "Workshop 2026-12-01 (id 5c1e)".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol


class AtTable(Protocol):
    """What names a table and its workshop: a saved ranking, or a case-study poll run."""

    @property
    def workshop_id(self) -> str: ...
    @property
    def workshop(self) -> str: ...
    @property
    def place(self) -> str: ...
    @property
    def workshop_date(self) -> str: ...
    @property
    def table(self) -> str: ...
    @property
    def kiosk_id(self) -> str: ...


TableKey = tuple[str, str, str]  # workshop key, kiosk id, table label
KIOSK_PREFIX = "kiosk-"


def workshop_key(record: AtTable) -> str:
    """The workshop's id (or its name, for a ranking that has no id)."""
    return record.workshop_id or record.workshop


def table_key(record: AtTable) -> TableKey:
    return (workshop_key(record), record.kiosk_id, record.table)


def table_count(records: Iterable[AtTable]) -> int:
    """How many tables made these rankings: kiosk and label in a workshop, not labels."""
    return len({table_key(r) for r in records})


def short_ids(ids: Iterable[str], minimum: int = 4) -> dict[str, str]:
    """The shortest beginnings (at least `minimum` characters) that tell the ids apart,
    "kiosk-" left off: {"kiosk-3f2a1b": "3f2a", "kiosk-3f2c00": "3f2c"}."""
    bare = {i: (i[len(KIOSK_PREFIX):] if i.startswith(KIOSK_PREFIX) else i) for i in set(ids)}
    longest = max((len(b) for b in bare.values()), default=0)
    for length in range(minimum, longest + 1):
        cut = {i: b[:length] for i, b in bare.items()}
        if len(set(cut.values())) == len(cut):
            return cut
    return bare


def _base_workshop(record: AtTable) -> str:
    return record.workshop or record.place or "Workshop"


def workshop_names(records: Iterable[AtTable]) -> dict[str, str]:
    """{workshop key: the name to show}. Workshops that share a name are told apart by
    their place, else their date, else the beginning of their id."""
    places: dict[str, tuple[str, str, str]] = {}
    for record in records:
        places.setdefault(workshop_key(record),
                          (_base_workshop(record), record.place, record.workshop_date))
    by_name: dict[str, list[str]] = defaultdict(list)
    for key, (name, _, _) in places.items():
        by_name[name].append(key)
    shown = {key: name for key, (name, _, _) in places.items()}
    for name, keys in by_name.items():
        if len(keys) < 2:
            continue
        for field in (1, 2):
            values = [places[k][field] for k in keys]
            if all(values) and len(set(values)) == len(values):
                shown.update({k: f"{name} ({places[k][field]})" for k in keys})
                break
        else:
            ids = short_ids(keys)
            shown.update({k: f"{name} (id {ids[k]})" for k in keys})
    return shown


def table_names(records: Iterable[AtTable]) -> dict[TableKey, str]:
    """{table: the label to show}. Kiosks that share a label in workshops of one name are
    told apart by the kiosk's short id; a kiosk's own label is left as it is."""
    keys = {table_key(r): _base_workshop(r) for r in records}
    kiosks: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (_, kiosk, label), name in keys.items():
        kiosks[(name, label or "Table ?")].add(kiosk)
    shown: dict[TableKey, str] = {}
    ids: dict[tuple[str, str], dict[str, str]] = {}
    for key, name in keys.items():
        _, kiosk, label = key
        label = label or "Table ?"
        sharing = kiosks[(name, label)]
        if len(sharing) < 2:
            shown[key] = label
            continue
        if (name, label) not in ids:
            ids[(name, label)] = short_ids(k for k in sharing if k)
        # No kiosk id: typed in from a paper sheet (on screen or as a CSV).
        shown[key] = (f"{label} (kiosk {ids[(name, label)][kiosk]})" if kiosk
                      else f"{label} (paper)")
    return shown


def table_labels(records: Sequence[AtTable]) -> list[tuple[str, str]]:
    """(workshop, table) as shown, for each ranking in the order given."""
    workshops = workshop_names(records)
    tables = table_names(records)
    return [(workshops[workshop_key(r)], tables[table_key(r)]) for r in records]


def workshops_named(records: Sequence[AtTable], name: str) -> dict[str, str]:
    """{workshop key: name as shown} of the workshops called `name` (several can be: two
    kiosks started on the same day each made a "Workshop <date>")."""
    shown = workshop_names(records)
    keys = dict.fromkeys(workshop_key(r) for r in records if r.workshop == name)
    return {key: shown[key] for key in keys}


def namesakes_note(records: Sequence[AtTable], name: str, verb: str) -> str | None:
    """The line that says a name covers several workshops, and that all are `verb` (e.g.
    "compared"); None when it names one workshop or none."""
    found = workshops_named(records, name)
    if len(found) < 2:
        return None
    listed = "; ".join(f"{shown} = id {key}" for key, shown in found.items())
    every = "both are" if len(found) == 2 else "all are"
    return (f"note: {len(found)} workshops are named '{name}' ({listed}); {every} {verb} "
            "(give a workshop id to choose one)")
