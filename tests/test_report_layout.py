"""The report's pages: text that can be searched (no ligatures), tables that break cleanly
(never one or two rows alone on a page), a page per section for a demo workshop, and names
on the benefit-versus-risk map that cover no dot and no other name."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QTextDocument
from PySide6.QtPdf import QPdfDocument

from kiosk.services.catalog import load_catalog
from kiosk.services.demo import demo_rankings
from kiosk.ui.report import pdf
from kiosk.ui.report.writer import compose_report, sections, workshop_records, write_report

WORKSHOPS = ["Manchester (demo)", "Leeds (demo)", "Bristol (demo)"]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return load_catalog(tmp_path_factory.mktemp("catalog"))


@pytest.fixture(scope="module")
def records(catalog):
    decks = {d: catalog.decks[d].card_ids for d in catalog.decks.ids()}
    return demo_rankings(decks, catalog.lenses)


def pdf_text(path: Path) -> str:
    """What a reader gets when searching or copying: pdftotext (poppler) where installed,
    else Qt's own PDF text."""
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_
    text = "\n".join(document.getAllText(i).text() for i in range(document.pageCount()))
    document.close()
    return text


def test_report_text_is_searchable_without_ligatures(qapp, records, catalog, tmp_path):
    out = write_report(records, catalog, "Bristol (demo)", tmp_path / "bristol.pdf")
    text = pdf_text(out)
    assert "Benefit" in text and "most beneficial" in text
    for ligature in "ﬀﬁﬂﬃﬄ":
        assert ligature not in text


def laid_out(records, catalog, workshop: str, tmp_path: Path) -> QTextDocument:
    builder, _ = compose_report(records, catalog, workshop)
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf.new_writer(buffer, "layout")
    doc = pdf.lay_out(builder.html(), builder.images, writer)
    doc.setProperty("kept", [buffer, writer])  # both live as long as the layout is read
    return doc


def parts(pages: list[int]) -> list[int]:
    """How many rows of a table each page it spans holds."""
    counts: dict[int, int] = {}
    for page in pages:
        counts[page] = counts.get(page, 0) + 1
    return list(counts.values())


@pytest.mark.parametrize("workshop", WORKSHOPS)
def test_a_page_per_section_and_no_table_split(qapp, records, catalog, tmp_path, workshop):
    """Each lens's section, each deck's map and each deck's page of equally good orders
    and card tags (all its lenses: a lens's page, with every table's criteria, has no room
    left for them) fits one page for a demo workshop (six tables at most), so no table is
    split at all."""
    doc = laid_out(records, catalog, workshop, tmp_path)
    pairs = sections(workshop_records(records, workshop), catalog)
    decks = {deck for deck, _ in pairs}
    assert doc.pageCount() == 1 + len(pairs) + 2 * len(decks)
    for table in pdf.tables(doc):
        assert len(parts(pdf.row_pages(doc, table))) == 1


def long_table_document(rows: int, page_height: float) -> QTextDocument:
    doc = QTextDocument()
    body = "".join(f"<tr><td>row {i}</td><td>text</td></tr>" for i in range(rows))
    doc.setHtml("<h3>Before</h3><p>A paragraph.</p><h3>The table</h3><table border='1'>"
                f"<thead><tr><th>a</th><th>b</th></tr></thead>{body}</table><p>After.</p>")
    doc.setPageSize(QSizeF(400, page_height))
    return doc


def test_a_long_table_keeps_three_rows_on_each_side_of_a_break(qapp):
    """Tables of 8 to 60 rows on small pages: without the rule some leave a row or two
    alone on a page; with it none does, whatever the length."""
    lonely = 0
    for rows in range(8, 61):
        doc = long_table_document(rows, 300)
        table = pdf.tables(doc)[0]
        lonely += min(parts(pdf.row_pages(doc, table))) < pdf.KEEP_ROWS
        pdf.keep_together(doc)
        split = parts(pdf.row_pages(doc, table))
        assert min(split) >= pdf.KEEP_ROWS or len(split) == 1, (rows, split)
        assert len(split) > 1 or rows < 20, rows  # the long ones do need several pages
    assert lonely >= 5


def test_a_short_table_at_a_page_foot_moves_whole_with_its_heading(qapp):
    doc = QTextDocument()
    filler = "".join(f"<p>line {i}</p>" for i in range(11))
    body = "".join(f"<tr><td>row {i}</td></tr>" for i in range(4))
    doc.setHtml(f"{filler}<h3>The table</h3><table border='1'><thead><tr><th>a</th></tr>"
                f"</thead>{body}</table>")
    doc.setPageSize(QSizeF(400, 300))
    pdf.keep_together(doc)
    table = pdf.tables(doc)[0]
    pages = pdf.row_pages(doc, table)
    assert len(set(pages)) == 1
    heading = doc.findBlock(table.firstPosition() - 1)
    assert heading.text() == "The table"
    top = doc.documentLayout().blockBoundingRect(heading).top()
    assert pdf._page(doc, top) == pages[0]


# ----- the benefit-versus-risk map's names --------------------------------------------

def map_overlaps(chart) -> list[str]:
    """Every name that covers a dot, another name, or lies outside the plot."""
    from PySide6.QtCore import QPointF, QRectF

    view = chart.plot.getViewBox()
    bounds = view.sceneBoundingRect()
    points = chart._data.map.points
    radius = chart.points.opts["size"] / 2
    dots = [QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius) for c in
            (view.mapViewToScene(QPointF(p.risk, p.benefit)) for p in points)]
    names = [item.mapRectToScene(item.textItem.mapRectToParent(
        item.textItem.boundingRect())) for item in chart.names.items[: len(points)]]
    found = []
    for i, name in enumerate(names):
        card = points[i].card
        shrunk = name.adjusted(1, 1, -1, -1)  # touching is not covering
        for k, dot in enumerate(dots):
            if shrunk.intersects(dot):
                found.append(f"{card}'s name covers the dot of {points[k].card}")
        for k, other in enumerate(names[:i]):
            if shrunk.intersects(other):
                found.append(f"{card}'s name covers the name of {points[k].card}")
        if not bounds.contains(shrunk):
            found.append(f"{card}'s name leaves the plot")
    return found


def settled_map(qapp, data, width: int, height: int):
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.charts.maps import BenefitRiskMap
    from kiosk.ui.theme import Theme

    chart = BenefitRiskMap(Theme(scale=1.0))
    chart.set_print_mode(True)
    chart.show_data(data)
    chart.resize(width, height)
    chart.grab()
    QApplication.processEvents()
    chart.show_data(data)
    QApplication.processEvents()
    return chart


@pytest.mark.parametrize("workshop", WORKSHOPS + [None])
@pytest.mark.parametrize("deck", ["examples-1-6", "examples-a-f"])
def test_map_names_cover_no_dot_and_no_other_name(qapp, records, catalog, workshop, deck):
    from kiosk.analysis.figures import build

    data = build(records, catalog, deck, "benefit", [workshop] if workshop else None)
    assert data.map.points
    for width, height in ((1000, 760), (1200, 640)):
        chart = settled_map(qapp, data, width, height)
        assert map_overlaps(chart) == [], (width, height)
        chart.deleteLater()
