"""What opening a store may have to write itself: documents of the wrong shape set aside,
and kiosk.json's settings brought back when it is damaged or gone (kiosk.storage.recovery).

On a full disk neither may stop the kiosk: the change is held in memory (the storage's
`hold`) — what it comes from is still on disk, so nothing is lost — and written with the
next write that can be made; the facilitator is told that the data folder is full.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking
from kiosk.storage.atomic import AtomicJSONStorage
from kiosk.storage.documents import bad_documents, settings_field_problems
from kiosk.storage.errors import StoreError, describe_failure
from kiosk.storage.files import keep_copy_aside
from kiosk.storage.layout import SETTINGS_KEY, Tables
from kiosk.storage.recovery import PIN_LOST, mend_settings, ran_before, settings_from_parked_draft
from kiosk.storage.settings_copy import COPY_FILE, read_copy
from kiosk.storage.tables import Doc

LATER = "It is written once there is room; nothing is lost."


class SetAside:
    """What `set_aside_bad_documents` found: the good records it read on the way (read
    once), and the problems to tell."""

    def __init__(self) -> None:
        self.records: dict[str, SavedRanking] = {}
        self.runs: dict[str, PollRun] = {}
        self.problems: list[str] = []


def set_aside_bad_documents(data_dir: Path, path: Path, storage: AtomicJSONStorage,
                            read_only: bool) -> SetAside:
    """Documents of the wrong shape leave the file as it is read (kiosk.storage.documents);
    the file as it was is kept beside it, byte for byte. Read-only: readers skip them."""
    found = SetAside()
    tables = storage.read() or {}
    bad = bad_documents(tables, found.records, found.runs)
    settings = tables.get("settings", {}).get(SETTINGS_KEY)
    fields = settings_field_problems(settings) if isinstance(settings, Mapping) else {}
    if not (bad or fields) or read_only:
        return found
    new: Tables = {name: dict(docs) for name, docs in tables.items()}
    for table, reasons in bad.items():
        for key in reasons:
            new[table].pop(key, None)
    kept: Path | None = None
    failure: OSError | None = None
    mended: list[str] = []
    try:
        kept = keep_copy_aside(path)
        if fields and isinstance(settings, Mapping):
            doc = dict(settings)
            mended = mend_settings(data_dir, path, doc, fields, kept)
            new["settings"] = {**new["settings"], SETTINGS_KEY: doc}
        storage.write(new)
    except OSError as exc:  # a full disk: left out now, set aside once there is room
        failure = exc
        if fields and isinstance(settings, Mapping) and not mended:
            doc = dict(settings)
            mended = mend_settings(data_dir, path, doc, fields, kept)
            new["settings"] = {**new["settings"], SETTINGS_KEY: doc}
        first: Callable[[], None] | None = None
        if kept is None:
            def first() -> None:
                keep_copy_aside(path)
        storage.hold(new, first)
    for table, reasons in bad.items():
        for key, reason in reasons.items():
            where = f"{path}: the {table} document {key!r} {reason}; "
            if failure is None:
                found.problems.append(f"{where}it was set aside (the file as it was is kept "
                                      f"as {kept}).")
            else:
                found.problems.append(f"{where}it is left out. {describe_failure(failure)} "
                                      "It is set aside once there is room; the file is kept "
                                      "as it is until then.")
    found.problems += mended
    return found


def recover_settings(data_dir: Path, kiosk: AtomicJSONStorage, drafts: Mapping[str, Doc],
                     read_only: bool, write_settings_copy: Callable[[], None]) -> list[str]:
    """kiosk.json unreadable (set aside) or gone: bring the kiosk's settings and workshops
    back from kiosk-copy.json. With no copy either, a kiosk that had run before keeps what
    its parked ranking knows (its id, table and workshop) and marks its PIN as lost, so
    nobody is offered to choose a new one at the pad. Returns what to tell."""
    kiosk_file = kiosk.path
    tables = kiosk.read()
    if SETTINGS_KEY in tables.get("settings", {}):
        if read_copy(data_dir / COPY_FILE) != _kiosk_tables(tables):
            with contextlib.suppress(OSError, StoreError):  # full or read-only: later
                write_settings_copy()  # first start after an update, or stale
        return []
    if read_only:
        return []  # nothing can be restored into a folder that cannot be written
    copy = read_copy(data_dir / COPY_FILE)
    if copy is not None:
        told = (f"{kiosk_file} was damaged or missing: the kiosk's settings (its PIN, its id "
                f"and table) and its workshops were restored from {data_dir / COPY_FILE}.")
        failure = _write_or_hold(kiosk, {**tables, "settings": copy["settings"],
                                         "workshops": {**tables.get("workshops", {}),
                                                       **copy["workshops"]}})
        return [told if failure is None
                else f"{told} {describe_failure(failure, data_dir)} {LATER}"]
    if not ran_before(data_dir, drafts):
        return []  # a new kiosk: it chooses its PIN on first use
    settings, workshops = settings_from_parked_draft(drafts, tables.get("workshops", {}))
    failure = _write_or_hold(kiosk, {**tables, "settings": {SETTINGS_KEY: settings},
                                     "workshops": {**tables.get("workshops", {}), **workshops}})
    if failure is None:
        with contextlib.suppress(OSError, StoreError):
            write_settings_copy()
    told = (f"{kiosk_file} was damaged or missing and no copy of it could be read: "
            f"{PIN_LOST}.")
    return [told if failure is None else f"{told} {describe_failure(failure, data_dir)}"]


def _write_or_hold(storage: AtomicJSONStorage, tables: Tables) -> OSError | None:
    try:
        storage.write(tables)
    except OSError as exc:
        storage.hold(tables)
        return exc
    return None


def _kiosk_tables(tables: Tables) -> dict[str, dict[str, Doc]]:
    from kiosk.storage.settings_copy import TABLES

    return {name: dict(tables.get(name, {})) for name in TABLES}
