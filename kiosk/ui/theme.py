"""The kiosk's look: one palette (Okabe–Ito, safe for colour-blind readers), type sizes and
touch-target sizes that scale with the screen, from 1366×768 up to 3840×2160.

Sizes are written for a 1920×1080 screen and scaled by `Theme.for_size`; touch targets never
drop below 48 px and about 9 mm, titles never below what reads from a metre away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

# Okabe–Ito palette; every use also carries a word or shape, colour is never the only cue.
LENS_COLOURS = {"benefit": "#0072B2", "risk": "#D55E00", "acceptability": "#009E73"}
INK = "#1B2430"
INK_SOFT = "#4A5565"
PAPER = "#F4EFE6"  # the table surface
CARD = "#FFFFFF"
TRAY = "#E6DFD2"
LINE = "#B9AE9B"
ACCENT = "#0B6E8E"
ACCENT_INK = "#FFFFFF"
WARN = "#B44B00"
OK = "#00734F"
FONT_FAMILY = "Noto Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif"

MIN_TOUCH_PX = 48
READABLE_PT = 13.5  # 18 px at 96 dpi: text read from a metre away


@dataclass(frozen=True, slots=True)
class Theme:
    """Sizes for one screen: `scale` against 1920×1080 and the screen's `dpi`. A value
    (never changed; `with_scale` makes another)."""

    scale: float = 1.0
    dpi: float = 96.0
    # No text under this (pt), whatever the screen or a caller's own minimum: a screen read
    # from a metre away (the compare dashboard's charts: READABLE_PT) asks for it.
    text_floor_pt: float = 0.0

    def with_scale(self, scale: float) -> Theme:
        return Theme(scale, self.dpi, self.text_floor_pt)

    def readable(self) -> Theme:
        """This theme with no text under 18 px (READABLE_PT) on any screen."""
        return Theme(self.scale, self.dpi, max(self.text_floor_pt, READABLE_PT))

    @classmethod
    def for_size(cls, width: int, height: int, dpi: float = 96.0) -> Theme:
        return cls(scale=max(0.6, min(width / 1920, height / 1080)), dpi=dpi or 96.0)

    def px(self, at_1080p: float) -> int:
        return max(1, round(at_1080p * self.scale))

    def touch(self, at_1080p: float = 72) -> int:
        """A touch target: scaled, but never under 48 px nor under ~9 mm."""
        nine_mm = 9 / 25.4 * self.dpi
        return max(MIN_TOUCH_PX, round(nine_mm), self.px(at_1080p))

    def pt(self, at_1080p: float, minimum: float = 12) -> float:
        return max(minimum, self.text_floor_pt, at_1080p * self.scale)

    def font(self, at_1080p: float, bold: bool = False, minimum: float = 12) -> QFont:
        from PySide6.QtGui import QFont  # not imported with the theme: the start screen
        # is styled by its sheet and never builds QFont's Python enums

        font = QFont()
        font.setFamilies(["Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"])
        font.setPointSizeF(self.pt(at_1080p, minimum))
        font.setBold(bold)
        return font

    @staticmethod
    def colour(name: str) -> QColor:
        return QColor(name)

    @staticmethod
    def lens_colour(lens_id: str) -> QColor:
        return QColor(LENS_COLOURS.get(lens_id, ACCENT))

    def button_css(self, fill: str = ACCENT, ink: str = ACCENT_INK, size_pt: float = 18) -> str:
        return (
            f"QPushButton {{ background: {fill}; color: {ink}; border: none;"
            f" border-radius: {self.px(14)}px; padding: {self.px(10)}px {self.px(24)}px;"
            f" min-height: {self.touch()}px; min-width: {self.touch()}px;"
            f" font-size: {self.pt(size_pt):.1f}pt; font-weight: 600; }}"
            f" QPushButton:disabled {{ background: #C9C2B5; color: #6B6458; }}"
            f" QPushButton:pressed {{ background: {INK}; }}"
        )
