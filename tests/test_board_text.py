"""Card faces a table can read from a metre away: at 1920×1080, 1600×900 and 1366×768 no
card's summary is cut short ("…") while the board has room, and it is set large and dark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontInfo, QFontMetricsF

from kiosk.ui import theme as palette
from tests.board_support import make_board, shipped

SIZES = [(1920, 1080), (1600, 900), (1366, 768)]
# The summary's type in pixels, at least: at 1080p from a metre away, and on a laptop.
SUMMARY_PX = {1920: 19, 1600: 16, 1366: 14.5}


@pytest.mark.parametrize("lens", ["benefit", "acceptability"])  # the cut line takes room
@pytest.mark.parametrize("size", SIZES)
def test_no_card_summary_is_cut_and_it_reads_from_a_metre(qtbot, tmp_path, size, lens):
    deck, lenses = shipped(tmp_path)
    board = make_board(qtbot, deck, lenses[lens], size=size)
    ranking = board.ranking
    ranking.drop(ranking.cards[1], 0)  # a card on the ladder and the rest in the tray
    board.refresh(animate=False)
    for item in board.scene.cards.values():
        lines, font, block = item.summary_block()
        card = QRectF(0, 0, item.size.width(), item.size.height())
        metrics = QFontMetricsF(font)
        assert " ".join(lines).split() == item.card.summary.split(), (size, item.card_id, lines)
        assert all(metrics.horizontalAdvance(line) <= block.width() + 0.5 for line in lines)
        assert card.contains(block), (size, item.card_id, block, card)
        title_lines, _ = item.shown_lines
        assert not title_lines[-1].endswith("…")
        assert QFontInfo(font).pixelSize() >= SUMMARY_PX[size[0]], (size, font.pointSizeF())
        assert item.summary_colour == QColor(palette.INK)


def test_cards_use_the_width_between_tray_and_ladder(qtbot):
    """The tray and the ladder share the screen's width: no wide empty strip between them."""
    for size in SIZES:
        board = make_board(qtbot, size=size)
        g = board.scene.geometry
        tray_right = g.tray.right()
        ladder_left = g.column_left(0)
        assert ladder_left - tray_right <= board.theme.px(80), size
