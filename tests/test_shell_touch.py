"""The table's screens under a finger: one wording on the criteria screen, a criteria panel
that does not reflow while a table taps, PIN keys that stay where the finger is, feedback
while the facilitator's corner is held, and no untouched board offered back as a draft."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QScroller

from tests.shell_support import (
    open_kiosk,
    place,
    prepare_board,
    press_done,
    rank_in_order,
    settle_layout,
    tap,
)
from tests.touch_support import drag_up, finger_areas, move_to, press, release, settle


def to_criteria(qtbot, kiosk):
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    prepare_board(window.board)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, window.board)
    assert window.screen_name == "criteria"
    return window.criteria_screen


def test_the_criteria_screen_speaks_of_your_own_criteria_in_one_wording(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    screen = to_criteria(qtbot, kiosk)
    screen.own_field.setText("Whether it helps our street")
    tap(qtbot, screen.add_button)
    words = [w.text() for w in screen.findChildren(QLabel)]
    words += [w.placeholderText() for w in screen.findChildren(QLineEdit)]
    assert any("your own" in w.lower() for w in words)
    assert not [w for w in words if "our own" in w.lower().replace("your own", "")], words
    kiosk.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_tapping_criteria_never_reflows_the_chips(qtbot, tmp_path, size):
    """The chosen list grows as a table taps; the scroll bar must not come and go with it
    (each time it did, every chip changed width and the one under the finger moved)."""
    kiosk = open_kiosk(qtbot, tmp_path / "data", size=size)
    screen = to_criteria(qtbot, kiosk)
    qtbot.waitUntil(lambda: screen.scroll_area.widget().width() > 0)

    def chip_widths():
        return {chip.width() for chip in screen.chips.values()}

    bar = screen.scroll_area.verticalScrollBar()
    widths, shown = chip_widths(), bar.isVisible()
    for chip in list(screen.chips.values()):
        screen.scroll_area.ensureWidgetVisible(chip)
        tap(qtbot, chip)
        qtbot.wait(1)  # let the layout settle (a pass of the event loop, no wall clock)
        assert (bar.isVisible(), chip_widths()) == (shown, widths)
    kiosk.close()


def _pos(widget):
    return widget.mapToGlobal(QPoint(0, 0))


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_the_pin_keys_stay_put_between_choosing_and_confirming(qtbot, tmp_path, size):
    kiosk = open_kiosk(qtbot, tmp_path / "data", size=size)
    window = kiosk.window
    window.facilitator_gate.open_pin_pad()
    pad = window.pin_pad
    assert pad.setting
    keys = [pad.digits["1"], pad.digits["5"], pad.digits["0"], pad.ok_button]

    def places():
        qtbot.wait(1)  # the layout's pass after a change of text
        return [_pos(k) for k in keys]

    before = places()
    for digit in "1357":
        tap(qtbot, pad.digits[digit])
    tap(qtbot, pad.ok_button)
    assert "again" in pad.prompt.text()
    assert places() == before
    for digit in "1358":
        tap(qtbot, pad.digits[digit])
    tap(qtbot, pad.ok_button)
    assert "different" in pad.message.text()
    assert places() == before
    kiosk.close()


def test_holding_the_corner_shows_how_long_is_left(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", hold_ms=1500)
    window = kiosk.window
    ring = window.corner.progress_ring
    assert not ring.isVisible()
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(6, 6))
    qtbot.waitUntil(lambda: ring.isVisible() and ring.fraction > 0.3, timeout=3000)
    assert ring.fraction < 1 and not window.pin_pad.isVisible()
    grown = ring.fraction
    qtbot.waitUntil(lambda: ring.fraction > grown, timeout=3000)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(6, 6))
    assert not ring.isVisible() and not window.pin_pad.isVisible()
    # held to the end: the pad opens and the ring goes
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(6, 6))
    qtbot.waitUntil(lambda: window.pin_pad.isVisible(), timeout=5000)
    assert not ring.isVisible()
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(6, 6))
    kiosk.close()


def test_an_untouched_board_is_not_offered_back_as_a_draft(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=10_000)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    window.park()
    start = window.start_screen
    assert window.screen_name == "start"
    assert not start.continue_button.isVisible() and not start.draft_note.isVisible()
    assert kiosk.store.get_draft(kiosk.session.slot) is None
    # one card moved, and it is kept
    tap(qtbot, start.start_button)
    place(window.board, "3", 1)
    window.park()
    assert start.continue_button.isVisible()
    assert "1 of 6" in start.draft_note.text()
    kiosk.close()


def test_the_criteria_chips_scroll_by_dragging_and_a_tap_still_chooses(qtbot, tmp_path):
    """1366×768: the last chips lie below the fold; a finger pushes the page up to reach
    them. A drag that starts on a chip does not choose it; a tap does."""
    kiosk = open_kiosk(qtbot, tmp_path / "data", size=(1366, 768))
    screen = to_criteria(qtbot, kiosk)
    settle_layout()
    area, ranking = screen.scroll_area, kiosk.window.board.ranking
    viewport, bar = area.viewport(), area.verticalScrollBar()
    last = list(screen.chips.values())[-1]
    assert bar.maximum() > 0 and bar.value() == 0
    assert last.mapTo(viewport, QPoint(0, last.height())).y() > viewport.height()  # below
    chip = list(screen.chips.values())[6]
    start = chip.mapTo(viewport, chip.rect().center())
    drag_up(qtbot, area, start, viewport.height() // 2)
    assert bar.value() > 0
    assert not ranking.criteria and not chip.isChecked()  # a drag chose nothing
    # a finger held still on a chip (the press reaches it), then dragging: still nothing
    chip = list(screen.chips.values())[4]
    at = chip.mapTo(viewport, chip.rect().center())
    before = bar.value()
    press(viewport, at)
    qtbot.waitUntil(chip.isDown, timeout=3000)
    move_to(qtbot, viewport, at, at + QPoint(0, viewport.height() // 4))
    release(viewport, at + QPoint(0, viewport.height() // 4))
    settle(qtbot, viewport)
    assert bar.value() < before and not chip.isDown()
    assert not ranking.criteria and not chip.isChecked()
    # dragged to the end, the last chip is on screen and a tap chooses it
    for _ in range(4):
        drag_up(qtbot, area)
    assert bar.value() == bar.maximum()
    bottom = last.mapTo(viewport, QPoint(0, last.height())).y()
    assert 0 <= last.mapTo(viewport, QPoint(0, 0)).y() and bottom <= viewport.height()
    tap(qtbot, last)
    assert last.isChecked() and [c.text for c in ranking.criteria] == [last.text()]
    kiosk.close()


def test_every_scrolling_area_of_the_table_drags(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    screen = to_criteria(qtbot, kiosk)
    areas = finger_areas(screen)
    assert screen.scroll_area in areas
    assert [a for a in areas if not QScroller.hasScroller(a.viewport())] == []
    kiosk.close()
