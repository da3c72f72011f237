"""What the facilitator's area can do, as one service over the store and the catalog.

The facilitator's screens never touch the store: they call this service, which validates,
persists and tells listeners what changed. No Qt here.

Threads: export and import run on a worker thread so the window never freezes. The store is
single-process but not promised thread-safe, so every store call in this service holds one
re-entrant lock. File reading, parsing and writing happen outside the lock; only the short
store calls hold it (one snapshot of the rankings for an export; one all-or-nothing
`save_rankings` for an import). Listeners may therefore be called from a worker thread: the
Qt side relays them through a signal, which Qt queues onto the GUI thread.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.domain.lenses import LENS_IDS
from kiosk.domain.pin import hash_pin
from kiosk.domain.ranking import Ranking, RankingError
from kiosk.domain.workshop import KioskSettings, LensStep, Workshop
from kiosk.exchange import ExportSummary, ImportPathError, ImportSummary, export_csv, import_csv
from kiosk.services.catalog import Catalog
from kiosk.services.demo import demo_rankings, demo_workshops, is_demo_ranking, is_demo_workshop

Progress = Callable[[int, int], None]  # (done, total)
Listener = Callable[[str], None]  # what changed: "rankings" | "workshops" | "settings"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_IDLE_S, MAX_IDLE_S = 30, 3600


class SetupError(ValueError):
    """A facilitator's input that cannot be saved; the message is shown as it is."""


@dataclass(frozen=True)
class RankingSummary:
    """One saved ranking as a row of the facilitator's table."""

    ranking_id: str
    workshop_id: str
    workshop: str
    table: str
    deck: str
    deck_title: str
    lens: str
    completed_at: str  # ISO with offset, "" when unknown (paper entry)
    day: str  # YYYY-MM-DD the ranking was made (completed, else the workshop's date)
    duration_s: float | None
    moves: int | None
    primary: str
    source: str


@dataclass(frozen=True)
class ReplayFrame:
    """The board after `step` entries of a ranking's move log (step 0 = empty board)."""

    step: int
    ladder: tuple[str | None, ...]
    tray: tuple[str, ...]
    cut: int | None
    moves: int
    time: str  # ISO time of the entry ("" for step 0)
    what: str  # the entry in words
    card: str | None = None  # the card this entry moved, if any


def natural_key(text: str) -> list[Any]:
    """'Table 2' sorts before 'Table 10'."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def ranking_cards(record: dict, deck_order: Sequence[str] = ()) -> tuple[str, ...]:
    """The cards a ranking was made with, in deck order where the deck is known."""
    placed = record.get("positions") or {}
    known = [c for c in deck_order if c in placed]
    return tuple(known + sorted((c for c in placed if c not in known), key=natural_key))


def describe_entry(entry: dict, card_name: Callable[[str], str] = str) -> str:
    op = entry.get("op")
    card = card_name(str(entry.get("card", "")))
    if op == "place":
        return f"Placed {card} at place {entry['to'] + 1}"
    if op == "move":
        return f"Moved {card} from place {entry['from'] + 1} to place {entry['to'] + 1}"
    if op == "return":
        return f"Took {card} back to the tray"
    if op == "cut":
        to = entry.get("to")
        return "Removed the acceptability line" if to is None else (
            f"Drew the acceptability line below place {to}" if to else
            "Drew the acceptability line above place 1")
    if op == "criterion_add":
        kind = "their own" if entry.get("origin") == "own" else "suggested"
        return f"Added criterion “{entry.get('text')}” ({kind})"
    if op == "criterion_remove":
        return f"Removed criterion “{entry.get('text')}”"
    if op == "primary":
        text = entry.get("text")
        return f"Marked “{text}” as primary" if text else "Cleared the primary criterion"
    if op == "note":
        return "Wrote a note" if entry.get("text") else "Cleared the note"
    if op == "undo":
        return "Undid the last change"
    if op == "redo":
        return "Redid a change"
    return str(op)


def replay_frames(record: dict, deck_order: Sequence[str] = (),
                  card_name: Callable[[str], str] = str) -> list[ReplayFrame]:
    """Every state of the board while the table worked, rebuilt from the move log.
    Raises RankingError when the log cannot be replayed (a damaged import)."""
    cards = ranking_cards(record, deck_order)
    if not cards:
        raise RankingError("this ranking has no cards")
    board = Ranking(str(record.get("deck", "")), str(record.get("lens", "")), cards)
    frames = [ReplayFrame(0, board.ladder, tuple(board.tray), board.cut, 0, "",
                          "The empty board")]
    for step, entry in enumerate(record.get("log") or [], 1):
        try:
            board.replay_entry(entry)
        except (KeyError, TypeError, ValueError) as exc:
            raise RankingError(f"step {step} of the move log cannot be replayed ({exc})") from None
        frames.append(ReplayFrame(step, board.ladder, tuple(board.tray), board.cut,
                                  board.moves, str(entry.get("t", "")),
                                  describe_entry(entry, card_name), entry.get("card")))
    return frames


class FacilitatorService:
    def __init__(self, store: Any, catalog: Catalog):
        self._store = store
        self._catalog = catalog
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        # Rows of the rankings table, kept until something changes: with thousands of
        # rankings, re-reading the store for every refresh of every tab would be felt.
        self._summaries: list[RankingSummary] | None = None
        self.version = 0  # goes up with every change, so a screen can tell it is current

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    # ----- listeners
    def subscribe(self, listener: Listener) -> None:
        """`listener(what)` after every change; may be called from a worker thread."""
        self._listeners.append(listener)

    def _changed(self, what: str) -> None:
        with self._lock:
            self.version += 1
            if what in ("rankings", "workshops"):
                self._summaries = None
        for listener in list(self._listeners):
            listener(what)

    def reload(self) -> None:
        """Forget what was read and tell every listener: for when others (the tables) may
        have saved rankings since the area last looked."""
        self._changed("rankings")

    # ----- names for display
    def deck_title(self, deck_id: str) -> str:
        deck = self._catalog.deck(deck_id)
        return deck.title if deck else deck_id

    def deck_order(self, deck_id: str) -> list[str]:
        deck = self._catalog.deck(deck_id)
        return deck.card_ids if deck else []

    def card_title(self, deck_id: str, card_id: str) -> str:
        deck = self._catalog.deck(deck_id)
        if deck and deck.has_card(card_id):
            return deck.card(card_id).title
        return f"card {card_id}"

    def lens_title(self, lens_id: str) -> str:
        lens = self._catalog.lenses.get(lens_id)
        return lens.title if lens else lens_id.capitalize()

    def deck_ids(self) -> list[str]:
        return self._catalog.decks.ids()

    # ----- this kiosk's settings
    def settings(self) -> KioskSettings:
        with self._lock:
            doc = self._store.get_settings() or {}
        settings = KioskSettings.from_doc(doc)
        if not doc.get("kiosk_id"):
            # Keep the generated kiosk id, or it would change on every read.
            self._save_settings(settings)
        return settings

    def _save_settings(self, settings: KioskSettings) -> None:
        with self._lock:
            doc = dict(self._store.get_settings() or {})
            doc.update(settings.to_doc())
            self._store.save_settings(doc)

    def update_settings(self, *, table: str | None = None, kiosk_id: str | None = None,
                        sequence: Iterable[LensStep] | None = None,
                        idle_timeout_s: int | None = None,
                        workshop_id: str | None = None) -> KioskSettings:
        """Change some of this kiosk's settings; raises SetupError with a readable reason."""
        settings = self.settings()
        changes: dict[str, Any] = {}
        if table is not None:
            table = " ".join(table.split())
            if not table:
                raise SetupError("The table needs a label, for example “Table 3”.")
            changes["table"] = table
        if kiosk_id is not None:
            kiosk_id = kiosk_id.strip()
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}", kiosk_id):
                raise SetupError("The kiosk id is letters, digits, dots, dashes or "
                                 "underscores (up to 40), for example “kiosk-3”.")
            changes["kiosk_id"] = kiosk_id
        if sequence is not None:
            steps = tuple(sequence)
            if not steps:
                raise SetupError("The lens sequence needs at least one step.")
            for number, step in enumerate(steps, 1):
                if step.lens not in LENS_IDS:
                    raise SetupError(f"Step {number}: “{step.lens}” is not a lens.")
                if step.deck not in self._catalog.decks:
                    raise SetupError(f"Step {number}: the deck “{step.deck}” is not loaded.")
            changes["sequence"] = steps
        if idle_timeout_s is not None:
            if not MIN_IDLE_S <= int(idle_timeout_s) <= MAX_IDLE_S:
                raise SetupError(f"The idle timeout is between {MIN_IDLE_S} seconds and "
                                 f"{MAX_IDLE_S // 60} minutes.")
            changes["idle_timeout_s"] = int(idle_timeout_s)
        if workshop_id is not None:
            if workshop_id and self.workshop(workshop_id) is None:
                raise SetupError("That workshop no longer exists.")
            changes["workshop_id"] = workshop_id
        settings = replace(settings, **changes)
        self._save_settings(settings)
        self._changed("settings")
        return settings

    def change_pin(self, pin: str, confirm: str) -> None:
        pin, confirm = pin.strip(), confirm.strip()
        if pin != confirm:
            raise SetupError("The two PINs are not the same. Type the new PIN twice.")
        try:
            stored = hash_pin(pin)
        except ValueError:
            raise SetupError("A PIN is 4 to 12 digits.") from None
        self._save_settings(replace(self.settings(), pin=stored))
        self._changed("settings")

    # ----- workshops
    def workshops(self) -> list[Workshop]:
        """Newest first, then by name."""
        with self._lock:
            docs = self._store.list_workshops()
        shops = [Workshop.from_doc(d) for d in docs if d.get("workshop_id")]
        shops.sort(key=lambda w: natural_key(w.name))
        shops.sort(key=lambda w: w.date, reverse=True)
        return shops

    def workshop(self, workshop_id: str) -> Workshop | None:
        with self._lock:
            doc = self._store.get_workshop(workshop_id)
        return Workshop.from_doc(doc) if doc else None

    def current_workshop(self) -> Workshop | None:
        workshop_id = self.settings().workshop_id
        return self.workshop(workshop_id) if workshop_id else None

    @staticmethod
    def _check_workshop(name: str, when: str) -> None:
        if not name.strip():
            raise SetupError("The workshop needs a name, for example “Manchester”.")
        if when:
            try:
                date.fromisoformat(when)
            except ValueError:
                raise SetupError("The date is YYYY-MM-DD, for example 2025-03-14.") from None
            if not _DATE_RE.match(when):
                raise SetupError("The date is YYYY-MM-DD, for example 2025-03-14.")

    def add_workshop(self, name: str, place: str = "", when: str = "") -> Workshop:
        self._check_workshop(name, when)
        workshop = Workshop.new(name, place, when)
        with self._lock:
            self._store.save_workshop(workshop.to_doc())
        self._changed("workshops")
        return workshop

    def update_workshop(self, workshop: Workshop) -> int:
        """Save a workshop's name, place and date. Rankings keep a copy of these, so the copies
        are corrected too (a typo fixed once is fixed everywhere); returns how many."""
        self._check_workshop(workshop.name, workshop.date)
        workshop = Workshop(workshop.workshop_id, workshop.name.strip(), workshop.place.strip(),
                            workshop.date)
        fixed = 0
        with self._lock:
            self._store.save_workshop(workshop.to_doc())
            for record in self._store.list_rankings():
                if record.get("workshop_id") != workshop.workshop_id:
                    continue
                changes = {"workshop": workshop.name, "place": workshop.place,
                           "workshop_date": workshop.date}
                if any(record.get(k) != v for k, v in changes.items()):
                    self._store.update_ranking(record["ranking_id"], changes)
                    fixed += 1
        self._changed("workshops")
        if fixed:
            self._changed("rankings")
        return fixed

    def delete_workshop(self, workshop_id: str) -> None:
        if self.settings().workshop_id == workshop_id:
            raise SetupError("This kiosk is using that workshop. Choose another one first.")
        count = len(self.list_rankings(workshop_id=workshop_id))
        if count:
            raise SetupError(f"{count} saved ranking(s) belong to that workshop. Move them to "
                             "another workshop or delete them first.")
        with self._lock:
            self._store.delete_workshop(workshop_id)
        self._changed("workshops")

    # ----- rankings
    def records(self) -> list[dict]:
        """Every completed ranking, as the store keeps it (for the compare screen)."""
        with self._lock:
            return list(self._store.list_rankings())

    def count_rankings(self) -> int:
        with self._lock:
            return int(self._store.count_rankings())

    def ranking(self, ranking_id: str) -> dict | None:
        with self._lock:
            return self._store.get_ranking(ranking_id)

    def summarize(self, record: dict) -> RankingSummary:
        completed = str(record.get("completed_at") or "")
        primary = next((c.get("text", "") for c in record.get("criteria") or []
                        if c.get("primary")), "")
        deck = str(record.get("deck", ""))
        return RankingSummary(
            ranking_id=str(record.get("ranking_id", "")),
            workshop_id=str(record.get("workshop_id", "")),
            workshop=str(record.get("workshop", "")),
            table=str(record.get("table", "")),
            deck=deck,
            deck_title=self.deck_title(deck),
            lens=str(record.get("lens", "")),
            completed_at=completed,
            day=(completed or str(record.get("workshop_date") or ""))[:10],
            duration_s=record.get("duration_s"),
            moves=record.get("moves"),
            primary=primary,
            source=str(record.get("source", "")),
        )

    def summaries(self) -> list[RankingSummary]:
        """One row per saved ranking (cached until a change made through this service)."""
        with self._lock:
            if self._summaries is None:
                self._summaries = [self.summarize(r) for r in self._store.list_rankings()]
            return list(self._summaries)

    def list_rankings(self, *, workshop_id: str | None = None, table: str | None = None,
                      deck: str | None = None, lens: str | None = None,
                      day: str | None = None, source: str | None = None) -> list[dict]:
        """Saved rankings matching every filter given (None = any)."""
        wanted = {"workshop_id": workshop_id, "table": table, "deck": deck, "lens": lens,
                  "source": source}
        found = []
        for record in self.records():
            if any(v is not None and record.get(k) != v for k, v in wanted.items()):
                continue
            if day is not None and self.summarize(record).day != day:
                continue
            found.append(record)
        return found

    def update_ranking(self, ranking_id: str, *, table: str | None = None,
                       workshop_id: str | None = None) -> dict:
        """Correct a mislabelled table, or move a ranking to the workshop it belongs to."""
        changes: dict[str, Any] = {}
        if table is not None:
            table = " ".join(table.split())
            if not table:
                raise SetupError("The table needs a label, for example “Table 3”.")
            changes["table"] = table
        if workshop_id is not None:
            workshop = self.workshop(workshop_id)
            if workshop is None:
                raise SetupError("That workshop no longer exists.")
            changes.update(workshop_id=workshop.workshop_id, workshop=workshop.name,
                           place=workshop.place, workshop_date=workshop.date)
        with self._lock:
            if not self._store.has_ranking(ranking_id):
                raise SetupError("That ranking is no longer saved.")
            if changes:
                self._store.update_ranking(ranking_id, changes)
            record = self._store.get_ranking(ranking_id)
        if changes:
            self._changed("rankings")
        return record

    def delete_ranking(self, ranking_id: str) -> None:
        with self._lock:
            self._store.delete_ranking(ranking_id)
        self._changed("rankings")

    def replay(self, record: dict) -> list[ReplayFrame]:
        deck = str(record.get("deck", ""))
        return replay_frames(record, self.deck_order(deck),
                             lambda card: f"{card} · {self.card_title(deck, card)}")

    # ----- compare (the compare screen and `kiosk compare` share kiosk.analysis.selection)
    def compare(self, deck: str, lens: str, workshops: Iterable[str] | None = None) -> Any:
        from kiosk.analysis.selection import compare_records

        return compare_records(self.records(), self._catalog, deck, lens,
                               list(workshops) if workshops is not None else None)

    # ----- export and import (run these on a worker thread)
    def export_to(self, folder: str | Path, progress: Progress | None = None) -> ExportSummary:
        records = self.records()  # one snapshot under the lock; writing happens outside it
        return export_csv(records, self._catalog, Path(folder), progress=progress)

    def import_from(self, paths: Sequence[str | Path],
                    progress: Progress | None = None) -> ImportSummary:
        """Read, validate and merge CSV files (kiosk.exchange). A path that does not exist
        is reported like any other rejection, as a line of the summary."""
        try:
            # Parsing runs outside the lock; each store call it makes holds the lock.
            summary = import_csv([Path(p) for p in paths], self._locked_store(), self._catalog,
                                 progress=progress)
        except ImportPathError as exc:
            return ImportSummary(0, 0, [str(exc)])
        if summary.new:
            self._changed("workshops")
            self._changed("rankings")
        return summary

    def _locked_store(self) -> _LockedStore:
        return _LockedStore(self._store, self._lock)

    # ----- demo data
    def demo_count(self) -> int:
        return sum(1 for s in self.summaries()
                   if is_demo_ranking({"source": s.source, "workshop_id": s.workshop_id}))

    def load_demo(self) -> int:
        """Add the demo workshops and rankings; returns how many rankings were new."""
        decks = {d: self.deck_order(d) for d in self.deck_ids()}
        records = demo_rankings(decks, self._catalog.lenses)
        with self._lock:
            for workshop in demo_workshops():
                self._store.save_workshop(workshop.to_doc())
            new = int(self._store.save_rankings(records))
        self._changed("workshops")
        self._changed("rankings")
        return new

    def remove_demo(self) -> int:
        """Delete exactly the demo rankings and workshops; returns how many rankings went."""
        with self._lock:
            doomed = [r["ranking_id"] for r in self._store.list_rankings() if is_demo_ranking(r)]
            for ranking_id in doomed:
                self._store.delete_ranking(ranking_id)
            for doc in self._store.list_workshops():
                if is_demo_workshop(doc):
                    self._store.delete_workshop(doc["workshop_id"])
            settings = KioskSettings.from_doc(self._store.get_settings() or {})
        if settings.workshop_id.startswith("demo-"):
            others = self.workshops()
            self._save_settings(
                replace(settings, workshop_id=others[0].workshop_id if others else ""))
            self._changed("settings")
        self._changed("workshops")
        self._changed("rankings")
        return len(doomed)


class _LockedStore:
    """The store as the importer sees it: every call holds the service's lock."""

    def __init__(self, store: Any, lock: threading.RLock):
        self._store = store
        self._lock = lock

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._store, name)
        if not callable(target):
            return target

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return target(*args, **kwargs)

        return locked
