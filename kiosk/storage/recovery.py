"""Bringing a kiosk's settings back when kiosk.json is damaged, wrongly typed, emptied or
gone: from its second copy (kiosk.storage.settings_copy), or else from what its parked
ranking knows. A PIN that cannot be brought back is marked lost, so nobody is offered to
choose a new one at the pad (`kiosk set-pin` at the machine's keyboard sets it again); and
the copy is never overwritten by settings that have lost what it holds."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kiosk.domain.pin import is_pin_hash
from kiosk.storage.errors import StoreError, describe_failure
from kiosk.storage.files import keep_copy_aside
from kiosk.storage.layout import ASIDE_FOLDER, COPY_TABLES, KIOSK_FILE, SETTINGS_KEY
from kiosk.storage.settings_copy import COPY_FILE, copy_damage, read_copy
from kiosk.storage.shapes import CHECKS, SETTINGS_FIELDS
from kiosk.storage.tables import Doc, KeyedTable

READ_ONLY = ("The data folder {} is read-only (it cannot be written), so the file is "
             "repaired once it can be written; nothing is lost.")

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
    as damaged (still beside it, or kept in set-aside/ by the facilitator). Rankings alone
    are not: a hub's folder fills by import."""
    return (any(table_draft(entry) for entry in drafts.values())
            or any(data_dir.glob(f"{KIOSK_FILE}.corrupt-*"))
            or any((data_dir / ASIDE_FOLDER).glob(f"{KIOSK_FILE}.corrupt-*")))


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


# What damage can take from the settings (a key deleted, the document emptied, the PIN set to
# null) while kiosk-copy.json still holds it. No change the kiosk makes removes one of these
# (`pin_lost` is not among them: `kiosk set-pin` removes it).
KEPT_FIELDS = tuple(name for name in SETTINGS_FIELDS if name != "pin_lost")


def _gone(value: object) -> bool:
    return value is None or value == ""


def lost_fields(settings: Mapping[str, Any], kept: Mapping[str, Any]) -> dict[str, Any]:
    """The settings `kept` holds (good values) that `settings` has lost."""
    return {name: kept[name] for name in KEPT_FIELDS
            if _gone(settings.get(name)) and not _gone(kept.get(name))
            and SETTINGS_FIELDS[name][0](kept[name])}


def never_worse(tables: dict[str, dict[str, Any]],
                old: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """kiosk.json's settings and workshops as kiosk-copy.json is to hold them: what the old
    copy holds and they have lost (the PIN, the kiosk's id…) stays in the copy, and the next
    opening takes it back."""
    if old is None or not isinstance(tables["settings"].get(SETTINGS_KEY), Mapping):
        return tables
    settings = tables["settings"][SETTINGS_KEY]
    keep = lost_fields(settings, old["settings"].get(SETTINGS_KEY, {}))
    if not keep:
        return tables
    merged = {**settings, **keep}
    if "pin" in keep:
        merged.pop("pin_lost", None)
    return {**tables, "settings": {**tables["settings"], SETTINGS_KEY: merged}}


def _take_back(data_dir: Path, settings: KeyedTable, workshops: KeyedTable,
               copy: dict[str, dict[str, Any]], read_only: bool) -> list[str]:
    """Settings that parse but have lost what the copy holds: taken back from it, and the
    current workshop too if it is missing (set aside as damaged, or deleted)."""
    kiosk_file, copy_path = data_dir / KIOSK_FILE, data_dir / COPY_FILE
    doc = dict(settings.raw()[SETTINGS_KEY])
    told = []
    taken = lost_fields(doc, copy["settings"].get(SETTINGS_KEY, {}))
    if taken and read_only:  # used from the copy, in memory: the PIN is never "not chosen"
        doc.update(taken)
        if "pin" in taken:
            doc.pop("pin_lost", None)
        settings.remember({SETTINGS_KEY: doc})
        told.append(f"{kiosk_file}: the kiosk's settings have lost "
                    f"{', '.join(repr(name) for name in taken)}, which {copy_path} holds; "
                    f"the kiosk uses them from there. {READ_ONLY.format(data_dir)}")
    elif taken:
        kept = keep_copy_aside(kiosk_file)
        doc.update(taken)
        if "pin" in taken:
            doc.pop("pin_lost", None)
        settings.change(put={SETTINGS_KEY: doc})
        told.append(f"{kiosk_file}: the kiosk's settings had lost "
                    f"{', '.join(repr(name) for name in taken)}; taken back from {copy_path} "
                    f"(the file as it was is kept as {kept}).")
    current = doc.get("workshop_id")
    found = copy["workshops"].get(current) if isinstance(current, str) and current else None
    if (found is not None and current not in workshops.raw()
            and CHECKS["workshops"](str(current), found) is None):
        if read_only:
            workshops.remember({str(current): dict(found)})
        else:
            workshops.change(put={str(current): dict(found)})
        told.append(f"{kiosk_file}: this kiosk's workshop {current!r} was missing; it was "
                    f"taken back from {copy_path}.")
    return told


def _copy_damaged(data_dir: Path, settings: KeyedTable, damage: str) -> list[str]:
    """kiosk-copy.json is there but cannot be read: kept aside (when it is a file) and
    written again from kiosk.json. Should kiosk.json hold no PIN, whether the kiosk had one
    cannot be known, so the PIN is marked lost rather than offered to anyone."""
    kiosk_file, copy_path = data_dir / KIOSK_FILE, data_dir / COPY_FILE
    kept = keep_copy_aside(copy_path) if copy_path.is_file() else None
    where = f" (it is kept as {kept})" if kept is not None else ""
    doc = settings.raw()[SETTINGS_KEY]
    if is_pin_hash(doc.get("pin")) or doc.get("pin_lost") is True:
        return [f"{copy_path}, the second copy of {kiosk_file}, could not be read ({damage})"
                f"{where}; it is written again from {kiosk_file}."]
    settings.change(put={SETTINGS_KEY: {**doc, "pin_lost": True}})
    return [f"{copy_path}, the second copy of {kiosk_file}, could not be read ({damage})"
            f"{where}, and {kiosk_file} holds no PIN: {PIN_LOST}."]


def recover_settings(data_dir: Path, settings: KeyedTable, workshops: KeyedTable,
                     drafts: Mapping[str, Any], read_only: bool,
                     write_copy: Callable[[], None]) -> list[str]:
    """kiosk.json's settings damaged, emptied or gone: brought back from kiosk-copy.json.
    With no copy either, a kiosk that had run before keeps what its parked ranking knows
    (its id, table and workshop) and marks its PIN as lost. Returns what was done."""
    kiosk_file, copy_path = data_dir / KIOSK_FILE, data_dir / COPY_FILE
    copy = read_copy(copy_path)
    if SETTINGS_KEY in settings.raw():
        damage = copy_damage(copy_path) if copy is None and not read_only else None
        try:
            if damage is not None:
                told = _copy_damaged(data_dir, settings, damage)
            else:
                told = _take_back(data_dir, settings, workshops, copy, read_only) if copy else []
        except (OSError, StoreError) as exc:  # a full disk: the next start, with room
            return [f"{kiosk_file}: the kiosk's settings could not be checked against "
                    f"{copy_path} yet (the copy is left as it is): "
                    f"{describe_failure(exc, data_dir)}"]
        if copy != {name: dict(table.raw()) for name, table in
                    zip(COPY_TABLES, (settings, workshops), strict=True)}:
            with contextlib.suppress(OSError, StoreError):  # full or read-only: later
                write_copy()  # first start after an update, or stale
        return told
    if read_only and copy is None:
        return []  # nothing to restore from, nor anywhere to restore into
    if read_only and copy is not None:  # used from the copy, in memory
        settings.remember(copy["settings"])
        workshops.remember(copy["workshops"])
        return [f"{kiosk_file} was damaged or missing: the kiosk uses its settings (its PIN, "
                f"its id and table) and its workshops from {copy_path}. "
                f"{READ_ONLY.format(data_dir)}"]
    if copy is not None:
        settings.change(put=copy["settings"])
        workshops.change(put=copy["workshops"])
        return [f"{kiosk_file} was damaged or missing: the kiosk's settings (its PIN, its id "
                f"and table) and its workshops were restored from {copy_path}."]
    if not ran_before(data_dir, drafts):
        return []  # a new kiosk: it chooses its PIN on first use
    restored, add = settings_from_parked_draft(drafts, workshops.raw())
    if add:
        workshops.change(put=add)
    settings.change(put={SETTINGS_KEY: restored})
    write_copy()
    return [f"{kiosk_file} was damaged or missing and no copy of it could be read: "
            f"{PIN_LOST}."]
