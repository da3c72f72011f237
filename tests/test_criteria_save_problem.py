"""A long save message on the criteria screen (issue 9: a full disk, a removed lock): it used
to share the button row, squeezing "Back to the board", Undo and Turn until their words were
clipped at 1366×768. The message wraps in its own area above the buttons; no button is
ever narrower or lower than it needs, and nothing leaves the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

from tests.shell_support import open_kiosk, ranked_to_criteria, tap
from tests.test_reliability_disk import Disk


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(monkeypatch)


def on_window(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


@pytest.mark.qt_log_ignore("propagateSizeHints")
@pytest.mark.parametrize("size", [(1366, 768), (1280, 800), (1920, 1080)])
def test_attack_a_long_save_message_never_clips_the_criteria_buttons(qtbot, tmp_path, disk,
                                                                     size):
    data = tmp_path / ("a-data-folder-with-a-long-name-as-a-usb-stick-mount-gives" * 2)
    kiosk = open_kiosk(qtbot, data, size=size)
    window = kiosk.window
    ranked_to_criteria(kiosk)
    screen = window.criteria_screen
    screen.show_save_problem("")  # what the fit is measured against: no message
    disk.full = True
    tap(qtbot, screen.save_button)
    problem = screen.save_problem
    assert problem.isVisible() and "is full" in problem.text()
    qtbot.waitUntil(lambda: problem.height() >= problem.heightForWidth(problem.width()),
                    timeout=3000)  # wrapped, every line shown
    area = window.rect()
    assert area.contains(on_window(problem, window)), (on_window(problem, window), area)
    buttons = [screen.back_button, screen.undo_button, screen.redo_button,
               screen.turn_button, screen.save_button]
    for widget in buttons:
        hint, got = widget.sizeHint(), widget.size()
        assert got.width() >= hint.width() and got.height() >= hint.height(), \
            (widget.text(), hint, got)
        assert area.contains(on_window(widget, window)), widget.text()
        assert not on_window(widget, window).intersects(on_window(problem, window))
    window.grab().save(str(tmp_path / f"criteria-full-{size[0]}.png"))
    kiosk.close()
