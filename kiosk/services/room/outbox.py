"""A kiosk's outbox (a send-only Syncthing folder): one file per saved ranking,
`rankings/<ranking_id>.json` holding the saved record, and `progress.json` (the lens the
table is on, how many cards are placed), written at most once a second.

Every ranking in the kiosk's store goes out, whatever its source (a table, an import, demo
data), and a ranking deleted from the store (a hub's correction) leaves the outbox too.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson

from kiosk.domain.record import SavedRanking
from kiosk.services.room.layout import RoomPaths, place_file

PROGRESS_FILE = "progress.json"
RANKINGS_DIR = "rankings"
PROGRESS_EVERY_S = 1.0


def ranking_payload(record: SavedRanking) -> bytes:
    return orjson.dumps(record.to_doc(), option=orjson.OPT_SORT_KEYS)


class Outbox:
    def __init__(self, paths: RoomPaths, monotonic: Callable[[], float] = time.monotonic):
        self._paths = paths
        self._folder = paths.outbox
        self._monotonic = monotonic
        self._sent: dict[str, SavedRanking] = {}  # records are immutable: `is` means unchanged
        self._progress_at = -PROGRESS_EVERY_S
        self._progress_pending: bytes | None = None
        self._progress_last: bytes | None = None

    @property
    def folder(self) -> Path:
        return self._folder

    def mirror(self, records: Iterable[SavedRanking]) -> list[str]:
        """Bring `rankings/` in line with the store; returns the paths (relative to the
        folder) that changed, for a scan that sends them at once."""
        folder = self._folder / RANKINGS_DIR
        changed: list[str] = []
        current: dict[str, SavedRanking] = {}
        for record in records:
            current[record.ranking_id] = record
            if self._sent.get(record.ranking_id) is record:
                continue
            name = f"{record.ranking_id}.json"
            if place_file(self._paths.staging, folder / name, ranking_payload(record)):
                changed.append(f"{RANKINGS_DIR}/{name}")
        gone = set(self._sent) - set(current) if self._sent else self._files_not_in(current)
        for ranking_id in gone:
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{ranking_id}.json").unlink()
                changed.append(f"{RANKINGS_DIR}/{ranking_id}.json")
        self._sent = current
        return changed

    def _files_not_in(self, current: dict[str, SavedRanking]) -> set[str]:
        folder = self._folder / RANKINGS_DIR
        if not folder.is_dir():
            return set()
        return {p.stem for p in folder.glob("*.json") if p.stem not in current}

    def progress(self, doc: dict[str, Any]) -> bool:
        """Keep the table's progress; written now if a second has passed since the last
        write, else by a later `flush`. Returns whether the file was written."""
        self._progress_pending = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)
        return self.flush()

    def flush(self) -> bool:
        payload = self._progress_pending
        if payload is None or self._monotonic() - self._progress_at < PROGRESS_EVERY_S:
            return False
        self._progress_pending = None
        if payload == self._progress_last:
            return False
        place_file(self._paths.staging, self._folder / PROGRESS_FILE, payload)
        self._progress_at = self._monotonic()
        self._progress_last = payload
        return True
