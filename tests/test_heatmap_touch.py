"""The heat maps under a finger and in their files, with many tables at 1366×768: a saved
PNG or SVG holds the whole chart (its workshop key line too), the card names stay in view
while a finger pushes the columns along, a drag never reads a cell out as a tap does, and
the charts' words and cell numbers are at least 18 px (the chart scrolls instead)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.domain.ranking import Ranking, RankingContext
from kiosk.services.catalog import load_catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store
from kiosk.ui.theme import Theme
from tests.test_chart_layout import category_axes, drawn_texts, settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def many_workshops(service: FacilitatorService, store: Store, workshops: int = 5,
                   tables: int = 8) -> None:
    """The demo data and `workshops` more workshops of `tables` tables each, all with long
    names (a shared hall's workshops of a year)."""
    service.demo.load()
    cards = service.names.deck_order("examples-1-6")
    rnd = random.Random(4)
    for i in range(workshops * tables):
        ranking = Ranking("examples-1-6", "benefit", cards, RankingContext(
            "", f"Workshop {i // tables} at the Town Hall", "Hall", "2025-06-01",
            f"Table {i % tables + 1}", f"k{i}"))
        order = cards[:]
        rnd.shuffle(order)
        for slot, card in enumerate(order):
            ranking.drop(card, slot)
        ranking.add_criterion("Our own reason", "own")
        ranking.set_primary("Our own reason")
        store.save_ranking(ranking.to_record())


def open_compare(qtbot, tmp_path: Path, size: tuple[int, int], workshops: int = 5):
    from kiosk.ui.facilitator import open_area
    from kiosk.ui.facilitator.area import TAB_COMPARE

    store = Store.open(tmp_path / "data")
    catalog = load_catalog(tmp_path / "data")
    many_workshops(FacilitatorService(store, catalog), store, workshops)
    area = open_area(store, catalog, Theme.for_size(*size))
    qtbot.addWidget(area)
    area.resize(*size)
    area.show()
    qtbot.waitExposed(area)
    area.show_tab(TAB_COMPARE)
    qtbot.waitUntil(lambda: area.compare_tab.compare_screen is not None, timeout=10000)
    screen = area.compare_tab.compare_screen
    screen.select("examples-1-6", "benefit", None)
    return area, screen, store


@pytest.fixture
def at_1366(qtbot, tmp_path):
    area, screen, store = open_compare(qtbot, tmp_path, (1366, 768))
    yield screen
    area.exchange_tab.wait_for_tasks()
    store.close()


def show(qtbot, screen, chart) -> None:
    screen.tabs.setCurrentWidget(chart.parentWidget())
    settle(qtbot, chart)


def content_fits(graphics) -> bool:
    content = graphics.centralWidget.geometry()
    view = graphics.viewport().rect()
    return content.width() <= view.width() + 1 and content.height() <= view.height() + 1


# ----- 1. a saved heat map holds all of it
def test_a_saved_heat_map_holds_the_whole_chart_and_its_key_line(qtbot, at_1366, tmp_path):
    """Attack: with many workshops the key line ("Workshops: A = …") was wider than the
    scene; the PNG (6928×1800) was cut at the right, the colour key and the key line's end
    gone."""
    screen = at_1366
    chart = screen.heat_map
    show(qtbot, screen, chart)
    assert len(screen.data.comparison.tables) >= 50
    assert content_fits(chart.graphics)  # on screen: nothing runs off the scene's edge
    from kiosk.ui.charts.export import write_png

    chart.export_png(tmp_path / "first.png")  # a first file, as a facilitator saves one
    copy = chart.export_copy()  # what export_png draws its file from
    try:
        for axis in category_axes(copy):
            assert len(drawn_texts(axis)) == len(axis.labels), axis.orientation
        key = copy.key.sceneBoundingRect()
        legend = copy.group_legend.sceneBoundingRect()
        text = copy.group_legend.item.sceneBoundingRect()
        assert text.right() <= legend.right() + 1  # the key line wraps inside its row
        right = max(key.right(), legend.right())
        bottom = max(key.bottom(), legend.bottom())
        write_png(copy.graphics, tmp_path / "heat.png", 2 * copy.graphics.width())
    finally:
        copy.deleteLater()
    image = QImage(str(tmp_path / "heat.png"))
    # twice the chart's own size (as export_png asks), the colour key and the key line in
    assert image.width() >= 2 * right - 2, (image.width(), right)
    assert image.height() >= 2 * bottom - 2, (image.height(), bottom)


def test_a_saved_heat_map_svg_names_every_workshop(qtbot, at_1366, tmp_path):
    from tests.test_chart_layout import svg_text

    screen = at_1366
    chart = screen.heat_map
    show(qtbot, screen, chart)
    text = " ".join(svg_text(chart.export_svg(tmp_path / "heat.svg")).split())
    for name, _first, _last in chart.groups._groups:
        assert name in text, name


# ----- 2. the names stay in view; a drag is not a tap
def test_card_names_stay_in_view_while_a_finger_pushes_the_columns(qtbot, at_1366):
    """Attack: the whole scene scrolled sideways, so the card names (the rows' labels)
    went off the left edge with the first columns."""
    screen = at_1366
    chart = screen.heat_map
    show(qtbot, screen, chart)
    assert chart.scene_area.horizontalScrollBar().maximum() == 0  # the scene never slides
    view = chart.plot.getViewBox()
    first, last = view.viewRange()[0]
    assert last - first < len(screen.data.comparison.tables)  # a window of the columns
    said = chart.plot.getAxis("bottom").label.toPlainText()
    assert f"of {len(screen.data.comparison.tables)}" in said and "push" in said, said
    names_at = chart.rows.mapToScene(chart.rows.boundingRect().topLeft())
    target = chart.graphics.viewport()
    middle = view.mapViewToScene(QPointF((first + last) / 2, 2.0))
    start = chart.graphics.mapFromScene(middle)
    QTest.mousePress(target, LEFT, NONE, start)
    for step in range(1, 13):
        QTest.mouseMove(target, start - QPoint(step * 25, 0))
    QTest.mouseRelease(target, LEFT, NONE, start - QPoint(300, 0))
    QApplication.processEvents()
    moved_first, _ = view.viewRange()[0]
    assert moved_first > first + 2  # the columns moved along under the finger
    assert chart.rows.mapToScene(chart.rows.boundingRect().topLeft()) == names_at
    assert len(drawn_texts(chart.rows)) == len(chart.rows.labels)
    assert len(drawn_texts(chart.columns)) >= 5
    assert not [t for t in chart._watched if t[2].isVisible()]  # the drag read nothing out
    assert chart.value_label.text() == chart.HINT


def test_a_drag_on_the_heat_map_is_not_a_tap(qtbot, at_1366):
    """Attack: every point a dragging finger crossed was read out (the tag and tooltip
    followed the finger), as a tap does."""
    screen = at_1366
    chart = screen.heat_map
    show(qtbot, screen, chart)
    view = chart.plot.getViewBox()
    (x0, x1), _ = view.viewRange()
    target = chart.graphics.viewport()
    start = chart.graphics.mapFromScene(view.mapViewToScene(QPointF(x0 + 1, 2.0)))
    shown: list[str] = []
    chart.value_shown.connect(shown.append)
    QTest.mousePress(target, LEFT, NONE, start)
    for step in range(1, 9):
        QTest.mouseMove(target, start + QPoint(0, step * 12))
    QTest.mouseRelease(target, LEFT, NONE, start + QPoint(0, 96))
    QApplication.processEvents()
    assert shown == []
    assert chart.graphics.toolTip() == ""
    # a tap reads the cell under it out
    QTest.mouseClick(target, LEFT, NONE, start)
    qtbot.waitUntil(lambda: bool(shown))
    assert "position" in shown[-1]


# ----- 5. readable from a metre away
def test_chart_words_and_cell_numbers_are_at_least_18_px_at_1366(qtbot, at_1366):
    """Attack: axis words of 16 px, heat-map cell numbers of 11–12 px at 1366×768."""
    from kiosk.ui.charts.items import CellLabels

    screen = at_1366
    assert _sheet_px(screen.summary) >= 18  # its sheet sets the size it is drawn at
    for name, chart in screen.charts.items():
        show(qtbot, screen, chart)
        for axis in category_axes(chart):
            assert QFontInfo(axis._font).pixelSize() >= 18, (name, axis.orientation)
        for item in chart.graphics.scene().items():
            if isinstance(item, CellLabels) and item._texts:
                assert QFontInfo(item._font).pixelSize() >= 18, name
    for chart in (screen.heat_map, screen.agreement):
        show(qtbot, screen, chart)
        # every cell's number is drawn: the columns are as wide as the numbers need
        transform = chart.plot.getViewBox().childTransform()
        cell_w = abs(transform.m11())
        metrics = chart.cells._font
        from PySide6.QtGui import QFontMetricsF

        widest = max(QFontMetricsF(metrics).horizontalAdvance(t) for t in chart.cells._texts)
        assert widest + 4 <= cell_w * chart.graphics.devicePixelRatioF() + 0.5, (
            chart.slug, widest, cell_w)
        assert cell_w >= 48  # a cell is a tap target too


def _sheet_px(label) -> float:
    import re

    found = re.search(r"font-size: ([0-9.]+)pt", label.styleSheet())
    return float(found.group(1)) * 96 / 72 if found else 0.0


def test_a_drag_across_any_chart_reads_nothing_out(qtbot, at_1366):
    """Attack: a finger pushing the page (or the chart) along across the bars, the map's dots
    or the agreement rows read out every value it crossed, tooltip and all; only a tap
    should. Every chart of the dashboard, not only the heat maps."""
    screen = at_1366
    for name, chart in screen.charts.items():
        show(qtbot, screen, chart)
        target = chart.graphics.viewport()
        shown: list[str] = []
        chart.value_shown.connect(shown.append)
        rect = target.rect()
        start = QPoint(rect.width() // 4, rect.height() // 4)
        QTest.mousePress(target, LEFT, NONE, start)
        for step in range(1, 13):  # across the chart's middle, button held
            QTest.mouseMove(target, start + QPoint(step * rect.width() // 26,
                                                   step * rect.height() // 26))
        QApplication.processEvents()
        assert shown == [], name
        assert chart.graphics.toolTip() == "", name
        QTest.mouseRelease(target, LEFT, NONE, start + QPoint(rect.width() // 2,
                                                              rect.height() // 2))
        QApplication.processEvents()
        chart.value_shown.disconnect(shown.append)
