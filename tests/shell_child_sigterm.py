"""Run by test_shell_sigterm.py: the kiosk's own `run` (full screen, the on-screen keyboard
on, offscreen), stopped by a SIGTERM as a service stop sends it once the window is up —
on the start screen, or with the criteria screen's field being typed in. Its stderr is
what the test reads.

Usage: python shell_child_sigterm.py DATA_DIR start|typing
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("QT_IM_MODULE", None)

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    data_dir, where = Path(sys.argv[1]), sys.argv[2]
    from kiosk.ui import app as kiosk_app

    kiosk_app.configure_environment()
    app = QApplication([])

    def window():
        from kiosk.ui.shell import KioskWindow

        return next((w for w in app.topLevelWidgets()
                     if isinstance(w, KioskWindow) and w.isVisible()), None)

    def when_up() -> None:
        kiosk = window()
        if kiosk is None or not kiosk.corner.watching:
            QTimer.singleShot(20, when_up)
            return
        if where == "typing":
            kiosk.start_screen.start_button.click()
            ranking = kiosk.board.ranking
            for slot, card in enumerate(ranking.cards):
                ranking.drop(card, slot)
            kiosk.board.done_requested.emit()
            field = kiosk.criteria_screen.own_field
            field.setFocus()
            kiosk.keyboard.request()
            field.setText("Tru")
            print(f"focus in the field: {field.hasFocus()}", file=sys.stderr)
        os.kill(os.getpid(), signal.SIGTERM)

    QTimer.singleShot(0, when_up)
    status = kiosk_app.run(data_dir)
    print(f"run returned {status}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
