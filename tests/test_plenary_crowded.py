"""The plenary screen in a crowded room: twelve tables, three lenses and a case-study poll on
a projector (1920×1080 and 1280×720), and a table label too long for its tile. Every check
compares what a widget needs (its text's width at the size it is painted) with what it got."""

from __future__ import annotations

import os
from pathlib import Path

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


def cut_poll_texts(panel) -> list[str]:
    """The poll panel's texts that are not shown whole (elided, or not drawn at all)."""
    from PySide6.QtGui import QFontMetrics

    from kiosk.ui.plenary.parts import SMALL, Line, font

    cut = [line.text() for line in panel.findChildren(Line)
           if line.isVisible() and not line.shows_all()]
    chart = panel.chart
    regular = QFontMetrics(font(chart.theme, SMALL))
    bold = QFontMetrics(font(chart.theme, SMALL, bold=True))
    for item in chart.items(chart.width(), chart.height()):
        metrics = bold if item.kind in ("bold", "cell") else regular
        if metrics.horizontalAdvance(item.text) > item.box.width() + 0.5:
            cut.append(item.text)
    if chart.drawn < len(chart._result.stages):
        cut.append(f"{len(chart._result.stages) - chart.drawn} stage(s) not drawn")
    return cut


def poll_page(screen, qtbot):
    """Bring the poll on screen: beside the lenses it is there; on a paged screen, tap the
    page button (which must then be on screen)."""
    from PySide6.QtCore import QPoint, QRect, Qt

    pager = getattr(screen, "page_button", None)
    if pager is not None and pager.isVisible():
        assert QRect(QPoint(0, 0), screen.size()).contains(
            QRect(pager.mapTo(screen, QPoint(0, 0)), pager.size()))
        if not pager.isChecked():
            qtbot.mouseClick(pager, Qt.MouseButton.LeftButton)
        settle(qtbot, screen)


@pytest.mark.parametrize("revealed", [False, True], ids=["hidden", "revealed"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attack_twelve_tables_three_lenses_and_a_poll_are_all_readable(make_screen, qtbot,
                                                                       tmp_path, size,
                                                                       revealed):
    """Audit: a poll beside three lens panels got what the lens panels left: at 1920×1080
    with twelve tables 416 px (a stage not drawn, "Who can s…"), at 1280×720 33 px (nothing
    readable). Twelve tables, three lenses, a poll: every text of the poll whole, every
    number of the lenses whole in its cell, nothing off screen, "Hide results" on screen.
    Saves plenary-crowded-<w>x<h>-<hidden|revealed>[-poll].png (to PLENARY_SHOTS when set)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QFontInfo

    from kiosk.ui.plenary.parts import Line, PlacesStrip

    width, height = size
    screen = make_screen(width, height)
    screen.show_view(crowded_view(revealed))
    settle(qtbot, screen)
    shots = Path(os.environ.get("PLENARY_SHOTS", "") or tmp_path)
    name = f"plenary-crowded-{width}x{height}-{'revealed' if revealed else 'hidden'}"
    assert screen.grab().save(str(shots / f"{name}.png"))
    whole = QRect(QPoint(0, 0), screen.size())

    def on_screen(widget) -> bool:
        return whole.contains(QRect(widget.mapTo(screen, QPoint(0, 0)), widget.size()))

    def check_all_on_screen() -> None:
        assert (screen.width(), screen.height()) == size
        hint = screen.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, hint
        assert screen.toggle.isVisible() and on_screen(screen.toggle)
        shown = [w for w in screen.findChildren(Line) + screen.findChildren(PlacesStrip)
                 if w.isVisible()]
        assert all(on_screen(w) for w in shown)
        assert min(QFontInfo(w.font()).pixelSize() for w in shown) >= 22

    check_all_on_screen()
    heads = [screen.title, screen.summary]
    for panel in screen.panels.values():
        heads += [panel.title, panel.count, panel.agreement, panel.hidden_note,
                  panel.hidden_hint]
    cut = [line.text() for line in heads if line.isVisible() and not line.shows_all()]
    assert cut == [], cut  # (a long card title may still end in "…": its tooltip has it)
    for panel in screen.panels.values():
        if panel.isVisible():
            assert on_screen(panel) and panel.tags.texts_fit() or not revealed
            for row in panel.rows:
                if row.isVisible():
                    assert row.strip.texts_fit() and row.strip.width() <= row.width()
    poll_page(screen, qtbot)
    assert screen.grab().save(str(shots / f"{name}-poll.png"))
    check_all_on_screen()
    panel = screen.poll_panels[POLL]
    assert panel.isVisible() and on_screen(panel)
    assert cut_poll_texts(panel) == [], (panel.width(), cut_poll_texts(panel))


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
    bar = QRect(tile.bar.mapTo(tile, QPoint(0, 0)), tile.bar.size())
    assert box.bottom() < bar.top(), (box, bar)  # its second line is not under the bar
    whole = QRect(QPoint(0, 0), screen.size())
    assert all(whole.contains(t.geometry()) for t in screen.tiles.values())
    hint = screen.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint


def test_a_poll_that_fits_beside_the_lenses_keeps_the_width_its_texts_need(make_screen, qtbot):
    """One lens and a poll at 1920×1080: no pages, the poll beside the lens with the width
    its title and stages need (the lens panel has the rest). A poll that goes takes the
    pages with it."""
    from tests.plenary_support import demo_room

    screen = make_screen(1920, 1080)
    records, notes = demo_room(CATALOG, done={n: 1 for n in range(1, 7)})
    runs = demo_poll_runs(CATALOG)
    view = build_plenary(records, notes, {"benefit": LENSES["benefit"]}, CARDS, True,
                         poll_runs=runs, polls=CATALOG.polls)
    assert len(view.lenses) == 1
    screen.show_view(view)
    settle(qtbot, screen)
    panel = screen.poll_panels[POLL]
    assert not screen.paged and not screen.page_button.isVisible()
    assert panel.isVisible() and all(p.isVisible() for p in screen.panels.values())
    assert panel.width() >= panel.needed_width() and panel.fits_all()
    assert cut_poll_texts(panel) == []
    # the lens keeps its longer words only when it has the row to itself
    assert next(iter(screen.panels.values())).narrow
    # twelve tables: paged; on the poll page the poll goes: the lenses and tiles are back
    screen.show_view(crowded_view(True))
    settle(qtbot, screen)
    assert screen.paged and screen.page_button.isVisible()
    poll_page(screen, qtbot)
    assert screen.on_poll_page() and not any(t.isVisible() for t in screen.tiles.values())
    records, notes = big_room(CATALOG, 12)
    screen.show_view(build_plenary(records, notes, LENSES, CARDS, True))
    settle(qtbot, screen)
    assert not screen.paged and not screen.page_button.isVisible()
    assert all(t.isVisible() for t in screen.tiles.values())
    assert all(p.isVisible() and not p.narrow for p in screen.panels.values())
