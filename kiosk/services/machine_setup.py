"""This machine's setup — its workshop and table label — as `kiosk setup` changes and shows
it, the kiosk stopped. No Qt; over the store's settings and workshop ports, so a hub that
sets several kiosks (`--table KIOSK_ID=LABEL`) can call the same functions per kiosk.

A workshop given by name, place and date is reused when one already has all three (two
kiosks of a room set up alike share it), else it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Protocol

from kiosk.domain.workshop import KioskSettings, Workshop
from kiosk.services.facilitator.setup import SetupError, table_label
from kiosk.services.facilitator.workshops import check_workshop
from kiosk.services.ports import SettingsPort, WorkshopPort

__all__ = ["SetupError", "SetupView", "apply_setup", "describe_setup", "machine_settings"]


class MachineStore(SettingsPort, WorkshopPort, Protocol):
    """What the setup needs of the store."""


@dataclass(frozen=True, slots=True)
class SetupView:
    """This machine's setup after a change: its settings, its workshop (None when none is
    set yet) and whether that workshop was made just now."""

    settings: KioskSettings
    workshop: Workshop | None
    created: bool = False


def machine_settings(store: SettingsPort) -> KioskSettings:
    """This kiosk's settings; a kiosk id made now is kept, so the id shown is the one the
    kiosk starts with."""
    doc = store.get_settings() or {}
    settings = KioskSettings.from_doc(doc)
    if not doc.get("kiosk_id"):
        store.save_settings({**doc, **settings.to_doc()})
    return settings


def _current_workshop(store: WorkshopPort, settings: KioskSettings) -> Workshop | None:
    doc = store.get_workshop(settings.workshop_id) if settings.workshop_id else None
    return Workshop.from_doc(doc) if doc else None


def _find_or_make(store: WorkshopPort, name: str, place: str, when: str) -> tuple[Workshop,
                                                                                 bool]:
    for doc in store.list_workshops():
        if not doc.get("workshop_id"):
            continue
        found = Workshop.from_doc(doc)
        if (found.name, found.place, found.date) == (name, place, when):
            if found.provisional:  # chosen now: a workshop like any other
                found = replace(found, provisional=False)
                store.save_workshop(found.to_doc())
            return found, False
    made = Workshop.new(name, place, when)
    store.save_workshop(made.to_doc())
    return made, True


def apply_setup(store: MachineStore, *, workshop: str | None = None, place: str | None = None,
                date: str | None = None, table: str | None = None) -> SetupView:
    """Set this machine's workshop (by name, place and date) and table label; what is not
    given stays. Everything is checked before anything is written; raises SetupError with
    a readable reason."""
    if workshop is None and (place is not None or date is not None):
        raise SetupError("A workshop's place and date go with its name: give --workshop "
                         "NAME too.")
    label = table_label(table) if table is not None else None
    if workshop is not None:
        name, where, when = workshop.strip(), (place or "").strip(), (date or "").strip()
        check_workshop(name, when, where)
    settings = machine_settings(store)
    current = _current_workshop(store, settings)
    created = False
    changes: dict[str, Any] = {}
    if workshop is not None:
        current, created = _find_or_make(store, name, where, when)
        changes["workshop_id"] = current.workshop_id
    if label is not None:
        changes["table"] = label
    if changes:
        settings = replace(settings, **changes)
        store.save_settings({**(store.get_settings() or {}), **settings.to_doc()})
    return SetupView(settings, current, created)


def describe_setup(store: MachineStore) -> dict[str, Any]:
    """This machine's setup as `kiosk setup --json` prints it (workshop, place and date are
    null while no workshop is set)."""
    settings = machine_settings(store)
    shop = _current_workshop(store, settings)
    return {
        "kiosk_id": settings.kiosk_id,
        "workshop": shop.name if shop else None,
        "place": shop.place if shop else None,
        "date": shop.date if shop else None,
        "table": settings.table,
        "sequence": [step.to_doc() for step in settings.sequence],
        "idle_timeout_s": settings.idle_timeout_s,
    }
