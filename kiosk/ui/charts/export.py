"""A chart's scene written out: PNG and SVG files, and an image for the printed report.
No dialogs here; `ChartPanel` asks where to save and calls these.
"""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QPoint, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.outputs import replacing
from kiosk.ui.charts.palette import BACKGROUND


def write_png(graphics: pg.GraphicsLayoutWidget, path: Path, width: int | None = None) -> None:
    """`width` in pixels, by default twice the scene's (and at least 1600)."""
    exporter = ImageExporter(graphics.scene())
    source = exporter.getSourceRect()
    target = width or max(1600, int(source.width() * 2))
    exporter.parameters()["width"] = int(target)
    if int(exporter.parameters()["height"]) % 2:  # rounding from the aspect ratio
        exporter.parameters()["height"] = int(exporter.parameters()["height"]) + 1
    exporter.parameters()["background"] = QColor(BACKGROUND)
    with replacing(path) as temp:  # never through a symlink, never half a file
        if not exporter.export(str(temp)):
            raise OSError(f"could not write {path}")


def write_svg(graphics: pg.GraphicsLayoutWidget, path: Path, title: str) -> None:
    """Written under a temp name and renamed into place, like the PNG."""
    with replacing(path) as temp:
        _write_svg(graphics, temp, path, title)


def _write_svg(graphics: pg.GraphicsLayoutWidget, path: Path, named: Path, title: str) -> None:
    """Drawn with Qt's own QSvgGenerator rather than pyqtgraph's SVGExporter, whose rewrite
    of the generated paths fails on the closing "Z" that current Qt writes. The charts fix
    their ranges, so nothing needs the clipping pyqtgraph's rewrite adds."""
    from PySide6.QtSvg import QSvgGenerator

    scene = graphics.scene()
    source = graphics.mapToScene(graphics.viewport().rect()).boundingRect()
    size = QSize(max(1, int(source.width())), max(1, int(source.height())))
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRect(QPoint(0, 0), size))
    # Same pixels per inch as the screen, or text and pixel-sized marks change scale.
    generator.setResolution(round(graphics.logicalDpiX()) or 96)
    generator.setTitle(title)
    generator.setDescription("Chart from the deliberation kiosk's compare screen")
    exporting = [item for item in scene.items() if hasattr(item, "setExportMode")]
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not write {named}")
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


def scene_image(graphics: pg.GraphicsLayoutWidget, scale: float = 2.0) -> QImage:
    """The scene as it is laid out now, drawn at `scale` times its size."""
    exporter = ImageExporter(graphics.scene())
    exporter.parameters()["width"] = int(exporter.getSourceRect().width() * scale)
    exporter.parameters()["background"] = QColor(BACKGROUND)
    return exporter.export(toBytes=True)
