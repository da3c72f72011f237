"""Child of test_board_grip_xvfb.py: the acceptability board on a real xcb window (1366×768,
frameless at 0,0), every card placed, the cut line after place 2; xdotool presses the grip
where it now sits (in the gap, over the cards' column), drags it down about two places and
lets go. Prints one JSON line: the grip's rectangle, the cut before and after, the sizes."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    app = QApplication(sys.argv[:1])
    from kiosk.services.catalog import load_catalog
    from kiosk.ui.board import BoardWidget
    from kiosk.ui.theme import Theme
    from tests.board_support import ranking_for

    catalog = load_catalog(Path(tempfile.mkdtemp()))
    deck = catalog.deck("examples-1-6")
    assert deck is not None
    ranking = ranking_for(deck, "acceptability")
    board = BoardWidget(ranking, deck, catalog.lenses["acceptability"],
                        Theme.for_size(1366, 768))
    board.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    board.animation_ms = 0
    board.setGeometry(0, 0, 1366, 768)
    board.show()
    for slot, card in enumerate(list(ranking.cards)):
        ranking.drop(card, slot)
    ranking.set_cut(2)
    board.refresh(animate=False)
    report: dict = {"platform": app.platformName(), "cut_before": ranking.cut}

    def xdo(*args: object) -> None:
        subprocess.run(["xdotool", *map(str, args)], check=True, timeout=10)

    def drag() -> None:
        line = board.scene.cut_line
        grip = line.mapRectToScene(line.grip_rect())
        report["grip"] = [grip.width(), grip.height()]
        report["grip_over_cards"] = grip.left() < board.scene.geometry.slot_rect(0).right()
        centre = board.view.viewport().mapToGlobal(board.view.mapFromScene(grip.center()))
        pitch = board.scene.geometry.pitch
        xdo("mousemove", centre.x(), centre.y())
        xdo("mousedown", 1)
        for step in range(1, 11):
            xdo("mousemove", centre.x(), round(centre.y() + step * pitch * 2.2 / 10))
        xdo("mouseup", 1)
        QTimer.singleShot(600, finish)

    def finish() -> None:
        report["cut_after"] = ranking.cut
        report["card_w"] = board.scene.geometry.card.width()
        print(json.dumps(report), flush=True)
        app.quit()

    QTimer.singleShot(800, drag)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
