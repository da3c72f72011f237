"""The kiosk's main window. It composes the shell's parts and holds no flow of its own:

- `flow.TableFlow` — which screen comes next (start → board → criteria → saved, for each
  lens of the sequence; parking on idle; the facilitator's area), with no Qt in it;
- `screens.TableScreens` — the stack of the table's screens, filled from the session;
- `idle_guard.IdleGuard` — the idle countdown while a ranking is on screen;
- `facilitator_gate.FacilitatorGate` — the hidden corner hold, the PIN pad and the
  facilitator's area behind it;
- `kiosk_mode.KioskMode` — full screen, frameless, and closed only by "Leave kiosk";
- `keyboard_dock.KeyboardDock` — the on-screen keyboard below the screens;
- `first_frame.FirstFrame` — what waits until the start screen is on screen.

The window talks to the table's session (kiosk.services.table_session), never to the store.

Until its first frame is on screen the window touches none of PySide6's `Qt` enums: their
first use builds the Python enums of the whole `Qt` namespace, which would hold up that
frame (benchmarks/README.md). The start screen, the keyboard's strip and kiosk mode's
window flags therefore get their enum values by name (`kiosk.ui.enum_property`), and what
needs `Qt` enums — the widget's own record of those flags and the mouse pointer over the
start screen's buttons — is done a moment after the first frame (`_after_first_frame`),
once the window system has had its turn to put it on screen. Every screen built later uses
the typed enums. tests/test_shell_startup.py checks this.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.services.table_session import TableSession
from kiosk.ui.shell.corner import HOLD_MS
from kiosk.ui.shell.facilitator_gate import AreaFactory, FacilitatorGate
from kiosk.ui.shell.first_frame import FirstFrame
from kiosk.ui.shell.flow import TableFlow
from kiosk.ui.shell.idle_guard import IdleGuard
from kiosk.ui.shell.keyboard import virtual_keyboard_wanted
from kiosk.ui.shell.kiosk_mode import KioskMode
from kiosk.ui.shell.screens import BoardFactory, TableScreens, default_board_factory
from kiosk.ui.shell.style import shell_css
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.ui.shell.corner import CornerHold
    from kiosk.ui.shell.criteria_screen import CriteriaScreen
    from kiosk.ui.shell.facilitator_frame import FacilitatorFrame
    from kiosk.ui.shell.idle import CountdownOverlay, IdleWatch
    from kiosk.ui.shell.keyboard import OnScreenKeyboard
    from kiosk.ui.shell.keyboard_dock import KeyboardDock
    from kiosk.ui.shell.pin_pad import PinPad
    from kiosk.ui.shell.saved_screen import SavedScreen
    from kiosk.ui.shell.start_screen import StartScreen


class KioskWindow(QWidget):
    left = Signal()  # the facilitator chose "Leave kiosk": the window has closed
    screen_changed = Signal(str)
    first_frame_shown = Signal()  # the first screen has been painted
    started = Signal()  # ... and what was left for after it is done too

    def __init__(self, session: TableSession, theme: Theme, *, open_facilitator: AreaFactory,
                 kiosk_mode: bool = True,
                 problems: Sequence[str] = (),
                 board_factory: BoardFactory = default_board_factory,
                 idle_ms: int | None = None, countdown_s: int | None = None,
                 tick_ms: int = 1000, hold_ms: int = HOLD_MS,
                 monotonic: Callable[[], float] = time.monotonic,
                 keyboard: bool | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.theme = theme
        self.problems = list(problems)
        self.setObjectName("KioskWindow")
        self.setWindowTitle(f"Deliberation kiosk — {session.heading}")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # the screen decides the size; no minimum is pushed onto the window (which a
        # full-screen kiosk cannot honour, and the offscreen platform warns about)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.screens = TableScreens(self, session, theme, problems=self.all_problems,
                                    shown=self.screen_changed.emit,
                                    board_factory=board_factory)
        layout.addWidget(self.screens.stack, 1)
        self.keyboard_dock: KeyboardDock | None = None
        if keyboard if keyboard is not None else virtual_keyboard_wanted():
            from kiosk.ui.shell.keyboard_dock import KeyboardDock

            self.keyboard_dock = KeyboardDock(self, layout, self.screens)

        self.mode = KioskMode(self, kiosk_mode)
        self.idle_guard = IdleGuard(self, theme, session, expired=self.park, idle_ms=idle_ms,
                                    countdown_s=countdown_s, tick_ms=tick_ms)
        self.facilitator_gate = FacilitatorGate(
            self, theme, session, area_parent=self.screens.stack, problems=self.all_problems,
            open_area=open_facilitator, hold_ms=hold_ms, monotonic=monotonic)
        gate = self.facilitator_gate
        gate.unlocked.connect(self.open_facilitator)
        gate.closed.connect(self.close_facilitator)
        gate.leave_requested.connect(self.leave)
        gate.settings_changed.connect(self._settings_changed)
        self.flow = TableFlow(session, self.screens, self.idle_guard, gate)
        self.screens.follow(self.flow)
        self.first_frame = FirstFrame(self, after_show=gate.watch,
                                      frame_shown=self.first_frame_shown.emit,
                                      after_frame=self._after_first_frame)
        self.flow.to_start()
        # Styled once the start screen is built: one pass over the widgets, not one per
        # widget added.
        self.setStyleSheet(shell_css(theme))

    # ----- the parts, for the app and the tests
    @property
    def screen_name(self) -> str:
        return self.flow.screen

    @property
    def kiosk_mode(self) -> bool:
        return self.mode.enabled

    @kiosk_mode.setter
    def kiosk_mode(self, enabled: bool) -> None:
        self.mode.enabled = enabled

    @property
    def start_screen(self) -> StartScreen:
        return self.screens.start_screen

    @property
    def board(self) -> QWidget | None:
        return self.screens.board

    @property
    def criteria_screen(self) -> CriteriaScreen:
        return self.screens.criteria_screen

    @property
    def saved_screen(self) -> SavedScreen:
        return self.screens.saved_screen

    @property
    def keyboard(self) -> OnScreenKeyboard | None:
        return None if self.keyboard_dock is None else self.keyboard_dock.keyboard

    @property
    def idle(self) -> IdleWatch:
        return self.idle_guard.watch

    @property
    def countdown(self) -> CountdownOverlay:
        return self.idle_guard.watch.overlay

    @property
    def corner(self) -> CornerHold:
        return self.facilitator_gate.corner

    @property
    def pin_pad(self) -> PinPad:
        return self.facilitator_gate.pin_pad

    @property
    def facilitator(self) -> FacilitatorFrame | None:
        return self.facilitator_gate.frame

    def all_problems(self) -> list[str]:
        return self.problems + [p for p in self.session.problems if p not in self.problems]

    # ----- what the app and the parts ask of the window
    def show_start(self) -> None:
        self.flow.to_start()

    def park(self) -> None:
        """Put the ranking aside as a draft (nothing lost) and return to the start screen."""
        self.flow.park()

    def open_facilitator(self) -> None:
        self.flow.open_facilitator()

    def close_facilitator(self) -> None:
        self._settings_changed()
        self.flow.close_facilitator()

    def _settings_changed(self) -> None:
        self.session.reload()
        if self.facilitator is not None:  # what the banner reports may have been fixed
            self.facilitator.show_notes(self.all_problems(), self.session.setup_hint)
        self.facilitator_gate.reload_pin()
        self.idle_guard.settings_changed()

    def leave(self) -> None:
        """The facilitator (behind the PIN) chose to leave: the only way out in kiosk mode."""
        self.mode.leave()

    # ----- Qt's events
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.mode.allows_close():
            event.ignore()  # Alt+F4 or a window manager's close: the kiosk stays
            return
        self.flow.closing()
        self.idle_guard.detach()
        self.facilitator_gate.detach()
        if self.keyboard_dock is not None:
            self.keyboard_dock.detach()
        event.accept()
        self.left.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.mode.is_closing_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.mode.window_shown()
        self.first_frame.shown()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        self.first_frame.painted()

    def _after_first_frame(self) -> None:
        """What could wait until the start screen was on screen (see the module's note)."""
        self.mode.first_frame_passed()
        self.start_screen.finish()
        self.started.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.keyboard_dock is not None:
            self.keyboard_dock.fit(event.size())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1366, 768)
