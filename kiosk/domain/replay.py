"""A saved ranking's move log, replayed: every state of the board while the table worked,
and each step in words (the facilitator's replay)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.domain.ranking import Ranking, RankingError
from kiosk.domain.record import SavedRanking


@dataclass(frozen=True, slots=True)
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


def describe_entry(entry: Mapping[str, Any], card_name: Callable[[str], str] = str) -> str:
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


def replay_frames(record: SavedRanking, deck_order: Sequence[str] = (),
                  card_name: Callable[[str], str] = str) -> list[ReplayFrame]:
    """Every state of the board while the table worked, rebuilt from the move log.
    Raises RankingError when the log cannot be replayed (a damaged import)."""
    cards = record.cards(deck_order)
    if not cards:
        raise RankingError("this ranking has no cards")
    board = Ranking(record.deck, record.lens, cards)
    frames = [ReplayFrame(0, board.ladder, tuple(board.tray), board.cut, 0, "",
                          "The empty board")]
    for step, entry in enumerate(record.log, 1):
        try:
            board.replay_entry(dict(entry))
        except (KeyError, TypeError, ValueError) as exc:
            raise RankingError(f"step {step} of the move log cannot be replayed ({exc})") from None
        card = entry.get("card")
        frames.append(ReplayFrame(step, board.ladder, tuple(board.tray), board.cut,
                                  board.moves, str(entry.get("t", "")),
                                  describe_entry(entry, card_name),
                                  card if isinstance(card, str) else None))
    return frames
