"""The facilitator's PIN pad: big digits over a dimmed screen.

On first use it asks for a new PIN twice and stores only its salted scrypt hash (through the
`store_pin` callback, i.e. the table session). After five wrong tries the pad locks for a
minute and counts the seconds down where everyone can see them.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.pin import MAX_TRIES, PinGate
from kiosk.ui.shell.overlay import Overlay
from kiosk.ui.shell.widgets import button, label
from kiosk.ui.theme import Theme

MIN_DIGITS = 4
MAX_DIGITS = 12
CHOOSE_PROMPT = (f"{MIN_DIGITS} to {MAX_DIGITS} digits. It guards the facilitator's area and "
                 "leaving the kiosk.")
AGAIN_PROMPT = "Type it again to be sure."
ENTER_PROMPT = "Type the PIN to open the facilitator's area."
DIFFERENT = "The two PINs were different. Please start again."


def _wrong_text(left: int) -> str:
    return f"That PIN is not right. {left} {'try' if left == 1 else 'tries'} left."


def pin_not_saved(told: str) -> str:
    """The new PIN could not be written: `told` says why, naming the folder."""
    return f"The PIN could not be saved: {told} Please free some space, then choose it again."


PIN_NOT_SAVED = pin_not_saved("The kiosk's data folder is full.")  # its height, reserved
# The tries could not be written (a full disk): they still count, the pad says so in the
# gate's words, which name the folder (kiosk.services.pin_choice.keep_tries).
NOT_KEPT = ("The kiosk's data folder is full. The wrong PIN tries are counted, but a restart "
            "would forget them.")


def _locked_text(seconds: int) -> str:
    return f"Too many wrong tries. The pad is locked — try again in {seconds} s."


class PinPad(Overlay):
    unlocked = Signal()  # the right PIN (or a new one, typed twice)
    cancelled = Signal()

    def __init__(self, host: QWidget, theme: Theme, gate: PinGate,
                 store_pin: Callable[[str], dict], tick_ms: int = 250):
        super().__init__(host, dim=170)
        self.theme = theme
        self.gate = gate
        self._store_pin = store_pin
        self._entry = ""
        self._first: str | None = None  # the new PIN's first typing, while setting one
        self._quieted: list[QLabel] = []  # the screens' warnings hidden while the pad is up
        self.setObjectName("PinPad")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        px, t = theme.px, theme.touch

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QWidget(self)
        card.setObjectName("PinPadCard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card.setFixedWidth(max(px(640), t(104) * 3 + px(14) * 2 + px(88)))
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)

        column = QVBoxLayout(card)
        column.setContentsMargins(px(44), px(32), px(44), px(32))
        column.setSpacing(px(14))
        centre = Qt.AlignmentFlag.AlignCenter
        self.title = label("", "title", card, align=centre)
        self.prompt = label("", "body", card, align=centre)
        self.dots = label("", "display", card, wrap=False, align=centre)
        self.dots.setMinimumHeight(t(72))
        self.message = label("", "warn", card, align=centre)
        for widget in (self.title, self.prompt, self.dots, self.message):
            column.addWidget(widget)

        grid = QGridLayout()
        grid.setSpacing(px(14))
        self.digits: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            self.digits[digit] = self._digit(digit, card)
            grid.addWidget(self.digits[digit], index // 3, index % 3)
        self.erase_button = button("⌫", "digit", card, "PinErase")
        self.erase_button.setToolTip("Remove the last digit")
        self.erase_button.clicked.connect(self._erase)
        self.digits["0"] = self._digit("0", card)
        self.ok_button = button("OK", "primary", card, "PinOk")
        self.ok_button.setMinimumSize(t(104), t(88))
        self.ok_button.clicked.connect(self._submit)
        grid.addWidget(self.erase_button, 3, 0)
        grid.addWidget(self.digits["0"], 3, 1)
        grid.addWidget(self.ok_button, 3, 2)
        column.addLayout(grid)
        self.cancel_button = button("Cancel", "quiet", card, "PinCancel")
        self.cancel_button.clicked.connect(self._cancel)
        column.addWidget(self.cancel_button)
        # The keys stay where the finger is: the prompt and the message keep the height of
        # their longest text, whatever they say now (choosing, confirming, a wrong try).
        inner = card.width() - px(44) * 2
        self._reserve(self.prompt, (CHOOSE_PROMPT, AGAIN_PROMPT, ENTER_PROMPT), inner)
        self._reserve(self.message, (DIFFERENT, _wrong_text(MAX_TRIES), _locked_text(60),
                                     f"{_wrong_text(MAX_TRIES)}\n{NOT_KEPT}", PIN_NOT_SAVED),
                      inner)

        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_ms)
        self._ticker.timeout.connect(self.refresh)

    @staticmethod
    def _reserve(widget: QLabel, texts: tuple[str, ...], width: int) -> None:
        widget.ensurePolished()  # the style sheet's font
        metrics = widget.fontMetrics()
        flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        height = max(metrics.boundingRect(QRect(0, 0, width, 10_000), flags, text).height()
                     for text in texts)
        widget.setProperty("reserved", height)
        widget.setProperty("inner", width)
        widget.setMinimumHeight(height)

    def _say(self, text: str) -> None:
        """The message, whole: a longer one than reserved (a long folder's name) makes the
        card taller rather than lose its lines."""
        self.message.setText(text)
        metrics = self.message.fontMetrics()
        flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        need = metrics.boundingRect(QRect(0, 0, int(self.message.property("inner")), 10_000),
                                    flags, text).height()
        self.message.setMinimumHeight(max(int(self.message.property("reserved")), need))

    def _digit(self, digit: str, parent: QWidget) -> QPushButton:
        widget = button(digit, "digit", parent, f"PinDigit{digit}")
        widget.clicked.connect(lambda: self.press(digit))
        return widget

    # ----- opening and closing
    @property
    def setting(self) -> bool:
        return self.gate.needs_setting

    def _not_kept(self) -> str:
        """The gate's words for tries it could not write (a full disk), on a line of their
        own; nothing when they were written."""
        problem = self.gate.keep_problem
        return f"\n{problem}" if problem else ""

    def open(self) -> None:
        self._entry = ""
        self._first = None
        self.message.setText("")
        # One message at a time: the pad's own. A screen's warning behind it (a save that
        # hit a full disk) waits until the pad closes, so a wrong try on that disk is not
        # said a second time over it.
        host = self.parentWidget()
        self._quieted = [w for w in host.findChildren(QLabel)
                         if w.property("shell") == "warn" and w.isVisible()
                         and not self.isAncestorOf(w)] if host is not None else []
        for widget in self._quieted:
            widget.hide()
        super().open()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._ticker.start()
        self.refresh()

    def close_pad(self) -> None:
        self._ticker.stop()
        self._entry = ""
        self._first = None
        self.hide()
        for widget in self._quieted:
            if widget.text():
                widget.show()
        self._quieted = []

    def _cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    # ----- typing
    def press(self, digit: str) -> None:
        if self.gate.seconds_locked() > 0 or len(self._entry) >= MAX_DIGITS:
            return
        self._entry += digit
        if not self._first:
            self.message.setText("")
        self.refresh()

    def _erase(self) -> None:
        self._entry = self._entry[:-1]
        self.refresh()

    def enter(self, pin: str) -> None:
        """Type a whole PIN and press OK (the keyboard path, and tests)."""
        self._entry = ""
        for digit in pin:
            self.press(digit)
        self._submit()

    def _submit(self) -> None:
        if len(self._entry) < MIN_DIGITS or self.gate.seconds_locked() > 0:
            return
        pin, self._entry = self._entry, ""
        if self.setting:
            self._set_step(pin)
        elif self.gate.attempt(pin):
            self.close_pad()
            self.unlocked.emit()
            return
        else:
            left = MAX_TRIES - self.gate.failures
            if self.gate.seconds_locked() > 0:
                self.message.setText("")
            else:
                self._say(f"That PIN is not right. {left} "
                          f"{'try' if left == 1 else 'tries'} left." + self._not_kept())
        self.refresh()

    def _set_step(self, pin: str) -> None:
        if self._first is None:
            self._first = pin
            self.message.setText("")
            return
        if pin != self._first:
            self._first = None
            self.message.setText(DIFFERENT)
            return
        from kiosk.services.failures import save_failures
        from kiosk.services.table_session import describe_store_failure

        try:
            self.gate.stored = self._store_pin(pin)
        except save_failures() as exc:  # a full or read-only disk: said, nothing is opened
            self._first = None
            told = describe_store_failure(exc)
            print(f"kiosk: the new PIN could not be saved: {told}", file=sys.stderr)
            self._say(pin_not_saved(told))
            return
        self.gate.failures = 0
        self.close_pad()
        self.unlocked.emit()

    # ----- showing
    def refresh(self) -> None:
        locked = self.gate.seconds_locked()
        if self.gate.lost:
            self.title.setText("The PIN cannot be checked")
            self.prompt.setText("This kiosk's settings file was damaged and its PIN could not "
                                "be recovered. To set a new PIN, stop the kiosk and, at its "
                                "keyboard, run:  kiosk set-pin")
            self.dots.setText("")
            for widget in (*self.digits.values(), self.erase_button, self.ok_button):
                widget.setEnabled(False)
            return
        if self.setting:
            self.title.setText("Choose a facilitator PIN")
            self.prompt.setText(AGAIN_PROMPT if self._first else CHOOSE_PROMPT)
        else:
            self.title.setText("Facilitator")
            self.prompt.setText(ENTER_PROMPT)
        if locked > 0:
            seconds = math.ceil(locked)
            self._say(_locked_text(seconds) + self._not_kept())
        elif self.message.text().startswith("Too many"):
            self.message.setText("")
        shown = "●" * len(self._entry)
        self.dots.setText(shown or "·  ·  ·  ·")
        self.dots.setStyleSheet("" if shown else "color: #A39C90;")
        for widget in self.digits.values():
            widget.setEnabled(locked <= 0)
        self.erase_button.setEnabled(locked <= 0 and bool(self._entry))
        self.ok_button.setEnabled(locked <= 0 and len(self._entry) >= MIN_DIGITS)
        self.ok_button.setText("Next" if self.setting and self._first is None else "OK")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        text = event.text()
        if text and text.isdigit():
            self.press(text)
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._erase()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        event.accept()  # nothing typed here reaches the window (not even Escape)
