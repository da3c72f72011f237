"""The board fits any kiosk screen from 1366×768 to 3840×2160: nothing cut off, no two
cards overlapping, titles big enough to read from a metre, touch targets big enough for a
finger; and it lays itself out again when the window changes size."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontInfo
from PySide6.QtTest import QTest

from kiosk.ui.board.geometry import BoardGeometry
from kiosk.ui.theme import Theme
from tests.board_support import (
    big_deck,
    card_centre,
    examples_deck,
    make_board,
    ranking_for,
    shipped,
    touch_drag,
    touch_tap,
    vp,
)

SIZES = [(1366, 768), (1920, 1080), (2560, 1440), (3840, 2160), (1280, 800)]


def _no_overlap(rects: list[QRectF]) -> bool:
    return not any(a.intersects(b) for a, b in itertools.combinations(rects, 2))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("n,has_cut", [(3, False), (6, False), (6, True), (12, True),
                                       (15, False), (15, True)])
def test_every_place_and_tray_cell_is_on_screen_and_apart(size, n, has_cut):
    theme = Theme.for_size(*size)
    g = BoardGeometry.compute(*size, n, theme, has_cut)
    screen = QRectF(0, 0, *size)
    middle = QRectF(0, g.header.bottom(), size[0], g.toolbar.top() - g.header.bottom())
    for band_gap in ([None] if not has_cut else [0, n // 2, n]):
        slots = [g.slot_rect(s, band_gap) for s in range(n)]
        assert _no_overlap(slots)
        assert all(middle.contains(r) for r in slots)
        if has_cut:
            band = g.band_rect(band_gap)
            assert middle.contains(band)
            assert not any(band.intersects(r) for r in slots)
        assert middle.contains(g.most_label_rect())
        assert middle.contains(g.least_label_rect(band_gap))
    cells = [g.tray_cell(i) for i in range(n)]
    assert _no_overlap(cells)
    assert all(g.tray.contains(c) for c in cells)
    assert middle.contains(g.tray) and screen.contains(g.toolbar)
    assert not any(g.tray.intersects(r) for r in (g.slot_rect(s) for s in range(n)))
    # each place is nearest to itself
    assert [g.slot_at(g.slot_rect(s).center()) for s in range(n)] == list(range(n))
    assert g.card.height() >= theme.touch(48)


def test_six_cards_at_1080p_have_full_size_titles_and_two_line_summaries(qtbot):
    board = make_board(qtbot, size=(1920, 1080))
    for item in board.scene.cards.values():
        assert item.title_font.pointSizeF() >= 18
        title, summary = item.shown_lines
        assert len(summary) == 2, item.card_id
        assert not title[-1].endswith("…")


@pytest.mark.parametrize("size", [(1366, 768), (3840, 2160)])
def test_fifteen_cards_keep_a_readable_title(qtbot, size):
    board = make_board(qtbot, big_deck(15), size=size)
    theme = Theme.for_size(*size)
    for item in board.scene.cards.values():
        assert item.title_font.pointSizeF() >= max(12, theme.pt(13))
        assert QFontInfo(item.title_font).pixelSize() >= 16


def test_buttons_are_finger_sized_and_inside_the_toolbar(qtbot):
    for size in ((1366, 768), (1920, 1080)):
        board = make_board(qtbot, lens="acceptability", size=size)
        toolbar = board.scene.geometry.toolbar
        rects = [b.scene_rect() for b in board.buttons.values()]
        assert all(r.height() >= 48 and r.width() >= 48 for r in rects)
        assert all(toolbar.contains(r) for r in rects)
        assert _no_overlap(rects + [QRectF(board.scene.counter.pos(),
                                           board.scene.counter.rect().size())])


def test_the_board_lays_itself_out_again_when_resized(qtbot):
    board = make_board(qtbot, size=(1366, 768))
    touch_drag(board, QTest.createTouchDevice(), card_centre(board, "2"),
               board.slot_scene_pos(1))
    small = board.card_item("2").card_rect()
    board.resize(1920, 1080)
    qtbot.waitUntil(lambda: board.scene.sceneRect().width() == 1920)
    assert board.card_item("2").card_rect().center() == board.slot_scene_pos(1)
    assert board.card_item("2").card_rect().width() > small.width()
    assert board.card_item("1").card_rect() == board.scene.geometry.tray_cell(0)


def test_pictures_of_the_board(qtbot, tmp_path):
    """Grabs of the board as a table sees it, to look at (KIOSK_SHOTS=1 writes them into
    shots/): empty, mid-drag with cards making room, a card's back, and the cut line."""
    folder = Path(__file__).resolve().parent.parent / "shots" if os.environ.get(
        "KIOSK_SHOTS") else tmp_path
    folder.mkdir(exist_ok=True)
    device = QTest.createTouchDevice()
    deck, lenses = shipped(tmp_path)
    for w, h in ((1920, 1080), (1366, 768)):
        tag = f"{w}x{h}"
        board = make_board(qtbot, deck, lenses["benefit"], size=(w, h))
        assert board.grab().save(str(folder / f"board_empty_{tag}.png"))
        for slot, card in enumerate(["2", "5", "1", "6"]):
            touch_drag(board, device, card_centre(board, card), board.slot_scene_pos(slot))
        viewport = board.view.viewport()
        start, end = vp(board, card_centre(board, "3")), vp(board, board.slot_scene_pos(1))
        QTest.touchEvent(viewport, device).press(0, start).commit()
        QTest.touchEvent(viewport, device).move(0, (start + end) / 2).commit()
        QTest.touchEvent(viewport, device).move(0, end).commit()
        assert board.grab().save(str(folder / f"board_drag_{tag}.png"))
        QTest.touchEvent(viewport, device).release(0, end).commit()
        touch_tap(board, device, card_centre(board, "2"))
        assert board.card_back.is_open
        assert board.grab().save(str(folder / f"board_back_{tag}.png"))

        board = make_board(qtbot, deck, lenses["acceptability"], size=(w, h))
        board.set_rotated(True)
        for slot, card in enumerate(["2", "5", "1", "6", "3"]):
            touch_drag(board, device, card_centre(board, card), board.slot_scene_pos(slot))
        line = board.scene.cut_line
        grip = line.mapToScene(line.grip_rect().center())
        gap = QPointF(grip.x(), (board.slot_scene_pos(2).y() + board.slot_scene_pos(3).y()) / 2)
        touch_drag(board, device, grip, gap, steps=8)
        assert board.ranking.cut == 3
        assert board.grab().save(str(folder / f"board_cut_rotated_{tag}.png"))
        board.set_rotated(False)
        assert board.grab().save(str(folder / f"board_cut_{tag}.png"))
    board = make_board(qtbot, big_deck(15), lens="acceptability", size=(3840, 2160))
    ranking = board.ranking
    for slot, card in enumerate(ranking.cards[:9]):
        ranking.drop(card, slot)
    ranking.set_cut(5)
    board.refresh(animate=False)
    assert board.grab().save(str(folder / "board_big_3840x2160.png"))
    assert ranking_for(examples_deck()).cards  # the support deck stays usable


def test_badges_stay_short_enough_to_say_across_a_table():
    from kiosk.ui.board.face_layout import badge_text

    assert [badge_text(i) for i in ("3", "B", "csp", "camden", "troubled-families")] == [
        "3", "B", "csp", "camden", "TF"]
