"""A workshop's details changed, with every ranking's copy of them, all or nothing.

The workshop lives in kiosk.json and each ranking's copy of its name, place and date in
rankings.json: two files, which no single write covers. So the change is rolled forward:

1. kiosk.json: the workshop with its new details, marked `copies_pending`;
2. rankings.json: every ranking of that workshop corrected, in one atomic write;
3. kiosk.json: the workshop without the mark.

Killed after 1 or 2, the next open finds the mark and does 2 and 3 again (correcting a copy
is idempotent), so no ranking keeps the old details under a workshop showing the new ones.
A write that fails in 2 (a full disk) puts the workshop back as it was: nothing changed.
The corrected copies are patched documents and records, never re-read from the file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.domain.record import SavedRanking
from kiosk.storage.copies import copy_doc, doc_key
from kiosk.storage.errors import StoreError, describe_failure
from kiosk.storage.tables import Doc, KeyedTable

PENDING = "copies_pending"  # a workshop field: its rankings' copies may be out of date
Progress = Callable[[int, int], None]


def _details(workshop: Mapping[str, Any]) -> dict[str, str]:
    def text(name: str) -> str:
        value = workshop.get(name, "")
        return value if isinstance(value, str) else ""

    return {"workshop": text("name"), "place": text("place"), "workshop_date": text("date")}


def _corrections(workshop: Mapping[str, Any], stored: Mapping[str, Doc],
                 records: Mapping[str, SavedRanking],
                 ) -> tuple[dict[str, Doc], dict[str, SavedRanking]]:
    """The documents and records of the workshop's rankings whose copies differ."""
    workshop_id, details = workshop["workshop_id"], _details(workshop)
    wanted = (details["workshop"], details["place"], details["workshop_date"])
    docs: dict[str, Doc] = {}
    fixed: dict[str, SavedRanking] = {}
    for key, record in records.items():
        if record.workshop_id != workshop_id or key not in stored:
            continue
        if (record.workshop, record.place, record.workshop_date) == wanted:
            continue
        docs[key] = {**stored[key], **details}  # a new document: the cached one is not edited
        fixed[key] = record.with_changes(**details)
    return docs, fixed


def update_workshop(workshops: KeyedTable, rankings: KeyedTable,
                    records: dict[str, SavedRanking], doc: Doc,
                    kiosk_written: Callable[[], None], progress: Progress | None = None) -> int:
    """Save the workshop `doc` and correct its rankings' copies (see the module's steps);
    `records` is the store's cache of rankings, updated in place. Returns how many rankings
    were corrected. `kiosk_written` runs after each write of kiosk.json (its copy)."""
    key = doc_key(doc, "workshop_id")
    new = copy_doc(doc)
    new.pop(PENDING, None)
    docs, fixed = _corrections(new, rankings.raw(), records)
    total = len(docs)
    if progress is not None:
        progress(0, total)
    if not docs:
        workshops.change(put={key: new})
        kiosk_written()
        return 0
    before = workshops.raw().get(key)
    workshops.change(put={key: {**new, PENDING: True}})
    kiosk_written()
    try:
        rankings.change(put=docs)
    except BaseException:
        with contextlib.suppress(OSError, StoreError):  # else the mark finishes it later
            if before is None:
                workshops.change(remove=[key])
            else:
                workshops.change(put={key: before})
            kiosk_written()
        raise
    records.update(fixed)
    workshops.change(put={key: new})
    kiosk_written()
    if progress is not None:
        progress(total, total)
    return total


def finish_interrupted_updates(workshops: KeyedTable, rankings: Callable[[], KeyedTable],
                               records: Callable[[], dict[str, SavedRanking]],
                               kiosk_written: Callable[[], None]) -> list[str]:
    """At open: a workshop still marked was cut short (a kill, a power cut) after step 1 or
    2; do the rest. Reads rankings.json only then. Returns what was mended, or what could
    not be (a full disk: the mark stays, and the next open tries again)."""
    marked = [dict(doc) for doc in workshops.raw().values() if doc.get(PENDING) is True]
    said = []
    for doc in marked:
        name = doc.get("name", "")
        try:
            update_workshop(workshops, rankings(), records(), doc, kiosk_written)
        except (OSError, StoreError) as exc:
            said.append(f"A change to the workshop “{name}” was cut short and cannot be "
                        f"finished yet: {describe_failure(exc)} The kiosk tries again when "
                        "it next starts.")
            continue
        said.append(f"A change to the workshop “{name}” was cut short (the kiosk stopped "
                    "while saving it); it is finished now, its saved rankings included.")
    return said
