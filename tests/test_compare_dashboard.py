"""The Compare screen: its figures equal `kiosk compare --json`, values read out on hover
and tap, charts export to PNG and SVG, and a new selection reuses the charts' items."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from kiosk.analysis.wording import p_text
from kiosk.cli import main
from kiosk.services.catalog import load_catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.storage import Store
from kiosk.ui.facilitator.compare import CompareScreen
from kiosk.ui.theme import Theme

# The offscreen platform (tests only) warns when a shown window passes on its size hints.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

SELECTIONS = [
    ("examples-1-6", "benefit", ["Manchester (demo)", "Leeds (demo)", "Bristol (demo)"]),
    ("examples-1-6", "risk", ["Leeds (demo)"]),
    ("examples-a-f", "acceptability", ["Bristol (demo)", "Manchester (demo)"]),
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding the demo workshops (closed again, so the CLI can open it)."""
    folder = tmp_path / "data"
    with Store.open(folder) as store:
        FacilitatorService(store, load_catalog(folder)).demo.load()
    return folder


@pytest.fixture
def screen(qtbot, data_dir: Path):
    store = Store.open(data_dir)
    service = FacilitatorService(store, load_catalog(data_dir))
    widget = CompareScreen(service, Theme.for_size(1920, 1080))
    qtbot.addWidget(widget)
    widget.resize(1920, 1080)
    yield widget
    store.close()


def compare_json(data_dir: Path, deck: str, lens: str, workshops: list[str], capsys) -> dict:
    args = ["compare", "--data-dir", str(data_dir), "--deck", deck, "--lens", lens, "--json"]
    for workshop in workshops:
        args += ["--workshop", workshop]
    capsys.readouterr()
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def cli_figures(data_dir: Path, capsys) -> list[dict]:
    # The store allows one user at a time, so the command runs before the screen opens it.
    return [compare_json(data_dir, deck, lens, shops, capsys) for deck, lens, shops in SELECTIONS]


@pytest.fixture
def expected(data_dir: Path, capsys) -> list[dict]:
    return cli_figures(data_dir, capsys)


def test_figures_equal_compare_json(expected, screen):
    for (deck, lens, shops), wanted in zip(SELECTIONS, expected, strict=True):
        screen.select(deck, lens, shops)
        data = screen.data
        assert data.comparison.to_json() == wanted
        summary = screen.summary.text()
        assert f"Kendall's W = {wanted['kendall_w']:.3f}" in summary
        assert p_text(wanted["p_value"]).replace("<", "&lt;") in summary
        assert f"{wanted['rankings']} tables" in summary
        assert f"χ² = {wanted['chi2']:.2f}" in summary

        # Consensus orders, as the Consensus chart writes them, rank by rank.
        left = [item.toPlainText() for item in screen.orders.left.items if item.isVisible()]
        right = [item.toPlainText() for item in screen.orders.right.items if item.isVisible()]
        assert [t.split(": ", 1)[1].split(" · ")[0] for t in left] == wanted["borda"]
        assert [t.split(": ", 1)[1].split(" · ")[0] for t in right] == wanted["kemeny"]
        assert left[0].startswith("1st: ") and right[-1].startswith(f"{len(right)}th: ")

        # Heat map rows are the cards in Kemeny order; the spread chart shows each mean.
        rows = [label.split(" · ")[0] for label in screen.heat_map.rows.labels]
        assert rows == wanted["kemeny"]
        shown_means = [float(v.split(" ± ")[0]) for v in screen.spread.values.labels]
        contested = screen.data.comparison.most_contested
        marked = [v for v in screen.spread.values.labels if "most contested" in v]
        assert len(marked) == (1 if contested else 0)
        assert shown_means == [round(wanted["mean_position"][c], 2) for c in wanted["kemeny"]]

        # The τ-b chart lists every compared table once, in its clustered order.
        tables = [label.split(". ", 1)[1] for label in screen.agreement.rows.labels]
        assert sorted(tables) == sorted(wanted["tables"])
        order = data.table_order
        for i, a in enumerate(order):
            for j, b in enumerate(order):
                assert screen.agreement._matrix[i, j] == pytest.approx(wanted["tau_b"][a][b])


def test_value_read_out_for_a_cell(expected, screen):
    deck, lens, shops = SELECTIONS[0]
    screen.select(deck, lens, shops)
    wanted = expected[0]
    text = screen.heat_map.value_at(0, 1.0, 1.0)
    first_card, first_table = wanted["kemeny"][0], wanted["tables"][0]
    assert first_table in text and f"{first_card} · " in text and "position" in text
    assert screen.heat_map.value_label.text() == text.replace("\n", " · ")
    contested = screen.spread.value_at(0, 3.0, float(wanted["kemeny"].index(
        screen.data.comparison.most_contested) + 1))
    assert "most contested" in contested


def test_pointer_over_the_heat_map_shows_its_value(qtbot, screen):
    screen.show()
    qtbot.waitExposed(screen)
    screen.tabs.setCurrentWidget(screen.heat_map.parentWidget())
    chart = screen.heat_map
    qtbot.waitUntil(lambda: chart.graphics.isVisible())
    view = chart.plot.getViewBox()
    scene_point = view.mapViewToScene(QPointF(2.0, 3.0))
    target = chart.graphics.mapFromScene(scene_point)
    with qtbot.waitSignal(chart.value_shown, timeout=2000) as shown:
        QTest.mouseMove(chart.graphics.viewport(), QPoint(target.x(), target.y()))
    card = screen.data.order[2]
    assert f"{card} · " in shown.args[0]
    assert screen.data.comparison.tables[1] in shown.args[0]


def test_tap_on_the_map_reads_a_card(qtbot, screen):
    screen.show()
    qtbot.waitExposed(screen)
    screen.tabs.setCurrentWidget(screen.map.parentWidget())
    point = screen.data.map.points[0]
    view = screen.map.plot.getViewBox()
    target = screen.map.graphics.mapFromScene(view.mapViewToScene(QPointF(point.risk,
                                                                          point.benefit)))
    with qtbot.waitSignal(screen.map.value_shown, timeout=2000) as shown:
        QTest.mouseClick(screen.map.graphics.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(target.x(), target.y()))
    assert shown.args[0].startswith(f"{point.card} · ")
    assert f"benefit mean {point.benefit:.2f}" in shown.args[0]


def _non_blank(image: QImage) -> bool:
    sample = {image.pixel(x, y) for x in range(0, image.width(), 7)
              for y in range(0, image.height(), 7)}
    return len(sample) > 10


def test_every_chart_exports_png_and_svg(screen, tmp_path):
    screen.show()
    for name, chart in screen.charts.items():
        screen.tabs.setCurrentWidget(chart.parentWidget())
        png = chart.export_png(tmp_path / f"{chart.slug}.png")
        raw = png.read_bytes()
        assert raw[:8] == b"\x89PNG\r\n\x1a\n", name
        image = QImage(str(png))
        assert not image.isNull() and image.width() >= 1600, name
        assert _non_blank(image), name
        svg = chart.export_svg(tmp_path / f"{chart.slug}.svg")
        root = ET.parse(svg).getroot()
        assert root.tag.endswith("svg"), name
        assert len(list(root.iter())) > 20, name


def test_new_selection_updates_items_in_place(screen):
    screen.select("examples-1-6", "benefit", None)
    before = {name: len(chart.graphics.scene().items()) for name, chart in screen.charts.items()}
    screen.select("examples-1-6", "risk", ["Leeds (demo)"])
    screen.select("examples-1-6", "acceptability", None)
    after = {name: len(chart.graphics.scene().items()) for name, chart in screen.charts.items()}
    assert after == before


def test_no_workshop_chosen_says_so(screen):
    screen._check_all(False)
    assert "No rankings for this selection" in screen.summary.text()
    assert screen.data.comparison.tables == []
    screen._check_all(True)
    assert "Kendall's W" in screen.summary.text()


def test_tapping_a_workshop_row_toggles_it(qtbot, screen):
    screen.select("examples-1-6", "benefit", None)
    listing = screen.workshop_list
    first = listing.item(0)
    rect = listing.visualItemRect(first)
    with qtbot.waitSignal(screen.charts_updated, timeout=2000):
        QTest.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert first.checkState() == Qt.CheckState.Unchecked
    _, _, chosen = screen.selection()
    assert first.data(Qt.ItemDataRole.UserRole) not in chosen


def test_report_from_the_screen(screen, tmp_path):
    out = screen.write_report("Leeds (demo)", str(tmp_path / "leeds.pdf"))
    assert out is not None and out.read_bytes()[:5] == b"%PDF-"


def test_screen_reloads_after_the_rankings_change(qtbot, screen):
    service = screen.service
    before = screen.deck_box.itemText(0)
    service.demo.remove()
    qtbot.waitUntil(lambda: screen.deck_box.itemText(0) != before, timeout=2000)
    assert "No rankings" in screen.summary.text()
