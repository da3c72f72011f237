"""The compare dashboard's charts at a small screen and in their exports: at 1366×768 every
bar, row and column keeps its label (the chart scrolls rather than skipping labels), a
workshop's name over its tables is never cut without the full name beside the chart, and a
saved PNG or SVG is sized for a slide, whatever the screen's state, with every label."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage, QPainter

from kiosk.services.catalog import load_catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store
from kiosk.ui.theme import Theme

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def area(qtbot, tmp_path: Path):
    from kiosk.ui.facilitator import open_area
    from kiosk.ui.facilitator.area import TAB_COMPARE

    store = Store.open(tmp_path / "data")
    catalog = load_catalog(tmp_path / "data")
    FacilitatorService(store, catalog).demo.load()
    widget = open_area(store, catalog, Theme.for_size(1366, 768))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_tab(TAB_COMPARE)
    yield widget
    widget.exchange_tab.wait_for_tasks()
    store.close()


def drawn_texts(axis) -> list[str]:
    """The words the axis paints now (pyqtgraph's own drawing specs)."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if specs is None:
        return []
    return [text for _rect, _flags, text in specs[2] if text]


def settle(qtbot, chart) -> None:
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(lambda: chart.graphics.isVisible())
    for _ in range(3):
        QApplication.processEvents()


def category_axes(chart):
    from kiosk.ui.charts.axes import CategoryAxis

    found = []
    for item in chart.graphics.scene().items():
        if isinstance(item, CategoryAxis) and item.isVisible() and item.labels:
            found.append(item)
    return found


SELECTIONS = [("examples-1-6", "benefit"), ("examples-1-6", "risk"),
              ("examples-a-f", "acceptability")]


@pytest.mark.parametrize("deck, lens", SELECTIONS)
def test_no_label_dropped_at_1366(qtbot, area, deck, lens):
    screen = area.compare_tab.compare_screen
    screen.select(deck, lens, None)
    assert len(screen.data.comparison.tables) >= 14
    checked = 0
    for name, chart in screen.charts.items():
        screen.tabs.setCurrentWidget(chart.parentWidget())
        settle(qtbot, chart)
        # Nothing of the chart runs off its scene's right or bottom edge (where no
        # scrolling would reach it).
        content = chart.graphics.ci.geometry()
        assert content.width() <= chart.graphics.viewport().width() + 1, name
        assert content.height() <= chart.graphics.viewport().height() + 1, name
        window = getattr(chart, "column_view", None)
        for axis in category_axes(chart):
            drawn = drawn_texts(axis)
            wanted = len(axis.labels)
            if window is not None and window.scrolls() and axis.orientation == "bottom":
                wanted = window.shown()  # a window of the columns, pushed along by a finger
            assert len(drawn) == wanted, (name, axis.orientation, len(drawn), wanted)
            checked += 1
    assert checked >= 9  # heat map ×2, spread ×2, agreement ×3, criteria ×2, effort ×2


def test_the_criteria_chart_names_every_bar_at_1366(qtbot, area):
    screen = area.compare_tab.compare_screen
    screen.select("examples-1-6", "benefit", None)
    chart = screen.criteria
    screen.tabs.setCurrentWidget(chart.parentWidget())
    settle(qtbot, chart)
    assert len(chart._shown) >= 19
    assert len(drawn_texts(chart.rows)) == len(chart._shown)


def test_workshop_headers_never_cut_without_their_full_names(qtbot, area):
    """A workshop with one table (a kiosk left on its default workshop) has one narrow
    column for its long name."""
    from tests.facilitator_support import real_ranking

    real_ranking(area.service, workshop="Workshop 2025-06-01 at the Town Hall")
    screen = area.compare_tab.compare_screen
    screen.reload()
    screen.select("examples-1-6", "benefit", None)
    chart = screen.heat_map
    screen.tabs.setCurrentWidget(chart.parentWidget())
    settle(qtbot, chart)
    headers = drawn_texts(chart.groups)
    (low, high), _ = chart.plot.getViewBox().viewRange()
    # the workshops whose columns are in view (a finger pushes the others in)
    names = [name for name, first, last in chart.groups._groups
             if first - 0.5 < high and last + 0.5 > low]
    assert len(chart.groups._groups) == 4
    assert len(headers) == len(names) >= 2
    assert any(header != name and not header.endswith(name)
               for header, name in zip(headers, names, strict=True))  # one is cut
    legend = chart.group_legend.item.toPlainText() if chart.group_legend.isVisible() else ""
    for header, name in zip(headers, names, strict=True):
        if header != name and not header.endswith(name):
            key = header.split(" ", 1)[0]
            assert f"{key} = {name}" in legend, (header, legend)


# ----- export --------------------------------------------------------------------------

@pytest.fixture
def screen(qtbot, tmp_path: Path):
    from kiosk.ui.facilitator.compare import CompareScreen

    store = Store.open(tmp_path / "data")
    catalog = load_catalog(tmp_path / "data")
    service = FacilitatorService(store, catalog)
    service.demo.load()
    widget = CompareScreen(service, Theme.for_size(1920, 1080))
    qtbot.addWidget(widget)
    widget.resize(1920, 1000)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    store.close()


def svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    return " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def test_export_is_sized_for_a_slide_with_every_label_even_when_squeezed(qtbot, screen,
                                                                         tmp_path):
    """The keyboard or a dialog can squeeze the screen just when Save is tapped: the file
    must still look like the chart at its full size."""
    from PySide6.QtWidgets import QApplication

    chart = screen.criteria
    screen.tabs.setCurrentWidget(chart.parentWidget())
    settle(qtbot, chart)
    shown = chart.graphics.size()
    assert shown.height() > 400
    first = QImage(str(chart.export_png(tmp_path / "a.png")))
    screen.resize(1920, 420)  # squeezed, as with the keyboard up
    for _ in range(3):
        QApplication.processEvents()
    assert chart.graphics.height() < shown.height()
    second = QImage(str(chart.export_png(tmp_path / "b.png")))
    assert (second.width(), second.height()) == (first.width(), first.height())
    assert first.width() >= 3000
    # A slide's shape (16:9) or taller, never flatter than the chart on screen.
    aspect = first.height() / first.width()
    assert aspect >= min(9 / 16, shown.height() / shown.width()) - 0.01
    svg = chart.export_svg(tmp_path / "c.svg")
    text = svg_text(svg)
    assert chart.title.text() in " ".join(text.split())  # the file carries its title
    for label in chart.rows.labels:
        assert label in text, label
    box = ET.parse(svg).getroot().get("viewBox").split()
    assert float(box[3]) / float(box[2]) == pytest.approx(aspect, abs=0.01)


def test_every_chart_exports_all_its_labels(qtbot, screen, tmp_path):
    for name, chart in screen.charts.items():
        screen.tabs.setCurrentWidget(chart.parentWidget())
        settle(qtbot, chart)
        svg = chart.export_svg(tmp_path / f"{chart.slug}.svg")
        text = svg_text(svg)
        for axis in category_axes(chart):
            for label in axis.labels:
                for line in label.split("\n"):
                    assert line in text, (name, line)


@pytest.mark.parametrize("deck", ["examples-1-6", "examples-a-f"])
def test_map_names_cover_nothing_on_the_screen_at_1366(qtbot, area, deck):
    from tests.test_report_layout import map_overlaps

    screen = area.compare_tab.compare_screen
    screen.select(deck, "benefit", None)
    chart = screen.map
    screen.tabs.setCurrentWidget(chart.parentWidget())
    settle(qtbot, chart)
    assert map_overlaps(chart) == []


def test_an_export_copy_is_built_the_way_the_chart_was(qtbot):
    """Charts' constructors differ (a title, a cell size, keywords): the copy a file is
    drawn from is built with the same arguments, without the parent."""
    from PySide6.QtWidgets import QWidget

    from kiosk.ui.charts.panel import ChartPanel

    class Marked(ChartPanel):
        def __init__(self, mark: str, theme: Theme, parent: QWidget | None = None, *,
                     size: int = 3) -> None:
            super().__init__(f"Marked {mark}", theme, parent)
            self.mark, self.size = mark, size

    class Plain(Marked):  # no constructor of its own
        pass

    host = QWidget()
    qtbot.addWidget(host)
    theme = Theme.for_size(1366, 768)
    for kind in (Marked, Plain):
        chart = kind("x", theme, host, size=5)
        copy = chart.export_copy()
        try:
            assert type(copy) is kind
            assert (copy.mark, copy.size, copy.theme) == ("x", 5, theme)
            assert copy.parentWidget() is None
            assert copy.title.text() == "Marked x"
        finally:
            copy.deleteLater()
    plain = ChartPanel("Where each table placed each card", theme, host)
    copy = plain.export_copy()
    assert type(copy) is ChartPanel and copy.title.text() == plain.title.text()
    copy.deleteLater()


def test_every_chart_saves_a_slide(qtbot, screen, tmp_path):
    """Each chart, the small-group ones too, writes a PNG of a 16:9 slide (or taller, where
    its rows need it) at twice the slide's width, whatever the tab's size on screen."""
    from kiosk.ui.charts.panel import EXPORT_SIZE

    assert {"Equal orders", "Tags"} <= set(screen.charts)
    for name, chart in screen.charts.items():
        screen.tabs.setCurrentWidget(chart.parentWidget())
        settle(qtbot, chart)
        image = QImage(str(chart.export_png(tmp_path / f"{chart.slug}.png")))
        assert image.width() >= 2 * EXPORT_SIZE[0], name
        assert image.height() / image.width() >= 9 / 16 - 0.01, (name, image.size())
        note = chart.export_note()  # words beside the scene on screen go in the file too
        if note:
            text = " ".join(svg_text(chart.export_svg(tmp_path / f"{chart.slug}.svg")).split())
            assert " ".join(note.split()[:8]) in text, name


def test_a_chart_taller_than_the_screen_scrolls_by_a_finger_on_it(qtbot, area):
    """At 1366×768 the Tags chart asks for more room than the tab has; a finger pushing on
    the chart itself moves it up to its last rows."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScroller

    from tests.touch_support import move_to, press, release

    screen = area.compare_tab.compare_screen
    screen.select("examples-1-6", "benefit", None)
    chart = screen.charts["Tags"]
    screen.tabs.setCurrentWidget(chart.parentWidget())
    settle(qtbot, chart)
    bar = chart.scene_area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    target = chart.graphics.viewport()
    start = chart.graphics.mapFromGlobal(
        chart.scene_area.viewport().mapToGlobal(
            QPoint(chart.scene_area.viewport().width() // 2,
                   chart.scene_area.viewport().height() * 3 // 4)))
    end = start - QPoint(0, chart.scene_area.viewport().height() // 2)
    press(target, start)
    move_to(qtbot, target, start, end)
    release(target, end)
    qtbot.waitUntil(lambda: QScroller.scroller(chart.scene_area.viewport()).state()
                    == QScroller.State.Inactive, timeout=5000)
    assert bar.value() > 0


def test_every_chart_tab_shows_in_the_bar_at_1366(qtbot, area):
    """Nine chart tabs side by side: none hidden behind the bar's scroll arrows."""
    screen = area.compare_tab.compare_screen
    bar = screen.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.width() > 0)
    for index in range(bar.count()):
        rect = bar.tabRect(index)
        assert rect.left() >= 0 and rect.right() <= bar.width(), bar.tabText(index)
    assert bar.count() == 9
