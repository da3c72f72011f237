"""Every word the compare dashboard's charts paint reads from a metre away at 1366×768 and
1920×1080: axis titles, tick labels, chart titles, text marks, keys and legends at least
18 px. Measured on what is drawn: the axes' tick labels are painted by pyqtgraph's Python
code (QPainter.drawText is watched while each chart's scene renders), every text item of the
scene (axis titles, labels, marks, legends: QGraphicsTextItem) by its font as painted — its
own, or the size its HTML sets — and the widgets around the scene by their fonts."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QFontInfo, QImage, QPainter
from PySide6.QtWidgets import QGraphicsTextItem, QLabel

from kiosk.services.catalog import load_catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store
from kiosk.ui.theme import Theme
from tests.test_chart_layout import settle
from tests.test_plenary_card_names import texts_drawn

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
READABLE_PX = 18
SIZES = [(1366, 768), (1920, 1080)]


@pytest.fixture
def compare_at(qtbot, tmp_path: Path):
    from kiosk.ui.facilitator import open_area
    from kiosk.ui.facilitator.area import TAB_COMPARE

    opened = []

    def make(size):
        store = Store.open(tmp_path / f"data-{size[0]}")
        catalog = load_catalog(tmp_path / f"data-{size[0]}")
        FacilitatorService(store, catalog).demo.load()
        widget = open_area(store, catalog, Theme.for_size(*size))
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        qtbot.waitExposed(widget)
        widget.show_tab(TAB_COMPARE)
        opened.append((widget, store))
        return widget

    yield make
    for widget, store in opened:
        widget.exchange_tab.wait_for_tasks()
        store.close()


def fragment_px(item: QGraphicsTextItem) -> list[tuple[str, int]]:
    """(text, px) of each run of words in a text item, in the font it is laid out in: the
    run's own format (the HTML's font-size) over the document's default font."""
    document = item.document()
    runs = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.text().strip():
                font = fragment.charFormat().font().resolve(document.defaultFont())
                runs.append((fragment.text().strip()[:40], QFontInfo(font).pixelSize()))
            it += 1
        block = block.next()
    return runs


def small_texts(chart) -> list[tuple[str, int]]:
    """(text, px) of every word in `chart` under READABLE_PX."""
    small: list[tuple[str, int]] = []
    scene = chart.graphics.scene()
    image = QImage(max(1, int(scene.width())), max(1, int(scene.height())),
                   QImage.Format.Format_ARGB32)
    for item in scene.items():
        if isinstance(item, pg.AxisItem):
            item.picture = None  # drawn afresh (a cached QPicture replays in C++, unseen)
    with texts_drawn() as seen:
        painter = QPainter(image)
        scene.render(painter)
        painter.end()
    small += [(text, px) for text, px, _ in seen if px < READABLE_PX]
    for item in scene.items():
        if not isinstance(item, QGraphicsTextItem) or not item.isVisible():
            continue
        small += [(text, px) for text, px in fragment_px(item) if px < READABLE_PX]
    for label in chart.findChildren(QLabel):
        if label.isVisible() and label.text().strip():
            px = QFontInfo(label.font()).pixelSize()
            if px < READABLE_PX:
                small.append((label.text()[:40], px))
    return sorted(set(small))


SELECTIONS = [("examples-1-6", "benefit"), ("examples-a-f", "acceptability")]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_word_of_every_compare_chart_is_18_px(compare_at, qtbot, size,
                                                           tmp_path):
    """Measured on the demo data (15 tables), both decks: the smallest tick label, axis
    title, mark and legend is 18 px at 1366×768 and at 1920×1080 (the dashboard's theme has
    an 18 px floor: Theme.readable). A guard, so a new chart or a pyqtgraph default (9 pt
    labels) cannot slip under it."""
    area = compare_at(size)
    screen = area.compare_tab.compare_screen
    found = {}
    for deck, lens in SELECTIONS:
        screen.select(deck, lens, None)
        for name, chart in screen.charts.items():
            screen.tabs.setCurrentWidget(chart.parentWidget())
            settle(qtbot, chart)
            small = small_texts(chart)
            if small:
                found[(lens, name)] = small
            area.grab().save(str(tmp_path / f"compare-{size[0]}-{lens}-{name}.png"))
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attack_the_agreement_charts_primary_criteria_are_whole(compare_at, qtbot, size):
    """Audit: beside each table the Agreement chart wrote its primary criterion cut short
    ("Whether it quickly shows the value of…", "The number of different benefits…" at
    1366×768): the demo's criteria (the lenses' own, up to 55 characters) are now whole."""
    area = compare_at(size)
    screen = area.compare_tab.compare_screen
    chart = screen.charts["Agreement"]
    for deck, lens in SELECTIONS:
        screen.select(deck, lens, None)
        screen.tabs.setCurrentWidget(chart.parentWidget())
        settle(qtbot, chart)
        labels = chart.criteria.labels
        assert labels and all("…" not in label for label in labels), labels
        assert [" ".join(label.split()) for label in labels] == [
            " ".join(p.split()) if p else "(none marked)" for p in chart._primary]
