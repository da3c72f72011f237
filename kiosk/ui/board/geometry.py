"""Where everything sits on the board, computed from the view size alone.

The board is a header (lens and question), a tray of cards on one side, a ladder of numbered
places on the other, and a toolbar. Tray and ladder hold cards of one size, so a card keeps
its size wherever it goes; the number of tray and ladder columns is chosen so that cards are
as large as the screen allows (6 cards: one column each; 15 cards: two columns each).
For the acceptability lens each ladder column reserves room for the cut line's band, which
sits in the gap it marks and pushes the places below it down.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from PySide6.QtCore import QPointF, QRectF, QSizeF

from kiosk.ui.theme import Theme

# A card of this size (at 1080p) shows a two-line title and a two-line summary at full type size.
FULL_CARD_H = 104
FULL_CARD_W = 440
MAX_CARD_H = 150
# Wide enough that tray and ladder share the width of a 16:9 screen (a narrower cap left a
# strip of table empty between them while the summaries ran out of room).
MAX_CARD_W = 900
MAX_COLUMNS = 4
LADDER_COLUMN_COST = 0.8
TRAY_COLUMN_COST = 0.95


@dataclass(frozen=True)
class BoardGeometry:
    theme: Theme
    n: int
    width: float
    height: float
    margin: float
    header: QRectF
    toolbar: QRectF
    tray: QRectF  # the tray's panel, heading included
    tray_columns: int
    tray_rows: int
    ladder_columns: int
    ladder_rows: int
    card: QSizeF
    text_factor: float  # card type scale, 1.0 = full size
    gap: float  # between places / tray cells
    col_gap: float
    gutter: float  # room left of each ladder column for the place numbers
    band: float  # height of the cut-line band (0 without a cut line)
    ladder_left: float
    ladder_top: float
    label_h: float
    tray_pad: float

    # ----- building
    @classmethod
    def compute(cls, width: float, height: float, n: int, theme: Theme,
                has_cut: bool) -> BoardGeometry:
        t = theme
        width, height, n = max(width, 200.0), max(height, 200.0), max(n, 1)
        margin = t.px(22)
        header_h = t.px(96)
        toolbar_h = t.touch() + 2 * t.px(12)
        header = QRectF(0, 0, width, header_h)
        toolbar = QRectF(0, height - toolbar_h, width, toolbar_h)
        label_h = t.px(38)
        gap = t.px(12)
        col_gap = t.px(18)
        gutter = t.px(62)
        tray_pad = t.px(14)
        band = float(max(t.touch(52), 48)) if has_cut else 0.0
        top = header_h + margin * 0.6
        bottom = toolbar.top() - margin * 0.6
        content_w = width - 2 * margin
        # The ladder needs a label above ("most …") and below ("least …").
        ladder_avail = bottom - top - 2 * label_h - band
        # The tray has its heading inside its panel, and padding.
        tray_avail = bottom - top - label_h - 2 * tray_pad + label_h * 0.6

        best: tuple[float, int, int, float, float] | None = None
        for cl in range(1, MAX_COLUMNS + 1):
            for ct in range(1, MAX_COLUMNS + 1):
                rows_l, rows_t = ceil(n / cl), ceil(n / ct)
                h = min((ladder_avail - (rows_l - 1) * gap) / rows_l,
                        (tray_avail - (rows_t - 1) * gap) / rows_t, t.px(MAX_CARD_H))
                fixed = (t.px(40) + 2 * tray_pad + (ct - 1) * col_gap
                         + cl * gutter + (cl - 1) * col_gap)
                w = min((content_w - fixed) / (cl + ct), t.px(MAX_CARD_W))
                if h <= 0 or w <= 0:
                    continue
                score = min(h / t.px(FULL_CARD_H), w / t.px(FULL_CARD_W))
                # one column reads best as a ladder from "most" to "least": extra columns
                # must earn their place
                preference = score * LADDER_COLUMN_COST ** (cl - 1) * TRAY_COLUMN_COST ** (ct - 1)
                if best is None or preference > best[0] + 1e-6:
                    best = (preference, cl, ct, w, h)
        if best is None:  # absurdly small window: keep everything finite
            best = (0.1, 1, 1, 60.0, 20.0)
        _, cl, ct, w, h = best
        score = min(h / t.px(FULL_CARD_H), w / t.px(FULL_CARD_W))
        rows_l, rows_t = ceil(n / cl), ceil(n / ct)
        tray_w = 2 * tray_pad + ct * w + (ct - 1) * col_gap
        ladder_w = cl * (gutter + w) + (cl - 1) * col_gap
        spare = max(0.0, content_w - tray_w - ladder_w - t.px(40))
        tray_left = margin + spare * 0.22
        ladder_left = width - margin - spare * 0.22 - ladder_w
        tray_h = label_h + 2 * tray_pad + rows_t * h + (rows_t - 1) * gap
        ladder_h = 2 * label_h + band + rows_l * h + (rows_l - 1) * gap
        # tray and ladder start level, the pair centred in the space between the bars
        block_top = top + max(0.0, (bottom - top - max(tray_h, ladder_h)) / 2)
        ladder_top = block_top + label_h
        tray_top = block_top
        tray_h = min(tray_h, bottom - tray_top)
        return cls(
            theme=t, n=n, width=width, height=height, margin=margin,
            header=header, toolbar=toolbar,
            tray=QRectF(tray_left, tray_top, tray_w, tray_h),
            tray_columns=ct, tray_rows=rows_t, ladder_columns=cl, ladder_rows=rows_l,
            card=QSizeF(w, h), text_factor=max(0.6, min(1.0, score)),
            gap=gap, col_gap=col_gap, gutter=gutter, band=band,
            ladder_left=ladder_left, ladder_top=ladder_top, label_h=label_h,
            tray_pad=tray_pad,
        )

    # ----- the ladder
    @property
    def pitch(self) -> float:
        return self.card.height() + self.gap

    @property
    def stride(self) -> float:
        """From one ladder column to the next: numbers and cards."""
        return self.gutter + self.card.width() + self.col_gap

    def column_left(self, col: int) -> float:
        """Left edge of a ladder column's number gutter."""
        return self.ladder_left + col * self.stride

    def _band_after(self, band_gap: int | None) -> tuple[int, int] | None:
        """(column, row after which the band sits; -1 = above the first row)."""
        if band_gap is None or not self.band:
            return None
        if band_gap == 0:
            return 0, -1
        slot = min(band_gap, self.n) - 1
        return slot // self.ladder_rows, slot % self.ladder_rows

    def slot_rect(self, slot: int, band_gap: int | None = None) -> QRectF:
        """The card rectangle of a ladder place; `band_gap` is where the cut band sits."""
        col, row = divmod(slot, self.ladder_rows)
        y = self.ladder_top + row * self.pitch
        after = self._band_after(band_gap)
        if after is not None and after[0] == col and row > after[1]:
            y += self.band
        x = self.column_left(col) + self.gutter
        return QRectF(x, y, self.card.width(), self.card.height())

    def number_rect(self, slot: int, band_gap: int | None = None) -> QRectF:
        card = self.slot_rect(slot, band_gap)
        return QRectF(card.left() - self.gutter, card.top(), self.gutter, card.height())

    def band_rect(self, k: int) -> QRectF:
        """The cut band marking gap `k` (slots < k above it), from the gutter to the cards'
        right edge (its grip sits at the right end, over the cards' column)."""
        col, row = self._band_after(k) or (0, -1)
        # centred in the widened gap below row `row` (row -1: above the first place)
        top = self.ladder_top + row * self.pitch + self.card.height() + self.gap / 2
        left = self.column_left(col)
        return QRectF(left, top, self.gutter + self.card.width(),
                      self.band)

    def most_label_rect(self) -> QRectF:
        left = self.column_left(0)
        return QRectF(left, self.ladder_top - self.label_h, self.gutter + self.card.width(),
                      self.label_h - self.gap / 2)

    def least_label_rect(self, band_gap: int | None = None) -> QRectF:
        last = self.n - 1
        rect = self.slot_rect(last, band_gap)
        bottom = rect.bottom()
        if band_gap is not None and self.band and min(band_gap, self.n) == self.n:
            bottom = self.band_rect(self.n).bottom()
        left = rect.left() - self.gutter
        return QRectF(left, bottom + self.gap / 2, self.gutter + self.card.width(),
                      self.label_h - self.gap / 2)

    def ladder_zone(self) -> QRectF:
        """Where a released card lands on the ladder (labels included, clamped to the ends)."""
        left = self.ladder_left - self.col_gap / 2
        right = self.column_left(self.ladder_columns - 1) + self.gutter + self.card.width() \
            + self.col_gap / 2
        top = self.ladder_top - self.label_h
        bottom = self.ladder_top + self.ladder_rows * self.pitch + self.band + self.label_h
        return QRectF(left, top, right - left, bottom - top)

    def slot_at(self, point: QPointF, band_gap: int | None = None) -> int | None:
        """The place a finger at `point` points to, or None when it is off the ladder."""
        if not self.ladder_zone().contains(point):
            return None
        col = self._column_at(point)
        first = col * self.ladder_rows
        last = min(self.n, first + self.ladder_rows) - 1
        return min(range(first, last + 1),
                   key=lambda s: abs(self.slot_rect(s, band_gap).center().y() - point.y()))

    def _column_at(self, point: QPointF) -> int:
        col = int((point.x() - self.ladder_left + self.col_gap / 2) // self.stride)
        return max(0, min(self.ladder_columns - 1, col))

    def gap_at(self, point: QPointF) -> int:
        """The gap (0..n) nearest to `point`, for the cut line: measured on the ladder
        without a band so that the line does not jump back and forth."""
        col = self._column_at(point)
        first = col * self.ladder_rows
        last = min(self.n, first + self.ladder_rows)
        best, best_d = first, float("inf")
        for k in range(first, last + 1):
            y = self.ladder_top + (k - first) * self.pitch - self.gap / 2
            d = abs(point.y() - y)
            if d < best_d:
                best, best_d = k, d
        return best

    # ----- the tray
    def tray_cell(self, index: int) -> QRectF:
        row, col = divmod(index, self.tray_columns)
        x = self.tray.left() + self.tray_pad + col * (self.card.width() + self.col_gap)
        y = self.tray.top() + self.label_h + self.tray_pad + row * self.pitch
        return QRectF(x, y, self.card.width(), self.card.height())

    def tray_heading_rect(self) -> QRectF:
        return QRectF(self.tray.left() + self.tray_pad, self.tray.top() + self.tray_pad * 0.6,
                      self.tray.width() - 2 * self.tray_pad, self.label_h)

    def in_tray(self, point: QPointF) -> bool:
        pad = self.col_gap
        return self.tray.adjusted(-pad, -pad, pad, pad).contains(point)
