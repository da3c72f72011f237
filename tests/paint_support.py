"""What a widget really paints: every QPainter.drawText while a block runs (no tests here)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QFontInfo, QFontMetrics, QPainter


@contextmanager
def texts_drawn() -> Iterator[list[tuple[str, int, int]]]:
    """(text, pixel size, painted width) of every non-blank drawText while inside."""
    seen: list[tuple[str, int, int]] = []
    original = QPainter.drawText

    def draw_text(painter, *args):
        text = next((a for a in args if isinstance(a, str)), "")
        if text.strip():
            seen.append((text, QFontInfo(painter.font()).pixelSize(),
                         QFontMetrics(painter.font()).horizontalAdvance(text)))
        return original(painter, *args)

    QPainter.drawText = draw_text
    try:
        yield seen
    finally:
        QPainter.drawText = original
