"""A chart's scene written out: PNG and SVG files, and an image for the printed report.
No dialogs here; `ChartPanel` asks where to save and calls these. A file holds the whole
chart (`whole_scene`), not only the view's rectangle, so nothing is ever cut at its edge.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.outputs import replacing, write_atomically
from kiosk.ui.charts.palette import BACKGROUND


def whole_scene(graphics: pg.GraphicsLayoutWidget) -> QRectF:
    """The part of the scene a file shows: what the view shows, and all of the chart's
    layout where it runs past the view's edge (a layout wider than its view was cut off)."""
    view = graphics.mapToScene(graphics.viewport().rect()).boundingRect()
    central = graphics.centralWidget
    if central is None:
        return view
    return view.united(central.mapRectToScene(central.boundingRect()))


class _WholeSceneExporter(ImageExporter):
    """pyqtgraph's image export of `whole_scene` rather than of the view's rectangle."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget) -> None:
        self._whole = whole_scene(graphics)
        super().__init__(graphics.scene())

    def getSourceRect(self) -> QRectF:  # noqa: N802 (pyqtgraph name)
        return self._whole

    def getTargetRect(self) -> QRectF:  # noqa: N802 (pyqtgraph name)
        return QRectF(0, 0, self._whole.width(), self._whole.height())


def write_png(graphics: pg.GraphicsLayoutWidget, path: Path, width: int | None = None) -> None:
    """`width`: the chart widget's width in the file's pixels (by default twice its own,
    and at least 1600); a chart whose layout runs past it is written whole, at that scale."""
    exporter = _WholeSceneExporter(graphics)
    source = exporter.getSourceRect()
    scale = (width / max(1, graphics.width())) if width else \
        max(2.0, 1600 / max(source.width(), 1))
    exporter.parameters()["width"] = max(1, round(source.width() * scale))
    if int(exporter.parameters()["height"]) % 2:  # rounding from the aspect ratio
        exporter.parameters()["height"] = int(exporter.parameters()["height"]) + 1
    exporter.parameters()["background"] = QColor(BACKGROUND)
    with replacing(path) as temp:  # never through a symlink, never half a file
        if not exporter.export(str(temp)):
            raise OSError(f"could not write {path}")


def write_svg(graphics: pg.GraphicsLayoutWidget, path: Path, title: str) -> None:
    """Written under a temp name and renamed into place, like the PNG."""
    write_atomically(path, svg_bytes(graphics, title))


def svg_bytes(graphics: pg.GraphicsLayoutWidget, title: str) -> bytes:
    """The chart as an SVG document, drawn with Qt's own QSvgGenerator rather than
    pyqtgraph's SVGExporter, whose rewrite of the generated paths fails on the closing "Z"
    that current Qt writes. The charts fix their ranges, so nothing needs the clipping
    pyqtgraph's rewrite adds."""
    from PySide6.QtSvg import QSvgGenerator

    scene = graphics.scene()
    source = whole_scene(graphics)
    size = QSize(max(1, round(source.width())), max(1, round(source.height())))
    # Drawn in memory, then written with a checked write: QSvgGenerator does not report a
    # failed write (a full disk left a truncated SVG and no error).
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    # Same pixels per inch as the screen, or text and pixel-sized marks change scale.
    generator.setResolution(round(graphics.logicalDpiX()) or 96)
    generator.setTitle(title)
    generator.setDescription("Chart from the deliberation kiosk's compare screen")
    exporting = [item for item in scene.items() if hasattr(item, "setExportMode")]
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError("could not draw the chart's SVG")
    try:
        for item in exporting:
            item.setExportMode(True, {"antialias": True, "background": QColor(BACKGROUND),
                                      "painter": painter, "resolutionScale": 1.0})
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor(BACKGROUND))
        scene.render(painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        for item in exporting:
            item.setExportMode(False)
        painter.end()
    return bytes(buffer.data().data())


def scene_image(graphics: pg.GraphicsLayoutWidget, scale: float = 2.0) -> QImage:
    """The scene as it is laid out now, drawn at `scale` times its size."""
    exporter = _WholeSceneExporter(graphics)
    exporter.parameters()["width"] = int(exporter.getSourceRect().width() * scale)
    exporter.parameters()["background"] = QColor(BACKGROUND)
    return exporter.export(toBytes=True)
