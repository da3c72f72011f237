"""Bringing a kiosk's settings back when kiosk.json is damaged, wrongly typed or gone: from
its second copy (kiosk.storage.settings_copy), or else from what its parked ranking knows.
A PIN that cannot be brought back is marked lost, so nobody is offered to choose a new one
at the pad (`kiosk set-pin` at the machine's keyboard sets it again)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.storage.documents import SETTINGS_FIELDS
from kiosk.storage.layout import KIOSK_FILE, SETTINGS_KEY
from kiosk.storage.settings_copy import COPY_FILE, read_copy
from kiosk.storage.tables import Doc

PIN_LOST = ("the facilitator's PIN is not known: stop the kiosk and, at its keyboard, run "
            "`kiosk set-pin` to set it again")


def table_draft(entry: object) -> bool:
    """A draft a table's session parked (it names the kiosk it was made on)."""
    draft = entry.get("draft") if isinstance(entry, dict) else None
    context = draft.get("context") if isinstance(draft, dict) else None
    return isinstance(context, dict) and bool(context.get("kiosk_id"))


def ran_before(data_dir: Path, drafts: Mapping[str, Any]) -> bool:
    """Signs that this folder's kiosk.json held a kiosk's settings: a parked ranking (a
    table's session writes its settings before its first draft) or a kiosk.json set aside
    as damaged. Rankings alone are not: a hub's folder fills by import."""
    return (any(table_draft(entry) for entry in drafts.values())
            or any(data_dir.glob(f"{KIOSK_FILE}.corrupt-*")))


def mend_settings(data_dir: Path, path: Path, doc: Doc, fields: dict[str, str],
                  kept: Path | None) -> list[str]:
    """Settings of the wrong type (a hand edit, damage): one document holds the PIN and the
    kiosk's identity, so it is mended in place, never set aside whole — each wrong setting
    is taken back from kiosk-copy.json, or else left to its default; a PIN that cannot be
    taken back is marked lost. Returns what was done, one line per setting. `kept`: where
    the file as it was is kept (None: a full disk, kept as it is until there is room)."""
    copy_path = data_dir / COPY_FILE
    copy = read_copy(copy_path)
    copied = copy["settings"].get(SETTINGS_KEY, {}) if copy is not None else {}
    told = []
    for name, reason in fields.items():
        fits = SETTINGS_FIELDS[name][0]
        if name in copied and fits(copied[name]) and copied[name] is not None:
            doc[name] = copied[name]
            outcome = f"it was taken back from {copy_path}"
        else:
            del doc[name]
            if name == "pin":
                doc["pin_lost"] = True
                outcome = PIN_LOST
            else:
                outcome = (f"{copy_path} holds no good value for it either, so its default "
                           "is used")
        where = (f"the file as it was is kept as {kept}" if kept is not None else
                 "the file is kept as it is until there is room to set it aside")
        told.append(f"{path}: the setting {name!r} {reason}; {outcome} ({where}).")
    return told


def settings_from_parked_draft(drafts: Mapping[str, Any],
                               workshops: Mapping[str, Any]) -> tuple[Doc, dict[str, Doc]]:
    """With no copy of kiosk.json either: the settings a parked ranking can give back (its
    kiosk's id, table and workshop; the PIN marked lost) and the workshop to add if it is not
    stored. A draft is kept under its kiosk's id, with its context."""
    settings: Doc = {"pin_lost": True}
    add: dict[str, Doc] = {}
    if len(drafts) != 1:
        return settings, add
    slot, entry = next(iter(drafts.items()))
    settings["kiosk_id"] = slot
    context = entry.get("draft", {}).get("context") if isinstance(entry, dict) else None
    if not (isinstance(context, dict) and isinstance(context.get("workshop_id"), str)
            and context["workshop_id"]):
        return settings, add
    workshop_id = context["workshop_id"]
    settings["workshop_id"] = workshop_id
    if isinstance(context.get("table"), str) and context["table"]:
        settings["table"] = context["table"]
    if workshop_id not in workshops:
        add[workshop_id] = {"workshop_id": workshop_id,
                            "name": str(context.get("workshop", "")),
                            "place": str(context.get("place", "")),
                            "date": str(context.get("workshop_date", ""))}
    return settings, add
