"""The facilitator's way in: the hidden corner hold opens the PIN pad, and the right PIN
opens the facilitator's area (with any start-up problems above it). Nothing behind the PIN
is built, or imported, before it is needed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from kiosk.services.table_session import TableSession
from kiosk.ui.shell.corner import HOLD_MS, CornerHold
from kiosk.ui.theme import Theme

if TYPE_CHECKING:
    from kiosk.domain.pin import PinGate
    from kiosk.ui.shell.facilitator_frame import FacilitatorFrame
    from kiosk.ui.shell.pin_pad import PinPad

AreaFactory = Callable[[QWidget], QWidget]  # (parent) -> the facilitator's area
CORNER_PX = 110  # the corner's side, before the theme's touch scaling


@runtime_checkable
class AreaSignals(Protocol):
    """The signals of the facilitator's area (and of its placeholder) the gate passes on."""

    @property
    def closed(self) -> SignalInstance: ...
    @property
    def quit_requested(self) -> SignalInstance: ...
    @property
    def settings_changed(self) -> SignalInstance: ...


class FacilitatorGate(QObject):
    """The corner hold, the PIN pad and the facilitator's area; the flow's
    `FacilitatorDoor`. The area's own requests come out as this gate's signals."""

    unlocked = Signal()  # the right PIN (or a new one, typed twice)
    closed = Signal()  # the facilitator went back to the table
    leave_requested = Signal()  # ... or chose "Leave kiosk"
    settings_changed = Signal()

    def __init__(self, window: QWidget, theme: Theme, session: TableSession, *,
                 area_parent: QWidget, problems: Callable[[], list[str]],
                 open_area: AreaFactory, hold_ms: int = HOLD_MS,
                 monotonic: Callable[[], float] = time.monotonic):
        super().__init__(window)
        self._window = window
        self._theme = theme
        self._session = session
        self._area_parent = area_parent
        self._open_area = open_area
        self._problems = problems
        self._monotonic = monotonic
        self._gate: PinGate | None = None
        self._pin_pad: PinPad | None = None
        self.frame: FacilitatorFrame | None = None  # while the facilitator's area is open
        self.corner = CornerHold(window, theme.touch(CORNER_PX), hold_ms)
        self.corner.held.connect(self.open_pin_pad)

    @property
    def gate(self) -> PinGate:
        """Counts wrong PINs, kept in the store (closing the pad, or restarting the kiosk,
        does not reset a lock-out)."""
        if self._gate is None:
            self._gate = self._session.pin_gate(self._monotonic)
        return self._gate

    @property
    def pin_pad(self) -> PinPad:
        if self._pin_pad is None:
            from kiosk.ui.shell.pin_pad import PinPad

            self._pin_pad = PinPad(self._window, self._theme, self.gate,
                                   self._session.set_pin)
            self._pin_pad.unlocked.connect(self.unlocked)
        return self._pin_pad

    @property
    def pad_open(self) -> bool:
        return self._pin_pad is not None and self._pin_pad.isVisible()

    def open_pin_pad(self) -> None:
        if self.frame is not None or self.pad_open:
            return
        self.gate.stored = self._session.pin_hash
        self.pin_pad.open()

    def watch(self) -> None:
        """Watch the corner (from just after the first frame)."""
        self.corner.watch()

    def reload_pin(self) -> None:
        """The PIN may have been changed in the facilitator's area."""
        if self._gate is not None:
            self._gate.stored = self._session.pin_hash

    def detach(self) -> None:
        self.corner.detach()

    # ----- FacilitatorDoor
    def close_pad(self) -> None:
        if self._pin_pad is not None:
            self._pin_pad.close_pad()

    def open_area(self) -> FacilitatorFrame:
        """The facilitator's area in its frame; the corner is not watched meanwhile."""
        self.corner.enabled = False
        area = self._make_area()
        assert isinstance(area, AreaSignals)  # FacilitatorArea and its placeholder both are
        from kiosk.ui.shell.facilitator_frame import FacilitatorFrame

        frame = FacilitatorFrame(self._theme, area, self._problems(), self._area_parent,
                                 hint=self._session.setup_hint)
        area.closed.connect(self.closed)
        area.quit_requested.connect(self.leave_requested)
        area.settings_changed.connect(self.settings_changed)
        self.frame = frame
        return frame

    def close_area(self) -> FacilitatorFrame | None:
        frame, self.frame = self.frame, None
        self.corner.enabled = True
        return frame

    def _make_area(self) -> QWidget:
        from kiosk.ui.shell.facilitator_frame import FacilitatorPlaceholder

        try:
            return self._open_area(self._area_parent)
        except Exception as exc:  # noqa: BLE001 - behind the PIN: a message, never a traceback
            return FacilitatorPlaceholder(self._theme, f"The facilitator's area could not "
                                          f"open: {exc}")
