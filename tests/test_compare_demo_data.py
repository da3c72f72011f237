"""Demo data loaded on an empty kiosk shows at once on Compare: a deck and lens that have
rankings, the "(demo)" workshops listed and chosen — whether it was loaded from Compare's
own button or under Export / Import."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.facilitator.area import TAB_COMPARE, FacilitatorArea
from kiosk.ui.facilitator.compare import CompareScreen
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, service, store  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _shows_the_demo(screen: CompareScreen) -> None:
    assert "(0 rankings)" not in screen.deck_box.currentText()
    assert screen.data is not None and screen.data.records
    assert len(screen.data.comparison.tables) >= 2
    names = [screen.workshop_list.item(i).text() for i in range(screen.workshop_list.count())]
    checked = [screen.workshop_list.item(i).checkState() == Qt.CheckState.Checked
               for i in range(screen.workshop_list.count())]
    assert sum("(demo)" in n for n in names) == 3 and all(checked)
    assert "No rankings for this selection" not in screen.summary.text()


def test_demo_data_from_compares_button_shows_a_deck_with_rankings(qtbot, service):  # noqa: F811
    screen = CompareScreen(service, Theme.for_size(1366, 768))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    assert "No rankings for this selection" in screen.summary.text()
    screen.demo_button.click()
    qtbot.waitUntil(lambda: screen.data is not None and bool(screen.data.records),
                    timeout=5000)
    _shows_the_demo(screen)


def test_demo_data_from_export_import_shows_on_compare(qtbot, service):  # noqa: F811
    area = FacilitatorArea(service, Theme.for_size(1366, 768))
    qtbot.addWidget(area)
    area.resize(1366, 768)
    area.show_tab(TAB_COMPARE)
    screen = area.compare_tab.compare_screen
    assert screen is not None
    area.exchange_tab.load_demo()
    qtbot.waitUntil(lambda: screen.data is not None and bool(screen.data.records),
                    timeout=5000)
    _shows_the_demo(screen)
