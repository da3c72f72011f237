"""Small drawing helpers shared by the board's items: wrapped and elided text, a soft
shadow that makes a card look like it lies on the table, and icons drawn as vector paths
(so they do not depend on which symbol glyphs the kiosk's fonts happen to have)."""

from __future__ import annotations

from functools import lru_cache
from math import atan2, cos, degrees, radians, sin

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTextLayout,
    QTextOption,
)

SHADOW = QColor(58, 44, 26)
# The smallest type on the board: 18 px (at Qt's 96 dpi), read from a metre away on the
# smallest screen the kiosk is made for (1366×768). Only a card's summary goes below it, and
# only as far as its whole text then fits on the card (kiosk.ui.board.cards).
READABLE_PT = 13.5


def wrap_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """`text` broken into at most `max_lines` lines of `width`; the last one elided (…)."""
    if max_lines <= 0 or not text:
        return []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts: list[int] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        starts.append(line.textStart())
    layout.endLayout()
    lines = [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]
    if len(lines) > max_lines:
        rest = text[starts[max_lines - 1]:].strip()
        metrics = QFontMetricsF(font)
        lines = lines[:max_lines - 1] + [metrics.elidedText(rest, Qt.TextElideMode.ElideRight,
                                                            width)]
    return lines


def fit_font(font: QFont, text: str, width: float, max_lines: int, minimum_pt: float) -> QFont:
    """Shrink `font` (never under `minimum_pt`) until `text` fits in `max_lines` lines."""
    font = QFont(font)
    while font.pointSizeF() > minimum_pt:
        if len(wrap_lines(text, font, width, max_lines + 1)) <= max_lines:
            break
        font.setPointSizeF(max(minimum_pt, font.pointSizeF() * 0.94))
    return font


def draw_lines(painter: QPainter, lines: list[str], font: QFont, left: float, top: float,
               width: float, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
               spacing: float = 1.0) -> float:
    """Draw lines from `top`; returns the y below the last one."""
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    step = metrics.lineSpacing() * spacing
    for line in lines:
        painter.drawText(QRectF(left, top, width, step), int(align | Qt.AlignmentFlag.AlignVCenter),
                         line)
        top += step
    return top


@lru_cache(maxsize=8)
def _shadow_image(width: int, height: int, radius: int, blur: int, alpha: float) -> QImage:
    """A blurred rounded rectangle (three box blurs ≈ a gaussian), made once per size; a
    wide blur is computed small and scaled up, which looks the same and costs far less."""
    step = max(1, blur // 6)
    if step > 1:
        small = _shadow_image(max(1, width // step), max(1, height // step),
                              max(1, radius // step), max(2, blur // step), alpha)
        pad = 2 * blur + 2
        return small.scaled(width + 2 * pad, height + 2 * pad,
                            Qt.AspectRatioMode.IgnoreAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)
    pad = 2 * blur + 2
    image = QImage(width + 2 * pad, height + 2 * pad, QImage.Format.Format_Alpha8)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 255))
    painter.drawRoundedRect(QRectF(pad, pad, width, height), radius, radius)
    painter.end()
    stride = image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), stride)
    mask = raw[:, :image.width()].astype(np.float32)
    k = max(1, blur // 2)
    for axis in (0, 1, 0, 1, 0, 1):
        mask = _box(mask, k, axis)
    out = QImage(image.width(), image.height(), QImage.Format.Format_ARGB32_Premultiplied)
    a = np.clip(mask * alpha, 0, 255).astype(np.uint32)
    r, g, b = SHADOW.red(), SHADOW.green(), SHADOW.blue()
    pixels = (a << 24) | ((a * r // 255) << 16) | ((a * g // 255) << 8) | (a * b // 255)
    view = np.frombuffer(out.bits(), np.uint32).reshape(out.height(), out.bytesPerLine() // 4)
    view[:, :out.width()] = pixels
    return out


def _box(values: np.ndarray, k: int, axis: int) -> np.ndarray:
    """A box blur of half-width `k` along `axis` (edges padded with zeros)."""
    padded = np.pad(values, [(k + 1, k) if a == axis else (0, 0) for a in range(2)])
    total = np.cumsum(padded, axis=axis)
    upper = np.take(total, range(2 * k + 1, total.shape[axis]), axis=axis)
    lower = np.take(total, range(0, total.shape[axis] - 2 * k - 1), axis=axis)
    return (upper - lower) / (2 * k + 1)


def draw_soft_shadow(painter: QPainter, rect: QRectF, radius: float, blur: float,
                     offset: float, strength: float = 1.0) -> None:
    """A soft shadow under a rounded rectangle, so a card reads as paper on a table."""
    image = _shadow_image(round(rect.width()), round(rect.height()), round(radius),
                          max(2, round(blur)), min(1.0, 0.28 * strength))
    pad = (image.width() - round(rect.width())) / 2
    painter.drawImage(QPointF(rect.left() - pad, rect.top() - pad + offset), image)


def _arrow_head(tip: QPointF, angle_deg: float, size: float) -> QPolygonF:
    a = radians(angle_deg)
    back = QPointF(tip.x() - size * cos(a), tip.y() - size * sin(a))
    side = radians(90)
    half = size * 0.6
    return QPolygonF([
        tip,
        QPointF(back.x() + half * cos(a + side), back.y() + half * sin(a + side)),
        QPointF(back.x() - half * cos(a + side), back.y() - half * sin(a + side)),
    ])


def draw_icon(painter: QPainter, name: str, rect: QRectF, colour: QColor) -> None:
    """Icons for the board's buttons, each always paired with a word on the button."""
    painter.save()
    s = min(rect.width(), rect.height())
    c = rect.center()
    pen = QPen(colour, max(2.0, s * 0.12), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    box = QRectF(c.x() - s / 2, c.y() - s / 2, s, s)
    if name in ("undo", "redo"):
        sign = -1 if name == "undo" else 1
        path = QPainterPath()
        r = s * 0.34
        centre = QPointF(c.x(), c.y() + s * 0.12)
        # an arc over the top, ending in an arrow pointing back down
        arc = QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
        path.arcMoveTo(arc, 180 if sign > 0 else 0)
        path.arcTo(arc, 180 if sign > 0 else 0, -180 * sign)
        painter.drawPath(path)
        tip = QPointF(centre.x() + sign * r, centre.y() + s * 0.14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(_arrow_head(tip, 90, s * 0.3))
    elif name == "rotate":
        r = s * 0.34
        arc = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
        path = QPainterPath()
        path.arcMoveTo(arc, 120)
        path.arcTo(arc, 120, 280)
        painter.drawPath(path)
        end = radians(400)
        tip = QPointF(c.x() + r * cos(end), c.y() - r * sin(end))
        # the direction of travel along a counter-clockwise arc, in screen coordinates
        heading = degrees(atan2(-cos(end), -sin(end)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(_arrow_head(tip, heading, s * 0.3))
    elif name in ("up", "down"):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        d = 1 if name == "down" else -1
        painter.drawPolygon(QPolygonF([
            QPointF(c.x(), c.y() + d * s * 0.34),
            QPointF(c.x() - s * 0.4, c.y() - d * s * 0.26),
            QPointF(c.x() + s * 0.4, c.y() - d * s * 0.26),
        ]))
    elif name == "check":
        painter.drawPolyline(QPolygonF([
            QPointF(box.left() + s * 0.14, c.y() + s * 0.02),
            QPointF(c.x() - s * 0.1, box.bottom() - s * 0.2),
            QPointF(box.right() - s * 0.12, box.top() + s * 0.2),
        ]))
    elif name == "close":
        k = s * 0.28
        painter.drawLine(QPointF(c.x() - k, c.y() - k), QPointF(c.x() + k, c.y() + k))
        painter.drawLine(QPointF(c.x() - k, c.y() + k), QPointF(c.x() + k, c.y() - k))
    elif name == "line":
        painter.drawLine(QPointF(box.left() + s * 0.08, c.y()),
                         QPointF(box.right() - s * 0.08, c.y()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        k = s * 0.16
        painter.drawPolygon(QPolygonF([QPointF(c.x(), c.y() - s * 0.44),
                                       QPointF(c.x() - k, c.y() - s * 0.18),
                                       QPointF(c.x() + k, c.y() - s * 0.18)]))
        painter.drawPolygon(QPolygonF([QPointF(c.x(), c.y() + s * 0.44),
                                       QPointF(c.x() - k, c.y() + s * 0.18),
                                       QPointF(c.x() + k, c.y() + s * 0.18)]))
    elif name == "grip":
        for dy in (-0.2, 0.0, 0.2):
            painter.drawLine(QPointF(c.x() - s * 0.3, c.y() + dy * s),
                             QPointF(c.x() + s * 0.3, c.y() + dy * s))
    painter.restore()
