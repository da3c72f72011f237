"""Where a poll's parts lie on a table-top screen: one answer strip per seat along the
table's edges, each turned to face its edge (a seat's personal territory in front of it),
and the case study in the middle.

Every part is a `Region`: a rectangle in its own upright coordinates (x along the strip as
the seated person sees it, y from the middle of the table towards them) and the transform
that puts it on the screen. A region's buttons are rectangles in those coordinates, so
painting and hit-testing go through the same transform, whichever way a strip is turned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QFont, QFontMetricsF, QTransform

from kiosk.ui.theme import Theme

# Seats round the table, counter-clockwise seen from above, starting at the bottom (left).
# Long edges are split in halves for 5 and 6 seats.
SEAT_EDGES: dict[int, tuple[str, ...]] = {
    2: ("bottom", "top"),
    3: ("bottom", "right", "top"),
    4: ("bottom", "right", "top", "left"),
    5: ("bottom-left", "bottom-right", "right", "top-right", "top-left"),
    6: ("bottom-left", "bottom-right", "right", "top-right", "top-left", "left"),
}
EDGE_ANGLE = {"bottom": 0, "top": 180, "left": 90, "right": -90}
CENTRE = "centre"
HEAD_LINES = 2  # a strip's question: up to two lines, so a long one need not be cut


@dataclass(slots=True)
class Region:
    name: str  # "seat1"…"seat6" or "centre"
    size: QSizeF  # upright, in its own coordinates
    transform: QTransform  # its coordinates -> the screen's
    edge: str = ""
    seat: int | None = None
    targets: dict[str, QRectF] = field(default_factory=dict)  # buttons, own coordinates
    head_lines: int = 0  # a strip's heading: lines of question it has room for

    @property
    def rect(self) -> QRectF:
        return QRectF(QPointF(0, 0), self.size)

    def screen_rect(self) -> QRectF:
        return self.transform.mapRect(self.rect)

    def to_local(self, pos: QPointF) -> QPointF:
        inverse, _ok = self.transform.inverted()
        return inverse.map(pos)

    def to_screen(self, pos: QPointF) -> QPointF:
        return self.transform.map(pos)

    def target_at(self, pos: QPointF) -> str | None:
        """The button under the screen point `pos`, if any."""
        local = self.to_local(pos)
        if not self.rect.contains(local):
            return None
        return next((name for name, rect in self.targets.items() if rect.contains(local)),
                    None)


def strip_depth(theme: Theme, head_lines: int = HEAD_LINES) -> float:
    """How far a strip reaches in from its edge: `head_lines` of the question and the
    buttons."""
    return float(theme.px(14) * 2 + head_height(theme, head_lines) + theme.px(8)
                 + answer_height(theme))


def head_font(theme: Theme) -> QFont:
    return theme.font(15, bold=True)


def head_height(theme: Theme, lines: int = HEAD_LINES) -> float:
    """The strip's heading: room for its question in `lines` lines of its type."""
    return QFontMetricsF(head_font(theme)).lineSpacing() * lines


def answer_height(theme: Theme) -> int:
    return theme.touch(100)  # well over 9 mm: a finger, reaching across a table


def upright(edge: str, along: float, length: float, depth: float, width: float,
            height: float) -> QTransform:
    """The transform for a strip of `length`×`depth` against `edge`, starting `along` the
    edge (screen x for top/bottom, screen y for left/right, measured on the screen)."""
    side = edge.split("-")[0]
    angle = EDGE_ANGLE[side]
    t = QTransform()
    if side == "bottom":
        t.translate(along, height - depth)
    elif side == "top":  # turned half round: its own left is the screen's right
        t.translate(along + length, depth)
    elif side == "left":  # the person on the left faces right; their right is the screen's down
        t.translate(depth, along)
    else:  # right: faces left; their right is the screen's up
        t.translate(width - depth, along + length)
    t.rotate(angle)
    return t


def layout_poll(width: float, height: float, seats: int, theme: Theme,
                turned: bool = False, head_lines: int = HEAD_LINES
                ) -> tuple[list[Region], Region]:
    """The seats' strips (seat 1 first) and the middle for a `width`×`height` screen.
    `turned`: the middle faces the top edge instead of the bottom one; `head_lines`: the
    lines of question each strip has room for."""
    edges = SEAT_EDGES[seats]
    depth = strip_depth(theme, head_lines)
    gap = float(theme.px(16))
    ends = any(e in ("left", "right") for e in edges)
    # top and bottom strips keep clear of the ends' strips (the corners stay empty)
    long_from = depth + gap if ends else gap
    long_to = width - long_from
    long_span = long_to - long_from
    short_from, short_to = depth + gap, height - depth - gap
    max_len = float(theme.px(1100))
    strips: list[Region] = []
    for seat, edge in enumerate(edges, start=1):
        side, _, half = edge.partition("-")
        if side in ("top", "bottom"):
            if half:
                length = min(max_len, (long_span - gap) / 2)
                centre = long_from + long_span / 4 if half == "left" else \
                    long_to - long_span / 4
            else:
                length = min(max_len, long_span)
                centre = width / 2
            along = centre - length / 2
        else:
            length = min(max_len, short_to - short_from)
            along = (height - length) / 2
        strips.append(Region(f"seat{seat}", QSizeF(length, depth),
                             upright(edge, along, length, depth, width, height), edge, seat,
                             head_lines=head_lines))
    top = depth + gap
    side_in = depth + gap if ends else gap
    middle = QRectF(side_in, top, width - 2 * side_in, height - 2 * top)
    t = QTransform()
    if turned:
        t.translate(middle.right(), middle.bottom())
        t.rotate(180)
    else:
        t.translate(middle.left(), middle.top())
    return strips, Region(CENTRE, middle.size(), t)
