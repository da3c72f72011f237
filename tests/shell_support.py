"""Helpers shared by the shell's tests (no tests here): a window over a real Store in a
temporary folder, a monotonic clock the tests advance, and ways to work the board through
its public pieces (its Ranking, its viewport, its buttons)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.domain.workshop import KioskSettings, LensStep
from kiosk.services.catalog import Catalog, load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from kiosk.storage.glance import OpeningStore
from kiosk.ui.shell import KioskWindow
from kiosk.ui.theme import Theme
from tests.board_support import button_centre, click

TODAY = date(2017, 3, 14)
SIZE = (1366, 768)
# Qt Virtual Keyboard and the offscreen platform say these on loading; they are harmless.
QML_NOISE = [r"propagateSizeHints", r"pipewire", r"propertyCache", r"non-bindable",
             r"QLineEdit::echoMode"]


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Kiosk:
    """A window and what it stands on, so a test can close and reopen the same data."""

    data_dir: Path
    store: Store
    catalog: Catalog
    session: TableSession
    window: KioskWindow
    clock: FakeMonotonic = field(default_factory=FakeMonotonic)

    def close(self) -> None:
        if self.window.isVisible() or not self.window.kiosk_mode:
            self.window.leave()
        self.store.close()


def set_sequence(data_dir: Path, *lenses: str, deck: str = "examples-1-6") -> None:
    with Store.open(data_dir) as store:
        doc = store.get_settings() or KioskSettings().to_doc()
        doc["sequence"] = [asdict(LensStep(lens, deck)) for lens in lenses]
        store.save_settings(doc)


def open_kiosk(qtbot, data_dir: Path, *, kiosk_mode: bool = False, size=SIZE,
               facilitator: bool | Callable = False, **options) -> Kiosk:
    """`facilitator`: True for the real facilitator's area, or the factory to open it with.

    The session stands on the store as the kiosk's own start gives it (`OpeningStore`, see
    kiosk.ui.app.launch), so a store method the session needs and the start path lacks
    fails here; the test reads and writes the Store proper behind it (`Kiosk.store`)."""
    opening = OpeningStore.begin(data_dir)
    store = opening.store
    catalog = load_catalog(data_dir)
    session = TableSession(opening, catalog, today=TODAY)
    clock = FakeMonotonic()
    theme = Theme.for_size(*size)
    def open_area(parent):  # the facilitator's area has tests of its own
        from kiosk.ui.shell.facilitator_frame import FacilitatorPlaceholder

        return FacilitatorPlaceholder(theme, "A stand-in for the facilitator's area.")

    if callable(facilitator):
        open_area = facilitator
    elif facilitator:
        def open_area(parent):
            from kiosk.ui.facilitator import open_area as area

            return area(store, catalog, theme, parent)
    options.setdefault("hold_ms", 60)
    options.setdefault("keyboard", False)
    window = KioskWindow(session, theme, kiosk_mode=kiosk_mode, open_facilitator=open_area,
                         monotonic=clock, **options)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.corner.watching, timeout=3000)
    return Kiosk(data_dir, store, catalog, session, window, clock)


def prepare_board(board) -> None:
    board.animation_ms = 0


def place(board, card: str, slot: int | None) -> None:
    """One move through the board's Ranking, announced the way the board announces its own
    (the board's touch handling has its own tests)."""
    assert board.ranking.drop(card, slot)
    board.refresh(animate=False)
    board.ranking_changed.emit()


def rank_in_order(board, order: list[str]) -> None:
    for slot, card in enumerate(order):
        if board.ranking.slot_of(card) != slot:
            place(board, card, slot)


def ranked_to_criteria(kiosk: Kiosk):
    """A fresh ranking with every card placed in deck order, its draft saved, and the
    criteria screen shown (through the flow, as Done does); the ranking."""
    window = kiosk.window
    window.flow.start_fresh()
    ranking = kiosk.session.ranking
    for slot, card in enumerate(ranking.cards):
        ranking.drop(card, slot)
    window.flow.changed()
    window.flow.to_criteria()
    return ranking


def press_done(qtbot, board) -> None:
    """Tap the board's own Done button on its viewport."""
    click(board, button_centre(board, "done"))


def hold_corner(qtbot, window) -> None:
    """The hidden gesture: press and hold the top-left corner until the PIN pad opens."""
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(6, 6))
    qtbot.waitUntil(lambda: window.pin_pad.isVisible(), timeout=3000)
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(6, 6))


def settle_layout() -> None:
    """Let pending layouts (and the showing of new widgets) run, as they do before a finger
    can reach what they place: a tap inside a drag-scrolling area is delivered to the widget
    under the finger (QScroller holds the press back), so it must be where it is drawn."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # a new widget is shown by a queued call; its layout may ask for more
        QApplication.processEvents()


def tap(qtbot, widget) -> None:
    settle_layout()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
