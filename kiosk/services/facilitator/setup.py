"""This kiosk's settings and its PIN, as the facilitator's Setup page changes them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from kiosk.domain.lenses import LENS_IDS
from kiosk.domain.text_rules import name_problem
from kiosk.domain.workshop import MAX_IDLE_S, MAX_STEPS, MIN_IDLE_S, KioskSettings, LensStep
from kiosk.services.catalog import Catalog
from kiosk.services.facilitator.changes import Changes
from kiosk.services.pin_choice import PinChoiceError, store_new_pin
from kiosk.services.ports import SettingsPort, WorkshopPort

_KIOSK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


class SetupError(ValueError):
    """A facilitator's input that cannot be saved; the message is shown as it is."""


def check_name(what: str, text: str) -> None:
    """Refuse a name or label longer than NAME_MAX or holding a control character."""
    problem = name_problem(what, text)
    if problem is not None:
        raise SetupError(problem[0].upper() + problem[1:] + ".")


def table_label(text: str) -> str:
    label = " ".join(text.split())
    if not label:
        raise SetupError("The table needs a label, for example “Table 3”.")
    check_name("the table label", label)
    return label


class SetupService:
    def __init__(self, store: SettingsPort, workshops: WorkshopPort, catalog: Catalog,
                 changes: Changes) -> None:
        self._store = store
        self._workshops = workshops
        self._catalog = catalog
        self._changes = changes

    def settings(self) -> KioskSettings:
        with self._changes.lock:
            doc = self._store.get_settings() or {}
        settings = KioskSettings.from_doc(doc)
        if not doc.get("kiosk_id"):
            # Keep the generated kiosk id, or it would change on every read.
            self.save(settings)
        return settings

    def save(self, settings: KioskSettings) -> None:
        """Store these settings as they are (what they do not cover is kept)."""
        with self._changes.lock:
            doc = dict(self._store.get_settings() or {})
            doc.update(settings.to_doc())
            self._store.save_settings(doc)

    def update(self, *, table: str | None = None, kiosk_id: str | None = None,
               sequence: Iterable[LensStep] | None = None, idle_timeout_s: int | None = None,
               workshop_id: str | None = None, seats: int | None = None) -> KioskSettings:
        """Change some of this kiosk's settings; raises SetupError with a readable reason."""
        settings = self.settings()
        changes: dict[str, Any] = {}
        if table is not None:
            changes["table"] = table_label(table)
        if kiosk_id is not None:
            kiosk_id = kiosk_id.strip()
            if not _KIOSK_ID.fullmatch(kiosk_id):
                raise SetupError("The kiosk id is letters, digits, dots, dashes or "
                                 "underscores (up to 40), for example “kiosk-3”.")
            changes["kiosk_id"] = kiosk_id
        if sequence is not None:
            steps = tuple(sequence)
            if not steps:
                raise SetupError("The lens sequence needs at least one step.")
            if len(steps) > MAX_STEPS:
                raise SetupError(f"The lens sequence has at most {MAX_STEPS} steps.")
            for number, step in enumerate(steps, 1):
                if step.is_poll:
                    if step.poll not in self._catalog.polls:
                        raise SetupError(f"Step {number}: the poll “{step.poll}” is not "
                                         "loaded.")
                    continue
                if step.lens not in LENS_IDS:
                    raise SetupError(f"Step {number}: “{step.lens}” is not a lens.")
                if step.deck not in self._catalog.decks:
                    raise SetupError(f"Step {number}: the deck “{step.deck}” is not loaded.")
            changes["sequence"] = steps
        if idle_timeout_s is not None:
            if not MIN_IDLE_S <= int(idle_timeout_s) <= MAX_IDLE_S:
                raise SetupError(f"The idle timeout is between {MIN_IDLE_S} seconds and "
                                 f"{MAX_IDLE_S // 60} minutes.")
            changes["idle_timeout_s"] = int(idle_timeout_s)
        if seats is not None:
            if type(seats) is not int or not 2 <= seats <= 6:
                raise SetupError("A poll is for 2 to 6 people at a table.")
            changes["seats"] = seats
        if workshop_id is not None:
            if workshop_id:
                with self._changes.lock:
                    known = self._workshops.get_workshop(workshop_id) is not None
                if not known:
                    raise SetupError("That workshop no longer exists.")
            changes["workshop_id"] = workshop_id
        settings = replace(settings, **changes)
        self.save(settings)
        self._changes.changed("settings")
        return settings

    def change_pin(self, pin: str, confirm: str) -> None:
        """The same rule as the PIN a table's kiosk asks for on first use."""
        self.settings()  # a kiosk id is kept before the PIN is added to the settings
        try:
            with self._changes.lock:
                store_new_pin(self._store, pin, confirm)
        except PinChoiceError as exc:
            raise SetupError(str(exc)) from None
        self._changes.changed("settings")
