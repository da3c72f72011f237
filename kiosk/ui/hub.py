"""`kiosk hub`: the room's hub on its own screen — the plenary screen for the projector, the
facilitator's area behind the same corner hold and PIN as at a table (with the Room tab:
pairing, kiosks, labels), and the room link that takes in every table's rankings and sends
the workshop's setup out. The app (kiosk.ui.app.launch_hub) opens the store and builds it;
the window reads the store only through the plenary feed, and opens the area through the
factory the app gives it.

The plenary screen is rebuilt from the store when a ranking or poll run arrives and when a
table's progress changes, for the hub's current workshop; its widgets are updated in place.

A hub may be a kiosk set as hub, with only a touch screen: when the kiosk's rule wants the
on-screen keyboard (kiosk.ui.shell.keyboard.virtual_keyboard_wanted) it is docked below
the stack as at a table (kiosk.ui.shell.keyboard_dock), so the file chooser's names, the
Room tab's labels and Setup's fields can be typed, each kept in view above the keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk import APP_NAME
from kiosk.ui.shell.keyboard import virtual_keyboard_wanted

if TYPE_CHECKING:
    from kiosk.ui.shell.keyboard import OnScreenKeyboard
    from kiosk.ui.shell.keyboard_dock import KeyboardDock

PROGRESS_MS = 1000


class HubWindow(QWidget):
    left = Signal()

    def __init__(self, feed: Any, session: Any, room: Any, theme: Any,
                 open_area: Callable[[QWidget], QWidget],
                 problems: list[str] | None = None, keyboard: bool | None = None) -> None:
        """`feed`: what the plenary screen reads (kiosk.services.room.plenary_feed);
        `open_area(parent)`: the facilitator's area, built by the app over its store;
        `keyboard`: the on-screen keyboard docked below (None: as the kiosk's rule says)."""
        super().__init__()
        from kiosk.ui.plenary import PlenaryScreen
        from kiosk.ui.shell.facilitator_gate import FacilitatorGate

        self.setWindowTitle(f"{APP_NAME} — hub")
        self.feed = feed
        self._area_factory = open_area
        self.session = session
        self.room = room
        self.theme = theme
        self.problems = list(problems or [])
        self.revealed = False
        self.kiosk_mode = False  # a normal window until shown full screen (file choosers)
        self._progress_seen: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # as the kiosk's window: the screen decides the size, the keyboard's strip pushes
        # no minimum onto a full-screen window
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.keyboard_dock: KeyboardDock | None = None
        if keyboard if keyboard is not None else virtual_keyboard_wanted():
            from kiosk.ui.shell.keyboard_dock import KeyboardDock

            self.keyboard_dock = KeyboardDock(self, layout)
        self.plenary = PlenaryScreen(theme, title=self._title(), parent=self.stack)
        self.plenary.reveal_changed.connect(self.set_revealed)
        self.stack.addWidget(self.plenary)
        self.gate = FacilitatorGate(self, theme, session, area_parent=self.stack,
                                    problems=lambda: list(self.problems),
                                    open_area=self._open_area)
        self.gate.unlocked.connect(self.open_facilitator)
        self.gate.closed.connect(self.close_facilitator)
        self.gate.leave_requested.connect(self.leave)
        self.gate.settings_changed.connect(self.settings_changed)
        self.frame: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(PROGRESS_MS)
        self.timer.timeout.connect(self.refresh_if_moved)
        self.refresh()

    @property
    def keyboard(self) -> OnScreenKeyboard | None:
        return None if self.keyboard_dock is None else self.keyboard_dock.keyboard

    # ----- the plenary screen
    def _title(self) -> str:
        return f"{self.session.workshop.label} · plenary"

    def set_revealed(self, revealed: bool) -> None:
        self.revealed = revealed
        self.refresh()

    def refresh(self) -> None:
        from kiosk.analysis.plenary import TableProgress, build_plenary

        workshop_id = self.session.settings.workshop_id
        # The workshop's own lens sequence: what the tables are doing, one panel a step.
        steps = {(step.deck.id, step.lens.id) for step in self.session.steps}
        records = self.feed.rankings(workshop_id, steps)
        notes = [p for p in (TableProgress.from_doc(d) for d in self.room.progress_docs())
                 if p is not None and (not workshop_id or not p.workshop_id
                                       or p.workshop_id == workshop_id)]
        catalog = self.session.catalog
        lenses = {step.lens.id: step.lens.title for step in self.session.steps}
        for lens_id, lens in catalog.lenses.items():
            lenses.setdefault(lens_id, lens.title)
        decks = {deck_id: [(c.id, c.title) for c in catalog.decks[deck_id].cards]
                 for deck_id in catalog.decks.ids()}
        # The workshop's case-study poll runs, of polls this hub knows (the poll panels).
        runs = self.feed.poll_runs(workshop_id, catalog.polls)
        # Every kiosk the facilitator accepted is a table of the room: auto-reveal waits
        # for it even before its first progress note arrives.
        members = [(p.kiosk_id, p.label) for p in self.room.config.kiosks]
        view = build_plenary(records, notes, lenses, decks, self.revealed, poll_runs=runs,
                             polls=catalog.polls, members=members)
        self.plenary.title.set_text(self._title())
        self.plenary.show_view(view)

    def refresh_if_moved(self) -> None:
        docs = self.room.progress_docs()
        if docs != self._progress_seen:
            self._progress_seen = docs
            self.refresh()

    def rankings_arrived(self, _ids: list) -> None:
        """Rankings or poll runs arrived (the room link): the plenary screen follows."""
        self.refresh()

    # ----- the facilitator, behind the PIN
    def _open_area(self, parent: QWidget) -> QWidget:
        return self._area_factory(parent)

    def open_facilitator(self) -> None:
        frame = self.gate.open_area()
        self.stack.addWidget(frame)
        self.stack.setCurrentWidget(frame)
        self.frame = frame

    def close_facilitator(self) -> None:
        frame = self.gate.close_area()
        self.stack.setCurrentWidget(self.plenary)
        if frame is not None:
            self.stack.removeWidget(frame)
            frame.deleteLater()
        self.frame = None
        self.refresh()

    def settings_changed(self) -> None:
        self.session.reload()
        self.gate.reload_pin()
        self.refresh()

    def leave(self) -> None:
        self.left.emit()

    def start(self) -> None:
        self.gate.watch()
        self.timer.start()

    def show_full_screen(self, screen: Any) -> None:
        """Frameless over the whole screen (a projector); without a window manager the
        full-screen request alone is not acted on, so the geometry is given too."""
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.kiosk_mode = True
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()

    # ----- Qt's events
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.keyboard_dock is not None:
            self.keyboard_dock.detach()
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.keyboard_dock is not None:
            self.keyboard_dock.fit(event.size())
