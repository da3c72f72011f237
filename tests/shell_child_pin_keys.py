"""Run by test_pin_keyboard.py in a child process (the input method is chosen before the
QApplication exists): the on-screen keyboard for a PIN field (digits only, as the
facilitator's PIN fields ask: kiosk.ui.facilitator.setup) and then for a plain text field;
lists the keys a finger can use on each. Prints a JSON report.

Usage: python shell_child_pin_keys.py [SCREENSHOT_PREFIX]
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_IM_MODULE", None)

from kiosk.ui.app import configure_environment  # noqa: E402

configure_environment()

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget  # noqa: E402

from tests.shell_child_keyboard import settle, tap_key, wait_until  # noqa: E402


def usable_keys(item, out: list[str]) -> list[str]:
    """What each key a finger can use shows (its displayText, or its text for the ones
    drawn as an icon); keys made blank and unusable are left out."""
    for child in item.childItems():
        shown = child.property("displayText")
        if (shown is not None and child.isVisible() and child.width() > 0
                and child.property("enabled") and child.opacity() > 0):
            out.append(shown or child.metaObject().className().split("_")[0])
        usable_keys(child, out)
    return out


def main() -> int:
    prefix = sys.argv[1] if len(sys.argv) > 1 else None
    app = QApplication([])  # noqa: F841 - kept alive for the whole run
    from kiosk.ui.shell.keyboard import OnScreenKeyboard

    window = QWidget()
    column = QVBoxLayout(window)
    pin = QLineEdit(window)
    pin.setEchoMode(QLineEdit.EchoMode.Password)
    pin.setInputMethodHints(pin.inputMethodHints() | Qt.InputMethodHint.ImhDigitsOnly)
    words = QLineEdit(window)
    column.addWidget(pin)
    column.addWidget(words)
    keyboard = OnScreenKeyboard(window)
    column.addWidget(keyboard)
    window.resize(1366, 768)
    window.show()
    report: dict = {}
    pin.setFocus()
    keyboard.request()
    report["ready"] = wait_until(lambda: keyboard.ready)
    settle()
    report["pin_keys"] = usable_keys(keyboard.view.rootObject(), [])
    report["typed"] = all(tap_key(keyboard.view, d) for d in "2468")
    report["pin_text"] = pin.text()
    if prefix:
        keyboard.view.grab().save(f"{prefix}-pin.png")
    words.setFocus()
    keyboard.request()
    wait_until(lambda: "q" in usable_keys(keyboard.view.rootObject(), []), 3000)
    settle()
    report["word_keys"] = usable_keys(keyboard.view.rootObject(), [])
    pin.setFocus()  # back to the PIN field: the number pad again, digits only
    keyboard.request()
    wait_until(lambda: "q" not in usable_keys(keyboard.view.rootObject(), []), 3000)
    settle()
    report["pin_keys_again"] = usable_keys(keyboard.view.rootObject(), [])
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
