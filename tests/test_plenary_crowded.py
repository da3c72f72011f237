"""The plenary screen in a crowded room: twelve tables, three lenses and a case-study poll on
a projector (1920×1080 and 1280×720), and a table label too long for its tile. Every check
compares what a widget needs (its text's width at the size it is painted) with what it got."""

from __future__ import annotations

import pytest

from kiosk.analysis.plenary import build_plenary
from tests.plenary_support import (
    big_room,
    big_room_kiosks,
    deck_cards,
    demo_poll_runs,
    lens_titles,
    shipped,
)
from tests.test_plenary import settle

CATALOG = shipped()
LENSES = lens_titles(CATALOG)
CARDS = deck_cards(CATALOG)
POLL = "camden-comfort"
SIZES = [(1920, 1080), (1280, 720)]


@pytest.fixture
def make_screen(qtbot):
    from kiosk.ui.plenary import PlenaryScreen
    from kiosk.ui.theme import Theme

    def make(width: int, height: int) -> PlenaryScreen:
        screen = PlenaryScreen(Theme.for_size(width, height), title="Bristol · plenary")
        qtbot.addWidget(screen)
        screen.resize(width, height)
        screen.show()
        qtbot.waitExposed(screen)
        return screen

    return make


def crowded_view(revealed: bool, tables: int = 12):
    records, notes = big_room(CATALOG, tables)
    runs = demo_poll_runs(CATALOG, POLL, kiosks=big_room_kiosks(tables))
    return build_plenary(records, notes, LENSES, CARDS, revealed, poll_runs=runs,
                         polls=CATALOG.polls)


@pytest.mark.parametrize("revealed", [False, True], ids=["hidden", "revealed"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attack_a_long_table_label_is_whole_on_its_tile(make_screen, qtbot, size, revealed):
    """Audit: at 1920×1080 with twelve tables "Window table" was "Windo…" on its tile (and
    at 1280×720 too): the label shrank only to the small size on one line. A label that
    fits in two lines at a readable size is shown whole."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QFontInfo

    width, height = size
    screen = make_screen(width, height)
    view = crowded_view(revealed)
    screen.show_view(view)
    settle(qtbot, screen)
    (window,) = [t for t in view.tables if t.name == "Window table"]
    tile = screen.tiles[window.key]
    assert tile.label.text() == "Window table"
    assert tile.label.shows_all(), (tile.label.width(), tile.label.height())
    assert QFontInfo(tile.label.painted_font()).pixelSize() >= 22
    # the tile holds its label: not cut at the bottom, and every tile on screen
    box = QRect(tile.label.mapTo(tile, QPoint(0, 0)), tile.label.size())
    assert tile.rect().contains(box), (box, tile.rect())
    whole = QRect(QPoint(0, 0), screen.size())
    assert all(whole.contains(t.geometry()) for t in screen.tiles.values())
    hint = screen.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
