"""The board's drag frames on a real window after the on-screen keyboard has been shown.

The kiosk's window (KioskWindow over a fresh store, the shipped six-card deck, 1920×1080)
full screen on Xvfb through Qt's xcb platform. A tray card is dragged up and down the
ladder with synthesized mouse events, each move handled and the board's viewport repainted
onto the X server: one frame. The baseline is the same drag before the keyboard was ever
made; then the keyboard is called up on the criteria screen (typed into), sent away, and
the next lens's board is dragged the same way. The figure is the median frame after.

`drag_frame_after_keyboard()` starts its own Xvfb (tests/xvfb_support.py: the display
KIOSK_XVFB_DISPLAY names, else a free one) and runs the measure in a fresh process there;
`python -m benchmarks._keyboard` is that process (DISPLAY set) and prints one JSON object.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (1920, 1080)
ROUNDS = 6  # drags of 50 moves each, per side


class Skipped(Exception):
    """The figure cannot be measured here (the reason is the message)."""


def drag_frame_after_keyboard() -> dict:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.xvfb_support import missing_tools, xvfb

    missing = missing_tools()
    if missing:
        raise Skipped(f"needs {' and '.join(missing)} (a real X window under Xvfb)")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    env.pop("QT_IM_MODULE", None)
    env.pop("WAYLAND_DISPLAY", None)
    try:
        with xvfb(*SIZE) as display, tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
            done = subprocess.run([sys.executable, "-m", "benchmarks._keyboard", tmp],
                                  capture_output=True, text=True, cwd=ROOT, timeout=600,
                                  env={**env, "DISPLAY": display})
    except RuntimeError as exc:  # Xvfb would not start
        raise Skipped(str(exc)) from exc
    if done.returncode != 0:
        raise RuntimeError(f"keyboard measure failed (exit {done.returncode}):\n"
                           f"{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measure(data_dir: Path) -> dict:
    from kiosk.ui import app as kiosk_app

    kiosk_app.configure_environment()
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication([])

    def wait_until(condition, ms: int = 10000) -> bool:
        deadline = QDeadlineTimer(ms)
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(lambda: (condition() or deadline.hasExpired()) and loop.quit())
        timer.start()
        if not condition():
            loop.exec()
        timer.stop()
        return bool(condition())

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
            app.sendPostedEvents()

    from benchmarks._board_drag import drag_frames

    def frames(window) -> list[float]:
        drag_frames(window, 1, 25, None, settle)  # the first drag warms up
        return drag_frames(window, ROUNDS, 25, None, settle)

    kiosk_app.KEYBOARD_PRELOAD_MS = 24 * 3600 * 1000  # no keyboard until it is called up
    launched = kiosk_app.launch(app, data_dir, windowed=False)
    window = launched.window
    keyboard = window.keyboard
    assert keyboard is not None, "the kiosk has no on-screen keyboard"
    wait_until(lambda: window.isVisible() and window.corner.watching)
    window.activateWindow()  # no window manager on Xvfb to give it the input focus
    wait_until(window.isActiveWindow, 3000)
    settle()
    window.start_screen.start_button.click()
    wait_until(lambda: window.board is not None)
    settle()
    assert keyboard.view is None, "the baseline must have no keyboard"
    before = frames(window)
    surface_before = window.windowHandle().surfaceType().name
    ranking = window.board.ranking
    drops = sum(ranking.drop(card, slot) for slot, card in enumerate(ranking.cards))
    window.board.refresh(animate=False)
    window.board.done_requested.emit()
    settle()
    field = window.criteria_screen.own_field
    at = field.mapTo(window, field.rect().center())
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier

    def tap() -> None:
        """A tap on the field, through the window system's path (press, then release)."""
        QTest.mousePress(window.windowHandle(), left, none, at)
        settle()
        # (asked again: a window that turns OpenGL-composited gets a new native window)
        QTest.mouseRelease(window.windowHandle(), left, none, at)

    tap()
    if not wait_until(lambda: keyboard.isVisible() and keyboard.ready, 3000):
        window.activateWindow()  # a window recreated for OpenGL composition lost it
        wait_until(window.isActiveWindow, 3000)
        tap()
    assert wait_until(lambda: keyboard.isVisible() and keyboard.ready), keyboard.error
    field.setText("trust")
    settle()
    window.criteria_screen.back_button.click()  # the board again; the keyboard goes
    assert wait_until(lambda: not keyboard.isVisible())
    for _ in range(drops):  # the board as the baseline had it: every card in the tray
        ranking.undo()
    window.board.refresh(animate=False)
    settle()
    after = frames(window)
    surface_after = window.windowHandle().surfaceType().name
    window.leave()
    launched.close()
    b, a = statistics.median(before) * 1000, statistics.median(after) * 1000
    p95 = sorted(after)[int(0.95 * len(after))] * 1000
    return {
        "value": a,
        "detail": f"median {a:.2f} ms (p95 {p95:.2f}) per board drag frame after the keyboard "
                  f"was shown vs {b:.2f} ms before it was ever made (ratio {a / b:.2f}); "
                  f"move handled + repaint on the X server, {len(after)} frames each, "
                  f"{SIZE[0]}×{SIZE[1]} xcb on Xvfb ({QGuiApplication.platformName()}); window "
                  f"surface {surface_before} → {surface_after}",
        "before_ms": b, "ratio": a / b, "surface_after": surface_after,
    }


if __name__ == "__main__":
    print(json.dumps(_measure(Path(sys.argv[1]) / "data")))
