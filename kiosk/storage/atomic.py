"""The TinyDB storage behind every store file: cached in memory, written atomically.

Stock `JSONStorage` re-reads and re-parses the whole file before every operation and
rewrites it in place, so a crash mid-write leaves half a file. This storage parses the file
once, then serves TinyDB from memory; each write serialises with orjson and goes through
`write_atomically`, so the file on disk is always the last complete state.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import orjson
from tinydb.storages import Storage

from kiosk.outputs import write_atomically
from kiosk.storage.errors import StoreError, UnreadableFile
from kiosk.storage.files import set_aside
from kiosk.storage.layout import Tables, check_shape
from kiosk.storage.regular import NotAStoreFile, read_regular_file

Gate = Callable[[object], None]
"""Looks at a file's parsed JSON before its shape is checked; raises `StoreError` to refuse
the file untouched (e.g. written by a newer kiosk) or `UnreadableFile` to set it aside."""


class AtomicJSONStorage(Storage):
    """A TinyDB storage for one JSON file, durable against a crash at any instant.

    TinyDB mutates the dict that `read()` returns and then passes it to `write()`. If the
    write fails (disk full, I/O error), the cached tables are put back to what is on disk,
    so memory never runs ahead of the file. That rollback is a shallow copy of the table
    mapping, which is enough because TinyDB builds a new dict for a table it changes; callers
    must therefore never mutate a cached document in place (the Store never does).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        gate: Gate | None = None,
        on_problem: Callable[[str], None] | None = None,
        before_write: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self._before_write = before_write  # raises to refuse the write (a lost lock)
        self._gate = gate
        self._on_problem = on_problem
        self._data: Tables | None = None
        self._committed: Tables = {}
        self._first: Callable[[], None] | None = None
        # While the store restores what it opened damaged (kiosk.storage.opening): a write
        # the disk refuses is held (see `hold`) and its error appended here, not raised.
        self.holding: list[OSError] | None = None

    @property
    def loaded(self) -> bool:
        return self._data is not None

    def read(self) -> Tables:
        if self._data is None:
            self._data = self._load()
            self._committed = dict(self._data)
        return self._data

    def hold(self, data: Tables, first: Callable[[], None] | None = None) -> None:
        """What the file should hold but could not be written (a full disk) while the store
        opened: a change the store makes itself, whose source is still on disk (a copy to
        restore from, documents to set aside). Served from memory and written with the next
        write that can be made; `first` runs before that write (keeping a copy of the file
        as it was) and, until it succeeds, nothing is written."""
        self._data = data
        self._committed = dict(data)
        self._first = first

    def remember(self, data: Tables) -> None:
        """What a folder that cannot be written should hold (settings taken back from their
        copy in a read-only folder): served from memory; nothing is written for it, and what
        `hold` keeps to do first stays as it is."""
        self._data = data
        self._committed = dict(data)

    def write(self, data: Tables) -> None:
        try:
            if self._before_write is not None:
                self._before_write()
            if self._first is not None:
                self._first()
                self._first = None
            write_atomically(self.path, orjson.dumps(data))
        except OSError as exc:
            if self.holding is None:
                self._roll_back()
                raise
            self.holding.append(exc)
            self.hold(data, self._first)
            return
        except BaseException:
            self._roll_back()
            raise
        self._data = data
        self._committed = dict(data)

    def _roll_back(self) -> None:
        if self._data is not None:
            self._data.clear()
            self._data.update(self._committed)

    def close(self) -> None:
        """Nothing to release: no file stays open between operations."""

    def _load(self) -> Tables:
        try:
            raw = read_regular_file(self.path)
        except FileNotFoundError:
            return {}
        except NotAStoreFile as special:
            return self._put_aside(special.reason)
        except OSError as exc:
            raise StoreError(f"Cannot read the store file {self.path}: {exc.strerror}.") from exc
        try:
            parsed = parse(raw)
            if self._gate is not None:
                self._gate(parsed)
            return check_shape(parsed)
        except UnreadableFile as bad:
            return self._put_aside(bad.reason)

    def _put_aside(self, reason: str) -> Tables:
        """The file cannot be used: renamed out of the way, kept as it is, and said."""
        try:
            kept = set_aside(self.path)
        except OSError as exc:  # a read-only folder: left where it is, nothing written over it
            self._before_write = _refuse(self.path, exc)
            told = (f"it could not be moved aside ({exc.strerror}), so it is left as it is, "
                    "nothing is saved in its place, and the kiosk continues without what "
                    "it holds")
        else:
            told = (f"so it was kept unchanged as {kept} and the kiosk continues with an "
                    f"empty {self.path.name}")
        if self._on_problem is not None:
            self._on_problem(f"The store file {self.path} could not be read ({reason}), "
                             f"{told}.")
        return {}


def _refuse(path: Path, exc: OSError) -> Callable[[], None]:
    def refuse() -> None:
        raise StoreError(f"{path} could not be read nor moved aside ({exc.strerror}): "
                         "nothing is saved in its place.")
    return refuse


def parse(raw: bytes) -> object:
    if not raw.strip():
        raise UnreadableFile("the file is empty")
    # A text editor may have added a byte-order mark; it is not part of the JSON.
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as not_utf8:
            raise UnreadableFile(
                f"it is not UTF-8 text: byte 0x{raw[not_utf8.start]:02x} "
                f"at offset {not_utf8.start}"
            ) from None
        raise UnreadableFile(f"it is not complete JSON: {exc.msg} at line {exc.lineno}") from None
