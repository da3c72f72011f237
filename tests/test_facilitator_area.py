"""The facilitator's area as the shell sees it: open_area, its signals, its tabs, and a
fast import that leaves pyqtgraph for the Compare tab."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kiosk.ui.facilitator import FacilitatorArea, open_area
from kiosk.ui.facilitator.area import TAB_COMPARE, TAB_EXCHANGE, TAB_RANKINGS, TAB_SETUP
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, service, store  # noqa: F401


@pytest.fixture
def area(qtbot, store, catalog):  # noqa: F811
    widget = open_area(store, catalog, Theme.for_size(1366, 768))
    qtbot.addWidget(widget)
    yield widget
    widget.exchange_tab.wait_for_tasks()


def test_open_area_gives_the_tabs_and_starts_on_setup_when_empty(area):
    assert isinstance(area, FacilitatorArea)
    assert [area.tabs.tabText(i) for i in range(area.tabs.count())] == \
        ["Setup", "Rankings", "Compare", "Polls", "Export / Import"]
    assert area.tabs.currentIndex() == TAB_SETUP
    assert not area.compare_tab.loaded  # nothing of pyqtgraph until the tab is shown


def test_opens_on_rankings_when_there_are_some(qtbot, store, catalog, service):  # noqa: F811
    service.demo.load()
    widget = open_area(store, catalog, Theme())
    qtbot.addWidget(widget)
    assert widget.tabs.currentIndex() == TAB_RANKINGS
    assert "89 saved rankings" in widget.subtitle.text()


def test_back_to_the_table_emits_closed(area, qtbot):
    with qtbot.waitSignal(area.closed):
        area.back_button.click()


def test_leave_kiosk_asks_first(area, qtbot):
    quits: list[bool] = []
    area.quit_requested.connect(lambda: quits.append(True))
    area.ask = lambda *_: False
    area.leave_button.click()
    assert quits == []
    area.ask = lambda *_: True
    with qtbot.waitSignal(area.quit_requested):
        area.leave_button.click()


def test_settings_changed_reaches_the_shell(area, qtbot):
    area.setup_tab.table_edit.setText("Table 8")
    with qtbot.waitSignal(area.settings_changed):
        area.setup_tab.save_kiosk()
    assert "Table 8" in area.subtitle.text()


def test_demo_from_the_rankings_tab_fills_every_tab(area):
    area.show_tab(TAB_RANKINGS)
    area.rankings_tab.demo_button.click()
    assert area.rankings_tab.model.rowCount() == 89
    assert area.setup_tab.workshop_list.count() == 3  # the list follows, even unseen
    assert "89 demo rankings" in area.exchange_tab.demo_status.text()
    assert not area.compare_tab.loaded


def test_an_import_refreshes_the_rankings_tab(area, qtbot, tmp_path, catalog):  # noqa: F811
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage import Store

    with Store.open(tmp_path / "elsewhere") as source:
        elsewhere = FacilitatorService(source, catalog)
        elsewhere.demo.load()
        elsewhere.transfer.export_to(tmp_path / "stick")
    area.show_tab(TAB_EXCHANGE)
    with qtbot.waitSignal(area.exchange_tab.import_finished, timeout=20000):
        area.exchange_tab.import_from([tmp_path / "stick"])
    qtbot.waitUntil(lambda: area.rankings_tab.model.rowCount() == 89)
    assert area.setup_tab.workshop_list.count() == 3


def test_importing_the_area_does_not_import_pyqtgraph():
    code = ("import sys; import kiosk.ui.facilitator; "
            "sys.exit(1 if 'pyqtgraph' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    assert TAB_COMPARE == 2


def test_the_compare_tab_builds_its_screen_when_first_shown(area):
    from kiosk.ui.facilitator.compare import CompareScreen

    area.show_tab(TAB_COMPARE)
    assert isinstance(area.compare_tab.compare_screen, CompareScreen)
    screen = area.compare_tab.compare_screen
    area.show_tab(TAB_SETUP)
    area.show_tab(TAB_COMPARE)
    assert area.compare_tab.compare_screen is screen  # built once


def test_a_compare_screen_that_cannot_load_is_a_message_not_a_crash(area, monkeypatch):
    monkeypatch.setitem(sys.modules, "kiosk.ui.facilitator.compare", None)  # import fails
    area.show_tab(TAB_COMPARE)
    assert area.compare_tab.loaded and area.compare_tab.compare_screen is None
    texts = [w.text() for w in area.compare_tab.findChildren(type(area.subtitle))]
    assert any("could not open" in t for t in texts)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_shown_again_the_area_reads_rankings_saved_meanwhile(area, service, store):  # noqa: F811
    from tests.facilitator_support import real_ranking

    area.show()
    area.hide()
    real_ranking(area.service)  # a table saved while the facilitator was away
    area.show()
    assert area.rankings_tab.model.rowCount() == 1
    assert "1 saved ranking" in area.subtitle.text()
