"""The hub's setup folder (send-only, to every joined kiosk): `setup.json` and the
facilitator's own decks in `decks/`. A kiosk applies what arrives to its own store.

    {"kiosk_room_setup": 1,
     "workshop": {"workshop_id", "name", "place", "date"} | null,
     "sequence": [{"lens", "deck"} | {"poll"}, ...], "idle_timeout_s": 180,
     "tables": {"<kiosk_id>": "<table label>", ...},
     "corrections": {"<ranking_id>": {"action": "delete"}
                                   | {"action": "relabel", "table": "<label>"}, ...},
     "decks": ["<file>.toml", ...]}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from kiosk.domain.decks import DeckError, parse_deck, read_deck_text
from kiosk.domain.text_rules import control_character, name_problem
from kiosk.domain.workshop import LensStep
from kiosk.outputs import write_atomically
from kiosk.services.room.layout import RoomPaths, place_file
from kiosk.services.room.membership import RoomFileError, read_json_file

SETUP_FILE = "setup.json"
DECKS_DIR = "decks"
MARK = "kiosk_room_setup"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECK_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}\.toml$")


@dataclass(frozen=True)
class RoomSetup:
    workshop: Mapping[str, str] | None = None
    sequence: tuple[Mapping[str, str], ...] = ()
    idle_timeout_s: int | None = None
    tables: Mapping[str, str] = field(default_factory=dict)
    corrections: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    decks: tuple[str, ...] = ()

    def to_doc(self) -> dict[str, Any]:
        return {MARK: 1, "workshop": dict(self.workshop) if self.workshop else None,
                "sequence": [dict(s) for s in self.sequence],
                "idle_timeout_s": self.idle_timeout_s, "tables": dict(self.tables),
                "corrections": {k: dict(v) for k, v in self.corrections.items()},
                "decks": list(self.decks)}

    @classmethod
    def from_doc(cls, doc: object) -> RoomSetup:
        """Every part checked; a part of the wrong shape raises RoomFileError naming it."""
        if not isinstance(doc, dict) or doc.get(MARK) != 1:
            raise RoomFileError("it is not a room setup written by a hub")
        workshop = doc.get("workshop")
        if workshop is not None:
            if not (isinstance(workshop, dict) and _texts(workshop, ("workshop_id", "name",
                                                                     "place", "date"))
                    and workshop["workshop_id"]
                    and (not workshop["date"] or _DATE.match(workshop["date"]))):
                raise RoomFileError("its workshop is not a workshop")
            if any(name_problem(k, workshop[k]) for k in ("workshop_id", "name", "place")):
                raise RoomFileError("its workshop's name or place is too long or holds a "
                                    "control character")
            workshop = {k: workshop[k] for k in ("workshop_id", "name", "place", "date")}
        sequence = doc.get("sequence", [])
        steps = [LensStep.from_doc(s) for s in sequence] if isinstance(sequence, list) else [None]
        if any(step is None for step in steps):
            raise RoomFileError("its lens sequence is not a list of lens steps and polls")
        idle = doc.get("idle_timeout_s")
        if idle is not None and (type(idle) is not int or not 30 <= idle <= 3600):
            raise RoomFileError("its idle time is not 30 to 3600 seconds")
        tables = doc.get("tables", {})
        if not isinstance(tables, dict) or not all(
                isinstance(v, str) and 0 < len(v.strip()) <= 60 and control_character(v) is None
                for v in tables.values()):
            raise RoomFileError("its table labels are not labels")
        corrections = doc.get("corrections", {})
        if not isinstance(corrections, dict) or not all(
                _correction(v) for v in corrections.values()):
            raise RoomFileError("its corrections are not corrections")
        decks = doc.get("decks", [])
        if not isinstance(decks, list) or not all(
                isinstance(d, str) and _DECK_FILE.match(d) for d in decks):
            raise RoomFileError("its deck list is not a list of deck files")
        return cls(workshop=workshop,
                   sequence=tuple(step.to_doc() for step in steps if step is not None),
                   idle_timeout_s=idle, tables={k: " ".join(v.split()) for k, v in tables.items()},
                   corrections={k: dict(v) for k, v in corrections.items()},
                   decks=tuple(decks))


def _texts(doc: Mapping[str, Any], names: Sequence[str]) -> bool:
    return all(isinstance(doc.get(n, ""), str) and len(doc.get(n, "")) <= 200 for n in names) \
        and isinstance(doc.get("workshop_id"), str)


def _correction(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    if value.get("action") == "delete":
        return True
    return value.get("action") == "relabel" and isinstance(value.get("table"), str) \
        and 0 < len(value["table"].strip()) <= 60 and control_character(value["table"]) is None


def publish(paths: RoomPaths, setup: RoomSetup, own_decks: Path) -> list[str]:
    """Write the setup folder (hub); returns the paths that changed, for a scan."""
    changed = []
    names = []
    folder = paths.setup / DECKS_DIR
    if own_decks.is_dir():
        for deck in sorted(own_decks.glob("*.toml")):
            if not _DECK_FILE.match(deck.name):
                continue
            try:
                text = read_deck_text(deck)
                parse_deck(text, deck)
            except DeckError:
                continue  # the hub's own check reports it; a broken deck is not sent
            names.append(deck.name)
            if place_file(paths.staging, folder / deck.name, text.encode("utf-8")):
                changed.append(f"{DECKS_DIR}/{deck.name}")
    doc = RoomSetup(setup.workshop, setup.sequence, setup.idle_timeout_s, setup.tables,
                    setup.corrections, tuple(names)).to_doc()
    payload = orjson.dumps(doc, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)
    if place_file(paths.staging, paths.setup / SETUP_FILE, payload):
        changed.append(SETUP_FILE)
    return changed


def read_arrived(paths: RoomPaths) -> RoomSetup | None:
    """The setup a hub sent (kiosk); None when none has arrived. RoomFileError if damaged."""
    path = paths.setup / SETUP_FILE
    if not path.exists():
        return None
    try:
        return RoomSetup.from_doc(read_json_file(path))
    except RoomFileError as exc:
        raise RoomFileError(f"{path}: {exc}") from None


def install_decks(paths: RoomPaths, setup: RoomSetup, own_decks: Path) -> tuple[list[str],
                                                                                 list[str]]:
    """Copy the hub's decks into this kiosk's own decks folder when they parse; returns
    (decks installed or updated, problems)."""
    installed, problems = [], []
    for name in setup.decks:
        source = paths.setup / DECKS_DIR / name
        try:
            text = read_deck_text(source)
            parse_deck(text, source)
        except DeckError as exc:
            problems.append(f"A deck the hub sent cannot be used: {exc}")
            continue
        dest = own_decks / name
        payload = text.encode("utf-8")
        try:
            if dest.is_file() and dest.read_bytes() == payload:
                continue
        except OSError:
            pass
        own_decks.mkdir(parents=True, exist_ok=True)
        write_atomically(dest, payload)
        installed.append(name)
    return installed, problems
