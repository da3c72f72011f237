"""The store's files and the shape each has: an object of tables, each an object of
documents.

Kept apart from the TinyDB storage so the start screen's quick look (`kiosk.storage.glance`)
can read kiosk.json and drafts.json without loading TinyDB or orjson.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from kiosk.storage.errors import UnreadableFile

KIOSK_FILE = "kiosk.json"
DRAFTS_FILE = "drafts.json"
RANKINGS_FILE = "rankings.json"
POLLS_FILE = "polls.json"  # case-study poll runs; like rankings.json, read on first use
FILE_NAMES = (KIOSK_FILE, DRAFTS_FILE, RANKINGS_FILE, POLLS_FILE)
SETTINGS_KEY = "kiosk"
COPY_FILE = "kiosk-copy.json"  # kiosk.json's settings and workshops again (settings_copy)
COPY_TABLES = ("settings", "workshops")
ASIDE_FOLDER = "set-aside"  # where the facilitator keeps files set aside (kiosk.storage.aside)

Tables = dict[str, dict[str, Any]]
SMALL_FILE_BYTES = 16 * 1024 * 1024  # settings, workshops and drafts take far less


def read_small_file(path: Path, limit: int = SMALL_FILE_BYTES) -> bytes:
    """A regular file's bytes, up to `limit`: a FIFO is never waited on, a link to a device
    never read (opened without blocking, checked on the open file). FileNotFoundError when
    there is none; UnreadableFile when it is not such a file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("it is not a regular file")
        if info.st_size > limit:
            raise UnreadableFile(f"it is larger than {limit // 2**20} MB")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise UnreadableFile(f"it is larger than {limit // 2**20} MB")
    return raw


def check_shape(parsed: object) -> Tables:
    """A store file is an object of tables; a table is an object of documents (objects)."""
    if not isinstance(parsed, dict):
        raise UnreadableFile(f"it holds a JSON {_kind(parsed)}, not an object of tables")
    for name, table in parsed.items():
        if not isinstance(table, dict):
            raise UnreadableFile(f"its table {name!r} is a JSON {_kind(table)}, not an object")
        for key, doc in table.items():
            if not isinstance(doc, dict):
                raise UnreadableFile(
                    f"document {key!r} of table {name!r} is a JSON {_kind(doc)}, not an object"
                )
    return parsed


def _kind(value: object) -> str:
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return kinds.get(type(value), "number")
