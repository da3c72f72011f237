"""Schema versions of the store files and the steps that bring older files up to date.

Every file carries its own `meta` table, `{"store": {"schema_version": N}}`; kiosk.json's is
the store's version. A step is a pure function (file name, tables at version N) -> tables at
version N+1, and a file's upgraded tables and its new version stamp land in one atomic
write: a crash during an upgrade leaves each file wholly before or wholly after it. A file is
brought up to date when it is first loaded, so rankings.json is still not read at start-up.
A step that had to move data between files would need more than this.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.storage.errors import StoreError, UnreadableFile
from kiosk.storage.layout import Tables

if TYPE_CHECKING:  # TinyDB is not needed to know the schema version (see glance.py)
    from tinydb.storages import Storage

    from kiosk.storage.atomic import Gate

SCHEMA_VERSION = 1
META_TABLE = "meta"
META_KEY = "store"

Migration = Callable[[str, Tables], Tables]


def _key_by_natural_ids(file: str, tables: Tables) -> Tables:
    """0 -> 1. Version 0 is the unversioned layout plain TinyDB writes: documents under its
    integer ids, a draft's slot inside the draft. Version 1 keys each document by its own id
    and wraps a draft as {"draft": doc} so the store can mark it while completing it."""
    fields = {"workshops": "workshop_id", "rankings": "ranking_id", "drafts": "slot"}
    upgraded: Tables = {}
    for name, table in tables.items():
        if name == "settings":
            docs = [doc for _, doc in sorted(table.items(), key=_int_first)]
            upgraded[name] = {"kiosk": docs[-1]} if docs else {}
        elif name in fields:
            keyed = {}
            for old_key, doc in sorted(table.items(), key=_int_first):
                key = doc.get(fields[name])
                if not isinstance(key, str) or not key:
                    key = f"v0-{old_key}"
                    doc = {**doc, fields[name]: key}
                keyed[key] = {"draft": doc} if name == "drafts" else doc
            upgraded[name] = keyed
        else:
            upgraded[name] = table
    return upgraded


def _int_first(item: tuple[str, Any]) -> tuple[int, str]:
    key = item[0]
    return (int(key), "") if key.isdigit() else (0, key)


MIGRATIONS: dict[int, Migration] = {0: _key_by_natural_ids}


def declared_version(parsed: object) -> object:
    """The raw `schema_version` value, or None when the file has no meta table."""
    if not isinstance(parsed, dict) or not isinstance(parsed.get(META_TABLE), dict):
        return None
    meta = parsed[META_TABLE].get(META_KEY)
    return meta.get("schema_version") if isinstance(meta, dict) else None


def version_gate(path: Path, known: int = SCHEMA_VERSION) -> Gate:
    """Refuse a file from a newer kiosk before anything looks at its shape: its layout may
    have changed, and it must not be set aside or touched. A version that is not a whole
    number >= 0 makes the file unreadable."""

    def gate(parsed: object) -> None:
        if isinstance(parsed, dict) and META_TABLE in parsed and declared_version(parsed) is None:
            raise UnreadableFile("its meta table has no schema_version")
        version = declared_version(parsed)
        if version is None:
            return
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            raise UnreadableFile(f"its schema_version {version!r} is not a whole number")
        if version > known:
            raise StoreError(
                f"The store file {path} was written by a newer kiosk (store schema {version}; "
                f"this kiosk reads up to {known}). Update the kiosk software; the file has "
                f"not been changed."
            )

    return gate


def bring_up_to_date(
    file: str,
    storage: Storage,
    *,
    steps: Mapping[int, Migration] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
) -> bool:
    """Run the steps a file needs, then stamp it; True when the file was rewritten.

    A missing or empty file is new, not old: it is stamped in memory, and the stamp reaches
    disk with the first write.
    """
    tables = storage.read()
    stamp = {META_KEY: {"schema_version": target}}
    if tables is None:  # how TinyDB's own storages say "empty"
        storage.write({META_TABLE: stamp})
        return True
    if not tables:
        tables[META_TABLE] = stamp
        return False
    found = declared_version(tables)
    version = 0 if found is None else int(found)  # type: ignore[call-overload]
    if version == target:
        return False
    if version > target:
        raise StoreError(f"{file} has store schema {version}; this kiosk reads up to {target}.")
    upgraded: Tables = {name: t for name, t in tables.items() if name != META_TABLE}
    for step_from in range(version, target):
        step = steps.get(step_from)
        if step is None:
            raise StoreError(f"No migration from store schema {step_from} for {file}.")
        upgraded = step(file, upgraded)
    upgraded[META_TABLE] = stamp
    storage.write(upgraded)
    return True
