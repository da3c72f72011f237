"""The small words of the table's criteria screen, the facilitator's area and the file chooser
read from a metre away on a 1366×768 laptop as well as a 1920×1080 screen (≥ 18 px: issue 12,
finger-first), and nothing is cut by the larger type: each such label's height for its width
fits the place the layout gives it, and no button on the page is narrower or lower than its
words need.

Attacks: at 1366×768 the criteria screen's header line ("● Benefit · lens 1 of 3") and its
hint were 17 px (13 pt, the sheet's own minimum), and the facilitator area's and the file
chooser's hints 16 px (14 pt at 1920 scaled to 10 pt, lifted only to the theme's 12 pt), as
were their plain labels, errors and confirmations (15 pt at 1920)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.ui.facilitator import FacilitatorArea
from kiosk.ui.facilitator.area import TAB_EXCHANGE, TAB_POLLS, TAB_RANKINGS, TAB_SETUP
from kiosk.ui.file_chooser import FOLDER, SAVE
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, service, store  # noqa: F401
from tests.shell_support import open_kiosk, settle_layout
from tests.test_facilitator_touch import QuietRoom
from tests.test_file_chooser import chooser, media  # noqa: F401
from tests.test_shell_touch import to_criteria

READABLE_PX = 18
SIZES = [(1366, 768), (1920, 1080)]


def pixel_size(widget: QWidget) -> int:
    widget.ensurePolished()
    return QFontInfo(widget.font()).pixelSize()


def cut(label: QLabel) -> str:
    """Why the label's words do not fit where it stands ('' when they do)."""
    need = label.sizeHint()
    if label.wordWrap():
        height = label.heightForWidth(label.width())
        if height > label.height():
            return f"needs {height} px high at {label.width()} px, has {label.height()}"
        return ""
    if need.width() > label.width() or need.height() > label.height():
        return f"needs {need.width()}×{need.height()}, has {label.width()}×{label.height()}"
    return ""


def small_words(root: QWidget, prop: str, roles: set[str] | None) -> list[str]:
    """Every shown label of these roles (None: of any) under `root` under 18 px or cut, in
    words."""
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text() or (
                roles is not None and label.property(prop) not in roles):
            continue
        size = pixel_size(label)
        why = cut(label)
        if size < READABLE_PX or why:
            found.append(f"{label.text()[:40]!r}: {size} px {why}".rstrip())
    return found


def labels_of(root: QWidget, prop: str, roles: set[str]) -> list[QLabel]:
    return [w for w in root.findChildren(QLabel)
            if w.isVisible() and w.property(prop) in roles and w.text()]


def clipped_buttons(root: QWidget) -> list[str]:
    found = []
    for button in root.findChildren(QPushButton):
        if not button.isVisible() or not button.text():
            continue
        need = button.sizeHint()
        if button.width() < need.width() or button.height() < need.height():
            found.append(f"{button.text()!r}: needs {need.width()}×{need.height()}, "
                         f"has {button.width()}×{button.height()}")
    return found


# ----- the table's criteria screen
@pytest.mark.parametrize("size", SIZES)
def test_attack_criteria_header_line_and_hint_are_18_px_and_whole(qtbot, tmp_path, size):
    kiosk = open_kiosk(qtbot, tmp_path / "data", size=size)
    screen = to_criteria(qtbot, kiosk)
    settle_layout()
    assert "lens 1 of" in screen.step_label.text()
    shown = labels_of(screen, "shell", {"onband-small", "hint"})
    assert screen.step_label in shown and screen.hint_label in shown
    assert screen.chosen_hint in shown  # "None chosen yet…"
    assert small_words(screen, "shell", None) == []
    assert clipped_buttons(screen) == []
    # a criterion chosen: its "in your own words" tag is a hint as well
    screen.own_field.setText("Whether it helps our street")
    screen.add_button.click()
    settle_layout()
    assert any("own words" in w.text() for w in labels_of(screen, "shell", {"hint"}))
    assert small_words(screen, "shell", None) == []
    assert clipped_buttons(screen) == []
    kiosk.window.grab().save(str(tmp_path / f"criteria-{size[0]}.png"))
    kiosk.close()


# ----- the facilitator's area
@pytest.fixture
def area_at(qtbot, service):  # noqa: F811
    service.demo.load()
    made: list[FacilitatorArea] = []

    def make(size: tuple[int, int]) -> FacilitatorArea:
        widget = FacilitatorArea(service, Theme.for_size(*size), room=QuietRoom())
        qtbot.addWidget(widget)
        widget.resize(*size)
        widget.show()
        qtbot.waitExposed(widget)
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.exchange_tab.wait_for_tasks()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("tab", [TAB_SETUP, TAB_RANKINGS, TAB_POLLS, TAB_EXCHANGE])
def test_attack_facilitator_hints_are_18_px_and_whole(area_at, size, tab, tmp_path):
    area = area_at(size)
    area.show_tab(tab)
    settle_layout()
    page = area.tabs.currentWidget()
    assert labels_of(page, "role", {"hint"}), "the page shows no hint to measure"
    assert small_words(page, "role", None) == []  # hints, plain labels, errors alike
    assert clipped_buttons(page) == []
    area.grab().save(str(tmp_path / f"facilitator-{tab}-{size[0]}.png"))


# ----- the file chooser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("mode", [FOLDER, SAVE])
def test_attack_file_chooser_hints_are_18_px_and_whole(qtbot, media, size, mode):  # noqa: F811
    """Every hint the chooser shows: "No USB stick found…" (no drive in the mounts), the
    caller's note, and the folder chosen so far (FOLDER)."""
    media["write"]("proc /proc proc rw 0 0")  # no drive: the chooser says how to add one
    kw = {"name": "rankings.csv", "patterns": [".csv"]} if mode == SAVE else {}
    widget = chooser(qtbot, media, mode, size=size, note="Writes rankings.csv, criteria.csv "
                     "and notes.csv, for every workshop, into the folder you choose.", **kw)
    settle_layout()
    shown = labels_of(widget, "role", {"hint"})
    assert widget.no_drive in shown and widget.note in shown
    assert mode == SAVE or widget.summary in shown
    assert small_words(widget, "role", None) == []  # hints, plain labels alike
    assert clipped_buttons(widget) == []
    widget.host.grab().save(str(media["root"].parent / f"chooser-{mode}-{size[0]}.png"))
