"""CSV import (formats.md): validate everything, then merge by ranking_id or write nothing.

What an import accepts:
- PATH is a folder holding `rankings.csv` (and optionally `criteria.csv`), or a rankings
  file; `criteria.csv` beside a file named `rankings.csv` is read with it. Matrix files
  are derived data and ignored.
- Columns may come in any order; extra columns are ignored; `card_title` is informative
  only (the deck's own title is used), so a hand-typed sheet may leave it blank.
- Rows with a `ranking_id` belong to that ranking (source "import"). Rows without one are a
  paper session typed in (source "paper"): one ranking is the rows that share workshop_id,
  workshop, place, workshop_date, table, kiosk_id, deck, lens and completed_at - so two
  rankings by the same table of the same deck and lens need different completed_at times.
  Its id is a uuid5 of its rows' content, so importing the same sheet again adds nothing;
  an empty workshop_id is derived from workshop name, place and date the same way.
- A paper ranking may tie cards (1, 1, 3) and has no move log; duration_s and moves may be
  empty. Positions run from 1 to the number of cards the ranking holds.
- criteria.csv rows without a ranking_id attach to the one ranking of the paired
  rankings file with the same workshop, table, deck and lens. A ranking with no criteria
  rows but a primary_criterion gets that one criterion (origin "suggested" when it is one
  of the lens's suggested criteria, "own" otherwise).

Every problem is reported as `file:line: reason`; a single one rejects the whole import.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kiosk.domain.lenses import LENS_IDS
from kiosk.domain.record import SavedRanking, StatedCriterion
from kiosk.exchange.cells import (
    CRITERIA_COLUMNS,
    CRITERIA_FILE,
    ORIGINS,
    PAPER_NAMESPACE,
    RANKING_COLUMNS,
    RANKINGS_FILE,
    TIERS,
    parse_number,
    parse_time,
    parse_whole,
    unguard,
    valid_date,
    valid_uuid,
    workshop_id_for,
)
from kiosk.exchange.reader import Row, read_table

Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 2000
# Ranking-level columns: every row of one ranking must agree on them.
LEVEL_COLUMNS = tuple(c for c in RANKING_COLUMNS
                      if c not in ("card_id", "card_title", "position", "tier"))
# Rows without a ranking_id that agree on these are one paper ranking.
PAPER_KEY = ("workshop_id", "workshop", "place", "workshop_date", "table", "kiosk_id",
             "deck", "lens", "completed_at")
# Ids, codes, numbers and times are trimmed; names and free text are kept exactly.
_TRIMMED = frozenset(("ranking_id", "workshop_id", "workshop_date", "kiosk_id", "deck", "lens",
                      "card_id", "position", "tier", "completed_at", "duration_s", "moves",
                      "origin", "primary"))
_LOWERED = frozenset(("lens", "tier", "origin", "primary"))


class ImportPathError(FileNotFoundError):
    """A path given to import does not exist or holds no rankings.csv."""


class _Catalog(Protocol):
    lenses: dict
    def deck(self, deck_id: str) -> Any: ...


@dataclass(frozen=True)
class ImportBatch:
    records: list[SavedRanking]
    errors: list[str]
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportSummary:
    new: int
    present: int
    rejected: list[str]


def _show(value: str, limit: int = 40) -> str:
    """A value quoted for an error line: control characters escaped, long text cut."""
    cut = value[:limit]
    return "'" + repr(cut)[1:-1] + ("…" if len(value) > limit else "") + "'"


def _cell(row: Row, column: str) -> str:
    value = unguard(row.cells.get(column, ""))
    if column in _TRIMMED:
        value = value.strip()
    if column in _LOWERED:
        value = value.lower()
    return value


@dataclass
class _Draft:
    """One ranking being assembled from its rows."""

    first: Row
    paper: bool
    pair: int
    level: dict[str, str]
    cards: dict[str, tuple[int, str, Row]] = field(default_factory=dict)
    criteria: list[tuple[str, str, bool, Row]] = field(default_factory=list)

    def label(self) -> tuple[str, str, str, str]:
        lv = self.level
        return (lv["workshop"], lv["table"], lv["deck"], lv["lens"])


class _Reader:
    def __init__(self, catalog: _Catalog, progress: Progress | None) -> None:
        self.catalog = catalog
        self.progress = progress
        self.errors: list[str] = []
        self.drafts: list[_Draft] = []
        self.by_id: dict[tuple[int, str], _Draft] = {}

    def error(self, row: Row, reason: str) -> None:
        self.errors.append(f"{row.where()}: {reason}")

    # -- rankings.csv ---------------------------------------------------------------
    def check_level(self, row: Row, level: dict[str, str]) -> None:
        rid = level["ranking_id"]
        if rid and not valid_uuid(rid):
            self.error(row, f"ranking_id {_show(rid)} is not a UUID")
        if level["workshop_date"] and not valid_date(level["workshop_date"]):
            self.error(row, f"workshop_date {_show(level['workshop_date'])} is not a date "
                            "YYYY-MM-DD")
        deck = level["deck"]
        if not deck:
            self.error(row, "deck is empty")
        elif self.catalog.deck(deck) is None:
            self.error(row, f"unknown deck {_show(deck)}")
        if level["lens"] not in LENS_IDS:
            self.error(row, f"unknown lens {_show(level['lens'])}; use one of "
                            f"{', '.join(LENS_IDS)}")
        if parse_time(level["completed_at"]) is None:
            self.error(row, f"completed_at {_show(level['completed_at'])} is not an ISO 8601 "
                            "time with UTC offset (e.g. 2017-03-15T14:30:00+00:00)")
        if level["duration_s"] and parse_number(level["duration_s"]) is None:
            self.error(row, f"duration_s {_show(level['duration_s'])} is not a number of "
                            "seconds (0 or more)")
        if level["moves"] and parse_whole(level["moves"]) is None:
            self.error(row, f"moves {_show(level['moves'])} is not a whole number (0 or more)")

    def add_ranking_rows(self, rows: list[Row], pair: int, done: int, total: int) -> int:
        groups: dict[tuple, _Draft] = {}
        # The rows of one ranking repeat its level cells: normalise each distinct set once.
        seen_levels: dict[tuple[str, ...], dict[str, str]] = {}
        for row in rows:
            raw = tuple(row.cells[c] for c in LEVEL_COLUMNS)
            level = seen_levels.get(raw)
            if level is None:
                level = seen_levels[raw] = {c: _cell(row, c) for c in LEVEL_COLUMNS}
            rid = level["ranking_id"]
            key = ("id", rid) if rid else ("paper",) + tuple(level[c] for c in PAPER_KEY)
            draft = groups.get(key)
            if draft is None:
                draft = groups[key] = _Draft(row, not rid, pair, level)
                self.drafts.append(draft)
                self.check_level(row, level)
                if rid:
                    self.by_id.setdefault((pair, rid), draft)
            elif level is not draft.level:
                for column in LEVEL_COLUMNS:
                    if level[column] != draft.level[column]:
                        self.error(row, f"{column} is {_show(level[column])} here but "
                                        f"{_show(draft.level[column])} on line "
                                        f"{draft.first.line} (rows of one ranking must agree)")
            self.add_card(draft, row)
            done += 1
            if self.progress and done % _PROGRESS_EVERY == 0:
                self.progress(done, total)
        for draft in groups.values():
            self.check_cards(draft)
        return done

    def add_card(self, draft: _Draft, row: Row) -> None:
        card = _cell(row, "card_id")
        deck = self.catalog.deck(draft.level["deck"])
        if not card:
            self.error(row, "card_id is empty")
        elif deck is not None and not deck.has_card(card):
            self.error(row, f"unknown card {_show(card)} in deck {_show(draft.level['deck'])}")
        elif card in draft.cards:
            self.error(row, f"card {_show(card)} appears twice in this ranking (also line "
                            f"{draft.cards[card][2].line})")
            return
        raw = _cell(row, "position")
        position = parse_whole(raw)
        if position is None or position < 1:
            self.error(row, f"position {_show(raw)} is not a positive whole number")
            position = 0
        tier = _cell(row, "tier")
        if tier and tier not in TIERS:
            self.error(row, f"tier {_show(tier)} must be 'acceptable', 'not acceptable' or empty")
        if card:
            draft.cards[card] = (position, tier, row)

    def check_cards(self, draft: _Draft) -> None:
        count = len(draft.cards)
        tiered = [row for _, tier, row in draft.cards.values() if tier]
        for position, tier, row in draft.cards.values():
            if position > count:
                self.error(row, f"position {position} is more than the {count} card"
                                f"{'s' if count != 1 else ''} this ranking holds")
            if tiered and not tier:
                self.error(row, f"tier is empty here but set on line {tiered[0].line} "
                                "(give every card of a ranking a tier, or none)")

    # -- criteria.csv ---------------------------------------------------------------
    def add_criteria_rows(self, rows: list[Row], pair: int) -> None:
        for row in rows:
            rid = _cell(row, "ranking_id")
            label = (_cell(row, "workshop"), _cell(row, "table"), _cell(row, "deck"),
                     _cell(row, "lens"))
            if rid:
                draft = self.by_id.get((pair, rid)) or next(
                    (d for (_, i), d in self.by_id.items() if i == rid), None)
                if draft is None:
                    self.error(row, f"criteria for unknown ranking {_show(rid)} (it is not in "
                                    f"{RANKINGS_FILE})")
                    continue
                for column, mine, theirs in zip(("workshop", "table", "deck", "lens"), label,
                                                draft.label(), strict=True):
                    if mine != theirs:
                        self.error(row, f"{column} is {_show(mine)} here but {_show(theirs)} "
                                        f"for this ranking in {draft.first.where()}")
            else:
                matches = [d for d in self.drafts if d.pair == pair and d.label() == label]
                if len(matches) != 1:
                    what = "no ranking" if not matches else f"{len(matches)} rankings"
                    self.error(row, f"criteria without ranking_id match {what} in "
                                    f"{RANKINGS_FILE} with workshop {_show(label[0])}, table "
                                    f"{_show(label[1])}, deck {_show(label[2])}, lens "
                                    f"{_show(label[3])}" + ("; give the ranking_id"
                                                            if matches else ""))
                    continue
                draft = matches[0]
            text = unguard(row.cells.get("criterion", ""))
            if not text.strip():
                self.error(row, "criterion is empty")
            origin = _cell(row, "origin")
            if origin not in ORIGINS:
                self.error(row, f"origin {_show(origin)} must be 'suggested' or 'own'")
            primary = _cell(row, "primary")
            if primary not in ("true", "false", ""):
                self.error(row, f"primary {_show(primary)} must be 'true' or 'false'")
            for other, _, _, other_row in draft.criteria:
                if other == text:
                    self.error(row, f"criterion {_show(text)} appears twice for this ranking "
                                    f"(also line {other_row.line})")
                    break
            else:
                draft.criteria.append((text, origin, primary == "true", row))

    def check_primary(self, draft: _Draft) -> None:
        stated = draft.level["primary_criterion"]
        marked = [(text, row) for text, _, primary, row in draft.criteria if primary]
        for _, row in marked[1:]:
            self.error(row, f"a second primary criterion for this ranking (first on line "
                            f"{marked[0][1].line})")
        if not draft.criteria:
            return
        if marked and marked[0][0] != stated:
            self.error(marked[0][1], f"primary criterion {_show(marked[0][0])} differs from "
                                     f"primary_criterion {_show(stated)} in "
                                     f"{draft.first.where()}")
        elif not marked and stated:
            self.error(draft.first, f"primary_criterion {_show(stated)} is not marked primary "
                                    f"in {CRITERIA_FILE}")

    # -- records --------------------------------------------------------------------
    def record(self, draft: _Draft) -> SavedRanking:
        lv = draft.level
        deck = self.catalog.deck(lv["deck"])
        order = {c: i for i, c in enumerate(deck.card_ids)} if deck else {}
        cards = sorted(draft.cards.items(), key=lambda kv: (kv[1][0], order.get(kv[0], 0), kv[0]))
        positions = {card: position for card, (position, _, _) in cards}
        tiers = {card: tier for card, (_, tier, _) in cards if tier}
        criteria: tuple[StatedCriterion, ...] = ()
        if draft.criteria:
            criteria = tuple(StatedCriterion(t, o, p) for t, o, p, _ in draft.criteria)
        elif lv["primary_criterion"]:
            lens = self.catalog.lenses.get(lv["lens"])
            suggested = lens is not None and lv["primary_criterion"] in lens.suggested
            criteria = (StatedCriterion(lv["primary_criterion"],
                                        "suggested" if suggested else "own", True),)
        workshop_id = lv["workshop_id"]
        ranking_id = lv["ranking_id"]
        if draft.paper:
            if not workshop_id:
                workshop_id = workshop_id_for(lv["workshop"], lv["place"], lv["workshop_date"])
            content = [[c, lv[c]] for c in LEVEL_COLUMNS if c != "ranking_id"]
            content.append([[card, pos, tier] for card, (pos, tier, _) in sorted(cards)])
            ranking_id = str(uuid.uuid5(PAPER_NAMESPACE, json.dumps(content, ensure_ascii=False)))
        return SavedRanking(
            ranking_id=ranking_id,
            workshop_id=workshop_id,
            workshop=lv["workshop"],
            place=lv["place"],
            workshop_date=lv["workshop_date"],
            table=lv["table"],
            kiosk_id=lv["kiosk_id"],
            deck=lv["deck"],
            lens=lv["lens"],
            positions=positions,
            tiers=tiers,
            criteria=criteria,
            note=lv["note"],
            started_at=None,
            completed_at=lv["completed_at"],
            duration_s=parse_number(lv["duration_s"]) if lv["duration_s"] else None,
            moves=parse_whole(lv["moves"]) if lv["moves"] else None,
            log=(),
            source="paper" if draft.paper else "import",
        )


def _pairs(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """(rankings file, criteria file or None) for each path, duplicates dropped."""
    pairs: list[tuple[Path, Path | None]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            rankings = path / RANKINGS_FILE
            if not rankings.is_file():
                raise ImportPathError(f"{path}: no {RANKINGS_FILE} in this folder")
        elif path.is_file():
            rankings = path
            if path.name == CRITERIA_FILE:
                rankings = path.with_name(RANKINGS_FILE)
                if not rankings.is_file():
                    raise ImportPathError(f"{path}: no {RANKINGS_FILE} beside it")
        else:
            raise ImportPathError(f"{path}: no such file or folder")
        criteria = rankings.with_name(CRITERIA_FILE) if rankings.name == RANKINGS_FILE else None
        if criteria is not None and not criteria.is_file():
            criteria = None
        resolved = rankings.resolve()
        if resolved not in seen:
            seen.add(resolved)
            pairs.append((rankings, criteria))
    return pairs


def read_import(paths: list[Path], catalog: _Catalog,
                progress: Progress | None = None) -> ImportBatch:
    """Read and validate; `records` is empty whenever `errors` is not.

    Raises ImportPathError when a path does not exist (nothing is read then)."""
    pairs = _pairs(list(paths))
    reader = _Reader(catalog, progress)
    tables: list[tuple[list[Row] | None, list[Row] | None]] = []
    files: list[str] = []
    for rankings, criteria in pairs:
        files.append(str(rankings))
        ranking_rows = read_table(rankings, RANKING_COLUMNS, reader.errors)
        criteria_rows = None
        if criteria is not None:
            files.append(str(criteria))
            criteria_rows = read_table(criteria, CRITERIA_COLUMNS, reader.errors)
        tables.append((ranking_rows, criteria_rows))
    total = sum(len(r or ()) for r, _ in tables)
    done = 0
    for pair, (ranking_rows, _) in enumerate(tables):
        done = reader.add_ranking_rows(ranking_rows or [], pair, done, total)
    for pair, (ranking_rows, criteria_rows) in enumerate(tables):
        if ranking_rows is not None:  # else every criterion would be "unknown": noise
            reader.add_criteria_rows(criteria_rows or [], pair)
    for draft in reader.drafts:
        reader.check_primary(draft)
    if progress:
        progress(total, total)
    if reader.errors:
        return ImportBatch([], reader.errors, files)

    records: list[SavedRanking] = []
    first_seen: dict[str, tuple[SavedRanking, _Draft]] = {}
    for draft in reader.drafts:
        record = reader.record(draft)
        earlier = first_seen.get(record.ranking_id)
        if earlier is None:
            first_seen[record.ranking_id] = (record, draft)
            records.append(record)
        elif earlier[0] != record:
            reader.error(draft.first, f"ranking {_show(record.ranking_id)} differs from the "
                                      f"one in {earlier[1].first.where()}")
    if reader.errors:
        return ImportBatch([], reader.errors, files)
    return ImportBatch(records, [], files)


class ImportTarget(Protocol):
    """Where an import writes: the new rankings, and the workshops they name."""

    def save_rankings(self, records: Sequence[SavedRanking]) -> int: ...
    def get_workshop(self, workshop_id: str) -> dict[str, Any] | None: ...
    def save_workshop(self, doc: dict[str, Any]) -> None: ...


def import_csv(paths: list[Path], store: ImportTarget, catalog: _Catalog,
               progress: Progress | None = None) -> ImportSummary:
    """Validate every file, then save all new rankings at once (the store's
    save_rankings is all-or-nothing and skips ids it holds). A workshop the store does not
    know yet is added, so the facilitator can pick it when comparing."""
    batch = read_import(paths, catalog, progress)
    if batch.errors:
        return ImportSummary(0, 0, list(batch.errors))
    new = store.save_rankings(batch.records) if batch.records else 0
    workshops: dict[str, dict[str, str]] = {}
    for record in batch.records:
        workshops.setdefault(record.workshop_id, {
            "workshop_id": record.workshop_id, "name": record.workshop,
            "place": record.place, "date": record.workshop_date})
    for workshop_id, doc in workshops.items():
        if workshop_id and store.get_workshop(workshop_id) is None:
            store.save_workshop(doc)
    return ImportSummary(new, len(batch.records) - new, [])
