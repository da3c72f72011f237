"""Coming back to a facilitator tab puts no cursor in a field by itself: a field that had
focus when the facilitator left the tab (Setup's Date, say) would otherwise take it again on
return, its text selected, ready for a stray key to overwrite it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.services.catalog import load_catalog
from kiosk.storage import Store
from kiosk.ui.facilitator import open_area
from kiosk.ui.facilitator.area import TAB_COMPARE, TAB_RANKINGS, TAB_SETUP
from kiosk.ui.shell.keyboard import is_text_field
from kiosk.ui.theme import Theme


def test_returning_to_setup_leaves_its_fields_without_focus(qtbot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    area = open_area(store, load_catalog(tmp_path / "data"), Theme.for_size(1366, 768))
    qtbot.addWidget(area)
    area.resize(1366, 768)
    area.show()
    qtbot.waitExposed(area)
    area.activateWindow()
    area.show_tab(TAB_SETUP)
    date = area.setup_tab.date_edit
    date.setFocus(Qt.FocusReason.MouseFocusReason)  # the facilitator tapped the Date field
    qtbot.waitUntil(date.hasFocus)
    for away in (TAB_RANKINGS, TAB_COMPARE):
        area.show_tab(away)
        qtbot.wait(0)
        area.show_tab(TAB_SETUP)
        qtbot.waitUntil(lambda: area.tabs.currentIndex() == TAB_SETUP)
        QApplication.processEvents()
        focus = QApplication.focusWidget()
        assert focus is None or not is_text_field(focus) or not area.isAncestorOf(focus), \
            focus
    area.exchange_tab.wait_for_tasks()
    store.close()
