"""What a kiosk offers: the decks (shipped and the facilitator's own), the lenses and the
case-study polls (shipped and own; a poll whose deck or card is not loaded is a problem).

Parsing the TOML files takes longer than anything else the start screen needs from disk.
The kiosk therefore keeps what it parsed in `catalog-cache.json` in its data folder (it
holds the folder's lock then), stamped with every source file's size, times and inode: the
next start uses it only when no file was added, removed or changed, and parses afresh
otherwise. A cache that cannot be used — not a regular file, too big, not JSON, nested too
deep, or holding a value of the wrong type (kiosk.services.catalog_types) — is simply
parsed afresh and rewritten, never a crash; `kiosk check` reports it. The start screen needs
no poll: from the cache the polls are made into values only when first asked
for (the polls module alone costs milliseconds to import).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__, paths
from kiosk.domain.decks import (
    Card,
    Deck,
    DeckError,
    DeckLibrary,
    DeckProblem,
    load_decks,
    read_deck_text,
)
from kiosk.domain.lenses import Lens, LensError, load_lenses
from kiosk.services.catalog_types import fits

if TYPE_CHECKING:
    from kiosk.domain.polls import Poll

CACHE_FILE = "catalog-cache.json"
CACHE_FORMAT = 2  # 2: the case-study polls
MAX_CACHE_BYTES = 256 * 1024 * 1024  # far more than the parsed decks take


class Catalog:
    # A plain class, not a dataclass: it is built on the way to the first frame, and a
    # dataclass's generated methods cost start-up time this holder of parts never uses.
    __slots__ = ("decks", "lenses", "_polls", "_poll_docs", "_poll_folders", "problems")

    def __init__(self, decks: DeckLibrary, lenses: dict[str, Lens],
                 problems: list[str] | None = None, polls: dict[str, Poll] | None = None):
        self.decks = decks
        self.lenses = lenses
        self._polls: dict[str, Poll] | None = {} if polls is None else polls
        self._poll_docs: list[Any] = []  # from the cache, made into polls on first use
        self._poll_folders: list[Path] = []  # where to parse them if the cache's are damaged
        self.problems = [] if problems is None else problems

    @property
    def polls(self) -> dict[str, Poll]:
        """Poll id -> case-study poll, each with its deck's card loaded."""
        if self._polls is None:
            try:
                self._polls = _polls_from_doc(self._poll_docs)
            except (ValueError, KeyError, TypeError, AttributeError):
                self._polls = _load_polls(self._poll_folders, self.decks)[0]
            self._poll_docs = []
        return self._polls

    @polls.setter
    def polls(self, polls: dict[str, Poll]) -> None:
        self._polls = polls

    def deck(self, deck_id: str) -> Deck | None:
        return self.decks.get(deck_id)


def load_catalog(data_dir: Path, assets: Path | None = None, *, cache: bool = False) -> Catalog:
    """Load decks, lenses and polls; problems are collected as `file:line: field: reason` lines
    so one broken file never stops the kiosk. `cache`: use and keep the data folder's
    catalog cache — only for a caller holding the folder's lock (the kiosk's window)."""
    folders, lenses_path, poll_folders = _sources(data_dir, assets)
    if not cache:
        return _parse(folders, lenses_path, poll_folders)
    stamp = _stamp(lenses_path, folders + poll_folders)
    cache_path = data_dir / CACHE_FILE
    cached, _ = _read_cache(cache_path, stamp)
    if cached is not None:
        cached._poll_folders = poll_folders
        return cached
    catalog = _parse(folders, lenses_path, poll_folders)
    _write_cache(cache_path, stamp, catalog)
    return catalog


def _sources(data_dir: Path, assets: Path | None) -> tuple[list[Path], Path, list[Path]]:
    """Where the decks, the lenses and the polls are read from."""
    assets = assets or paths.assets_dir()
    return ([assets / "cards", paths.own_decks_dir(data_dir)], assets / "lenses.toml",
            [assets / "polls", paths.own_polls_dir(data_dir)])


def _parse(folders: list[Path], lenses_path: Path, poll_folders: list[Path]) -> Catalog:
    decks = load_decks(folders)
    problems = [str(p) for p in decks.problems]
    try:
        lenses = load_lenses(lenses_path)
    except LensError as exc:
        problems.append(str(exc))
        lenses = {}
    polls, poll_problems = _load_polls(poll_folders, decks)
    return Catalog(decks, lenses, problems + poll_problems, polls)


def _load_polls(folders: list[Path], decks: DeckLibrary) -> tuple[dict[str, Poll], list[str]]:
    """The polls whose case-study card is loaded, and every problem as a line."""
    from kiosk.domain.polls import load_polls, missing_card

    library = load_polls(folders)
    problems = [str(p) for p in library.problems]
    polls: dict[str, Poll] = {}
    for poll_id, poll in library.polls.items():
        problem = missing_card(poll, decks)
        if problem is None:
            polls[poll_id] = poll
        else:
            problems.append(str(problem))
    return polls, problems


def _stamp(lenses_path: Path, folders: list[Path]) -> list[Any]:
    """What the catalog was made from, as `load_decks` finds it: any change gives another
    stamp (the change time moves even when a copy keeps the modification time)."""
    sources = [lenses_path]
    for folder in folders:
        if folder.is_dir():
            sources += sorted(folder.glob("*.toml"))
    stamp: list[Any] = [CACHE_FORMAT, __version__]
    for path in sources:
        try:
            st = path.stat()
        except OSError:
            stamp.append([str(path)])
            continue
        stamp.append([str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return stamp


def cache_problem(data_dir: Path, assets: Path | None = None) -> str | None:
    """What is wrong with the data folder's catalog cache when it is damaged (None when it is
    fine, missing or only out of date): what `kiosk check` reports. Polls included."""
    folders, lenses_path, poll_folders = _sources(data_dir, assets)
    path = data_dir / CACHE_FILE
    cached, problem = _read_cache(path, _stamp(lenses_path, folders + poll_folders))
    if cached is not None:
        try:
            cached._polls = _polls_from_doc(cached._poll_docs)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            problem = f"a poll in it is damaged ({type(exc).__name__})"
    if problem is None:
        return None
    return (f"{path}: the catalog cache {problem}; it is not used: the decks, lenses and "
            "polls are parsed afresh and the cache is written again.")


def _read_cache(path: Path, stamp: list[Any]) -> tuple[Catalog | None, str | None]:
    """The cached catalog when the cache is of this stamp and sound; else None and, when the
    cache is damaged (not merely missing or out of date), what is wrong with it."""
    if not path.exists() and not path.is_symlink():
        return None, None
    try:
        doc = json.loads(read_deck_text(path, MAX_CACHE_BYTES, "catalog cache"))
    except DeckError as exc:
        return None, exc.problem.reason  # not a regular file, too big, unreadable
    except (ValueError, RecursionError) as exc:
        return None, f"is not JSON ({type(exc).__name__})"
    if not isinstance(doc, dict) or "stamp" not in doc:
        return None, "is not a catalog cache"
    if doc["stamp"] != stamp:
        return None, None  # from another version, or files changed: parse afresh
    try:
        return _from_doc(doc), None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        return None, f"holds a value of the wrong kind ({type(exc).__name__}: {exc})"


def _write_cache(path: Path, stamp: list[Any], catalog: Catalog) -> None:
    from kiosk.outputs import write_atomically

    payload = json.dumps(_to_doc(stamp, catalog), ensure_ascii=False).encode("utf-8")
    try:
        write_atomically(path, payload)
    except OSError:
        pass  # a read-only or full disk: the next start parses again, nothing is lost


def _to_doc(stamp: list[Any], catalog: Catalog) -> dict[str, Any]:
    deck_problems = [str(p) for p in catalog.decks.problems]
    return {
        "stamp": stamp,
        "lenses": [asdict(lens) for lens in catalog.lenses.values()],
        "decks": [{**asdict(deck), "path": str(deck.path) if deck.path else None}
                  for deck in catalog.decks.decks.values()],
        "deck_problems": [{**asdict(p), "path": str(p.path)} for p in catalog.decks.problems],
        "polls": [{**asdict(poll), "path": str(poll.path) if poll.path else None}
                  for poll in catalog.polls.values()],
        "other_problems": [p for p in catalog.problems if p not in deck_problems],
    }


def _list(value: Any) -> list[Any]:
    """A list in the cache (an object there would give its keys)."""
    if not isinstance(value, list):
        raise TypeError(f"a {type(value).__name__} where the cache holds a list")
    return value


def _tuples(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: tuple(value) if isinstance(value, list) else value
            for key, value in doc.items()}


def _from_doc(doc: dict[str, Any]) -> Catalog:
    lenses = {lens["id"]: Lens(**_tuples(lens)) for lens in _list(doc["lenses"])}
    library = DeckLibrary()
    for deck in _list(doc["decks"]):
        cards = tuple(Card(**_tuples(card)) for card in _list(deck["cards"]))
        path = Path(deck["path"]) if deck["path"] else None
        library.decks[deck["id"]] = Deck(**{**_tuples(deck), "cards": cards, "path": path})
    library.problems = [DeckProblem(**{**p, "path": Path(p["path"])})
                        for p in _list(doc["deck_problems"])]
    problems = [str(p) for p in library.problems] + _list(doc["other_problems"])
    if not (all(fits(lens) for lens in lenses.values())
            and all(fits(deck) for deck in library.decks.values())
            and all(fits(p) for p in library.problems)
            and all(isinstance(p, str) for p in problems)):
        raise TypeError("a cached value is not of its declared type")
    catalog = Catalog(library, lenses, problems)
    if not isinstance(doc["polls"], list):
        raise TypeError("polls")
    catalog._polls, catalog._poll_docs = None, doc["polls"]
    return catalog


def _polls_from_doc(docs: list[Any]) -> dict[str, Poll]:
    from kiosk.domain.polls import Option, Poll, Stage

    polls: dict[str, Poll] = {}
    for doc in docs:
        stages = tuple(Stage(**{**_tuples(stage), "options": tuple(
            Option(**option) for option in _list(stage["options"]))})
            for stage in _list(doc["stages"]))
        path = Path(doc["path"]) if doc["path"] else None
        poll = Poll(**{**_tuples(doc), "stages": stages, "path": path})
        if not fits(poll):
            raise TypeError(f"the cached poll {poll.id!r} is not of its declared types")
        polls[poll.id] = poll
    return polls
