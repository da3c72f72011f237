"""`kiosk check`'s notes on card faces: a card whose title or summary the smallest screen the
kiosk is made for (1366×768) sets below the readable 18 px, with about how long its summary
may be to stay readable. Notes, not problems: the card still shows whole, only smaller."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kiosk.domain.decks import Card, Deck

if TYPE_CHECKING:  # the board's modules load Qt: only when a deck is measured
    from kiosk.ui.board.face_fit import Face


def face_notes(decks: Iterable[Deck]) -> list[str]:
    """One line per card a 1366×768 board sets below 18 px (with or without the
    acceptability lens's cut line, whichever is smaller)."""
    decks = list(decks)
    if not decks:
        return []
    try:
        with _application():
            return _notes(decks)
    except ImportError as exc:  # Qt's libraries missing on this machine: the rest still runs
        return [f"note: card faces not measured (Qt could not load: {exc})"]


def _notes(decks: list[Deck]) -> list[str]:
    from kiosk.ui.board.face_fit import READABLE_PX, SMALLEST_SCREEN, faces, summary_room

    size = "×".join(map(str, SMALLEST_SCREEN))
    notes = []
    for deck in decks:
        worst: dict[str, tuple[Face, bool]] = {}
        for cut_line in (False, True):
            for face in faces(deck, cut_line=cut_line):
                seen = worst.get(face.card.id)
                if seen is None or _rank(face) < _rank(seen[0]):
                    worst[face.card.id] = (face, cut_line)
        for face, cut_line in worst.values():
            if face.readable:
                continue
            card = face.card
            what = []
            if face.title_px < READABLE_PX:
                what.append(f"its title is set at {face.title_px} px to keep to one line "
                            "(a shorter title stays at 18 px)")
            elif face.title_lines > 1:
                what.append("its title takes two lines, which leaves the summary less room "
                            "(a title that keeps to one line gives it more)")
            if face.summary_px < READABLE_PX or not face.whole:
                room = summary_room(deck, card, cut_line=cut_line)
                shown = "cut short" if not face.whole else f"set at {face.summary_px} px"
                what.append(f"its summary is {shown} (the face holds about {room} of its "
                            f"{len(card.summary)} characters at {READABLE_PX} px)")
            notes.append(f"note: {_where(deck, card)}: card {card.id} on a {size} screen: "
                         + "; ".join(what))
    return notes


def _rank(face: Face) -> tuple[bool, int]:
    return face.whole, min(face.title_px, face.summary_px)


def _where(deck: Deck, card: Card) -> str:
    if deck.path is None:
        return f"deck {deck.id}"
    try:
        text = deck.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return str(deck.path)
    pattern = re.compile(r"""^\s*id\s*=\s*(["'])""" + re.escape(card.id) + r"\1\s*(#.*)?$")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return f"{deck.path}:{number}"
    return str(deck.path)


@contextmanager
def _application() -> Iterator[None]:
    """A QGuiApplication to measure type with (no widgets; offscreen, nothing is shown),
    gone again afterwards so that the process can still make the QApplication of a screen."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        yield
        return
    platform = os.environ.get("QT_QPA_PLATFORM")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QGuiApplication(["kiosk-check"])
    try:
        yield
    finally:
        app.shutdown()
        del app
        if platform is None:
            os.environ.pop("QT_QPA_PLATFORM", None)
        else:
            os.environ["QT_QPA_PLATFORM"] = platform
