"""Fingers with xdotool on a real window, for scripts that go through a modal step (the
file chooser's `exec()` runs an event loop of its own inside a tap's release). A blocking
helper (`shell_child_xvfb.finger`) would be stuck inside that inner loop; here the scenario
is a generator that yields what it waits for, and a timer — which fires in whichever loop
runs, the app's or the chooser's — resumes it. Scenario code never runs the event loop
itself: it only yields. (No tests here.)

    def scenario(report):
        yield from tap(widget)
        ok = yield until(lambda: chooser_shown(), 5000)

`run(app, scenario(report))` runs the app until the scenario ends and returns its error
(a traceback's text) or "".
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEvent, QObject, QPoint, QPointF, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TICK_MS = 2  # the scenario looks again this often (a round of the event loop or two)
TRACE = bool(os.environ.get("XVFB_DRIVER_TRACE"))  # long waits said on stderr


@dataclass
class Until:
    condition: Callable[[], object]
    timeout_ms: int


Step = Generator[Until, bool, None]


def until(condition: Callable[[], object], timeout_ms: int = 5000) -> Until:
    return Until(condition, timeout_ms)


def ticks(count: int = 5) -> Step:
    """Let the event loop run `count` timer rounds (layouts, repaints, posted events)."""
    for _ in range(count):
        yield Until(lambda: True, 1000)


class Presses(QObject):
    """Counts the presses and releases the window system delivers to widgets."""

    def __init__(self) -> None:
        super().__init__()
        self.presses = self.releases = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if watched.isWidgetType():
            # a press soon after a release at the same place comes as a double-click
            if event.type() in (QEvent.Type.MouseButtonPress,
                                QEvent.Type.MouseButtonDblClick):
                self.presses += 1
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self.releases += 1
        return False


PRESSES = Presses()


def xdo(*args: object) -> Step:
    done = subprocess.Popen(["xdotool", *map(str, args)])
    yield until(lambda: done.poll() is not None, 10000)
    assert done.returncode == 0, f"xdotool {args} failed"


def finger(x: int, y: int) -> Step:
    """Press at (x, y) of the screen, the app reacting to the press, release there."""
    pressed = PRESSES.presses
    yield from xdo("mousemove", x, y, "mousedown", 1)
    yield until(lambda: PRESSES.presses > pressed)
    yield from ticks()
    released = PRESSES.releases
    yield from xdo("mouseup", 1)
    yield until(lambda: PRESSES.releases > released)
    yield from ticks()


def drag(start: QPoint, end: QPoint, steps: int = 8) -> Step:
    """A finger down at `start`, moved in `steps` to `end`, held there a moment (so it
    does not fling the list on) and lifted: one xdotool run, its moves 20 ms apart."""
    moves: list[object] = ["mousemove", start.x(), start.y(), "mousedown", 1]
    for step in range(1, steps + 1):
        moves += ["sleep", 0.02, "mousemove", start.x() + (end.x() - start.x()) * step // steps,
                  start.y() + (end.y() - start.y()) * step // steps]
    yield from xdo(*moves, "sleep", 0.15, "mouseup", 1)
    yield from ticks()


def tap(widget: QWidget, at: QPoint | None = None) -> Step:
    """A tap on `widget` (its point `at`, or its centre) where it is on the screen."""
    point = widget.mapToGlobal(widget.rect().center() if at is None else at)
    yield from finger(point.x(), point.y())


def tap_item(view, item) -> Step:
    """A tap on a list's row (a QListWidgetItem, or a model index)."""
    rect = view.visualItemRect(item) if hasattr(view, "visualItemRect") else \
        view.visualRect(item)
    yield from tap(view.viewport(), rect.center())


def find_key_code(item, code: int):
    """The keyboard's key item sending the key `code` (Backspace has no text)."""
    for child in item.childItems():
        if child.property("key") == code and child.isVisible() and child.width() > 0 \
                and child.property("displayText") is not None:
            return child
        found = find_key_code(child, code)
        if found is not None:
            return found
    return None


def tap_key(keyboard, text: str | int) -> Step:
    """A tap on the on-screen keyboard's key showing `text` (or sending the key code)."""
    from tests.shell_child_keyboard import find_key

    root = keyboard.view.rootObject()
    key = find_key_code(root, text) if isinstance(text, int) else find_key(root, text)
    assert key is not None, f"no key {text!r}"
    centre = key.mapToScene(QPointF(key.width() / 2, key.height() / 2)).toPoint()
    on_screen = keyboard.view.mapToGlobal(centre)
    yield from finger(on_screen.x(), on_screen.y())


def shoot(prefix: str | None, name: str) -> None:
    """The whole screen (popups too), as the window system shows it."""
    if prefix:
        QGuiApplication.primaryScreen().grabWindow(0).save(f"{prefix}-{name}.png")


def where(scenario) -> str:
    """The innermost line a scenario waits at (through its `yield from`s)."""
    lines = []
    while scenario is not None and scenario.gi_frame is not None:
        frame = scenario.gi_frame
        lines.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno}")
        scenario = scenario.gi_yieldfrom
    return " > ".join(lines)


def run(app, scenario: Step, timeout_ms: int = 120000) -> str:
    """Run `scenario` to its end inside the app's event loop; its error, or ""."""
    app.installEventFilter(PRESSES)
    state: dict = {"waiting": None, "deadline": None, "busy": False, "error": ""}
    whole = QDeadlineTimer(timeout_ms)
    timer = QTimer()
    timer.setInterval(TICK_MS)

    def stop(error: str) -> None:
        state["error"] = error
        timer.stop()
        app.exit(0)

    def tick() -> None:
        if state["busy"]:
            return
        if TRACE:
            now = whole.remainingTime()
            if state.get("last") is not None and state["last"] - now > 300:
                print(f"the loop was held {state['last'] - now} ms before {where(scenario)}",
                      file=sys.stderr)
            state["last"] = now
        if whole.hasExpired():
            stop("the scenario took too long")
            return
        waiting: Until | None = state["waiting"]
        answer = True
        if waiting is not None:
            if not waiting.condition() and not state["deadline"].hasExpired():
                return
            answer = bool(waiting.condition())
            if TRACE and state["deadline"].remainingTime() < waiting.timeout_ms - 300:
                print(f"waited {waiting.timeout_ms - state['deadline'].remainingTime()} ms"
                      f" ({'met' if answer else 'timed out'}) at "
                      f"{where(scenario)}",
                      file=sys.stderr)
        state["busy"] = True
        try:
            step = scenario.send(answer if waiting is not None else None)
        except StopIteration:
            stop("")
            return
        except Exception:  # noqa: BLE001 - said in the report
            stop(traceback.format_exc())
            return
        finally:
            state["busy"] = False
        state["waiting"], state["deadline"] = step, QDeadlineTimer(step.timeout_ms)

    timer.timeout.connect(tick)
    timer.start()
    app.exec()
    return state["error"]
