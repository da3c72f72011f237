"""The Rankings tab: filters and sorting over the Qt model, opening a ranking, correcting a
label, deleting with confirmation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kiosk.ui.facilitator.common import ConfirmDialog
from kiosk.ui.facilitator.rankings import RankingsTab
from kiosk.ui.facilitator.rankings_detail import CorrectDialog
from kiosk.ui.facilitator.rankings_model import SORT_ROLE, format_duration
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, real_ranking, service, store  # noqa: F401

THEME = Theme.for_size(1366, 768)
# The offscreen platform says so whenever a window is shown; it means nothing here.
OFFSCREEN_NOTE = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def tab(qtbot, service):  # noqa: F811
    service.demo.load()
    widget = RankingsTab(service, THEME)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    return widget


def ids(records):
    return sorted(r.ranking_id for r in records)


def test_every_ranking_is_listed(tab, service):  # noqa: F811
    assert tab.model.rowCount() == service.rankings.count() == tab.proxy.rowCount()
    assert "89 saved rankings" in tab.count.text()


@pytest.mark.parametrize("key, value, query", [
    ("workshop_id", "demo-leeds", {"workshop_id": "demo-leeds"}),
    ("table", "Table 6", {"table": "Table 6"}),
    ("deck", "examples-a-f", {"deck": "examples-a-f"}),
    ("lens", "risk", {"lens": "risk"}),
    ("day", "2025-03-14", {"day": "2025-03-14"}),
])
def test_each_filter_shows_exactly_the_matching_rankings(tab, service, key, value, query):  # noqa: F811
    tab.set_filter(key, value)
    expected = ids(service.rankings.find(**query))
    assert sorted(tab.visible_ids()) == expected and 0 < len(expected) < 89
    assert f"Showing {len(expected)} of 89" in tab.count.text()


def test_filters_combine_and_clear(tab, service):  # noqa: F811
    tab.set_filter("workshop_id", "demo-bristol")
    tab.set_filter("lens", "acceptability")
    tab.set_filter("deck", "examples-1-6")
    expected = ids(service.rankings.find(workshop_id="demo-bristol", lens="acceptability",
                                         deck="examples-1-6"))
    assert sorted(tab.visible_ids()) == expected and len(expected) == 6
    qtbot_click = tab.clear_button
    assert qtbot_click.isEnabled()
    qtbot_click.click()
    assert len(tab.visible_ids()) == 89
    assert all(box.currentIndex() == 0 for box in tab.filter_boxes.values())


def test_filters_survive_a_refresh_and_offer_only_existing_values(tab, service):  # noqa: F811
    tab.set_filter("table", "Table 5")
    before = tab.visible_ids()
    tab.refresh()
    assert tab.visible_ids() == before
    tables = [tab.filter_boxes["table"].itemData(i)
              for i in range(1, tab.filter_boxes["table"].count())]
    assert tables == [f"Table {n}" for n in range(1, 7)]  # natural order, 2 before 10
    with pytest.raises(ValueError):
        tab.set_filter("workshop_id", "no-such-workshop")


def test_sorting_by_duration_uses_seconds_not_text(tab):
    tab.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    values = [tab.proxy.index(r, 5).data(SORT_ROLE)[1] for r in range(tab.proxy.rowCount())]
    assert values == sorted(values)
    tab.set_filter("lens", "risk")  # sorting and filtering together
    tab.sort_by(5, Qt.SortOrder.DescendingOrder)  # as a tap on the heading does
    values = [tab.proxy.index(r, 5).data(SORT_ROLE)[1] for r in range(tab.proxy.rowCount())]
    assert values == sorted(values, reverse=True) and len(values) == 30
    tab.sort_by(1, Qt.SortOrder.AscendingOrder)
    tables = [tab.proxy.index(r, 1).data() for r in range(tab.proxy.rowCount())]
    assert tables[0] == "Table 1" and tables[-1] == "Table 6"
    assert format_duration(59) == "59 s" and format_duration(61) == "1 min 01 s"
    assert format_duration(None) == "—"


@OFFSCREEN_NOTE
def test_tapping_a_row_opens_the_ranking(tab, qtbot):
    index = tab.proxy.index(3, 0)
    rect = tab.table.visualRect(index)
    tab.show()
    with qtbot.waitSignal(tab.ranking_opened) as opened:
        qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [index.data(Qt.ItemDataRole.UserRole + 2)]
    assert tab.stack.currentWidget() is tab.detail
    tab.detail.back_button.click()
    assert tab.stack.currentIndex() == 0


def test_detail_shows_criteria_with_primary_and_the_cut_line(tab, service):  # noqa: F811
    record = next(r for r in service.rankings.records() if r.tiers and r.note)
    tab.open_ranking(record.ranking_id)
    detail = tab.detail
    primary = next(c.text for c in record.criteria if c.primary)
    assert f"<b>{primary}</b>" in detail.criteria.text()
    assert "primary" in detail.criteria.text()
    assert detail.note.text() == record.note
    assert "acceptable" in detail.facts.text()
    assert detail.replay.ladder_view.cut == sum(1 for t in record.tiers.values()
                                                if t == "acceptable")


def test_correcting_a_label_updates_the_store(tab, service, store):  # noqa: F811
    record = next(r for r in service.rankings.records() if r.table == "Table 2")
    tab.open_ranking(record.ranking_id)
    assert tab.detail.correct("Table 7", None)
    assert store.get_ranking(record.ranking_id).table == "Table 7"
    assert "Table 7" in tab.detail.title.text()
    assert "Correction saved" in tab.detail.message.text()
    tab.set_filter("table", "Table 7")  # the list was refreshed with the new label
    assert record.ranking_id in tab.visible_ids()


def test_correct_dialog_moves_a_ranking_to_another_workshop(tab, service, store):  # noqa: F811
    shop = service.workshops.add("Preston", "Guild Hall", "2025-07-01")
    record = service.rankings.records()[0]
    tab.open_ranking(record.ranking_id)

    def fill_and_accept(dialog: CorrectDialog) -> bool:
        dialog.table_edit.setText("Table 1")
        dialog.workshop_box.setCurrentIndex(dialog.workshop_box.findData(shop.workshop_id))
        return True

    tab.detail.run_dialog = fill_and_accept
    tab.detail.correct_button.click()
    saved = store.get_ranking(record.ranking_id)
    assert (saved.workshop_id, saved.workshop, saved.table) == \
        (shop.workshop_id, "Preston", "Table 1")


def test_an_empty_table_label_is_refused_with_a_message(tab, service, store):  # noqa: F811
    record = service.rankings.records()[0]
    tab.open_ranking(record.ranking_id)
    assert not tab.detail.correct("   ", None)
    assert "label" in tab.detail.message.text()
    assert store.get_ranking(record.ranking_id).table == record.table


def test_delete_asks_first_cancel_keeps_it(tab, service, store):  # noqa: F811
    record = service.rankings.records()[0]
    tab.open_ranking(record.ranking_id)
    asked = []
    tab.detail.ask = lambda title, text, yes: asked.append(text) or False
    tab.detail.delete_button.click()
    assert asked and record.table in asked[0]
    assert store.has_ranking(record.ranking_id)
    assert tab.stack.currentWidget() is tab.detail


def test_delete_asks_first_ok_removes_it(tab, service, store):  # noqa: F811
    record = service.rankings.records()[0]
    tab.open_ranking(record.ranking_id)
    tab.detail.ask = lambda title, text, yes: True
    tab.detail.delete_button.click()
    assert not store.has_ranking(record.ranking_id)
    assert tab.stack.currentIndex() == 0
    assert record.ranking_id not in tab.visible_ids() and tab.model.rowCount() == 88


@OFFSCREEN_NOTE
def test_the_confirm_dialog_itself(qtbot):
    dialog = ConfirmDialog("Delete?", "Really?", "Delete", THEME)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.finished) as done:
        dialog.no_button.click()
    assert done.args == [QDialog.DialogCode.Rejected.value]
    dialog.show()
    with qtbot.waitSignal(dialog.finished) as done:
        dialog.yes_button.click()
    assert done.args == [QDialog.DialogCode.Accepted.value]
    assert dialog.no_button.isDefault()  # Enter never deletes by accident


def test_empty_store_offers_demo_data(qtbot, service):  # noqa: F811
    tab = RankingsTab(service, THEME)
    qtbot.addWidget(tab)
    assert tab.empty.isVisibleTo(tab) and not tab.table.isVisibleTo(tab)
    with qtbot.waitSignal(tab.demo_requested):
        tab.demo_button.click()


def test_a_paper_ranking_without_log_opens(qtbot, service, store):  # noqa: F811
    record = real_ranking(service)
    store.update_ranking(record.with_changes(log=(), source="paper", moves=None,
                                             duration_s=None))
    tab = RankingsTab(service, THEME)
    qtbot.addWidget(tab)
    tab.open_ranking(record.ranking_id)
    assert "paper" in tab.detail.replay.step_text.text()
    assert not tab.detail.replay.slider.isEnabled()
    assert tab.detail.replay.ladder_view.ladder[0] == "6"


HOSTILE = '<h1 style="font-size:400px">BIG</h1><img src="file:///etc/passwd">'


def test_attack_markup_typed_at_a_table_shows_as_plain_text(tab, service, store):  # noqa: F811
    """A note, criterion, table label or workshop name holding HTML is shown as the
    characters typed, never rendered (no 400 px heading, no local file loaded)."""
    record = next(r for r in service.rankings.records() if r.criteria)
    store.update_ranking(record.with_changes(
        note=HOSTILE, table=HOSTILE, workshop=HOSTILE,
        criteria=(record.criteria[0].__class__(HOSTILE, "own", True),)))
    service.reload()
    tab.open_ranking(record.ranking_id)
    detail = tab.detail
    for widget in tab.findChildren(type(detail.note)):
        if HOSTILE in widget.text():
            assert widget.textFormat() == Qt.TextFormat.PlainText, widget.objectName()
        else:  # a rich-text label carries the typed text escaped, never as markup
            assert "<h1" not in widget.text() and "<img" not in widget.text()
    assert detail.note.text() == HOSTILE
    assert "&lt;h1" in detail.criteria.text()
