"""Every word the board draws reads from a metre away at 1366×768 (a laptop's screen, the
smallest the kiosk is made for): at least 18 px — the tray's heading and hint, the cut
line's labels, the places' numbers and hints, the header, the toolbar, the card faces and
the card back's tag line. A card summary that is too long for its card at 18 px (not a
shipped one) is set smaller only as far as its whole text then fits (nothing is cut short:
test_board_text.py; `kiosk check` notes such a card: test_board_faces.py).

The sizes are those the board's painting really uses: QPainter.drawText is watched while
the board is drawn (every text on the board is drawn by its own Python paint code)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo

from tests.board_support import make_board, shipped
from tests.paint_support import texts_drawn

READABLE_PX = 18


def _drawn(board) -> list[tuple[str, int]]:
    with texts_drawn() as seen:
        board.grab()
    return [(text, px) for text, px, _width in seen]


def _card_words(board) -> set[str]:
    """The card faces' titles and summary lines: a card whose whole text needs it is set
    smaller (the next test, and test_board_text.py for nothing cut)."""
    words = set()
    for item in board.scene.cards.values():
        words.update(item.summary_block()[0])
        words.update(item.shown_lines[0])
    return words


@pytest.mark.parametrize("lens", ["benefit", "acceptability"])
def test_attack_every_board_text_at_1366_is_at_least_18_px(qtbot, tmp_path, lens):
    deck, lenses = shipped(tmp_path)
    board = make_board(qtbot, deck, lenses[lens], size=(1366, 768))
    ranking = board.ranking
    ranking.drop(ranking.cards[1], 0)
    ranking.drop(ranking.cards[3], 1)
    board.refresh(animate=False)
    drawn = _drawn(board)  # the tray's hint, the places' hints, the parked cut line
    if lens == "acceptability":
        ranking.set_cut(1)
        board.refresh(animate=False)
        drawn += _drawn(board)  # the line's "Acceptable" / "Not acceptable"
    faces = _card_words(board)
    small = sorted({(text, px) for text, px in drawn
                    if px < READABLE_PX and text not in faces})
    assert not small, "\n".join(map(repr, small))
    assert any("drag onto the ladder" in text for text, _ in drawn)
    if lens == "acceptability":
        assert any(text == "Not acceptable" for text, _ in drawn)


def test_attack_card_summaries_at_1366_are_18_px(qtbot, tmp_path):
    """Every shipped card's title and summary are 18 px at 1366×768 (they were 16–17 px on
    five of the twelve: the summaries were rewritten to the two lines the deck format gives
    them, and the cut line's grip no longer narrows the cards: test_board_faces.py)."""
    deck, lenses = shipped(tmp_path)
    board = make_board(qtbot, deck, lenses["benefit"], size=(1366, 768))
    sizes = {item.card_id: (QFontInfo(item.title_font).pixelSize(),
                            QFontInfo(item.summary_block()[1]).pixelSize())
             for item in board.scene.cards.values()}
    assert all(min(title, summary) >= READABLE_PX for title, summary in sizes.values()), sizes


def test_the_card_backs_tag_line_at_1366_is_at_least_18_px(qtbot, tmp_path):
    deck, lenses = shipped(tmp_path)
    board = make_board(qtbot, deck, lenses["benefit"], size=(1366, 768))
    import re

    from kiosk.ui.board.card_back import back_html
    from kiosk.ui.theme import Theme

    html = back_html(deck.cards[0], Theme.lens_colour("benefit"), board.theme)
    assert "Sectors" in html  # the tag line is there
    sizes = [float(pt) for pt in re.findall(r"font-size:\s*([\d.]+)pt", html)]
    assert sizes and min(sizes) * 96 / 72 >= READABLE_PX - 0.01, sizes
