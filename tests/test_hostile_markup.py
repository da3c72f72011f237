"""Issue 9, item 13: text a table typed (its label, its own words, its note, a workshop's
name) is shown as typed everywhere, never as markup — tooltips included, which Qt takes as
rich text whenever they look like it."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from kiosk.ui.theme import Theme

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<h1 style="font-size:400px">Table 3</h1><img src="file:///etc/hostname"> & co'
THEME = Theme.for_size(1366, 768)


def as_shown(tooltip: str) -> str:
    """What Qt's tooltip shows of `tooltip`: rich text when it looks like it (QToolTip
    uses Qt::mightBeRichText), else the characters themselves."""
    if not QtGui.Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def test_plain_tooltip_shows_exactly_what_was_typed(qapp):
    from kiosk.ui.plain_text import plain_tooltip

    for text in (HOSTILE, "two  spaces\nand a line", "a < b > c", "&amp; literally", "x"):
        assert as_shown(plain_tooltip(text)) == text
    assert plain_tooltip("") == ""
    long = plain_tooltip("word " * 10_000)
    assert len(as_shown(long)) <= 600 and as_shown(long).endswith("…")


def test_attack_markup_in_a_table_label_renders_in_the_plenary_tiles_tooltip(qtbot):
    from kiosk.analysis.plenary import TableView
    from kiosk.ui.plenary.tiles import TableTile

    tile = TableTile(THEME)
    qtbot.addWidget(tile)
    tile.show_table(TableView("k1", HOSTILE, "3", "board", "benefit", "Benefit", 1, 3, 2, 6, 0))
    assert as_shown(tile.toolTip()).startswith(f"{HOSTILE}: Benefit")
    assert as_shown(tile.label.toolTip()) == HOSTILE  # the label's own (parts.Line)


def test_attack_markup_in_a_read_out_renders_in_the_charts_tooltip(qtbot):
    from kiosk.ui.charts.panel import ChartPanel

    panel = ChartPanel("A chart", THEME)
    qtbot.addWidget(panel)
    plot = panel.graphics.addPlot()
    panel.watch(plot, lambda x, y: (f"{HOSTILE}\nposition 2", x, y))
    assert panel.value_at(0, 1.0, 1.0) == f"{HOSTILE}\nposition 2"
    assert as_shown(panel.graphics.toolTip()) == f"{HOSTILE}\nposition 2"
    assert panel.value_label.text() == f"{HOSTILE} · position 2"
    assert panel.value_label.textFormat() == Qt.TextFormat.PlainText


def test_attack_markup_in_a_workshop_name_renders_in_the_rankings_lists_tooltip(
        qtbot, tmp_path):
    from kiosk.services.catalog import load_catalog
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.storage import Store
    from kiosk.ui.facilitator.rankings import RankingsTab
    from tests.facilitator_support import real_ranking

    with Store.open(tmp_path / "data") as store:
        service = FacilitatorService(store, load_catalog(tmp_path / "data"))
        real_ranking(service, "w1", HOSTILE)
        tab = RankingsTab(service, THEME)
        qtbot.addWidget(tab)
        tip = tab.proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
        assert as_shown(tip) == HOSTILE


def _tooltip_calls() -> list[str]:
    """Every setToolTip(...) in kiosk/ui whose text is neither a literal nor made by
    plain_tooltip, and every ToolTipRole answer not made by it: file:line."""
    found = []
    for path in sorted((ROOT / "kiosk" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "setToolTip" and node.args):
                continue
            arg = node.args[0]
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            made = (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name)
                    and arg.func.id == "plain_tooltip")
            if not (literal or made):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        text = path.read_text("utf-8")
        if "ToolTipRole" in text and "plain_tooltip" not in text:
            found.append(f"{path.relative_to(ROOT)}: answers ToolTipRole without plain_tooltip")
    return found


def test_attack_no_tooltip_in_the_ui_shows_a_computed_text_unescaped():
    """A guard for the next tooltip: a computed text may hold what a table typed."""
    assert _tooltip_calls() == []
