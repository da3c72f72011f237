"""An in-memory stand-in for kiosk.storage.Store (same interface, plain dicts), used by the
shell and session tests where a real store on disk is not the point."""

from __future__ import annotations

import copy
from pathlib import Path


class MemoryStore:
    def __init__(self, data_dir: Path | None = None):
        self.data_dir = data_dir
        self.problems: list[str] = []
        self.settings: dict = {}
        self.workshops: dict[str, dict] = {}
        self.rankings: dict[str, dict] = {}
        self.drafts: dict[str, dict] = {}
        self.rankings_read = False

    def close(self) -> None:
        pass

    def get_settings(self) -> dict:
        return copy.deepcopy(self.settings)

    def save_settings(self, doc: dict) -> None:
        self.settings = copy.deepcopy(doc)

    def list_workshops(self) -> list[dict]:
        return [copy.deepcopy(w) for w in self.workshops.values()]

    def get_workshop(self, workshop_id: str) -> dict | None:
        return copy.deepcopy(self.workshops.get(workshop_id))

    def save_workshop(self, doc: dict) -> None:
        self.workshops[doc["workshop_id"]] = copy.deepcopy(doc)

    def get_ranking(self, ranking_id: str) -> dict | None:
        self.rankings_read = True
        return copy.deepcopy(self.rankings.get(ranking_id))

    def list_rankings(self) -> list[dict]:
        self.rankings_read = True
        return [copy.deepcopy(r) for r in self.rankings.values()]

    def save_draft(self, slot: str, doc: dict) -> None:
        self.drafts[slot] = copy.deepcopy(doc)

    def get_draft(self, slot: str) -> dict | None:
        return copy.deepcopy(self.drafts.get(slot))

    def delete_draft(self, slot: str) -> None:
        self.drafts.pop(slot, None)

    def complete(self, ranking_doc: dict, draft_slot: str) -> None:
        self.rankings[ranking_doc["ranking_id"]] = copy.deepcopy(ranking_doc)
        self.drafts.pop(draft_slot, None)
