"""The shell around the table's board: start screen, criteria screen, saved screen, the
PIN pad and the facilitator's area behind it, the idle countdown, the on-screen keyboard and
kiosk mode.

The facilitator's way in is hidden from tables: hold a finger (or the mouse button) in the
top-left corner of the screen for two seconds; the PIN pad opens. The first time, it asks
for a new PIN (typed twice); after five wrong tries it locks for a minute.
"""

from kiosk.ui.shell.window import KioskWindow

__all__ = ["KioskWindow"]
