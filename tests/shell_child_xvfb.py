"""Run by test_shell_keyboard_xvfb.py on an Xvfb display: the real kiosk (`kiosk.ui.app`,
full screen, on Qt's xcb platform) tapped with xdotool as a finger would — the pointer moved
to a place, the button pressed, the kiosk left to react, the button released at the same
place. Prints a JSON report.

Usage (DISPLAY set): python shell_child_xvfb.py [--turned] DATA_DIR [SCREENSHOT_PREFIX]

With --turned: the keyboard on a turned criteria screen ("Turn board" tapped on the board),
its keys tapped where they are seen, then the screen turned back and typed on upright.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "xcb"
os.environ.pop("QT_IM_MODULE", None)

from kiosk.ui.app import configure_environment  # noqa: E402

configure_environment()

from PySide6.QtCore import QEvent, QObject, QPointF  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.shell_child_keyboard import find_key, wait_until  # noqa: E402


class Presses(QObject):
    """Counts the presses and releases the window system delivers to the kiosk's widgets."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = self.releases = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if watched.isWidgetType():
            if event.type() == QEvent.Type.MouseButtonPress:
                self.presses += 1
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self.releases += 1
        return False


PRESSES = Presses()


def xdotool(*args: object) -> None:
    """Run xdotool while the kiosk's event loop keeps running."""
    done = subprocess.Popen(["xdotool", *map(str, args)])
    wait_until(lambda: done.poll() is not None, 10000)
    assert done.returncode == 0, f"xdotool {args} failed"


def settle() -> None:
    """Every event posted and every timer due now, a few rounds (layouts, repaints)."""
    for _ in range(5):
        QApplication.processEvents()
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def finger(x: int, y: int) -> None:
    """Press at (x, y) on the screen, let the kiosk react to the press, release there."""
    pressed = PRESSES.presses
    xdotool("mousemove", x, y, "mousedown", 1)
    wait_until(lambda: PRESSES.presses > pressed)
    settle()
    released = PRESSES.releases
    xdotool("mouseup", 1)
    wait_until(lambda: PRESSES.releases > released)
    settle()


def tap(widget) -> None:
    centre = widget.mapToGlobal(widget.rect().center())
    finger(centre.x(), centre.y())


def tap_key(keyboard, text: str) -> bool:
    key = find_key(keyboard.view.rootObject(), text)
    if key is None:
        return False
    centre = key.mapToScene(QPointF(key.width() / 2, key.height() / 2)).toPoint()
    on_screen = keyboard.view.mapToGlobal(centre)
    finger(on_screen.x(), on_screen.y())
    return True


def board_frames(window, rounds: int = 4) -> list[float]:
    """Seconds of each drag-move on the board with its repaint on screen."""
    from benchmarks._board_drag import drag_frames

    return drag_frames(window, rounds, 25, None, settle)


def to_criteria(window) -> None:
    """The board's cards put in order through its Ranking, then its Done."""
    ranking = window.board.ranking
    for slot, card in enumerate(ranking.cards):
        if ranking.slot_of(card) != slot:
            ranking.drop(card, slot)
    window.board.refresh(animate=False)
    settle()
    window.board.done_requested.emit()
    settle()


def shoot(prefix: str | None, name: str) -> None:
    if prefix:
        QGuiApplication.primaryScreen().grabWindow(0).save(f"{prefix}-{name}.png")


def finger_at(widget, point) -> None:
    """A finger at `point` of the window `widget` is in (e.g. where a turned screen's button
    is seen)."""
    on_screen = widget.mapToGlobal(point)
    finger(on_screen.x(), on_screen.y())


def tap_seen(window, widget) -> None:
    """A tap where `widget` is seen in the window, upright or on a turned screen."""
    from tests.shell_child_keyboard_taps import drawn_at

    finger_at(window, drawn_at(window, widget))


def tap_seen_key(keyboard, text: str, turned: bool) -> bool:
    """A tap where the key is seen, worked out from the upright keyboard's layout (see
    shell_child_keyboard_taps.key_seen_at), not from Qt's mapping of the turned item."""
    from tests.shell_child_keyboard_taps import key_seen_at

    at = key_seen_at(keyboard.view, text, turned)
    if at is None:
        return False
    finger_at(keyboard.view, at)
    return True


def turned_main(data_dir: Path, prefix: str | None) -> int:
    """The keyboard for a turned screen, tapped as a finger taps (see the module's note)."""
    from tests.shell_child_keyboard_taps import drawn_rect, keyboard_state

    app = QApplication([])
    app.installEventFilter(PRESSES)
    from kiosk.ui import app as kiosk_app

    launched = kiosk_app.launch(app, data_dir, windowed=False)
    window = launched.window
    keyboard = window.keyboard
    report: dict = {"platform": QGuiApplication.platformName()}
    wait_until(lambda: window.isVisible() and window.corner.watching, 10000)
    settle()
    report["size"] = [window.width(), window.height()]
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
    field = screen.own_field
    report["screen_turned"] = field.window() is not window
    # as at a table: the keyboard made a moment after the start (the first tap on a field
    # before that, with no keyboard made yet, is tested offscreen: test_shell_keyboard.py)
    report["loaded_before_tap"] = wait_until(lambda: keyboard.loaded, 10000)
    tap_seen(window, field)
    report["keyboard_up"] = wait_until(lambda: keyboard.isVisible() and keyboard.ready)
    settle()
    report["turned"] = keyboard_state(window)
    report["typed"] = all(tap_seen_key(keyboard, c, True) for c in "trust")
    report["text"] = field.text()
    seen = drawn_rect(window, field)
    report["field_top"], report["field_bottom"] = seen.top(), seen.bottom() + 1
    report["surface_with_keyboard"] = window.windowHandle().surfaceType().name
    shoot(prefix, "turned")
    report["entered"] = tap_seen_key(keyboard, "\n", True)
    report["criteria"] = [c.text for c in window.board.ranking.criteria]
    chip_text, chip = next(iter(screen.chips.items()))
    tap_seen(window, chip)  # a tap on the turned screen while the keyboard is up
    report["chip_added"] = chip_text in [c.text for c in window.board.ranking.criteria]
    report["keyboard_after_chip"] = keyboard.isVisible()
    # the table turns back (the screen's own Turn); the field is tapped again
    tap_seen(window, screen.turn_button)
    report["screen_upright"] = field.window() is window
    wait_until(lambda: not keyboard.isVisible() or keyboard_state(window)["rotation"] == 0,
               2000)
    settle()
    report["after_turn"] = keyboard_state(window)
    tap(field)
    report["keyboard_up_upright"] = wait_until(lambda: keyboard.isVisible() and keyboard.ready)
    settle()
    report["upright"] = keyboard_state(window)
    report["typed_upright"] = all(tap_seen_key(keyboard, c, False) for c in "care")
    report["text_upright"] = field.text()
    report["upright_field_bottom"] = drawn_rect(window, field).bottom() + 1
    shoot(prefix, "upright")
    report["surface_after"] = window.windowHandle().surfaceType().name
    report["presses"], report["releases"] = PRESSES.presses, PRESSES.releases
    print(json.dumps(report))
    window.leave()
    launched.close()
    return 0


def main() -> int:
    if sys.argv[1] == "--turned":
        return turned_main(Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
    data_dir = Path(sys.argv[1])
    prefix = sys.argv[2] if len(sys.argv) > 2 else None
    app = QApplication([])
    app.installEventFilter(PRESSES)
    from kiosk.ui import app as kiosk_app

    # The keyboard loads on the first tap on a field, not 1.5 s after the start: the board's
    # frames are measured first with no keyboard ever made (the baseline), then after it.
    kiosk_app.KEYBOARD_PRELOAD_MS = 24 * 3600 * 1000
    launched = kiosk_app.launch(app, data_dir, windowed=False)
    window = launched.window
    keyboard = window.keyboard
    report: dict = {"platform": QGuiApplication.platformName()}
    wait_until(lambda: window.isVisible() and window.corner.watching, 10000)
    settle()
    report["loaded_at_start"] = keyboard.view is not None
    report["size"] = [window.width(), window.height()]
    tap(window.start_screen.start_button)
    report["board"] = wait_until(lambda: window.board is not None)
    settle()
    board_frames(window, 1)  # warm-up
    before = board_frames(window)
    report["frame_before_ms"] = statistics.median(before) * 1000
    report["frame_before_q1_ms"] = statistics.quantiles(before, n=4)[0] * 1000
    report["surface_before"] = window.windowHandle().surfaceType().name
    to_criteria(window)
    screen = window.criteria_screen
    ranking = window.board.ranking
    tap(screen.own_field)
    report["keyboard_up"] = wait_until(lambda: keyboard.isVisible() and keyboard.ready)
    settle()
    report["typed"] = all(tap_key(keyboard, letter) for letter in "trust")
    report["text"] = screen.own_field.text()
    shoot(prefix, "typed")
    tap(screen.add_button)
    report["after_add"] = [c.text for c in ranking.criteria]
    report["keyboard_after_add"] = keyboard.isVisible()
    star = screen.stars.get("Trust")
    if star is not None:
        tap(star)
    report["primary_after_star"] = ranking.primary
    shoot(prefix, "starred")
    report["surface_with_keyboard"] = window.windowHandle().surfaceType().name
    # back to the board (the keyboard goes), and Done again
    tap(screen.back_button)
    report["back_on_board"] = window.screen_name == "board"
    wait_until(lambda: not keyboard.isVisible(), 2000)
    settle()
    to_criteria(window)
    settle()  # what the change set going has run (it all runs from its events)
    report["keyboard_by_itself_back"] = keyboard.isVisible() or \
        QGuiApplication.inputMethod().isVisible()
    # another in the field's own words, added with the keys' Enter: the field keeps focus
    tap(screen.own_field)
    report["keyboard_up_again"] = wait_until(lambda: keyboard.isVisible() and keyboard.ready)
    report["typed_again"] = all(tap_key(keyboard, letter) for letter in "care") and \
        tap_key(keyboard, "\n")
    report["after_enter"] = [c.text for c in ranking.criteria]
    report["field_focus_at_save"] = screen.own_field.hasFocus()
    tap(screen.save_button)
    report["saved_screen"] = window.screen_name
    report["saved"] = [[r.lens, r.primary] for r in launched.store.store.list_rankings()] \
        if launched.store.is_open else None
    tap(window.saved_screen.go_button)
    report["next_screen"] = window.screen_name
    settle()
    # the next lens's board, fresh like the first one was: its frames after the keyboard
    after = board_frames(window)
    report["frame_after_ms"] = statistics.median(after) * 1000
    report["frame_after_q1_ms"] = statistics.quantiles(after, n=4)[0] * 1000
    report["surface_after"] = window.windowHandle().surfaceType().name
    to_criteria(window)
    settle()  # what the change set going has run (it all runs from its events)
    report["second_screen"] = window.screen_name
    report["keyboard_by_itself"] = keyboard.isVisible() or \
        QGuiApplication.inputMethod().isVisible()
    report["field_focus"] = screen.own_field.hasFocus()
    shoot(prefix, "next-lens")
    print(json.dumps(report))
    window.leave()
    launched.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
