"""The facilitator area's and the file chooser's controls read from a metre away on a
1366×768 laptop as well as a 1920×1080 screen (≥ 18 px: issue 12, finger-first), and the
larger type cuts nothing: every button, field, drop-down and tab is as large as its words
need, and every page still fits the screen (or scrolls) — the window is never pushed past it.

Attacks: at 1366×768 the area's buttons, text fields, drop-downs and their popup rows, lists,
checkboxes, table cells and headers and the inner tab bars were 16 px (16 pt at 1920 scaled to
11.4 pt, lifted only to the theme's 12 pt), the top tab bar 17 px; the file chooser's lists,
name field and buttons 16 px as well."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QWidget,
)

from kiosk.ui.facilitator.area import (
    TAB_COMPARE,
    TAB_EXCHANGE,
    TAB_POLLS,
    TAB_RANKINGS,
    TAB_SETUP,
)
from kiosk.ui.file_chooser import FOLDER, SAVE
from tests.facilitator_support import catalog, service, store  # noqa: F401
from tests.shell_support import settle_layout
from tests.test_file_chooser import chooser, media  # noqa: F401
from tests.test_readable_hints import area_at, clipped_buttons  # noqa: F401

READABLE_PX = 18
SIZES = [(1366, 768), (1920, 1080)]
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QHeaderView,
            QAbstractSpinBox, QPlainTextEdit, QTabBar)


def pixel_size(widget: QWidget) -> int:
    widget.ensurePolished()
    return QFontInfo(widget.font()).pixelSize()


def controls(root: QWidget) -> list[QWidget]:
    """Every shown control under `root`, and the popup list of every shown drop-down."""
    found: list[QWidget] = [w for w in [root, *root.findChildren(QWidget)]
                            if isinstance(w, CONTROLS) and w.isVisible()]
    found += [w.view() for w in found if isinstance(w, QComboBox)]
    return found


def small_controls(root: QWidget) -> list[str]:
    """Every shown control under `root` whose words are under 18 px, in words."""
    found = []
    for widget in controls(root):
        size = pixel_size(widget)
        if size < READABLE_PX:
            text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
            found.append(f"{type(widget).__name__} {widget.objectName()!r} {text!r}: "
                         f"{size} px")
    return found


def cut_controls(root: QWidget) -> list[str]:
    """Buttons lower or narrower than their words, fields and drop-downs lower than theirs,
    tabs narrower than their words (a tab bar elides them), in words."""
    found = clipped_buttons(root)
    for widget in controls(root):
        if isinstance(widget, (QLineEdit, QComboBox, QAbstractSpinBox)):
            need = widget.minimumSizeHint().height()
            if widget.height() < need:
                found.append(f"{type(widget).__name__}: needs {need} px high, "
                             f"has {widget.height()}")
        if isinstance(widget, QComboBox):
            text = widget.currentText()
            room = widget.style().subControlRect(
                widget.style().ComplexControl.CC_ComboBox, _combo_option(widget),
                widget.style().SubControl.SC_ComboBoxEditField, widget).width()
            if widget.fontMetrics().horizontalAdvance(text) > room:
                found.append(f"drop-down {text!r}: needs "
                             f"{widget.fontMetrics().horizontalAdvance(text)} px, has {room}")
        if isinstance(widget, QTabBar) and widget.sizeHint().width() > widget.width():
            found.append(f"tab bar: its tabs need {widget.sizeHint().width()} px, "
                         f"it has {widget.width()} (the rest hide behind scroll arrows)")
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                need, has = widget.tabSizeHint(i), widget.tabRect(i)
                if has.width() < need.width() or has.height() < need.height():
                    found.append(f"tab {widget.tabText(i)!r}: needs {need.width()}×"
                                 f"{need.height()}, has {has.width()}×{has.height()}")
    return found


def _combo_option(combo: QComboBox):
    from PySide6.QtWidgets import QStyleOptionComboBox

    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    option.currentText = combo.currentText()
    return option


def pushed_past(window: QWidget, size: tuple[int, int]) -> str:
    """Why the window is larger than the screen ('' when it is not): a page's minimum size
    would push it past the screen instead of scrolling."""
    if window.width() > size[0] or window.height() > size[1]:
        return f"window is {window.width()}×{window.height()} on a {size[0]}×{size[1]} screen"
    return ""


# ----- the facilitator's area
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tab", [TAB_SETUP, TAB_RANKINGS, TAB_POLLS, TAB_EXCHANGE])
def test_attack_facilitator_controls_are_18_px_and_whole(area_at, size, tab, tmp_path):  # noqa: F811
    area = area_at(size)
    area.show_tab(tab)
    settle_layout()
    page = area.tabs.currentWidget()
    assert any(isinstance(w, QPushButton) for w in controls(page))
    assert small_controls(area.tabs.tabBar()) == []  # the top tab bar
    assert cut_controls(area.tabs.tabBar()) == []
    assert small_controls(page) == []
    assert cut_controls(page) == []
    assert pushed_past(area, size) == ""
    area.grab().save(str(tmp_path / f"controls-{tab}-{size[0]}.png"))


@pytest.mark.parametrize("size", SIZES)
def test_attack_paper_sheet_and_room_controls_are_18_px_and_whole(area_at, size):  # noqa: F811
    area = area_at(size)
    area.show_paper_sheet()
    settle_layout()
    assert small_controls(area.paper_tab) == []
    assert cut_controls(area.paper_tab) == []
    assert pushed_past(area, size) == ""
    area.show_tab(area.tabs.indexOf(area.room_tab))
    settle_layout()
    assert small_controls(area.room_tab) == []
    assert cut_controls(area.room_tab) == []
    assert pushed_past(area, size) == ""


# ----- the file chooser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("mode", [FOLDER, SAVE])
def test_attack_file_chooser_controls_are_18_px_and_whole(qtbot, media, size, mode):  # noqa: F811
    kw = {"name": "rankings.csv", "patterns": [".csv"]} if mode == SAVE else {}
    widget = chooser(qtbot, media, mode, size=size, **kw)
    settle_layout()
    shown = controls(widget)
    assert any(isinstance(w, QLineEdit) for w in shown) == (mode == SAVE)
    assert small_controls(widget) == []
    assert cut_controls(widget) == []
    assert pushed_past(widget.host, size) == ""


@pytest.mark.parametrize("size", SIZES)
def test_attack_compare_sidebar_controls_are_18_px_and_whole(area_at, qtbot, size):  # noqa: F811
    """The Compare screen's deck drop-down, lens buttons, workshop list, All / None and Report,
    and its charts' own tab bar: all nine tabs side by side at 1366 px."""
    area = area_at(size)
    area.show_tab(TAB_COMPARE)
    qtbot.waitUntil(lambda: area.compare_tab.compare_screen is not None)
    settle_layout()
    screen = area.compare_tab.compare_screen
    assert small_controls(screen.sidebar) == []
    assert cut_controls(screen.sidebar) == []
    assert small_controls(screen.tabs.tabBar()) == []
    assert cut_controls(screen.tabs.tabBar()) == []
    assert pushed_past(area, size) == ""


@pytest.mark.parametrize("size", SIZES)
def test_attack_ranking_detail_controls_are_18_px_and_whole(area_at, size, tmp_path):  # noqa: F811
    """A ranking opened from the list: its order, criteria, replay and buttons."""
    area = area_at(size)
    area.show_tab(TAB_RANKINGS)
    tab = area.rankings_tab
    tab.open_ranking(tab.visible_ids()[0])
    settle_layout()
    assert tab.stack.currentWidget() is tab.detail
    assert any(isinstance(w, QPushButton) for w in controls(tab.detail))
    assert small_controls(tab.detail) == []
    assert cut_controls(tab.detail) == []
    assert pushed_past(area, size) == ""
    area.grab().save(str(tmp_path / f"detail-{size[0]}.png"))


@pytest.mark.parametrize("size", SIZES)
def test_attack_rejected_lines_are_18_px(area_at, qtbot, tmp_path, size):  # noqa: F811
    """An import refused whole lists the lines to fix in a box of their own (mono type)."""
    area = area_at(size)
    area.show_tab(TAB_EXCHANGE)
    folder = tmp_path / "typed"
    folder.mkdir()
    (folder / "rankings.csv").write_text("ranking_id,deck\nx,no-such-deck\n", "utf-8")
    tab = area.exchange_tab
    with qtbot.waitSignal(tab.import_finished, timeout=20000):
        tab.import_from([folder])
    settle_layout()
    assert tab.rejected.isVisible()
    assert small_controls(tab) == []
    assert pushed_past(area, size) == ""


@pytest.mark.parametrize("size", SIZES)
def test_attack_replay_ladder_words_are_18_px(area_at, size):  # noqa: F811
    """The replay's ladder paints its words itself: "▲ most acceptable", the place numbers,
    the card names of a six-card deck and the cut line's tag were 15–16 px at 1366×768."""
    area = area_at(size)
    area.show_tab(TAB_RANKINGS)
    tab = area.rankings_tab
    tab.open_ranking(tab.visible_ids()[0])
    settle_layout()
    ladder = tab.detail.replay.ladder_view
    assert len(ladder.ladder) == 6 and ladder.isVisible()
    sizes = {name: QFontInfo(font).pixelSize() for name, font in ladder.fonts().items()}
    assert {name: px for name, px in sizes.items() if px < READABLE_PX} == {}
