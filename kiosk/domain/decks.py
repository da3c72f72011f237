"""Decks of example cards, loaded from TOML files and validated.

A deck that fails validation is reported with file, line where possible, field and reason;
the other decks still load.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tomllib

BACK_FIELDS = ("who", "why", "what", "how", "impacts", "source")
TAG_FIELDS = ("sectors", "data_kind", "shared_with")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


@dataclass(frozen=True, slots=True)
class Card:
    """One example: the front (title, summary) and the back (who, why, what, how, impacts,
    source), with tags."""

    id: str
    title: str
    summary: str
    who: str = ""
    why: str = ""
    what: str = ""
    how: str = ""
    impacts: str = ""
    source: str = ""
    sectors: tuple[str, ...] = ()
    data_kind: tuple[str, ...] = ()
    shared_with: tuple[str, ...] = ()

    def back(self) -> list[tuple[str, str]]:
        """The back of the card as (heading, text) pairs, skipping empty fields."""
        return [(name.upper(), getattr(self, name)) for name in BACK_FIELDS if getattr(self, name)]


@dataclass(frozen=True, slots=True)
class Deck:
    """A deck of cards as loaded from one TOML file (`path`, not part of its value)."""

    id: str
    title: str
    cards: tuple[Card, ...]
    source: str = ""
    description: str = ""
    path: Path | None = field(default=None, compare=False)

    @property
    def card_ids(self) -> list[str]:
        return [c.id for c in self.cards]

    def card(self, card_id: str) -> Card:
        for c in self.cards:
            if c.id == card_id:
                return c
        raise KeyError(card_id)

    def has_card(self, card_id: str) -> bool:
        return any(c.id == card_id for c in self.cards)


@dataclass(frozen=True, slots=True)
class DeckProblem:
    """Why a deck file could not be used: where (file, line, field) and the reason."""

    path: Path
    line: int | None
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.reason}"


class DeckError(ValueError):
    def __init__(self, problem: DeckProblem):
        super().__init__(str(problem))
        self.problem = problem


def toml_error_position(exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """Line and reason of a TOML syntax error (Python 3.11 puts the line only in the text)."""
    line = getattr(exc, "lineno", None)
    reason = getattr(exc, "msg", None) or str(exc)
    found = re.search(r"\s*\(at line (\d+), column \d+\)", reason)
    if found:
        line = line or int(found.group(1))
        reason = reason[: found.start()] + reason[found.end():]
    return line, reason


@functools.lru_cache(maxsize=4)
def _lines(text: str) -> tuple[str, ...]:
    """The file's lines as TOML counts them: only LF (or CR LF) ends one. (str.splitlines
    also breaks at U+0085, U+2028 and others, which TOML allows inside strings, and then
    every line number after one is wrong.)"""
    return tuple(line.removesuffix("\r") for line in text.split("\n"))


def _line_of(text: str, pattern: str, start_line: int = 1) -> int | None:
    """First line (1-based, at or after start_line) matching a regex, for error messages."""
    # Runs for every field of every card while the kiosk starts: split the text once and
    # begin at start_line rather than at the top.
    lines = _lines(text)
    search = re.compile(pattern).search
    for number in range(max(1, start_line), len(lines) + 1):
        if search(lines[number - 1]):
            return number
    return None


def _card_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(_lines(text), 1) if line.strip() == "[[cards]]"]


_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def _card_key_lines(text: str, starts: list[int]) -> list[dict[str, int]]:
    """For each card (from its `[[cards]]` line to the next one), the first line of each key
    it sets: one pass over the file, however many cards and fields (error messages only)."""
    found: list[dict[str, int]] = [{} for _ in starts]
    card = -1
    following = starts[0] if starts else None
    for number, line in enumerate(_lines(text), 1):
        while following is not None and number >= following:
            card += 1
            following = starts[card + 1] if card + 1 < len(starts) else None
        if card < 0:
            continue
        match = _KEY.match(line)
        if match:
            found[card].setdefault(match.group(1), number)
    return found


def _text(value: object, path: Path, line: int | None, name: str, required: bool) -> str:
    if value is None:
        if required:
            raise DeckError(DeckProblem(path, line, name, "is required"))
        return ""
    if not isinstance(value, str):
        raise DeckError(DeckProblem(path, line, name, "must be text"))
    value = value.strip()
    if required and not value:
        raise DeckError(DeckProblem(path, line, name, "must not be empty"))
    return value


def _tags(value: object, path: Path, line: int | None, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DeckError(DeckProblem(path, line, name, "must be a list of text"))
    return tuple(v.strip() for v in value if v.strip())


def parse_deck(text: str, path: Path) -> Deck:
    """Parse and validate one deck; raises DeckError naming file, line, field and reason."""
    import tomllib  # loaded when a deck is parsed, not when the catalog comes from its cache

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, reason = toml_error_position(exc)
        raise DeckError(DeckProblem(path, line, "", f"not valid TOML ({reason})")) from None
    except RecursionError:  # tomllib recurses per nested [ or {; a hostile file must not crash
        raise DeckError(DeckProblem(path, None, "", "not valid TOML (nested too deeply)")) from None
    deck_id = _text(data.get("id"), path, _line_of(text, r"^\s*id\s*="), "id", True)
    if not _ID_RE.match(deck_id):
        raise DeckError(DeckProblem(path, _line_of(text, r"^\s*id\s*="), "id",
                                    "use letters, digits, '-', '_' or '.' (at most 32)"))
    title = _text(data.get("title"), path, _line_of(text, r"^\s*title\s*="), "title", True)
    cards_raw = data.get("cards")
    if not isinstance(cards_raw, list) or not cards_raw:
        raise DeckError(DeckProblem(path, None, "cards", "a deck needs at least one [[cards]]"))
    starts = _card_lines(text)
    key_lines = _card_key_lines(text, starts)
    cards: list[Card] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(cards_raw):
        start = starts[index] if index < len(starts) else None
        label = f"cards[{index + 1}]"
        if not isinstance(raw, dict):
            raise DeckError(DeckProblem(path, start, label, "must be a table"))

        keys = key_lines[index] if index < len(key_lines) else {}

        def line_for(key: str, _start: int | None = start,
                     _keys: dict[str, int] = keys) -> int | None:
            return _keys.get(key) or _start

        card_id = _text(raw.get("id"), path, line_for("id"), f"{label}.id", True)
        if not _ID_RE.match(card_id):
            raise DeckError(DeckProblem(path, line_for("id"), f"{label}.id",
                                        "use letters, digits, '-', '_' or '.' (at most 32)"))
        if card_id in seen:
            raise DeckError(DeckProblem(path, line_for("id"), f"{label}.id",
                                        f"'{card_id}' is used twice in this deck"))
        seen[card_id] = index
        fields = {
            "title": _text(raw.get("title"), path, line_for("title"), f"{label}.title", True),
            "summary": _text(raw.get("summary"), path, line_for("summary"),
                             f"{label}.summary", True),
        }
        for name in BACK_FIELDS:
            fields[name] = _text(raw.get(name), path, line_for(name), f"{label}.{name}", False)
        tags = {name: _tags(raw.get(name), path, line_for(name), f"{label}.{name}")
                for name in TAG_FIELDS}
        cards.append(Card(id=card_id, title=fields["title"], summary=fields["summary"],
                          who=fields["who"], why=fields["why"], what=fields["what"],
                          how=fields["how"], impacts=fields["impacts"], source=fields["source"],
                          sectors=tags["sectors"], data_kind=tags["data_kind"],
                          shared_with=tags["shared_with"]))
    return Deck(
        id=deck_id,
        title=title,
        cards=tuple(cards),
        source=_text(data.get("source"), path, None, "source", False),
        description=_text(data.get("description"), path, None, "description", False),
        path=path,
    )


MAX_DECK_BYTES = 32 * 1024 * 1024  # far more than any deck of cards needs


def read_deck_text(path: Path, limit: int = MAX_DECK_BYTES, what: str = "deck") -> str:
    """The file's text, read only when it is a regular file of a sensible size: a FIFO would
    block the kiosk before its first frame, a link to /dev/zero never end. Opened without
    blocking and checked on the open file, so a swap after a check cannot get round it.
    `what` names the kind of file in the message (a poll file is read the same way)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise DeckError(DeckProblem(path, None, "", f"cannot be read ({exc.strerror})")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DeckError(DeckProblem(path, None, "", "is not a regular file"))
        if info.st_size > limit:
            raise DeckError(DeckProblem(path, None, "", f"is larger than {limit // 2**20} MB; "
                                        f"a {what} file is much smaller"))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise DeckError(DeckProblem(path, None, "", f"cannot be read ({exc.strerror})")) from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise DeckError(DeckProblem(path, None, "", f"is larger than {limit // 2**20} MB"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DeckError(DeckProblem(path, None, "", "is not UTF-8 text")) from None


def load_deck(path: Path) -> Deck:
    return parse_deck(read_deck_text(path), path)


class DeckLibrary:
    """Every deck that loaded, plus the problems of those that did not."""

    # A plain class, not a dataclass: built on the way to the first frame, it needs none of
    # a dataclass's generated methods, which cost start-up time to create.
    __slots__ = ("decks", "problems")

    def __init__(self, decks: dict[str, Deck] | None = None,
                 problems: list[DeckProblem] | None = None):
        self.decks = {} if decks is None else decks
        self.problems = [] if problems is None else problems

    def get(self, deck_id: str) -> Deck | None:
        return self.decks.get(deck_id)

    def __contains__(self, deck_id: object) -> bool:
        return deck_id in self.decks

    def __getitem__(self, deck_id: str) -> Deck:
        return self.decks[deck_id]

    def ids(self) -> list[str]:
        return list(self.decks)


def load_decks(folders: Iterable[Path]) -> DeckLibrary:
    """Load every `*.toml` deck from the folders in order; a later folder cannot replace
    a deck id already loaded (the shipped decks stay what they are)."""
    library = DeckLibrary()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                deck = load_deck(path)
            except DeckError as exc:
                library.problems.append(exc.problem)
                continue
            if deck.id != path.stem:
                library.problems.append(DeckProblem(
                    path, _line_of(read_deck_text(path), r"^\s*id\s*="), "id",
                    f"'{deck.id}' must match the file name '{path.stem}'"))
                continue
            if deck.id in library.decks:
                library.problems.append(DeckProblem(
                    path, None, "id", f"deck '{deck.id}' is already loaded from "
                    f"{library.decks[deck.id].path}"))
                continue
            library.decks[deck.id] = deck
    return library
