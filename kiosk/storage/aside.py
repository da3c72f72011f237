"""The files the store set aside as damaged (`<name>.corrupt-<UTC time>`, by
kiosk.storage.files) for as long as they are in the data folder: what each holds, read as
far as it can be, and what to do with it — every `kiosk check` and the facilitator's area
say so until the facilitator deals with it.

A cut-short or damaged store file is read up to its damage point (`salvage`): the documents
wholly before it are the file's own bytes, never guessed, and each is checked as the store
checks what it reads. The rankings and poll runs among them can be put back (added, never
replacing one stored: kiosk.storage.store). "Keep" moves the file into `<data>/set-aside/`
(`file_away`), where it is no longer reported; nothing is ever deleted.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking
from kiosk.outputs import sync_folder
from kiosk.storage.documents import read_poll_runs, read_rankings
from kiosk.storage.layout import ASIDE_FOLDER, COPY_FILE, FILE_NAMES, KIOSK_FILE, RANKINGS_FILE
from kiosk.storage.migrations import MIGRATIONS, SCHEMA_VERSION, declared_version
from kiosk.storage.regular import read_regular_file

__all__ = ["ASIDE_FOLDER", "AsideFile", "aside_paths", "file_away", "read_aside", "salvage"]
SOURCES = (*FILE_NAMES, COPY_FILE)
_NAME = re.compile(r"^(?P<source>.+)\.corrupt-(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?$")
# what a table's documents are called in words
_WORDS = {"rankings": ("ranking", "rankings"), "poll_runs": ("poll run", "poll runs"),
          "drafts": ("draft (a ranking in progress)", "drafts (rankings in progress)"),
          "workshops": ("workshop", "workshops"), "settings": ("settings", "settings")}
_PUT_BACK = {"rankings": "rankings", "poll_runs": "poll_runs"}  # table: what can come back


@dataclass
class Salvaged:
    """A store file read as far as it can be: its tables' documents up to the damage point."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    whole: bool = False  # the whole file was read: nothing after a damage point
    damage: str = ""  # what stopped the reading, in words


@dataclass
class AsideFile:
    """One set-aside file in the data folder, and what it holds."""

    path: Path
    source: str  # the store file it was: rankings.json…
    when: str  # when it was set aside, in words ("2026-12-02 17:30 UTC")
    salvaged: Salvaged
    rankings: dict[str, SavedRanking] = field(default_factory=dict)  # readable ones
    runs: dict[str, PollRun] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)  # table: documents not readable
    missing: dict[str, int] = field(default_factory=dict)  # table: readable, not stored now

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def whole(self) -> bool:
        """Read to its end: a copy kept before a repair, not a file damaged on disk."""
        return self.salvaged.whole

    @property
    def can_put_back(self) -> int:
        return sum(self.missing.values())

    def held(self) -> str:
        """What it holds, in words ("93 rankings before the point where it is damaged")."""
        counts = [(table, len(docs)) for table, docs in self.salvaged.tables.items()
                  if table in _WORDS and docs]
        if not counts:
            return "nothing that can be read" if not self.salvaged.whole else "no documents"
        parts = []
        for table, count in counts:
            one, many = _WORDS[table]
            part = (f"{count} {one if count == 1 else many}" if table != "settings"
                    else "the kiosk's settings")
            bad = self.unreadable.get(table, 0)
            if bad:
                part += f" ({bad} of them cannot be read)"
            parts.append(part)
        where = "" if self.salvaged.whole else " before the point where it is damaged"
        return _join(parts) + where

    def stored(self) -> str:
        """How much of what can be put back is in the store now."""
        told = []
        for table in _PUT_BACK:
            readable = len(self.rankings if table == "rankings" else self.runs)
            if not readable:
                continue
            missing = self.missing.get(table, 0)
            many = _WORDS[table][1]
            if missing == 0:
                told.append(f"all of its readable {many} are in {self.source} now")
            else:
                told.append(f"{missing} of its {many} are not in {self.source} now")
        return _join(told)

    def problem(self, data_dir: Path) -> str:
        """The line `kiosk check` prints for it: the file, what it holds, what to do."""
        why = (f" ({self.salvaged.damage})" if self.salvaged.damage else
               " (a copy of the file as it was before the kiosk repaired it)")
        line = (f"{self.path}: set aside from {self.source} on {self.when}{why}. It holds "
                f"{self.held()}")
        stored = self.stored()
        line += f"; {stored}." if stored else "."
        line += " `kiosk import` cannot read it"
        if self.source == KIOSK_FILE:
            line += (f" (the kiosk's settings and workshops are kept in {COPY_FILE} too, "
                     "and taken back from there)")
        elif self.source != COPY_FILE:
            line += f" and the kiosk keeps no other copy of {self.source}"
        if self.can_put_back:
            line += (f": \"Put back\" in the facilitator's area (or `kiosk set-aside "
                     f"--put-back {self.name}`) adds the {self.can_put_back} it can read to "
                     "the kiosk")
            if not self.salvaged.whole:
                line += ("; anything after the damage point can only be read in a text "
                         "editor")
        else:
            line += ": anything more in it can only be read in a text editor"
        return (f"{line}. Once dealt with, \"Keep\" (or `kiosk set-aside --keep "
                f"{self.name}`) moves it into {data_dir / ASIDE_FOLDER}, where it is no longer "
                "reported.")


def _join(parts: list[str]) -> str:
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def aside_source(name: str) -> str | None:
    """The store file a set-aside file's name says it was (None: not such a name)."""
    found = _NAME.match(name)
    if found is None or found["source"] not in SOURCES or name.startswith("."):
        return None
    return found["source"]


def aside_paths(data_dir: Path) -> list[Path]:
    """The set-aside files in the data folder (regular files only), oldest first."""
    try:
        entries = list(data_dir.iterdir())
    except OSError:
        return []
    found = [path for path in entries if aside_source(path.name) is not None
             and path.is_file() and not path.is_symlink()]
    return sorted(found, key=lambda path: (_NAME.match(path.name)["stamp"], path.name))  # type: ignore[index]


def read_aside(path: Path, stored: Mapping[str, Mapping[str, Any]]) -> AsideFile:
    """What a set-aside file holds; `stored`: the keys of the store's rankings and
    poll_runs tables now, to tell what is not in the store. A file is read once while it
    stays the same (the facilitator's area asks again after every change)."""
    try:
        info = path.stat()
        stamp: tuple[int, ...] = (info.st_ino, info.st_size, info.st_mtime_ns)
    except OSError:
        stamp = ()
    cached = _READ.get(path)
    if cached is None or cached[0] != stamp or not stamp:
        cached = (stamp, _read(path))
        _READ[path] = cached
        while len(_READ) > _READ_KEPT:
            _READ.pop(next(iter(_READ)))
    read = cached[1]
    aside = AsideFile(read.path, read.source, read.when, read.salvaged, read.rankings,
                      read.runs, dict(read.unreadable))
    for table, readable in (("rankings", aside.rankings), ("poll_runs", aside.runs)):
        have = stored.get(table, {})
        aside.missing[table] = sum(1 for key in readable if key not in have)
    return aside


_READ: dict[Path, tuple[tuple[int, ...], AsideFile]] = {}
_READ_KEPT = 8


def _read(path: Path) -> AsideFile:
    source = aside_source(path.name) or path.name
    try:
        salvaged = salvage(read_regular_file(path))
    except OSError as exc:
        salvaged = Salvaged(damage=f"it cannot be read now: {exc.strerror or exc}")
    aside = AsideFile(path, source, _when(path.name), salvaged)
    tables = _up_to_date(source, salvaged.tables)
    if source == RANKINGS_FILE or "rankings" in tables:
        aside.rankings, bad = read_rankings(tables.get("rankings", {}))
        aside.unreadable["rankings"] = len(bad)
    if "poll_runs" in tables:
        aside.runs, bad = read_poll_runs(tables["poll_runs"])
        aside.unreadable["poll_runs"] = len(bad)
    return aside


def _up_to_date(source: str, tables: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The salvaged tables at the current schema (the steps are pure functions); those of a
    newer kiosk are not read at all."""
    version = declared_version(tables)
    if version is None:
        version = 0
    if not isinstance(version, int) or isinstance(version, bool) or version > SCHEMA_VERSION:
        return {}
    upgraded = {name: docs for name, docs in tables.items() if name != "meta"}
    for step in range(max(version, 0), SCHEMA_VERSION):
        upgraded = MIGRATIONS[step](source, upgraded)
    return upgraded


def _when(name: str) -> str:
    found = _NAME.match(name)
    if found is None:
        return "an unknown date"
    try:
        stamp = datetime.strptime(found["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return "an unknown date"
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def file_away(data_dir: Path, name: str) -> Path:
    """Move the set-aside file `name` into `<data>/set-aside/` (a free name there: never
    over a file kept before); returns where it is now. ValueError if `name` is not a
    set-aside file in the data folder. Call while holding the folder's lock."""
    path = data_dir / name
    if Path(name).name != name or aside_source(name) is None or not path.is_file() \
            or path.is_symlink():
        raise ValueError(f"{name!r} is not a set-aside file in {data_dir}")
    folder = data_dir / ASIDE_FOLDER
    if not folder.is_dir():
        folder.mkdir()
        sync_folder(data_dir)
    dest = folder / name
    n = 1
    while dest.exists() or dest.is_symlink():
        n += 1
        dest = folder / f"{name}.kept-{n}"
    os.rename(path, dest)  # same file system: the file is never copied, never half there
    sync_folder(folder)
    sync_folder(data_dir)
    return dest


# ----- reading a damaged file up to its damage point

_SPACE = re.compile(r"[ \t\n\r]*")


class _Stop(Exception):
    """The damage point: nothing from here on is read."""


def salvage(raw: bytes) -> Salvaged:
    """The tables of a store file (`{"table": {"key": {document}, …}, …}`) read document
    by document until the first thing that is not whole, well-formed JSON: every document
    returned ends before the damage point. Bytes that are not UTF-8 end the text there."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw[:exc.start].decode("utf-8")
        cut = f"it is not UTF-8 text from byte {exc.start:,}"
    else:
        cut = ""
    found = Salvaged()
    reader = _Reader(text)
    try:
        reader.expect("{")
        if not reader.closes("}"):
            while True:
                name = reader.string()
                reader.expect(":")
                reader.expect("{")
                docs: dict[str, Any] = {}
                found.tables[name] = docs
                if not reader.closes("}"):
                    while True:
                        key = reader.string()
                        reader.expect(":")
                        doc = reader.value()
                        if not isinstance(doc, dict):
                            raise _Stop(f"its document {key[:40]!r} is not an object")
                        docs[key] = doc
                        if reader.closes("}"):
                            break
                        reader.expect(",")
                if reader.closes("}"):
                    break
                reader.expect(",")
        if reader.rest().strip():
            raise _Stop("there is more after its end")
    except _Stop as stop:
        found.damage = cut or (f"it cannot be read from byte {reader.at:,} on: {stop}"
                               if text.strip() else "it is empty")
        return found
    found.whole = not cut
    found.damage = cut and f"it cannot be read from byte {len(text.encode()):,} on: {cut}"
    return found


class _Reader:
    def __init__(self, text: str) -> None:
        self._text = text
        self._decoder = json.JSONDecoder(parse_constant=_no_constant)
        self.at = 0

    def _skip(self) -> None:
        self.at = _SPACE.match(self._text, self.at).end()  # type: ignore[union-attr]

    def expect(self, char: str) -> None:
        self._skip()
        if self._text[self.at:self.at + 1] != char:
            raise _Stop(f"{char!r} was expected" if self.at < len(self._text)
                        else "it is cut short")
        self.at += 1

    def closes(self, char: str) -> bool:
        self._skip()
        if self._text[self.at:self.at + 1] == char:
            self.at += 1
            return True
        return False

    def string(self) -> str:
        value = self.value()
        if not isinstance(value, str):
            raise _Stop("a name was expected")
        return value

    def value(self) -> Any:
        self._skip()
        try:
            value, end = self._decoder.raw_decode(self._text, self.at)
        except (ValueError, RecursionError):
            raise _Stop("it is cut short or not JSON there") from None
        self.at = end
        return value

    def rest(self) -> str:
        return self._text[self.at:]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
