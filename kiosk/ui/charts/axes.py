"""Axes of the compare dashboard's charts: named rows or columns that stay legible however
many there are (`CategoryAxis`), names written over runs of columns (`GroupAxis`), and the
line breaking of long names for them (`wrap`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF

from kiosk.ui import theme as th


def wrap(text: str, width: int = 30, lines: int = 2) -> str:
    """Break a title into at most `lines` lines of about `width` characters (axis labels)."""
    words, out, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, width - 1)].rstrip() + "…"
    return "\n".join(out)


class CategoryAxis(pg.AxisItem):
    """An axis of named rows or columns at 1, 2, 3 …. When the labels do not fit, the compact
    labels (one line) are used; when those do not fit either, only every k-th is written,
    so a 100-table axis stays legible. An axis can follow a partner on the other side, so
    that both write the same rows and a reader never pairs labels of different rows."""

    def __init__(self, orientation: str, font: QFont, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._labels: list[str] = []
        self._compact: list[str] | None = None
        self._shown: list[str] = []
        self._font = font
        self.partner: CategoryAxis | None = None
        # Pixels each label's row or column takes at least (a heat map's column holds its
        # cell's number too): the chart asks for that much room.
        self.min_extent = 0.0
        self.setStyle(tickFont=font, autoExpandTextSpace=True, tickTextOffset=6)
        self.setTextPen(th.INK)
        self.setPen(pg.mkPen(th.INK_SOFT))

    def set_labels(self, labels: Sequence[str], compact: Sequence[str] | None = None) -> None:
        compact_list = list(compact) if compact is not None else None
        if list(labels) != self._labels or compact_list != self._compact:
            self._labels = list(labels)
            self._compact = compact_list
            self._reserve_text_space()
            self.picture = None
            self.update()

    def _reserve_text_space(self) -> None:
        """Make room for the labels now. Left alone, pyqtgraph widens an axis only after a
        first paint that skips every label too wide for it, so the first frame (and a
        chart drawn once for export) would show no labels at all."""
        metrics = QFontMetricsF(self._font)
        texts = self._labels + (self._compact or [])
        if self.orientation in ("left", "right"):
            widest = max((metrics.horizontalAdvance(line) for lab in texts
                          for line in lab.split("\n")), default=0.0)
            self._updateMaxTextSize(int(widest + 2))
        else:
            lines = max((lab.count("\n") + 1 for lab in texts), default=1)
            self._updateMaxTextSize(int(metrics.height() * lines * 0.8 + 2))

    @property
    def labels(self) -> list[str]:
        return self._labels

    def _extent(self, labels: Sequence[str]) -> float:
        metrics = QFontMetricsF(self._font)
        if self.orientation in ("left", "right"):
            lines = max((lab.count("\n") + 1 for lab in labels), default=1)
            return max(self.min_extent, metrics.lineSpacing() * lines + 4)
        widest = max((metrics.horizontalAdvance(line) for lab in labels
                      for line in lab.split("\n")), default=10)
        return max(self.min_extent, widest + metrics.averageCharWidth())

    def _fit(self, per_label: float) -> tuple[int, list[str]]:
        """(every how many labels to write, which labels) for `per_label` pixels each."""
        step = max(1, math.ceil(self._extent(self._labels) / max(per_label, 1e-6)))
        if step > 1 and self._compact:
            compact_step = max(1, math.ceil(self._extent(self._compact) / max(per_label, 1e-6)))
            return compact_step, self._compact
        return step, self._labels

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802 (Qt name)
        count = len(self._labels)
        if count == 0 or size <= 0:
            return []
        per_label = size / max(1.0, abs(maxVal - minVal))
        step, self._shown = self._fit(per_label)
        if self.partner is not None and len(self.partner.labels) == count:
            step = max(step, self.partner._fit(per_label)[0])
        low, high = min(minVal, maxVal), max(minVal, maxVal)
        values = [float(i) for i in range(1, count + 1, step) if low - 0.01 <= i <= high + 0.01]
        return [(float(step), values)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (Qt name)
        shown = self._shown or self._labels
        out = []
        for v in values:
            index = int(round(v)) - 1
            out.append(shown[index] if 0 <= index < len(shown) else "")
        return out


class GroupAxis(pg.AxisItem):
    """Names written over runs of columns ("Manchester" over its tables), each shortened
    with "…" to the width of its run, so a narrow run never loses its name entirely. With
    keys ("A", "B" …) each name starts with its key, which is never cut: the chart lists
    the keys with the full names beside it."""

    def __init__(self, orientation: str, font: QFont) -> None:
        super().__init__(orientation)
        self._font = font
        self._groups: list[tuple[str, int, int]] = []
        self._keys: list[str] = []
        self._per_column = 0.0
        self._spans: list[tuple[float, float]] = []
        self.setStyle(tickFont=font, tickLength=0, autoExpandTextSpace=True)
        self.setTextPen(th.INK)
        self.setPen(pg.mkPen(th.INK_SOFT))

    def set_groups(self, groups: Sequence[tuple[str, int, int]],
                   keys: Sequence[str] = ()) -> None:
        """(name, first column, last column), columns counted from 1; `keys`, one per group
        or none."""
        self._groups = list(groups)
        self._keys = list(keys)
        self._updateMaxTextSize(int(QFontMetricsF(self._font).height() * 0.8 + 2))
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802 (Qt name)
        """Each group's name over the part of its run in view (columns pushed along: a run
        half out of view keeps its name over the half in view)."""
        self._per_column = size / max(1.0, abs(maxVal - minVal))
        low, high = min(minVal, maxVal), max(minVal, maxVal)
        self._spans = [(max(a - 0.5, low), min(b + 0.5, high)) for _, a, b in self._groups]
        return [(1.0, [(a + b) / 2 if b > a else low - 1 for a, b in self._spans])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (Qt name)
        metrics = QFontMetrics(self._font)
        out = []
        spans = self._spans
        for i, (name, first, last) in enumerate(self._groups):
            seen = spans[i][1] - spans[i][0] if i < len(spans) else last - first + 1
            room = max(int(seen * self._per_column) - 8, 0)
            key = self._keys[i] if i < len(self._keys) else ""
            if not key:
                out.append(_elided(metrics, name, room))
                continue
            prefix = f"{key} · "
            left = room - metrics.horizontalAdvance(prefix)
            if metrics.horizontalAdvance(prefix + name) <= room:
                out.append(prefix + name)
            elif left >= metrics.horizontalAdvance("Wo…"):
                out.append(prefix + _elided(metrics, name, left))
            else:
                out.append(key)  # the key alone: the list beside the chart names it
        return out[: len(values)]


def _elided(metrics: QFontMetrics, name: str, room: int) -> str:
    """The name shortened to `room` pixels; what tells namesakes apart ("… (id 85ac)") is
    kept whole while the name before it has room for a few letters."""
    if metrics.horizontalAdvance(name) <= room:
        return name
    base, bracket, tail = name.rpartition(" (")
    if base and bracket and tail.endswith(")"):
        suffix = bracket + tail
        left = room - metrics.horizontalAdvance(suffix)
        if left >= metrics.horizontalAdvance("Wor…"):
            return metrics.elidedText(base, Qt.TextElideMode.ElideRight, left) + suffix
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)

