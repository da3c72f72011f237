"""What the Compare screen tells the facilitator: a confirmation naming the report's file,
feedback the moment the tab first opens, counts in the right number ("1 table"), and with
fewer than two tables why Kendall's W is missing and that demo data can be loaded."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.ui.facilitator.compare import CompareScreen
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, real_ranking, service, store  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

WRONG_PLURAL = re.compile(r"(?<![\d.,])1 (tables|rankings)\b")


@pytest.fixture
def one_table(qtbot, service):  # noqa: F811
    real_ranking(service)
    screen = CompareScreen(service, Theme.for_size(1366, 768))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    return screen


def every_text(screen: CompareScreen) -> list[str]:
    """What the screen writes: its labels, the deck and workshop lists, and each chart's
    title, scene words and value read-outs."""
    texts = [label.text() for label in screen.findChildren(QLabel)]
    texts += [screen.deck_box.itemText(i) for i in range(screen.deck_box.count())]
    texts += [screen.workshop_list.item(i).text() for i in range(screen.workshop_list.count())]
    for chart in screen.charts.values():
        for item in chart.graphics.scene().items():
            for reader in ("toPlainText", "text"):
                value = getattr(item, reader, None)
                if callable(value):
                    try:
                        texts.append(str(value()))
                    except TypeError:
                        pass
        for index in range(len(chart._watched)):
            for x in (1.0, 2.0, 3.0):
                texts.append(chart.value_at(index, x, 1.0) or "")
    return texts


def test_one_table_counts_in_the_singular(one_table):
    wrong = [t for t in every_text(one_table) if WRONG_PLURAL.search(t)]
    assert wrong == []
    assert "1 table" in one_table.summary.text()


def test_one_table_says_why_w_is_missing_and_offers_the_demo_data(qtbot, one_table):
    summary = one_table.summary.text()
    assert "Kendall's W" in summary and "at least two" in summary
    assert "demo data" in summary
    assert one_table.demo_button.isVisibleTo(one_table)
    with qtbot.waitSignal(one_table.charts_updated, timeout=5000):
        one_table.demo_button.click()
    qtbot.waitUntil(lambda: len(one_table.data.comparison.tables) >= 2, timeout=5000)
    assert re.search(r"Kendall's W = 0\.\d{3}", one_table.summary.text())
    assert not one_table.demo_button.isVisibleTo(one_table)


def test_the_written_report_is_confirmed_on_screen_naming_its_file(one_table, tmp_path):
    assert not one_table.notice.isVisibleTo(one_table)
    out = one_table.write_report("Real", str(tmp_path / "real-report.pdf"))
    assert out is not None and out.exists()
    assert one_table.notice.isVisibleTo(one_table)
    assert "real-report.pdf" in one_table.notice.text()
    assert str(tmp_path) in one_table.notice.text()


def test_a_report_of_one_table_counts_in_the_singular(qapp, service, tmp_path):  # noqa: F811
    from kiosk.ui.report.writer import write_report

    real_ranking(service)
    out = write_report(list(service.rankings.records()), service.catalog, "Real",
                       tmp_path / "one.pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
    else:
        from tests.test_report_layout import pdf_text

        text = pdf_text(out)
    text = " ".join(text.split())
    assert "1 table" in text
    assert not WRONG_PLURAL.search(text), WRONG_PLURAL.search(text)


def test_the_compare_tab_shows_feedback_before_it_builds(qtbot, store, catalog, service,  # noqa: F811
                                                         monkeypatch):
    """The first open imports the charts and builds every chart: something must be on
    screen, painted, before that starts."""
    import kiosk.ui.facilitator.compare as compare
    from kiosk.ui.facilitator import open_area
    from kiosk.ui.facilitator.area import TAB_COMPARE

    service.demo.load()
    area = open_area(store, catalog, Theme.for_size(1366, 768))
    qtbot.addWidget(area)
    area.resize(1366, 768)
    area.show()
    qtbot.waitExposed(area)
    seen: list[str] = []
    real_init = compare.CompareScreen.__init__

    def spying_init(self, *args, **kwargs):
        seen.extend(label.text() for label in area.compare_tab.findChildren(QLabel)
                    if label.isVisible())
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(compare.CompareScreen, "__init__", spying_init)
    area.show_tab(TAB_COMPARE)
    assert any("Opening the comparison" in text for text in seen), seen
    screen = area.compare_tab.compare_screen
    assert isinstance(screen, CompareScreen)
    # The feedback is gone once the screen is there.
    assert not [label for label in area.compare_tab.findChildren(QLabel)
                if label.isVisible() and "Opening the comparison" in label.text()]
    area.exchange_tab.wait_for_tasks()


def test_the_area_loads_the_charts_modules_while_it_is_read(tmp_path):
    """A fresh process: opening the area leaves pyqtgraph out, and a moment later (idle
    time) it is imported, without building the Compare screen."""
    code = f"""
import sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from kiosk.services.catalog import load_catalog
from kiosk.storage import Store
from kiosk.ui.facilitator import open_area
from kiosk.ui.facilitator.area import CompareHost
from kiosk.ui.theme import Theme
with Store.open(Path({str(tmp_path / "data")!r})) as store:
    area = open_area(store, load_catalog(Path({str(tmp_path / "data")!r})), Theme())
    area.show()
    app.processEvents()
    before = "pyqtgraph" in sys.modules
    loop = QEventLoop()
    QTimer.singleShot(CompareHost.WARM_UP_MS + 1500, loop.quit)
    loop.exec()
    print(before, "pyqtgraph" in sys.modules, area.compare_tab.loaded)
    area.close()
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["False", "True", "False"]


def test_spread_says_its_order_and_which_sd(qtbot, service):  # noqa: F811
    """The rows are in the consensus order (not by mean) and the sd is the population sd
    (over the tables compared): both said where a reader looks, the export included."""
    service.demo.load()
    screen = CompareScreen(service, Theme.for_size(1920, 1080))
    qtbot.addWidget(screen)
    screen.select("examples-1-6", "benefit", None)
    chart = screen.spread
    legend = chart.legend.text
    assert f"{screen.data.order_name} order" in legend and "not by mean" in legend
    assert "population sd" in legend
    assert "population sd" in chart.value_at(0, 3.0, 1.0)
    assert "population sd" in screen.summary.text()
