"""Printing a rich-text document to an A4 PDF with a running footer and page numbers.

QTextDocument lays out the text, tables and pictures and breaks them into pages; this module
keeps a table's rows together at a page break (never one or two rows alone on a page) and a
heading with what follows it, then paints the pages one by one onto a QPdfWriter so that
each page gets a footer ("<title> · page k of n"). The fonts have their ligatures turned
off, so a reader searching or copying "benefit" finds it ("ﬁ" is one glyph otherwise).
Works headless (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from kiosk.outputs import write_atomically

RESOLUTION_DPI = 300
MARGIN_MM = 16
FOOTER_GAP_MM = 6
BODY_FONT_PT = 10
FOOTER_FONT_PT = 8.5
# At a page break a table keeps at least this many of its rows on each side.
KEEP_ROWS = 3
# Ligatures (fi, fl, ffi) and their contextual cousins, off: text stays searchable.
NO_LIGATURES = ("liga", "clig", "dlig", "hlig")


def mm_to_px(mm: float) -> float:
    return mm / 25.4 * RESOLUTION_DPI


def body_width_css_px() -> float:
    """Width of the text block on an A4 page in the document's CSS pixels (1/96 inch):
    QTextDocument scales <img width=…> by the device's resolution / 96."""
    return (210 - 2 * MARGIN_MM) / 25.4 * 96


def report_font(point_size: float = BODY_FONT_PT) -> QFont:
    """The report's font: a sans family the machine has, ligatures off."""
    font = QFont()
    font.setFamilies(["Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"])
    font.setPointSizeF(point_size)
    for tag in NO_LIGATURES:
        font.setFeature(QFont.Tag.fromString(tag), 0)
    return font


def new_writer(device: QIODevice, title: str) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("kiosk report")
    return writer


def footer_height_px(device: QPaintDevice) -> float:
    return (QFontMetricsF(report_font(FOOTER_FONT_PT), device).height()
            + mm_to_px(FOOTER_GAP_MM))


def lay_out(html: str, images: Mapping[str, QImage], device: QPdfWriter) -> QTextDocument:
    """The document laid out on the writer's A4 pages (less the footer), its tables' rows
    and its headings kept together at page breaks."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(report_font())
    doc.setDocumentMargin(0)
    for name, image in images.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(html)
    paint = device.pageLayout().paintRectPixels(RESOLUTION_DPI)
    doc.setPageSize(QSizeF(paint.width(), paint.height() - footer_height_px(device)))
    keep_together(doc)
    return doc


def tables(doc: QTextDocument) -> list[QTextTable]:
    return [frame for frame in doc.rootFrame().childFrames() if isinstance(frame, QTextTable)]


def _top(doc: QTextDocument, block: QTextBlock) -> float:
    return doc.documentLayout().blockBoundingRect(block).top()


def _page(doc: QTextDocument, y: float) -> int:
    # The layout rounds positions to whole pixels: a block that starts a page may sit a
    # fraction above its top.
    return int((y + 2.0) // doc.pageSize().height())


def row_pages(doc: QTextDocument, table: QTextTable) -> list[int]:
    """The page (from 0) of each of the table's body rows (header rows repeat per page)."""
    header = table.format().headerRowCount()
    return [_page(doc, _top(doc, table.cellAt(row, 0).firstCursorPosition().block()))
            for row in range(header, table.rows())]


def _break_before(block: QTextBlock) -> None:
    cursor = QTextCursor(block)
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    cursor.setBlockFormat(fmt)


def _at_page_top(doc: QTextDocument, block: QTextBlock) -> bool:
    y = _top(doc, block)
    return y - _page(doc, y) * doc.pageSize().height() < 4.0


def _break_before_table(doc: QTextDocument, table: QTextTable) -> bool:
    """A break before the table, taking its heading along; False when it already starts a
    page (a break there would only add an empty page)."""
    before = doc.findBlock(table.firstPosition() - 1)
    target = before if before.isValid() and before.blockFormat().headingLevel() else \
        table.cellAt(0, 0).firstCursorPosition().block()
    if target is before and _at_page_top(doc, before):
        return False
    if target is not before:
        if _at_page_top(doc, target):
            return False
        fmt = table.format()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        table.setFormat(fmt)
        return True
    _break_before(target)
    return True


def _fix_one_table(doc: QTextDocument, table: QTextTable) -> bool:
    """Moves one break of the table so no page holds fewer than KEEP_ROWS of its rows;
    True when it changed something (the layout then has to be read again)."""
    pages = row_pages(doc, table)
    if len(set(pages)) < 2:
        return False
    header = table.format().headerRowCount()
    starts = [0] + [i for i in range(1, len(pages)) if pages[i] != pages[i - 1]]
    parts = [b - a for a, b in zip(starts, starts[1:] + [len(pages)], strict=True)]
    if parts[0] < KEEP_ROWS or len(pages) < 2 * KEEP_ROWS:
        return _break_before_table(doc, table)
    if parts[-1] < KEEP_ROWS:
        row = starts[-1] - (KEEP_ROWS - parts[-1])
        if row - starts[-2] < KEEP_ROWS:  # the page before would be left too short
            return False
        _break_before(table.cellAt(header + row, 0).firstCursorPosition().block())
        return True
    return False


def _fix_one_heading(doc: QTextDocument) -> bool:
    """A heading left at the foot of a page, its text or picture on the next: move it."""
    block = doc.begin()
    while block.isValid():
        nxt = block.next()
        if (block.blockFormat().headingLevel() and nxt.isValid()
                and _page(doc, _top(doc, nxt)) > _page(doc, _top(doc, block))
                and not _at_page_top(doc, block)):
            _break_before(block)
            return True
        block = nxt
    return False


def keep_together(doc: QTextDocument, rounds: int = 60) -> None:
    for _ in range(rounds):
        doc.pageCount()  # lays the whole document out again after a change
        if not (any(_fix_one_table(doc, table) for table in tables(doc))
                or _fix_one_heading(doc)):
            return


def write_pdf(html: str, images: Mapping[str, QImage], out_path: Path, title: str,
              footer: str) -> int:
    """The PDF of `html` written whole to `out_path` (see render_pdf); its page count."""
    payload, pages = render_pdf(html, images, title, footer)
    write_atomically(out_path, payload)
    return pages


def render_pdf(html: str, images: Mapping[str, QImage], title: str,
               footer: str) -> tuple[bytes, int]:
    """Lay out `html` (images referenced as <img src="name">) on A4 pages: the PDF and its
    number of pages.

    The PDF is drawn in memory, to be written with an ordinary checked write: Qt's PDF
    writer does not report a failed write (a full disk left a truncated file that no reader
    opens, and the report said it was written)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = new_writer(buffer, title)
    doc = lay_out(html, images, writer)
    paint = writer.pageLayout().paintRectPixels(RESOLUTION_DPI)
    footer_font = report_font(FOOTER_FONT_PT)
    footer_height = footer_height_px(writer)
    body = doc.pageSize()
    pages = doc.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot draw the report's PDF")
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
    del writer  # the PDF's last bytes are in the buffer
    return bytes(buffer.data().data()), pages
