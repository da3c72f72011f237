"""Run by test_shell_corner.py on an Xvfb display: the real kiosk (`kiosk.ui.app`, full
screen, Qt's xcb platform), its board turned for the far side of the table, and the
facilitator's corner held with xdotool on the turned criteria screen's "Save and go on"
(which a turned screen shows in the window's top-left corner). Prints a JSON report.

Usage (DISPLAY set): python shell_child_corner.py DATA_DIR [SCREENSHOT_PREFIX]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.shell_child_xvfb import (  # (sets the platform up before any app exists)
    PRESSES,
    finger_at,
    settle,
    shoot,
    tap,
    to_criteria,
    wait_until,
    xdotool,
)

HOLD_MS = 300  # the hold, shortened: what matters is its release, not its length


def main() -> int:
    from tests.shell_child_keyboard_taps import drawn_rect

    data_dir = Path(sys.argv[1])
    prefix = sys.argv[2] if len(sys.argv) > 2 else None
    app = QApplication([])
    app.installEventFilter(PRESSES)
    from kiosk.ui import app as kiosk_app

    launched = kiosk_app.launch(app, data_dir, windowed=False)
    window = launched.window
    report: dict = {"platform": QGuiApplication.platformName()}
    wait_until(lambda: window.isVisible() and window.corner.watching, 10000)
    settle()
    report["size"] = [window.width(), window.height()]
    window.corner._timer.setInterval(HOLD_MS)
    tap(window.start_screen.start_button)
    report["board"] = wait_until(lambda: window.board is not None)
    settle()
    board = window.board
    board.animation_ms = 0
    rotate = board.view.mapFromScene(board.buttons["rotate"].scene_rect().center())
    finger_at(board.view.viewport(), rotate)  # "Turn board"
    report["board_turned"] = board.rotated
    to_criteria(window)
    screen = window.criteria_screen
    save = drawn_rect(window, screen.save_button)
    corner = window.corner.size_px
    at = QPoint(min(save.center().x(), corner - 6), min(save.center().y(), corner - 6))
    report["on_save"] = save.contains(at)
    report["in_corner"] = at.x() < corner and at.y() < corner
    on_screen = window.mapToGlobal(at)
    pressed, released = PRESSES.presses, PRESSES.releases
    xdotool("mousemove", on_screen.x(), on_screen.y(), "mousedown", 1)
    wait_until(lambda: PRESSES.presses > pressed)
    report["pad_opened"] = wait_until(lambda: window.pin_pad.isVisible(), 10000)
    settle()
    shoot(prefix, "held")
    xdotool("mouseup", 1)
    wait_until(lambda: PRESSES.releases > released or window.screen_name != "criteria", 3000)
    settle()
    report["screen"] = window.screen_name
    report["saved"] = len(launched.store.store.list_rankings()) \
        if launched.store.is_open else None
    report["pad_after_release"] = window.pin_pad.isVisible()
    report["save_down"] = screen.save_button.isDown()
    # the pad's Cancel, then one ordinary tap on Save: it saves, as a tap always did
    tap(window.pin_pad.cancel_button)
    finger_at(window, drawn_rect(window, screen.save_button).center())
    report["screen_after_tap"] = window.screen_name
    print(json.dumps(report))
    window.leave()
    launched.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
