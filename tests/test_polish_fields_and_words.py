"""Small things met on the real kiosk: the PIN fields ask for digits (the on-screen
keyboard then shows its number pad), the idle countdown promises to keep only what it
keeps, and the Time & moves chart's read-out never covers its bars."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.facilitator.area import FacilitatorArea
from kiosk.ui.facilitator.compare import CompareScreen
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, service, store  # noqa: F401
from tests.shell_support import open_kiosk, place, prepare_board, tap

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_pin_fields_ask_for_digits(qtbot, service):  # noqa: F811
    area = FacilitatorArea(service, Theme.for_size(1366, 768))
    qtbot.addWidget(area)
    for edit in (area.setup_tab.pin_edit, area.setup_tab.confirm_edit):
        assert edit.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly
        assert edit.inputMethodHints() & Qt.InputMethodHint.ImhHiddenText  # still a secret


def test_countdown_on_an_untouched_board_promises_no_draft(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=60, countdown_s=50, tick_ms=1000)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    qtbot.waitUntil(lambda: window.countdown.isVisible(), timeout=3000)
    words = window.countdown.detail.text()
    assert "kept safe" not in words and "continue from there" not in words
    assert "start screen" in words
    kiosk.close()


def test_countdown_on_a_board_with_moves_says_it_is_kept(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=60, countdown_s=50, tick_ms=1000)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    prepare_board(window.board)
    place(window.board, "2", 0)
    qtbot.waitUntil(lambda: window.countdown.isVisible(), timeout=3000)
    assert "kept safe" in window.countdown.detail.text()
    kiosk.close()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_time_and_moves_read_out_keeps_clear_of_the_bars(qtbot, service, size):  # noqa: F811
    service.demo.load()
    screen = CompareScreen(service, Theme.for_size(*size))
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show()
    chart = screen.effort
    qtbot.waitUntil(lambda: chart.time_bars.opts["width"] is not None, timeout=3000)
    for row in (1.0, 2.0):
        text = chart.value_at(0, 1.0, row)
        assert text is not None and "min" in text
        assert text.replace("\n", " · ") == chart.value_label.text()
        tag = chart._watched[0][2]
        if tag.isVisible():
            bars = chart.time_bars.mapRectToScene(chart.time_bars.boundingRect())
            assert not tag.sceneBoundingRect().intersects(bars)
