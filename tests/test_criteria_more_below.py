"""When the criteria chips run below the fold (1366×768: some of the lens's suggestions lie
under the screen's edge), the screen says so: a fade with "more below" over the bottom of
the scrolling page, at a size read from a metre away, that lets taps through and goes once
the page is pushed to its end. Where everything fits (1920×1080) there is no cue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontInfo

from tests.shell_support import open_kiosk, settle_layout
from tests.test_shell_touch import to_criteria
from tests.touch_support import drag_up


def test_attack_at_1366_chips_below_the_fold_have_a_more_below_cue(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", size=(1366, 768))
    screen = to_criteria(qtbot, kiosk)
    settle_layout()
    area = screen.scroll_area
    viewport, bar = area.viewport(), area.verticalScrollBar()
    last = list(screen.chips.values())[-1]
    assert last.mapTo(viewport, QPoint(0, last.height())).y() > viewport.height()
    cue = screen.more_below
    assert cue.isVisible(), "nothing says that more chips lie below"
    assert "more below" in cue.text.lower()
    assert QFontInfo(cue.font()).pixelSize() >= 18
    assert cue.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    seen = cue.geometry()
    assert seen.bottom() == viewport.height() - 1 and seen.width() == viewport.width()
    kiosk.window.grab().save(str(tmp_path / "more-below.png"))
    for _ in range(6):
        drag_up(qtbot, area)
    assert bar.value() == bar.maximum()
    qtbot.waitUntil(lambda: not cue.isVisible(), timeout=2000)  # at the end: nothing below
    bar.setValue(0)
    assert cue.isVisible()  # back up: the cue again
    kiosk.close()


@pytest.mark.parametrize("size", [(1920, 1080)])
def test_no_cue_where_every_chip_fits(qtbot, tmp_path, size):
    kiosk = open_kiosk(qtbot, tmp_path / "data", size=size)
    screen = to_criteria(qtbot, kiosk)
    settle_layout()
    bar = screen.scroll_area.verticalScrollBar()
    assert bar.maximum() == 0
    assert not screen.more_below.isVisible()
    kiosk.close()
