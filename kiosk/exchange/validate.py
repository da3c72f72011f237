"""Where an import's rows are checked: every cell of rankings.csv and criteria.csv against
the contract (formats.md) and the catalog, each problem as `file:line: reason`, and the
saved-ranking records the valid rows describe (kiosk.exchange.importer reads the files
and merges)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.domain.decks import Deck
from kiosk.domain.lenses import LENS_IDS, Lens
from kiosk.domain.polls import Poll
from kiosk.domain.record import (
    NOTE_MAX,
    TIME_RANGE_TEXT,
    SavedRanking,
    StatedCriterion,
    time_out_of_range,
)
from kiosk.domain.text_rules import CRITERION_MAX, NAME_MAX, control_character, name_problem
from kiosk.exchange.cells import (
    CRITERIA_FILE,
    ORIGINS,
    PAPER_NAMESPACE,
    RANKING_COLUMNS,
    RANKINGS_FILE,
    TIERS,
    canonical_uuid,
    parse_number,
    parse_time,
    parse_whole,
    unguard,
    valid_date,
    valid_uuid,
    workshop_id_for,
)
from kiosk.exchange.reader import Row

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
# Names and words a screen and a terminal show, each with its longest (kiosk.domain.text_rules)
_NAMES = (("workshop_id", NAME_MAX), ("workshop", NAME_MAX), ("place", NAME_MAX),
          ("table", NAME_MAX), ("kiosk_id", NAME_MAX), ("primary_criterion", CRITERION_MAX))


class ImportCatalog(Protocol):
    """What validation needs of the catalog: decks by id, the lenses, and the polls (read
    only when an import holds a polls.csv)."""

    @property
    def lenses(self) -> Mapping[str, Lens]: ...
    @property
    def polls(self) -> Mapping[str, Poll]: ...
    def deck(self, deck_id: str) -> Deck | None: ...


def show_value(value: str, limit: int = 40) -> str:
    """A value quoted for an error line: control characters escaped, long text cut."""
    cut = value[:limit]
    return "'" + repr(cut)[1:-1] + ("…" if len(value) > limit else "") + "'"


def _cell(row: Row, column: str) -> str:
    value = unguard(row.get(column))
    if column in _TRIMMED:
        value = value.strip()
    if column in _LOWERED:
        value = value.lower()
    if column == "ranking_id" and value:
        value = canonical_uuid(value)
    return value


@dataclass
class DraftRanking:
    """One ranking being assembled from its rows."""

    first: Row
    paper: bool
    pair: int
    level: dict[str, str]
    # card -> (position, tier, the line of its row in first.file): only the line is kept of
    # each row, so a large import's rows can go as soon as they are read into drafts
    cards: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    criteria: list[tuple[str, str, bool, Row]] = field(default_factory=list)

    def label(self) -> tuple[str, str, str, str]:
        lv = self.level
        return (lv["workshop"], lv["table"], lv["deck"], lv["lens"])


class RowValidator:
    """Checks every row of an import as it is read, collecting `file:line: reason` lines,
    and assembles the rankings the rows describe."""

    def __init__(self, catalog: ImportCatalog, progress: Progress | None,
                 workshops: Sequence[Mapping[str, Any]] = ()) -> None:
        self.catalog = catalog
        self.progress = progress
        # the workshops already stored (their docs): a paper row without a workshop_id
        # takes the id of the one workshop it names (`stored_workshop`)
        self.workshops = list(workshops)
        self.errors: list[str] = []
        self.drafts: list[DraftRanking] = []
        self.by_id: dict[tuple[int, str], DraftRanking] = {}
        # Indexes for criteria rows, so matching them is linear in the rows: the first
        # ranking of an id in any file, and the rankings by (file pair, label).
        self.first_by_id: dict[str, DraftRanking] = {}
        self.by_label: dict[tuple[int, tuple[str, str, str, str]], list[DraftRanking]] = {}

    def error(self, row: Row, reason: str) -> None:
        self.errors.append(f"{row.where()}: {reason}")

    def error_at(self, file: str, line: int, reason: str) -> None:
        self.errors.append(f"{file}:{line}: {reason}")

    # -- rankings.csv ---------------------------------------------------------------
    def check_level(self, row: Row, level: dict[str, str]) -> None:
        rid = level["ranking_id"]
        if rid and not valid_uuid(rid):
            self.error(row, f"ranking_id {show_value(rid)} is not a UUID")
        if level["workshop_date"] and not valid_date(level["workshop_date"]):
            self.error(row, f"workshop_date {show_value(level['workshop_date'])} is not a date "
                            "YYYY-MM-DD")
        deck = level["deck"]
        if not deck:
            self.error(row, "deck is empty")
        elif self.catalog.deck(deck) is None:
            self.error(row, f"unknown deck {show_value(deck)}")
        if level["lens"] not in LENS_IDS:
            self.error(row, f"unknown lens {show_value(level['lens'])}; use one of "
                            f"{', '.join(LENS_IDS)}")
        if time_out_of_range(level["completed_at"]):
            self.error(row, f"completed_at {show_value(level['completed_at'])} is not a time "
                            f"{TIME_RANGE_TEXT}")
        elif parse_time(level["completed_at"]) is None:
            self.error(row, f"completed_at {show_value(level['completed_at'])} is not an ISO 8601 "
                            "time with UTC offset (e.g. 2017-03-15T14:30:00+00:00)")
        if level["duration_s"] and parse_number(level["duration_s"]) is None:
            self.error(row, f"duration_s {show_value(level['duration_s'])} is not a number of "
                            "seconds (0 or more)")
        if level["moves"] and parse_whole(level["moves"]) is None:
            self.error(row, f"moves {show_value(level['moves'])} is not a whole number (0 or more)")
        for column, limit in _NAMES:
            problem = name_problem(column, level[column], limit)
            if problem:
                self.error(row, problem)
        control = control_character(level["note"], note=True)
        if control is not None:
            self.error(row, f"the note holds the control character {control} (a note may hold "
                            "tabs and line breaks, no other control character)")
        if len(level["note"]) > NOTE_MAX:  # what a kiosk keeps; every export stays within it
            self.error(row, f"the note is {len(level['note']):,} characters long; a note holds "
                            f"at most {NOTE_MAX:,} (shorten it)")

    def add_ranking_rows(self, rows: Iterable[Row], pair: int, done: int, total: int) -> int:
        groups: dict[tuple[str, ...], DraftRanking] = {}
        # The rows of one ranking repeat its level cells: normalise each distinct set once.
        seen_levels: dict[tuple[str, ...], dict[str, str]] = {}
        for row in rows:
            raw = tuple(row.get(c) for c in LEVEL_COLUMNS)
            level = seen_levels.get(raw)
            if level is None:
                level = seen_levels[raw] = {c: _cell(row, c) for c in LEVEL_COLUMNS}
            rid = level["ranking_id"]
            key = ("id", rid) if rid else ("paper",) + tuple(level[c] for c in PAPER_KEY)
            draft = groups.get(key)
            if draft is None:
                draft = groups[key] = DraftRanking(row, not rid, pair, level)
                self.drafts.append(draft)
                self.by_label.setdefault((pair, draft.label()), []).append(draft)
                self.check_level(row, level)
                if rid:
                    self.by_id.setdefault((pair, rid), draft)
                    self.first_by_id.setdefault(rid, draft)
            elif level is not draft.level:
                for column in LEVEL_COLUMNS:
                    if level[column] != draft.level[column]:
                        self.error(row, f"{column} is {show_value(level[column])} here but "
                                        f"{show_value(draft.level[column])} on line "
                                        f"{draft.first.line} (rows of one ranking must agree)")
            self.add_card(draft, row)
            done += 1
            if self.progress and done % _PROGRESS_EVERY == 0:
                self.progress(done, total)
        for draft in groups.values():
            self.check_cards(draft)
        return done

    def add_card(self, draft: DraftRanking, row: Row) -> None:
        card = _cell(row, "card_id")
        deck = self.catalog.deck(draft.level["deck"])
        if not card:
            self.error(row, "card_id is empty")
        elif deck is not None and not deck.has_card(card):
            self.error(row, f"unknown card {show_value(card)} in deck "
                            f"{show_value(draft.level['deck'])}")
        elif card in draft.cards:
            self.error(row, f"card {show_value(card)} appears twice in this ranking (also line "
                            f"{draft.cards[card][2]})")
            return
        raw = _cell(row, "position")
        position = parse_whole(raw)
        if position is None or position < 1:
            self.error(row, f"position {show_value(raw)} is not a positive whole number")
            position = 0
        tier = _cell(row, "tier")
        if tier and tier not in TIERS:
            self.error(row, f"tier {show_value(tier)} must be 'acceptable', 'not acceptable' "
                            "or empty")
        if card:
            draft.cards[card] = (position, tier, row.line)

    def check_cards(self, draft: DraftRanking) -> None:
        count = len(draft.cards)
        tiered = [line for _, tier, line in draft.cards.values() if tier]
        file = draft.first.file
        for position, tier, line in draft.cards.values():
            if position > count:
                self.error_at(file, line, f"position {position} is more than the {count} card"
                                          f"{'s' if count != 1 else ''} this ranking holds")
            if tiered and not tier:
                self.error_at(file, line, f"tier is empty here but set on line {tiered[0]} "
                                          "(give every card of a ranking a tier, or none)")

    # -- criteria.csv ---------------------------------------------------------------
    def add_criteria_rows(self, rows: list[Row], pair: int) -> None:
        for row in rows:
            rid = _cell(row, "ranking_id")
            label = (_cell(row, "workshop"), _cell(row, "table"), _cell(row, "deck"),
                     _cell(row, "lens"))
            if rid:
                draft = self.by_id.get((pair, rid)) or self.first_by_id.get(rid)
                if draft is None:
                    self.error(row, f"criteria for unknown ranking {show_value(rid)} (it is not in "
                                    f"{RANKINGS_FILE})")
                    continue
                for column, mine, theirs in zip(("workshop", "table", "deck", "lens"), label,
                                                draft.label(), strict=True):
                    if mine != theirs:
                        self.error(row, f"{column} is {show_value(mine)} here but "
                                        f"{show_value(theirs)} "
                                        f"for this ranking in {draft.first.where()}")
            else:
                matches = self.by_label.get((pair, label), [])
                if len(matches) != 1:
                    what = "no ranking" if not matches else f"{len(matches)} rankings"
                    self.error(row, f"criteria without ranking_id match {what} in "
                                    f"{RANKINGS_FILE} with workshop {show_value(label[0])}, table "
                                    f"{show_value(label[1])}, deck {show_value(label[2])}, lens "
                                    f"{show_value(label[3])}" + ("; give the ranking_id"
                                                            if matches else ""))
                    continue
                draft = matches[0]
            text = unguard(row.get("criterion"))
            if not text.strip():
                self.error(row, "criterion is empty")
            problem = name_problem("criterion", text, CRITERION_MAX)
            if problem:
                self.error(row, problem)
            origin = _cell(row, "origin")
            if origin not in ORIGINS:
                self.error(row, f"origin {show_value(origin)} must be 'suggested' or 'own'")
            primary = _cell(row, "primary")
            if primary not in ("true", "false", ""):
                self.error(row, f"primary {show_value(primary)} must be 'true' or 'false'")
            for other, _, _, other_row in draft.criteria:
                if other == text:
                    self.error(row, f"criterion {show_value(text)} appears twice for this ranking "
                                    f"(also line {other_row.line})")
                    break
            else:
                draft.criteria.append((text, origin, primary == "true", row))

    def check_primary(self, draft: DraftRanking) -> None:
        stated = draft.level["primary_criterion"]
        marked = [(text, row) for text, _, primary, row in draft.criteria if primary]
        for _, row in marked[1:]:
            self.error(row, f"a second primary criterion for this ranking (first on line "
                            f"{marked[0][1].line})")
        if not draft.criteria:
            return
        if marked and marked[0][0] != stated:
            self.error(marked[0][1], f"primary criterion {show_value(marked[0][0])} differs from "
                                     f"primary_criterion {show_value(stated)} in "
                                     f"{draft.first.where()}")
        elif not marked and stated:
            self.error(draft.first, f"primary_criterion {show_value(stated)} is not marked primary "
                                    f"in {CRITERIA_FILE}")

    def assembled(self) -> None:
        """Every row is in its draft: the indexes that matched criteria rows go."""
        self.by_id = {}
        self.first_by_id = {}
        self.by_label = {}

    # -- records --------------------------------------------------------------------
    def stored_workshop(self, name: str, place: str, day: str) -> tuple[str, str, str] | None:
        """(workshop_id, place, date) of the one stored workshop with this name and, where
        given (not empty), this place and date; None when none or several match."""
        found = [(str(w.get("workshop_id", "")), str(w.get("place", "")), str(w.get("date", "")))
                 for w in self.workshops
                 if w.get("name", "") == name and (not place or w.get("place", "") == place)
                 and (not day or w.get("date", "") == day)]
        return found[0] if len(found) == 1 and found[0][0] else None

    def record(self, draft: DraftRanking) -> SavedRanking:
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
        place, day = lv["place"], lv["workshop_date"]
        if draft.paper:
            given = dict(lv)
            if not workshop_id:
                # a sheet typed from paper names its workshop by name: the one stored
                # workshop of that name (place and date, where given) is that workshop, and
                # the rows read as if they gave its id, place and date - as a sheet typed in
                # on screen for it gives them. An id derived from name, place and date is
                # left out of the content, as before, so older imports keep their ids.
                found = self.stored_workshop(lv["workshop"], place, day)
                if found is not None:
                    _, place, day = found
                derived = workshop_id_for(lv["workshop"], place, day)
                workshop_id = found[0] if found is not None else derived
                given.update(workshop_id="" if workshop_id == derived else workshop_id,
                             place=place, workshop_date=day)
            content: list[object] = [[c, given[c]] for c in LEVEL_COLUMNS if c != "ranking_id"]
            content.append([[card, pos, tier] for card, (pos, tier, _) in sorted(cards)])
            ranking_id = str(uuid.uuid5(PAPER_NAMESPACE, json.dumps(content, ensure_ascii=False)))
        return SavedRanking(
            ranking_id=ranking_id,
            workshop_id=workshop_id,
            workshop=lv["workshop"],
            place=place,
            workshop_date=day,
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


