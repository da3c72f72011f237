"""Workshops (name, place, date): listed, added, corrected — with the copies every ranking
keeps corrected too, all or nothing — and deleted when nothing uses them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from kiosk.domain.naming import natural_key
from kiosk.domain.workshop import Workshop
from kiosk.services.facilitator.changes import Changes
from kiosk.services.facilitator.setup import SetupError, SetupService, check_name
from kiosk.services.ports import RankingPort, WorkshopPort

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_workshop(name: str, when: str, place: str = "") -> None:
    if not name.strip():
        raise SetupError("The workshop needs a name, for example “Manchester”.")
    check_name("the workshop's name", name.strip())
    check_name("the workshop's place", place.strip())
    if when:
        try:
            date.fromisoformat(when)
        except ValueError:
            raise SetupError("The date is YYYY-MM-DD, for example 2025-03-14.") from None
        if not _DATE.match(when):
            raise SetupError("The date is YYYY-MM-DD, for example 2025-03-14.")


class WorkshopService:
    def __init__(self, store: WorkshopPort, rankings: RankingPort, setup: SetupService,
                 changes: Changes) -> None:
        self._store = store
        self._rankings = rankings
        self._setup = setup
        self._changes = changes

    def all(self) -> list[Workshop]:
        """Newest first, then by name."""
        with self._changes.lock:
            docs = self._store.list_workshops()
        shops = [Workshop.from_doc(d) for d in docs if d.get("workshop_id")]
        shops.sort(key=lambda w: natural_key(w.name))
        shops.sort(key=lambda w: w.date, reverse=True)
        return shops

    def get(self, workshop_id: str) -> Workshop | None:
        with self._changes.lock:
            doc = self._store.get_workshop(workshop_id)
        return Workshop.from_doc(doc) if doc else None

    def current(self) -> Workshop | None:
        workshop_id = self._setup.settings().workshop_id
        return self.get(workshop_id) if workshop_id else None

    def add(self, name: str, place: str = "", when: str = "") -> Workshop:
        check_workshop(name, when, place)
        workshop = Workshop.new(name, place, when)
        with self._changes.lock:
            self._store.save_workshop(workshop.to_doc())
        self._changes.changed("workshops")
        return workshop

    def update(self, workshop: Workshop,
               progress: Callable[[int, int], None] | None = None) -> int:
        """Save a workshop's name, place and date. Rankings keep a copy of these, so the copies
        are corrected too (a typo fixed once is fixed everywhere), all or nothing even across
        a kill (kiosk.storage.workshop_copies); returns how many. `progress(done, total)`
        may be called from the thread this runs on (a worker's, with many rankings)."""
        check_workshop(workshop.name, workshop.date, workshop.place)
        workshop = Workshop(workshop.workshop_id, workshop.name.strip(), workshop.place.strip(),
                            workshop.date)
        with self._changes.lock:
            fixed = self._store.update_workshop(workshop.to_doc(), progress)
        self._changes.changed("workshops")
        if fixed:
            self._changes.changed("rankings")
        return fixed

    def delete(self, workshop_id: str) -> None:
        if self._setup.settings().workshop_id == workshop_id:
            raise SetupError("This kiosk is using that workshop. Choose another one first.")
        with self._changes.lock:
            count = sum(1 for r in self._rankings.list_rankings() if r.workshop_id == workshop_id)
        if count:
            raise SetupError(f"{count} saved ranking(s) belong to that workshop. Move them to "
                             "another workshop or delete them first.")
        with self._changes.lock:
            self._store.delete_workshop(workshop_id)
        self._changes.changed("workshops")
