"""A kiosk applies the setup its hub sent to its own store: the workshop, the lens sequence,
the idle time, its own table label, and corrections to rankings it holds; and a ranking
finished after such a setup arrived is filed under it (`under_current_setup`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking
from kiosk.domain.workshop import Workshop
from kiosk.services.room.setup_folder import RoomSetup


class ApplyStore(Protocol):
    def get_settings(self) -> dict[str, Any]: ...
    def save_settings(self, doc: dict[str, Any]) -> None: ...
    def get_workshop(self, workshop_id: str) -> dict[str, Any] | None: ...
    def save_workshop(self, doc: dict[str, Any]) -> None: ...
    def update_workshop(self, doc: dict[str, Any]) -> int: ...
    def get_ranking(self, ranking_id: str) -> SavedRanking | None: ...
    def save_rankings_replacing(self, records: Sequence[SavedRanking]) -> None: ...
    def delete_rankings(self, ranking_ids: Sequence[str]) -> int: ...


def apply_setup(store: ApplyStore, setup: RoomSetup, known_decks: Sequence[str],
                known_polls: Sequence[str] = ()) -> list[str]:
    """Apply `setup`; returns what changed, in words (empty when nothing did). A lens step
    whose deck (or a poll step whose poll) this kiosk does not have is left out rather than
    break the table's flow."""
    changed: list[str] = []
    settings = dict(store.get_settings() or {})
    kiosk_id = str(settings.get("kiosk_id", ""))
    before = dict(settings)
    if setup.workshop:
        workshop = dict(setup.workshop)
        known = store.get_workshop(workshop["workshop_id"])
        if known is None:
            store.save_workshop(workshop)
        elif known != workshop:  # renamed on the hub: this kiosk's rankings' copies too
            store.update_workshop(workshop)
        if known != workshop:
            changed.append(f"workshop “{workshop['name'] or workshop['place']}”")
        settings["workshop_id"] = workshop["workshop_id"]
    steps = [dict(s) for s in setup.sequence
             if (s["poll"] in known_polls if "poll" in s else s["deck"] in known_decks)]
    if steps:
        settings["sequence"] = steps
    if setup.idle_timeout_s is not None:
        settings["idle_timeout_s"] = setup.idle_timeout_s
    label = setup.tables.get(kiosk_id)
    if label:
        settings["table"] = label
    if settings != before:
        store.save_settings(settings)
        changed += [name for name in ("workshop_id", "sequence", "idle_timeout_s", "table")
                    if settings.get(name) != before.get(name) and name != "workshop_id"]
        if settings.get("workshop_id") != before.get("workshop_id") and not changed:
            changed.append("workshop")
    delete = [rid for rid, c in setup.corrections.items()
              if c["action"] == "delete" and store.get_ranking(rid) is not None]
    if delete:
        store.delete_rankings(delete)
        changed.append(f"{len(delete)} ranking(s) removed")
    relabel = []
    for ranking_id, correction in setup.corrections.items():
        if correction["action"] != "relabel":
            continue
        record = store.get_ranking(ranking_id)
        if record is not None and record.table != correction["table"]:
            relabel.append(record.with_changes(table=correction["table"]))
    if relabel:
        store.save_rankings_replacing(relabel)
        changed.append(f"{len(relabel)} ranking(s) relabelled")
    return changed


class SettingsStore(Protocol):
    def get_settings(self) -> dict[str, Any]: ...
    def get_workshop(self, workshop_id: str) -> dict[str, Any] | None: ...


Filed = TypeVar("Filed", SavedRanking, PollRun)


def under_current_setup(store: SettingsStore, record: Filed) -> Filed:
    """`record` (a ranking or a poll run) filed under the workshop and table label that
    apply as it is saved: a setup the hub sent while the table ranked or polled (or while it
    was parked) wins over the one it began under (the kiosk's provisional "Workshop <date>",
    its own default label)."""
    try:
        settings = store.get_settings() or {}
        workshop_id = settings.get("workshop_id")
        doc = store.get_workshop(workshop_id) \
            if isinstance(workshop_id, str) and workshop_id else None
    except OSError:
        return record  # the store will say so as it saves
    filed = (record.workshop_id, record.workshop, record.place, record.workshop_date,
             record.table)
    now = list(filed)
    if doc is not None:
        workshop = Workshop.from_doc(doc)
        now[:4] = workshop.workshop_id, workshop.name, workshop.place, workshop.date
    table = settings.get("table")
    if isinstance(table, str) and table:
        now[4] = table
    if tuple(now) == filed:
        return record
    return replace(record, workshop_id=now[0], workshop=now[1], place=now[2],
                   workshop_date=now[3], table=now[4])
