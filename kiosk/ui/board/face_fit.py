"""How each card's face comes out on a board of a given size: the pixel size its title and
summary are set at and whether the whole summary is shown. The cards are laid out exactly as
the board lays them out (BoardGeometry and lay_out_face, as the board's cards do), with
type and geometry only: no widget, no board drawn (QtGui needs a QGuiApplication).

A deck's author learns from it (`kiosk check`) which faces a small screen sets below the
readable size, and how long a summary may be to keep it there."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QFontInfo

from kiosk.domain.decks import Card, Deck
from kiosk.ui.board.face_layout import lay_out_face
from kiosk.ui.board.geometry import BoardGeometry
from kiosk.ui.theme import Theme

READABLE_PX = 18
# The smallest screen the kiosk is made for (a laptop's); a face readable here is readable on
# every larger one.
SMALLEST_SCREEN = (1366, 768)


@dataclass(frozen=True)
class Face:
    card: Card
    title_px: int
    summary_px: int
    whole: bool  # the whole summary is shown (nothing cut short)
    title_lines: int = 1

    @property
    def readable(self) -> bool:
        return self.whole and min(self.title_px, self.summary_px) >= READABLE_PX


def faces(deck: Deck, width: int = SMALLEST_SCREEN[0], height: int = SMALLEST_SCREEN[1],
          cut_line: bool = True) -> list[Face]:
    """Every card of `deck` as a board of `width`×`height` lays it out; `cut_line`: with the
    acceptability lens's cut line, which leaves the cards a little less height."""
    theme, g = _board(deck, width, height, cut_line)
    return [_face(card, theme, g) for card in deck.cards]


def summary_room(deck: Deck, card: Card, width: int = SMALLEST_SCREEN[0],
                 height: int = SMALLEST_SCREEN[1], cut_line: bool = True) -> int:
    """About how many characters of `card`'s summary its face keeps at the readable size on
    this deck's board: the longest word-boundary beginning of it still set at READABLE_PX."""
    theme, g = _board(deck, width, height, cut_line)
    words = card.summary.split()
    lo, hi = 0, len(words)
    while lo < hi:  # the most words whose face is readable
        mid = (lo + hi + 1) // 2
        trial = replace(card, summary=" ".join(words[:mid]))
        if _face(trial, theme, g).summary_px >= READABLE_PX:
            lo = mid
        else:
            hi = mid - 1
    return len(" ".join(words[:lo]))


def _board(deck: Deck, width: int, height: int, cut_line: bool) -> tuple[Theme, BoardGeometry]:
    theme = Theme.for_size(width, height)
    return theme, BoardGeometry.compute(width, height, len(deck.cards), theme, cut_line)


def _face(card: Card, theme: Theme, g: BoardGeometry) -> Face:
    face = lay_out_face(card, g.card, theme, g.text_factor)
    whole = " ".join(face.summary).split() == card.summary.split()
    return Face(card, QFontInfo(face.title_font).pixelSize(),
                QFontInfo(face.summary_font).pixelSize(), whole, len(face.title))
