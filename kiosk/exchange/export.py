"""CSV export (formats.md): rankings.csv, criteria.csv and one matrix per deck and lens, and
polls.csv (docs/polls-data.md) when poll runs are given.

Row order is fully determined by the data (rankings by completion time then id, cards by
position then deck order), so export -> import -> export gives byte-identical files.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kiosk.domain.decks import Deck
from kiosk.domain.naming import natural_key
from kiosk.domain.poll_record import POLL_CSV_COLUMNS, PollRun
from kiosk.domain.record import SavedRanking
from kiosk.exchange.cells import (
    CRITERIA_EXPORT_COLUMNS,
    CRITERIA_FILE,
    POLLS_FILE,
    RANKING_COLUMNS,
    RANKINGS_FILE,
    RISKY_START,
    format_number,
    guard,
    parse_time,
)
from kiosk.exchange.polls import poll_rows
from kiosk.outputs import Replacements, replacing_together

Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 500
_FILE_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


class _HasDecks(Protocol):
    def deck(self, deck_id: str) -> Deck | None: ...


@dataclass(frozen=True)
class ExportSummary:
    rankings: int
    rows: int
    criteria: int
    files: list[Path] = field(default_factory=list)
    poll_runs: int = 0
    answers: int = 0  # rows of polls.csv


def _text(value: object) -> str:
    text = "" if value is None else str(value)
    return guard(text) if text and text[0] in RISKY_START else text


def record_order(record: SavedRanking) -> tuple[float, str, str]:
    """Completion time (as an instant, so offsets compare right), then the text, then id."""
    moment = parse_time(record.completed_at)
    instant = moment.timestamp() if moment else float("inf")
    return (instant, record.completed_at, record.ranking_id)


MatrixKey = tuple[tuple[int | str, ...], str, tuple[int | str, ...], str, int]


def matrix_order(record: SavedRanking, done: int) -> MatrixKey:
    """A matrix's columns: by workshop (name, then id), then table (Table 2 before Table
    10, then kiosk), then as the rankings are ordered (completion time)."""
    return (natural_key(record.workshop), record.workshop_id, natural_key(record.table),
            record.kiosk_id, done)


def _title(deck: Deck | None, card: str) -> str:
    if deck is None or not deck.has_card(card):
        return ""
    return deck.card(card).title


def _write(path: Path, header: Iterable[str], rows: Iterable[list[str]]) -> None:
    """UTF-8 with a BOM (Excel then reads accents right); csv's default dialect gives
    RFC 4180 quoting and CRLF line ends. Opened without following a symlink; synced by
    `replacing_together` before the renames."""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW)
    with open(fd, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(header))
        writer.writerows(rows)


def matrix_name(deck: str, lens: str) -> str:
    return f"matrix-{_FILE_SAFE.sub('_', deck)}-{_FILE_SAFE.sub('_', lens)}.csv"


def export_csv(
    records: Sequence[SavedRanking],
    catalog: _HasDecks,
    out_dir: Path,
    progress: Progress | None = None,
    poll_runs: Sequence[PollRun] | None = None,
) -> ExportSummary:
    """Write the three kinds of file of formats.md into `out_dir` (created if needed), and
    polls.csv when `poll_runs` is given (header only when it is empty).

    Every file is written to a temporary name first (kiosk.outputs, which also removes
    the temp files a killed export left); the renames happen only once all of them are
    complete, rankings.csv last, so a failed export never looks like a whole one.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(records, key=record_order)
    total = len(ordered)
    ranking_rows: list[list[str]] = []
    criteria_rows: list[list[str]] = []
    # (deck, lens) -> list of (column order, column header, positions)
    matrices: dict[tuple[str, str], list[tuple[MatrixKey, str, Mapping[str, int]]]] = {}
    decks: dict[str, Any] = {}
    # Guarded card id and title per deck, worked out once (a deck's cards repeat in every row).
    card_cells: dict[str, dict[str, list[str]]] = {}
    # Each deck's card order, for ties; a card the deck no longer has sorts after its cards.
    deck_index: dict[str, dict[str, int]] = {}

    for done, record in enumerate(ordered, 1):
        deck_id, lens = record.deck, record.lens
        if deck_id not in decks:
            decks[deck_id] = catalog.deck(deck_id)
            card_cells[deck_id] = {}
            deck_index[deck_id] = {c: i for i, c in enumerate(decks[deck_id].card_ids)} \
                if decks[deck_id] else {}
        deck = decks[deck_id]
        cells = card_cells[deck_id]
        index = deck_index[deck_id]
        unknown = len(index)
        ranking_id, workshop, table = record.ranking_id, record.workshop, record.table
        positions, tiers = record.positions, record.tiers
        head = [_text(ranking_id), _text(record.workshop_id), _text(workshop),
                _text(record.place), _text(record.workshop_date), _text(table),
                _text(record.kiosk_id), _text(deck_id), _text(lens)]
        tail = [_text(record.completed_at), format_number(record.duration_s),
                format_number(record.moves), _text(record.primary), _text(record.note)]
        by_place = sorted(positions, key=positions.__getitem__)
        if len(set(positions.values())) < len(by_place):  # ties: the deck's order, then id
            by_place.sort(key=lambda c: (positions[c], index.get(c, unknown), c))
        for card in by_place:
            pair = cells.get(card)
            if pair is None:
                pair = cells[card] = [_text(card), _text(_title(deck, card))]
            position = positions[card]
            # Positions are whole numbers and tiers one of two words (SavedRanking.from_doc
            # checks both): neither needs the formula guard.
            ranking_rows.append([*head, *pair,
                                 str(position) if type(position) is int
                                 else format_number(position),
                                 tiers.get(card, ""), *tail])
        short = [head[0], head[2], head[5], head[7], head[8]]
        ids = [head[1], head[6]]  # workshop_id, kiosk_id: appended at the end
        for criterion in record.criteria:
            criteria_rows.append(short + [
                _text(criterion.text), _text(criterion.origin),
                "true" if criterion.primary else "false"] + ids)
        label = f"{workshop} / {table} / {ranking_id[:8]}"
        matrices.setdefault((deck_id, lens), []).append(
            (matrix_order(record, done), _text(label), positions))
        if progress and (done % _PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    if progress and total == 0:
        progress(0, 0)

    answer_rows: list[list[str]] = []
    with replacing_together() as staged:
        for (deck_id, lens), found in sorted(matrices.items()):
            columns = [(label, pos) for _, label, pos in sorted(found, key=lambda c: c[0])]
            deck = decks.get(deck_id)
            cards = list(deck.card_ids) if deck else []
            known = set(cards)
            cards += sorted({c for _, pos in columns for c in pos if c not in known})
            rows = [[_text(card), _text(_title(deck, card))]
                    + [format_number(pos.get(card)) for _, pos in columns] for card in cards]
            header = ["card_id", "card_title"] + [label for label, _ in columns]
            _stage(staged, out_dir / matrix_name(deck_id, lens), header, rows)
        _stage(staged, out_dir / CRITERIA_FILE, CRITERIA_EXPORT_COLUMNS, criteria_rows)
        if poll_runs is not None:
            answer_rows = poll_rows(poll_runs)
            _stage(staged, out_dir / POLLS_FILE, POLL_CSV_COLUMNS, answer_rows)
        _stage(staged, out_dir / RANKINGS_FILE, RANKING_COLUMNS, ranking_rows)
    return ExportSummary(total, len(ranking_rows), len(criteria_rows), staged.finals,
                         len(poll_runs or ()), len(answer_rows))


def _stage(staged: Replacements, path: Path, header: Iterable[str],
           rows: Iterable[list[str]]) -> None:
    """Write the complete file under its temp name; `replacing_together` renames it."""
    _write(staged.temp_for(path), header, rows)
