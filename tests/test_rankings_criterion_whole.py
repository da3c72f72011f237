"""The Rankings list's "Primary criterion" is read whole on the facilitator's laptop
(1366×768) and on a 1920×1080 screen: a touchscreen has no tooltip to hover for the rest, so
each row's criterion gets the room it needs — the column takes the width the others leave,
and a criterion longer than that wraps onto more lines of a taller row — at 18 px or more."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QStyle

from kiosk.ui.facilitator.area import TAB_RANKINGS
from kiosk.ui.facilitator.rankings_model import COLUMNS
from tests.facilitator_support import catalog, service, store  # noqa: F401
from tests.shell_support import settle_layout
from tests.test_readable_hints import area_at  # noqa: F401

READABLE_PX = 18
SIZES = [(1366, 768), (1920, 1080)]
PRIMARY = COLUMNS.index("Primary criterion")
LONG = ("whether the people whose data it is would be asked first, and how many of them "
        "would agree if they were")


def cut_rows(table) -> list[tuple[str, float, int]]:
    """(criterion, height its words need, height they have) of the rows on screen whose
    criterion is not painted whole: laid out as the view lays it out (QTextLayout, wrapped
    at the width of the box the style gives the words of that very cell, padding and margins
    off), taller than that box, or with a word wider than it."""
    from PySide6.QtGui import QTextLayout, QTextOption
    from PySide6.QtWidgets import QStyleOptionViewItem

    model = table.model()
    cut = []
    for row in range(model.rowCount()):
        index = model.index(row, PRIMARY)
        cell = table.visualRect(index)
        if not table.viewport().rect().intersects(cell):
            continue
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        option.rect = cell
        table.itemDelegate().initStyleOption(option, index)
        box = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option,
                                           table)
        layout = QTextLayout(option.text, option.font)
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(wrap)
        layout.beginLayout()
        height, widest = 0.0, 0.0
        while (line := layout.createLine()).isValid():
            line.setLineWidth(box.width())
            height += line.height()
            widest = max(widest, line.naturalTextWidth())
        layout.endLayout()
        if height > box.height() + 0.01 or widest > box.width() + 0.01:
            cut.append((option.text, height, box.height()))
    return cut


def criteria(table) -> list[str]:
    model = table.model()
    return [str(model.index(row, PRIMARY).data()) for row in range(model.rowCount())]


def save_long_own_words(service) -> None:  # noqa: F811
    """A ranking, saved the kiosk's way, whose primary criterion is LONG, in its own words,
    newest (the list's first row)."""
    from kiosk.domain.ranking import Ranking, RankingContext

    cards = service.names.deck_order("examples-1-6")
    ranking = Ranking("examples-1-6", "benefit", cards,
                      RankingContext("", "Real", "Hall", "2099-06-01", "Table 9", "k1"))
    for slot, card in enumerate(cards):
        ranking.drop(card, slot)
    ranking.add_criterion(LONG, "own")
    ranking.set_primary(LONG)
    service._store.save_ranking(ranking.to_record())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_attack_every_primary_criterion_in_the_list_is_whole(area_at, service, size,  # noqa: F811
                                                             tmp_path):
    """Audit: at 1366×768 the column was elided ("…") in its rows, the rest only in a
    tooltip; one table's own long words even more so."""
    save_long_own_words(service)
    area = area_at(size)  # and the demo data's rankings
    tab = area.rankings_tab
    area.show_tab(TAB_RANKINGS)
    settle_layout()
    table = tab.table
    assert QFontInfo(table.font()).pixelSize() >= READABLE_PX
    # the criterion's column is on screen, not scrolled off to the right
    right = table.columnViewportPosition(PRIMARY) + table.columnWidth(PRIMARY)
    assert right <= table.viewport().width() + 1, (right, table.viewport().width())
    area.grab().save(str(tmp_path / f"rankings-{size[0]}.png"))
    assert LONG in [table.model().index(0, c).data() for c in range(len(COLUMNS))]
    assert cut_rows(table) == []
    # sorted by another column or filtered, each row is refitted to its new words
    tab.sort_by(PRIMARY, Qt.SortOrder.DescendingOrder)
    settle_layout()
    assert cut_rows(table) == []
    tab.set_filter("lens", "acceptability")
    settle_layout()
    assert cut_rows(table) == []
    assert table.wordWrap() or all(len(t) < 20 for t in criteria(table))
    # the rows keep a finger's height
    assert min(table.rowHeight(r) for r in range(table.model().rowCount())) >= \
        table.verticalHeader().defaultSectionSize() - 1
