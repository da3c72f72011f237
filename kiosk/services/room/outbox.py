"""A kiosk's outbox (a send-only Syncthing folder): one file per saved ranking,
`rankings/<ranking_id>.json` holding the saved record, one per stored poll run,
`polls/<poll_run_id>.json` (PollRun.to_doc), and `progress.json` (the lens the table is on,
how many cards are placed), written at most once a second.

Every ranking and poll run in the kiosk's store goes out, whatever its source (a table, an
import, demo data), and one deleted from the store (a hub's correction) leaves the outbox
too.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking
from kiosk.services.room.layout import RoomPaths, place_file

PROGRESS_FILE = "progress.json"
RANKINGS_DIR = "rankings"
POLLS_DIR = "polls"
PROGRESS_EVERY_S = 1.0


def ranking_payload(record: SavedRanking) -> bytes:
    return orjson.dumps(record.to_doc(), option=orjson.OPT_SORT_KEYS)


def poll_run_payload(run: PollRun) -> bytes:
    return orjson.dumps(run.to_doc(), option=orjson.OPT_SORT_KEYS)


def _file_name_for(key: str) -> bool:
    """Whether an id can name a file in the outbox (an imported id may be anything): one
    that cannot is not sent, rather than written elsewhere or as a hidden file."""
    return (0 < len(key) <= 200 and not key.startswith((".", "~"))
            and not any(ch in key for ch in "/\\\0"))


class Outbox:
    def __init__(self, paths: RoomPaths, monotonic: Callable[[], float] = time.monotonic):
        self._paths = paths
        self._folder = paths.outbox
        self._monotonic = monotonic
        # records are immutable (and the store keeps them): `is` means unchanged
        self._sent: dict[str, dict[str, Any]] = {RANKINGS_DIR: {}, POLLS_DIR: {}}
        self._progress_at = -PROGRESS_EVERY_S
        self._progress_pending: bytes | None = None
        self._progress_last: bytes | None = None

    @property
    def folder(self) -> Path:
        return self._folder

    def mirror(self, records: Iterable[SavedRanking]) -> list[str]:
        """Bring `rankings/` in line with the store; returns the paths (relative to the
        folder) that changed, for a scan that sends them at once."""
        return self._mirror(RANKINGS_DIR, {r.ranking_id: r for r in records})

    def mirror_polls(self, runs: Iterable[PollRun]) -> list[str]:
        """Bring `polls/` in line with the store's poll runs; the changed paths, as `mirror`."""
        return self._mirror(POLLS_DIR, {r.poll_run_id: r for r in runs})

    def _mirror(self, kind: str, current: dict[str, Any]) -> list[str]:
        folder = self._folder / kind
        sent = self._sent[kind]
        changed: list[str] = []
        for key, item in current.items():
            if sent.get(key) is item or not _file_name_for(key):
                continue
            name = f"{key}.json"
            if place_file(self._paths.staging, folder / name,
                          orjson.dumps(item.to_doc(), option=orjson.OPT_SORT_KEYS)):
                changed.append(f"{kind}/{name}")
        gone = set(sent) - set(current) if sent else self._files_not_in(folder, current)
        for key in sorted(gone):
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{key}.json").unlink()
                changed.append(f"{kind}/{key}.json")
        self._sent[kind] = current
        return changed

    @staticmethod
    def _files_not_in(folder: Path, current: dict[str, Any]) -> set[str]:
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
