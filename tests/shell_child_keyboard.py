"""Run in a child process by test_shell_keyboard.py: the virtual keyboard must be chosen
before the QApplication exists, which the test process's shared app cannot do.

Opens the kiosk window on a temporary data folder, goes to the criteria screen, taps the
"add your own" field and types on the on-screen keyboard's keys; prints a JSON report.
Usage: python shell_child_keyboard.py DATA_DIR WIDTH HEIGHT [SCREENSHOT.png]
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_IM_MODULE", None)

from kiosk.ui.app import configure_environment  # noqa: E402

configure_environment()

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def find_key(item, text: str):
    """The keyboard's key item showing `text` (letters are lower case in the layout)."""
    for child in item.childItems():
        if (child.property("text") == text and child.isVisible() and child.width() > 0
                and child.property("displayText") is not None):
            return child
        found = find_key(child, text)
        if found is not None:
            return found
    return None


def tap_key(view, text: str) -> bool:
    key = find_key(view.rootObject(), text)
    if key is None:
        return False
    centre = key.mapToScene(QPointF(key.width() / 2, key.height() / 2)).toPoint()
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QApplication.processEvents()
    return True


def tap(window, widget, at: QPoint | None = None) -> None:
    """A finger's tap as the window system delivers it: press and release at one place in
    the window, the event loop running in between (so whatever the press changes on screen
    has happened by the release)."""
    point = widget.mapTo(window, at if at is not None else widget.rect().center())
    handle = window.windowHandle()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    settle()
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       point)
    settle()


def settle() -> None:
    """Let every posted event and timer due now run (layouts, repaints) a few times over."""
    for _ in range(5):
        QApplication.processEvents()
        QApplication.sendPostedEvents()


def wait_until(condition, timeout_ms: int = 5000) -> bool:
    """Run the event loop until `condition()` holds (like qtbot.waitUntil)."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer

    deadline = QDeadlineTimer(timeout_ms)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: (condition() or deadline.hasExpired()) and loop.quit())
    timer.start()
    if not condition():
        loop.exec()
    timer.stop()
    return bool(condition())


def main() -> int:
    data_dir, width, height = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    shot = sys.argv[4] if len(sys.argv) > 4 else None
    app = QApplication([])  # noqa: F841 - kept alive for the whole run
    from kiosk.services.catalog import load_catalog
    from kiosk.services.table_session import TableSession
    from kiosk.storage import Store
    from kiosk.ui.shell import KioskWindow
    from kiosk.ui.shell.facilitator_frame import FacilitatorPlaceholder
    from kiosk.ui.theme import Theme

    store = Store.open(data_dir)
    session = TableSession(store, load_catalog(data_dir))
    theme = Theme.for_size(width, height)
    window = KioskWindow(session, theme, kiosk_mode=False,
                         open_facilitator=lambda parent: FacilitatorPlaceholder(theme, "-"))
    window.resize(width, height)
    window.show()
    QApplication.processEvents()
    report: dict = {"im_module": os.environ.get("QT_IM_MODULE"),
                    "keyboard_host": window.keyboard is not None}
    window.start_screen.start_button.click()
    ranking = window.board.ranking
    for slot, card in enumerate(ranking.cards):
        ranking.drop(card, slot)
    window.board.refresh(animate=False)
    window.board.done_requested.emit()
    screen = window.criteria_screen
    field = screen.own_field
    QApplication.processEvents()  # laid out, as it is before a finger can reach it
    tap(window, field, QPoint(20, field.height() // 2))
    keyboard = window.keyboard
    report["ready"] = wait_until(lambda: keyboard.ready)
    report["status"] = keyboard.status.name if keyboard.status is not None else None
    report["error"] = keyboard.error
    report["input_method_visible"] = QGuiApplication.inputMethod().isVisible()
    report["keyboard_visible"] = keyboard.isVisible()
    report["keyboard_height"] = keyboard.height()
    report["window_height"] = window.height()
    typed = [tap_key(keyboard.view, letter) for letter in "trust"]
    report["keys_found"] = all(typed)
    report["text"] = field.text()
    report["field_has_focus"] = field.hasFocus()
    bottom = field.mapTo(window, QPoint(0, field.height())).y()
    report["field_above_keyboard"] = bottom <= keyboard.mapTo(window, QPoint(0, 0)).y()
    if shot:
        window.grab().save(shot)
    tap_key(keyboard.view, "\n") or field.returnPressed.emit()
    QApplication.processEvents()
    report["criteria"] = [c.text for c in ranking.criteria]
    # leaving the field for the board hides the keyboard again
    screen.back_button.click()
    window.board.setFocus()
    wait_until(lambda: not keyboard.isVisible(), 2000)
    report["hidden_after"] = not keyboard.isVisible()
    print(json.dumps(report))
    window.leave()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
