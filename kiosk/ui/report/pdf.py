"""Printing a rich-text document to an A4 PDF with a running footer and page numbers.

QTextDocument lays out the text, tables and pictures and breaks them into pages; this module
paints those pages one by one onto a QPdfWriter so that each page gets a footer
("<title> · page k of n"). Works headless (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

RESOLUTION_DPI = 300
MARGIN_MM = 16
FOOTER_GAP_MM = 6
BODY_FONT_PT = 10


def mm_to_px(mm: float) -> float:
    return mm / 25.4 * RESOLUTION_DPI


def body_width_css_px() -> float:
    """Width of the text block on an A4 page in the document's CSS pixels (1/96 inch):
    QTextDocument scales <img width=…> by the device's resolution / 96."""
    return (210 - 2 * MARGIN_MM) / 25.4 * 96


def write_pdf(html: str, images: Mapping[str, QImage], out_path: Path, title: str,
              footer: str) -> int:
    """Lay out `html` (images referenced as <img src="name">) on A4 pages and write the PDF.
    Returns the number of pages."""
    writer = QPdfWriter(str(out_path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("kiosk report")

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setFamilies(["Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"])
    font.setPointSizeF(BODY_FONT_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    for name, image in images.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(html)

    paint = writer.pageLayout().paintRectPixels(RESOLUTION_DPI)
    footer_font = QFont(font)
    footer_font.setPointSizeF(8.5)
    footer_height = QFontMetricsF(footer_font, writer).height() + mm_to_px(FOOTER_GAP_MM)
    body = QSizeF(paint.width(), paint.height() - footer_height)
    doc.setPageSize(body)
    pages = doc.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {out_path}")
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * body.height())
            doc.drawContents(painter, QRectF(0, page * body.height(), body.width(),
                                             body.height()))
            painter.restore()
            painter.setFont(footer_font)
            painter.setPen(Qt.GlobalColor.darkGray)
            line_y = paint.height() - footer_height + mm_to_px(FOOTER_GAP_MM) / 2
            painter.drawLine(0, int(line_y), int(paint.width()), int(line_y))
            box = QRectF(0, paint.height() - footer_height + mm_to_px(FOOTER_GAP_MM),
                         paint.width(), footer_height - mm_to_px(FOOTER_GAP_MM))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             footer)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             f"page {page + 1} of {pages}")
    finally:
        painter.end()
    return pages
