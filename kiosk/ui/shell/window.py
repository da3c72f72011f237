"""The kiosk's main window: start screen → board → criteria → saved, for each lens of the
sequence; the idle countdown; the hidden corner hold that opens the PIN pad; the
facilitator's area behind it; and kiosk mode, in which nothing but the facilitator's
"Leave kiosk" closes the window.

The window talks to the table's session (kiosk.services.table_session), never to the store.

Until its first frame is on screen the window touches none of PySide6's `Qt` enums: their
first use builds the Python enums of the whole `Qt` namespace (≈ 17 ms, a tenth of a bare
window's start-up). Kiosk mode's window flags are therefore given to the native window by
name, and what needs `Qt` enums — the widget's own record of those flags and the mouse
pointer over the start screen's buttons — is done a moment after the first frame
(`_after_first_frame`), once the window system has had its turn to put it on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.services.table_session import TableSession
from kiosk.ui.shell.corner import HOLD_MS, CornerHold
from kiosk.ui.shell.keyboard import OnScreenKeyboard, virtual_keyboard_wanted
from kiosk.ui.shell.start_screen import LensTile, StartScreen
from kiosk.ui.shell.style import shell_css
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.domain.pin import PinGate
    from kiosk.ui.shell.criteria_screen import CriteriaScreen
    from kiosk.ui.shell.facilitator_frame import FacilitatorFrame
    from kiosk.ui.shell.idle import CountdownOverlay, IdleWatch
    from kiosk.ui.shell.pin_pad import PinPad
    from kiosk.ui.shell.saved_screen import SavedScreen

BoardFactory = Callable[..., QWidget]  # (ranking, deck, lens, theme, parent) -> board
AreaFactory = Callable[[QWidget], QWidget]  # (parent) -> the facilitator's area
CORNER_WATCH_DELAY_MS = 300
AFTER_FIRST_FRAME_MS = 30
# Widgets that take typed text (focus on one of them calls up the on-screen keyboard); by
# class name, which costs nothing at start-up, unlike importing their Python types
TEXT_FIELDS = ("QLineEdit", "QPlainTextEdit", "QTextEdit", "QAbstractSpinBox")
# Kiosk mode: no frame, above other windows (Qt.WindowType keys, for QWindow's "flags")
KIOSK_WINDOW_FLAGS = "Window|FramelessWindowHint|WindowStaysOnTopHint"


def default_board_factory(*args: Any) -> QWidget:
    from kiosk.ui.board import BoardWidget

    return BoardWidget(*args)


class KioskWindow(QWidget):
    left = Signal()  # the facilitator chose "Leave kiosk": the window has closed
    screen_changed = Signal(str)
    first_frame_shown = Signal()  # the first screen has been painted
    started = Signal()  # ... and what was left for after it is done too

    def __init__(self, session: TableSession, theme: Theme, *, kiosk_mode: bool = True,
                 open_facilitator: AreaFactory | None = None,
                 problems: Sequence[str] = (),
                 board_factory: BoardFactory = default_board_factory,
                 idle_ms: int | None = None, countdown_s: int | None = None,
                 tick_ms: int = 1000, hold_ms: int = HOLD_MS,
                 monotonic: Callable[[], float] = time.monotonic,
                 keyboard: bool | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.theme = theme
        self.kiosk_mode = kiosk_mode
        self.problems = list(problems)
        self._open_facilitator = open_facilitator
        self._board_factory = board_factory
        self._idle_override = idle_ms
        self._leaving = False
        self.board: QWidget | None = None
        self.facilitator: FacilitatorFrame | None = None
        self.setObjectName("KioskWindow")
        self.setWindowTitle(f"Deliberation kiosk — {session.heading}")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # the screen decides the size; no minimum is pushed onto the window (which a
        # full-screen kiosk cannot honour, and the offscreen platform warns about)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.start_screen = StartScreen(theme, self.stack)
        self.board_page = QWidget(self.stack)
        self._board_layout = QVBoxLayout(self.board_page)
        self._board_layout.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.start_screen)
        self.stack.addWidget(self.board_page)
        # Built on first use, so the start screen appears sooner (see benchmarks/startup.py).
        self._criteria: CriteriaScreen | None = None
        self._saved: SavedScreen | None = None
        self._pin_pad: PinPad | None = None
        self._idle: IdleWatch | None = None
        self._idle_options = (countdown_s, tick_ms)

        self.keyboard: OnScreenKeyboard | None = None
        if keyboard if keyboard is not None else virtual_keyboard_wanted():
            self.keyboard = OnScreenKeyboard(self)
            layout.addWidget(self.keyboard)
            self.keyboard.shown.connect(self._keyboard_shown)
            self.keyboard.hidden.connect(self._keyboard_hidden)
            QApplication.instance().focusChanged.connect(self._focus_changed)

        self._monotonic = monotonic
        self._gate: PinGate | None = None
        self.corner = CornerHold(self, theme.touch(110), hold_ms)
        self.corner.held.connect(self.open_pin_pad)
        self._shown_once = False
        self._painted_once = False

        self.start_screen.start_requested.connect(self._start)
        self.start_screen.continue_requested.connect(self._continue)
        self.start_screen.fresh_requested.connect(self._start)
        self.show_start()
        # Styled once the start screen is built: one pass over the widgets, not one per
        # widget added.
        self.setStyleSheet(shell_css(theme))

    # ----- the parts built on first use
    @property
    def criteria_screen(self) -> CriteriaScreen:
        if self._criteria is None:
            from kiosk.ui.shell.criteria_screen import CriteriaScreen

            screen = CriteriaScreen(self.theme, self.stack)
            screen.changed.connect(self.session.save_draft)
            screen.back_requested.connect(self._back_to_board)
            screen.save_requested.connect(self._save)
            self.stack.addWidget(screen)
            self._criteria = screen
        return self._criteria

    @property
    def saved_screen(self) -> SavedScreen:
        if self._saved is None:
            from kiosk.ui.shell.saved_screen import SavedScreen

            screen = SavedScreen(self.theme, self.stack)
            screen.next_requested.connect(self.show_board)
            screen.finished.connect(self.show_start)
            self.stack.addWidget(screen)
            self._saved = screen
        return self._saved

    @property
    def gate(self) -> PinGate:
        """Counts wrong PINs for as long as the kiosk runs (closing the pad does not reset
        a lock-out)."""
        if self._gate is None:
            from kiosk.domain.pin import PinGate

            self._gate = PinGate(self.session.pin_hash, self._monotonic)
        return self._gate

    @property
    def pin_pad(self) -> PinPad:
        if self._pin_pad is None:
            from kiosk.ui.shell.pin_pad import PinPad

            self._pin_pad = PinPad(self, self.theme, self.gate, self.session.set_pin)
            self._pin_pad.unlocked.connect(self.open_facilitator)
        return self._pin_pad

    @property
    def idle(self) -> IdleWatch:
        if self._idle is None:
            from kiosk.ui.shell.idle import COUNTDOWN_S, CountdownOverlay, IdleWatch

            countdown_s, tick_ms = self._idle_options
            self._idle = IdleWatch(CountdownOverlay(self, self.theme), self._idle_ms(),
                                   countdown_s or COUNTDOWN_S, tick_ms)
            self._idle.expired.connect(self.park)
        return self._idle

    @property
    def countdown(self) -> CountdownOverlay:
        return self.idle.overlay

    # ----- which screen
    @property
    def screen_name(self) -> str:
        current = self.stack.currentWidget()
        for name, widget in (("start", self.start_screen), ("board", self.board_page),
                             ("criteria", self._criteria), ("saved", self._saved),
                             ("facilitator", self.facilitator)):
            if widget is not None and current is widget:
                return name
        return ""

    def _show(self, widget: QWidget, name: str) -> None:
        self.stack.setCurrentWidget(widget)
        self.screen_changed.emit(name)

    def _idle_ms(self) -> int:
        if self._idle_override is not None:
            return self._idle_override
        return self.session.idle_timeout_s * 1000

    def all_problems(self) -> list[str]:
        return self.problems + [p for p in self.session.problems if p not in self.problems]

    # ----- the table's flow
    def show_start(self) -> None:
        if self._idle is not None:
            self._idle.disarm()
        if self._pin_pad is not None:
            self._pin_pad.close_pad()
        self._drop_board()
        session = self.session
        tiles = [LensTile(s.lens.id, s.lens.title, s.lens.question, s.deck.title,
                          s.lens.most, s.lens.least, len(s.deck.cards))
                 for s in session.steps]
        draft = session.draft_info()
        notice = ""
        if not session.ready:
            notice = ("No deck or lens could be loaded, so there is nothing to rank yet. "
                      "A facilitator needs to look at the kiosk's files.")
        elif self.all_problems():
            notice = "⚠  Something needs a facilitator's attention (nothing at this table)."
        self.start_screen.show_state(session.heading, tiles, draft, session.ready, notice)
        self.setWindowTitle(f"Deliberation kiosk — {session.heading}")
        self._show(self.start_screen, "start")

    def _start(self) -> None:
        self.session.start_fresh()
        self.show_board()

    def _continue(self) -> None:
        from kiosk.domain.ranking import RankingError

        try:
            self.session.resume()
        except RankingError:
            self.show_start()  # the session now lists why; the start screen says so
            return
        if self.session.phase == "criteria":
            self.show_criteria()
        else:
            self.show_board()

    def show_board(self) -> None:
        session = self.session
        if session.ranking is None:
            self.show_start()
            return
        if self.board is None or self.board.ranking is not session.ranking:
            rotated = bool(self.board is not None and self.board.rotated)
            self._drop_board()
            step = session.step
            board = self._board_factory(session.ranking, step.deck, step.lens, self.theme,
                                        self.board_page)
            board.ranking_changed.connect(self._board_changed)
            board.done_requested.connect(self.show_criteria)
            if rotated:
                board.set_rotated(True)
            self._board_layout.addWidget(board)
            self.board = board
        else:
            self.board.refresh(animate=False)
        session.save_draft("board")
        self._show(self.board_page, "board")
        self.board.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        self.idle.arm()

    def _board_changed(self) -> None:
        self.session.save_draft()

    def _drop_board(self) -> None:
        if self.board is not None:
            self._board_layout.removeWidget(self.board)
            self.board.hide()
            self.board.setParent(None)
            self.board.deleteLater()
            self.board = None

    def show_criteria(self) -> None:
        session = self.session
        if session.ranking is None or not session.ranking.complete:
            self.show_board()
            return
        following = session.steps[session.step_index + 1].lens.title \
            if not session.is_last_step else None
        self.criteria_screen.load(session.ranking, session.step.lens, session.step_index + 1,
                                  len(session.steps), following)
        session.save_draft("criteria")
        self._show(self.criteria_screen, "criteria")
        self.idle.arm()

    def _back_to_board(self) -> None:
        self.show_board()

    def _save(self) -> None:
        session = self.session
        done = session.step.lens
        try:
            more = session.finish()
        except Exception as exc:  # noqa: BLE001 - a store error: a message, not a traceback
            self.criteria_screen.chosen_hint.setText(
                f"Could not save ({exc}). Nothing is lost: the ranking stays on this screen.")
            return
        if more:
            nxt = session.step.lens
            self.saved_screen.show_saved(done.title, (nxt.id, nxt.title, nxt.question))
            self.idle.arm()
        else:
            self.saved_screen.show_saved(done.title, None)
            self.idle.disarm()  # the saved screen returns to the start by itself
        self._show(self.saved_screen, "saved")

    def park(self) -> None:
        """Put the ranking aside as a draft (nothing lost) and return to the start screen."""
        if self.screen_name == "criteria":
            self.criteria_screen.commit_note()
        if self.session.ranking is not None:
            self.session.park()
        self.show_start()

    # ----- the facilitator
    def open_pin_pad(self) -> None:
        if self.facilitator is not None or (
                self._pin_pad is not None and self._pin_pad.isVisible()):
            return
        self.gate.stored = self.session.pin_hash
        self.pin_pad.open()

    def open_facilitator(self) -> None:
        if self.screen_name in ("board", "criteria", "saved"):
            self.park()
        if self._idle is not None:
            self._idle.disarm()
        self.corner.enabled = False
        area = self._make_area()
        from kiosk.ui.shell.facilitator_frame import FacilitatorFrame

        frame = FacilitatorFrame(self.theme, area, self.all_problems(), self.stack)
        area.closed.connect(self.close_facilitator)
        area.quit_requested.connect(self.leave)
        area.settings_changed.connect(self._settings_changed)
        self.facilitator = frame
        self.stack.addWidget(frame)
        self._show(frame, "facilitator")

    def _make_area(self) -> QWidget:
        from kiosk.ui.shell.facilitator_frame import FacilitatorPlaceholder

        if self._open_facilitator is None:
            return FacilitatorPlaceholder(self.theme, "The facilitator's area is not part of "
                                          "this version. From here you can go back to the "
                                          "table or leave the kiosk.")
        try:
            return self._open_facilitator(self.stack)
        except Exception as exc:  # noqa: BLE001 - behind the PIN: a message, never a traceback
            return FacilitatorPlaceholder(self.theme, f"The facilitator's area could not "
                                          f"open: {exc}")

    def _settings_changed(self) -> None:
        self.session.reload()
        if self._gate is not None:
            self._gate.stored = self.session.pin_hash
        if self._idle is not None:
            self._idle.set_idle_ms(self._idle_ms())

    def close_facilitator(self) -> None:
        frame, self.facilitator = self.facilitator, None
        self._settings_changed()
        self.corner.enabled = True
        self.show_start()
        if frame is not None:
            self.stack.removeWidget(frame)
            frame.deleteLater()

    # ----- leaving, and kiosk mode
    def leave(self) -> None:
        """The facilitator (behind the PIN) chose to leave: the only way out in kiosk mode."""
        self._leaving = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.kiosk_mode and not self._leaving:
            event.ignore()  # Alt+F4 or a window manager's close: the kiosk stays
            return
        if self.screen_name == "criteria":
            self.criteria_screen.commit_note()
        if self._idle is not None:
            self._idle.detach()
        self.corner.detach()
        if self.keyboard is not None:
            QApplication.instance().focusChanged.disconnect(self._focus_changed)
        event.accept()
        self.left.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Escape, Ctrl+Q, Ctrl+W and Alt+F4 mean "close" elsewhere; a table must not be able
        # to close the kiosk by accident, so they do nothing here.
        key = QtCore.Qt.Key
        if event.key() in (key.Key_Escape, key.Key_F4, key.Key_Q, key.Key_W):
            event.accept()
            return
        super().keyPressEvent(event)

    # ----- the on-screen keyboard
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.isAncestorOf(new):
            return
        # the type first: a button taking focus as the window opens must not be the first
        # use of the Qt enums (see the module's note)
        if any(map(new.inherits, TEXT_FIELDS)) and new.testAttribute(
                QtCore.Qt.WidgetAttribute.WA_InputMethodEnabled):
            self.keyboard.request()
        else:
            self.keyboard.dismiss()

    def _keyboard_shown(self) -> None:
        self.keyboard.fit(self.size())
        if self._criteria is not None:
            self._criteria.set_compact(True)
            self._criteria.ensure_visible(QApplication.focusWidget())

    def _keyboard_hidden(self) -> None:
        if self._criteria is not None:
            self._criteria.set_compact(False)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.kiosk_mode and self.isWindow():
            # The native window exists and is not on screen yet. Its flags are set by name
            # through QWindow's "flags" property (setWindowFlags would need the Qt enums and,
            # on a window already made, re-create it); the widget learns them after the
            # first frame.
            handle = self.windowHandle()
            if handle is not None:
                handle.setProperty("flags", KIOSK_WINDOW_FLAGS)
        if not self._shown_once:
            self._shown_once = True
            # after the first paint: nobody can have held the corner for two seconds yet
            QTimer.singleShot(CORNER_WATCH_DELAY_MS, self.corner.watch)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted_once:
            self._painted_once = True
            # queued: runs once this frame has been painted through and handed over
            QTimer.singleShot(0, self._first_frame)

    def _first_frame(self) -> None:
        self.first_frame_shown.emit()
        QTimer.singleShot(AFTER_FIRST_FRAME_MS, self._after_first_frame)

    def _after_first_frame(self) -> None:
        """What could wait until the start screen was on screen (see the module's note)."""
        if self.kiosk_mode and self.isWindow():
            # the widget's record, so that anything re-creating the native window keeps them
            kind = QtCore.Qt.WindowType
            self.overrideWindowFlags(kind.Window | kind.FramelessWindowHint
                                     | kind.WindowStaysOnTopHint)
        self.start_screen.finish()
        self.started.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.keyboard is not None:
            self.keyboard.fit(event.size())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1366, 768)
