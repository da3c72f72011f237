"""The page for typing in a paper sheet (Export / Import → "Type in a paper sheet…"),
tapped as a facilitator would: choose where the sheet is from, tap
the cards in its order (a tie, a card taken off, Undo), tick and add its criteria, save —
then the same sheet imported as CSV adds nothing. Cards left over are refused with a
message; at 1366×768 every control is finger-sized and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QScroller,
    QStyle,
    QStyleOptionSpinBox,
    QStyleOptionViewItem,
)

from kiosk.ui.facilitator import open_area
from kiosk.ui.facilitator.area import TAB_EXCHANGE
from kiosk.ui.facilitator.paper import PaperTab
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, service, store  # noqa: F401
from tests.test_paper_entry import hand_typed_csv


@pytest.fixture
def tab(qtbot, service):  # noqa: F811
    service.workshops.add("Manchester", "Town Hall", "2017-06-28")
    widget = PaperTab(service, Theme.for_size(1366, 768))
    qtbot.addWidget(widget)
    widget.resize(1366, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def tap(qtbot, widget, card: str) -> None:
    qtbot.mouseClick(widget.card_buttons[card], Qt.MouseButton.LeftButton)


def test_a_sheet_tapped_in_then_the_same_sheet_imported_as_csv_adds_nothing(
        qtbot, tab, service, tmp_path):  # noqa: F811
    assert tab.deck_box.currentData() == "examples-1-6"  # the kiosk's sequence's first
    assert tab.lens_box.currentData() == "benefit"
    assert tab.day_edit.date() == QDate(2017, 6, 28)  # the workshop's day
    tab.table_box.setCurrentText("Table 3")
    tab.time_edit.setTime(QTime(14, 30))
    for card in ("3", "1"):
        tap(qtbot, tab, card)
    qtbot.mouseClick(tab.tie_button, Qt.MouseButton.LeftButton)
    tap(qtbot, tab, "5")  # tied with 1
    assert not tab.tie_button.isChecked()  # for the next card only
    tap(qtbot, tab, "4")
    tap(qtbot, tab, "4")  # tapped again: taken off
    assert "4" in tab.order.unplaced()
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)  # ... and back on
    qtbot.mouseClick(tab.undo_button, Qt.MouseButton.LeftButton)  # the tap on 4 undone
    for card in ("2", "6", "4"):
        tap(qtbot, tab, card)
    assert tab.order.positions() == {"3": 1, "1": 2, "5": 2, "2": 4, "6": 5, "4": 6}
    assert tab.card_buttons["5"].place == "2="
    assert tab.card_buttons["5"].text_shown.startswith("2= ·  5  ")
    assert "Every card is placed." in tab.order_list.text()

    first = tab.criteria_list.item(0)
    rect = tab.criteria_list.visualItemRect(first)
    qtbot.mouseClick(tab.criteria_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())  # a tap anywhere on the row ticks it
    assert first.checkState() == Qt.CheckState.Checked
    qtbot.keyClicks(tab.own_edit, "Whether people would agree")
    qtbot.mouseClick(tab.add_own_button, Qt.MouseButton.LeftButton)
    tab.primary_box.setCurrentIndex(tab.primary_box.findData(first.text()))
    tab.note_edit.setText("Long debate on 5")
    with qtbot.waitSignal(tab.sheet_saved) as saved:
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    result = saved.args[0]
    assert result.new and result.record.source == "paper"
    assert tab.message.property("role") == "ok"
    assert tab.message.text().startswith("Saved Table 3’s benefit sheet (6 cards, 2 criteria)")
    assert tab.order.places == []  # ready for the next sheet

    workshop = service.workshops.all()[0]
    values = {"workshop": "Manchester", "place": "Town Hall", "date": "2017-06-28",
              "table": "Table 3", "lens": "benefit",
              "completed_at": result.record.completed_at, "primary": first.text(),
              "note": "Long debate on 5", "workshop_id": workshop.workshop_id}
    assert result.record.completed_at.startswith("2017-06-28T14:30:00")
    sheet = hand_typed_csv(tmp_path / "same", values, dict(result.record.positions),
                           [(first.text(), "suggested", "true"),
                            ("Whether people would agree", "own", "false")])
    summary = service.transfer.import_from([sheet])
    assert (summary.new, summary.present, summary.conflicts) == (0, 1, [])
    assert service.rankings.count() == 1


def indicator_centre(view, item) -> QPoint:
    """Where the style draws the row's check box (in the view's viewport)."""
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualItemRect(item)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    option.checkState = item.checkState()
    option.text = item.text()
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator,
                                      option, view)
    assert option.rect.contains(box) and not box.isEmpty()
    return box.center()


@pytest.mark.parametrize("where", ["box", "text"])
def test_a_tap_on_a_criterion_s_box_or_its_text_ticks_it_and_again_unticks_it(
        qtbot, tab, where):
    view = tab.criteria_list
    item = view.item(1)
    rect = view.visualItemRect(item)
    assert rect.height() >= 48  # the whole row is a finger-sized target
    at = indicator_centre(view, item) if where == "box" else rect.center()
    for expected in (Qt.CheckState.Checked, Qt.CheckState.Unchecked, Qt.CheckState.Checked):
        qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=at)
        assert item.checkState() == expected
    assert tab.chosen_criteria() == [(item.data(Qt.ItemDataRole.UserRole + 1), "suggested")]
    assert tab.primary_box.findData(item.text()) > 0  # offered as the most important


def test_saving_with_cards_left_says_which_and_stores_nothing(qtbot, tab,
                                                              service):  # noqa: F811
    tab.table_box.setCurrentText("Table 2")
    tap(qtbot, tab, "6")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.message.property("role") == "error"
    assert tab.message.text().startswith("Place every card before saving: 5 still to place")
    assert service.rankings.count() == 0
    assert tab.order.positions() == {"6": 1}  # nothing tapped is lost


def test_the_same_sheet_twice_says_it_is_stored_already(qtbot, tab, service):  # noqa: F811
    for _ in range(2):
        tab.table_box.setCurrentText("Table 2")
        for card in "654321":
            tap(qtbot, tab, card)
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "is stored already (typed in or imported before): nothing was added" in \
        tab.message.text()
    assert service.rankings.count() == 1


def test_another_deck_gives_its_cards_and_another_lens_its_criteria(qtbot, tab):
    tab.deck_box.setCurrentIndex(tab.deck_box.findData("examples-a-f"))
    assert sorted(tab.card_buttons) == list("ABCDEF")
    tab.own_edit.setText("Our words")
    tab.add_own()
    tab.lens_box.setCurrentIndex(tab.lens_box.findData("risk"))
    texts = [tab.criteria_list.item(i).text() for i in range(tab.criteria_list.count())]
    assert texts[-1] == "Our words  (own words)"  # kept across lenses, ticked
    assert tab.chosen_criteria() == [("Our words", "own")]
    assert "most risky" in tab.order_hint.text()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_in_the_area_every_control_is_finger_sized_and_nothing_runs_sideways(
        qtbot, store, catalog, size):  # noqa: F811
    area = open_area(store, catalog, Theme.for_size(*size))
    qtbot.addWidget(area)
    area.resize(*size)
    area.show()
    area.show_tab(TAB_EXCHANGE)
    qtbot.waitExposed(area)
    assert area.width() == size[0]  # the tabs still fit the screen
    qtbot.mouseClick(area.exchange_tab.paper_button, Qt.MouseButton.LeftButton)
    tab = area.paper_tab
    assert tab.isVisible() and not area.exchange_tab.isVisible()
    QApplication.processEvents()
    assert not tab.page.horizontalScrollBar().isVisible()
    assert QScroller.hasScroller(tab.page.viewport())  # long pages scroll by dragging
    # the criteria list is shown whole (the page scrolls): no scroller of its own
    assert not QScroller.hasScroller(tab.criteria_list.viewport())
    assert not tab.criteria_list.horizontalScrollBar().isVisible()
    controls = [*tab.card_buttons.values(), tab.tie_button, tab.undo_button, tab.save_button,
                tab.add_own_button, tab.workshop_box, tab.table_box, tab.deck_box,
                tab.lens_box, tab.day_edit, tab.time_edit, tab.time_less, tab.time_more,
                tab.primary_box]
    for control in controls:
        assert control.height() >= 48, control
    for card in tab.card_buttons.values():  # whole titles: wrapped, never cut
        label = card.text_label
        assert label.heightForWidth(label.width()) <= label.height() + 1
    qtbot.mouseClick(tab.back_button, Qt.MouseButton.LeftButton)
    assert area.exchange_tab.isVisible() and not tab.isVisible()


def test_acceptability_offers_the_line_and_saves_the_tiers(qtbot, tab, service):  # noqa: F811
    assert not tab.line_button.isVisible()  # benefit: no line
    tab.lens_box.setCurrentIndex(tab.lens_box.findData("acceptability"))
    assert tab.line_button.isVisible()
    tab.table_box.setCurrentText("Table 5")
    for card in "12":
        tap(qtbot, tab, card)
    qtbot.mouseClick(tab.line_button, Qt.MouseButton.LeftButton)
    for card in "3456":
        tap(qtbot, tab, card)
    assert "above: acceptable · below: not acceptable" in tab.order_list.text().split("\n")[2]
    with qtbot.waitSignal(tab.sheet_saved) as saved:
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].record.cut == 2


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
                + 0.0722 * channel(colour.blueF()))
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _text_contrast(card) -> float:
    """The contrast of a card button's text with its background, as drawn: the background
    read in the button's right margin, the text at its strongest pixel."""
    image = card.grab().toImage()
    background = image.pixelColor(card.width() - 6, card.height() // 2)
    box = card.text_label.geometry()
    return max(_contrast(background, image.pixelColor(x, y))
               for x in range(box.left(), box.right(), 1)
               for y in range(box.top(), box.bottom(), 1))


@pytest.fixture
def paper_in_area(qtbot, store, catalog):  # noqa: F811
    """The paper page as the facilitator reaches it, styled by the whole area."""
    area = open_area(store, catalog, Theme.for_size(1366, 768))
    qtbot.addWidget(area)
    area.resize(1366, 768)
    area.show()
    area.show_tab(TAB_EXCHANGE)
    qtbot.waitExposed(area)
    qtbot.mouseClick(area.exchange_tab.paper_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    return area.paper_tab


def test_placed_and_unplaced_cards_have_readable_text(qtbot, paper_in_area):
    tab = paper_in_area
    tap(qtbot, tab, "1")
    QApplication.processEvents()
    placed, unplaced = tab.card_buttons["1"], tab.card_buttons["2"]
    assert _text_contrast(placed) >= 4.5
    assert _text_contrast(unplaced) >= 4.5
    tap(qtbot, tab, "1")  # taken off again: dark text on white once more
    QApplication.processEvents()
    assert _text_contrast(placed) >= 4.5


def test_the_finish_time_is_set_with_finger_sized_minus_and_plus(qtbot, tab):
    edit = tab.time_edit
    option = QStyleOptionSpinBox()
    option.initFrom(edit)
    option.subControls = QStyle.SubControl.SC_SpinBoxUp | QStyle.SubControl.SC_SpinBoxDown
    for arrow in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        assert edit.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, arrow,
                                           edit).width() <= 1  # no tiny arrows to aim at
    assert edit.lineEdit().width() >= edit.fontMetrics().horizontalAdvance("23:59")  # shown
    for step in (tab.time_less, tab.time_more):
        assert step.width() >= 44 and step.height() >= 44, step.text()
    edit.setTime(QTime(12, 0))
    qtbot.mouseClick(tab.time_more, Qt.MouseButton.LeftButton)  # the hours, to begin with
    assert edit.time() == QTime(13, 0)
    edit.setCurrentSection(QDateTimeEdit.Section.MinuteSection)  # the minutes tapped
    qtbot.mouseClick(tab.time_less, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.time_less, Qt.MouseButton.LeftButton)
    assert edit.time() == QTime(13, 58)  # wraps round within the minutes
    for _ in range(3):
        qtbot.mouseClick(tab.time_more, Qt.MouseButton.LeftButton)
    assert edit.time() == QTime(13, 1)


def test_with_no_workshop_yet_the_sheet_s_day_is_today(qtbot, service):  # noqa: F811
    widget = PaperTab(service, Theme.for_size(1366, 768))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.day_edit.date() == QDate.currentDate()


# ----- at 1366×768: nothing cut, nothing scrolling inside the scrolling page
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_order_s_buttons_show_their_whole_words(qtbot, service, store, catalog,  # noqa: F811
                                                     size):
    """Attack: at 1366 the tie button's words were cut ("Tie the next card with the one
    befor")."""
    service.workshops.add("Manchester", "Town Hall", "2017-06-28")
    area = open_area(store, catalog, Theme.for_size(*size))
    qtbot.addWidget(area)
    area.resize(*size)
    area.show()
    area.show_tab(TAB_EXCHANGE)
    qtbot.waitExposed(area)
    area.show_paper_sheet()
    tab = area.paper_tab
    tab.lens_box.setCurrentIndex(tab.lens_box.findData("acceptability"))
    QApplication.processEvents()
    for control in (tab.tie_button, tab.undo_button, tab.clear_button, tab.line_button,
                    tab.save_button, tab.add_own_button, tab.back_button):
        needed = control.fontMetrics().horizontalAdvance(control.text())
        assert needed <= control.contentsRect().width(), (control.text(), needed,
                                                          control.contentsRect().width())
        assert control.sizeHint().width() <= control.width() + 1, control.text()


def test_a_card_of_three_lines_is_never_clipped(qtbot, service, paper_in_area):  # noqa: F811
    """Attack: a card whose title takes three lines (an own deck's long title, placed and
    tied) was cut at the card's fixed height."""
    tab = paper_in_area
    card = tab.card_buttons["3"]
    card.title = ("Linking data to improve health and social care outcomes across the "
                  "whole city region, with the voluntary sector")
    card.show_place("2=")
    for _ in range(3):
        QApplication.processEvents()
    label = card.text_label
    lines = label.heightForWidth(label.width()) / label.fontMetrics().lineSpacing()
    assert lines >= 3
    assert label.heightForWidth(label.width()) <= label.height() + 1, (
        label.heightForWidth(label.width()), label.height())


def test_every_criterion_shows_and_the_page_scrolls_to_them(qtbot, paper_in_area):
    """Attack: the criteria list scrolled inside the scrolling page and showed 3 of its 16
    rows at 1366×768; a drag on it moved only the list."""
    from tests.touch_support import drag_up

    tab = paper_in_area
    view = tab.criteria_list

    def every_row_inside() -> bool:  # top to bottom (a wrapped row's width may differ)
        height = view.viewport().height()
        return all(0 <= view.visualItemRect(view.item(i)).top()
                   and view.visualItemRect(view.item(i)).bottom() < height
                   for i in range(view.count()))

    for lens in ("benefit", "acceptability", "risk"):
        tab.lens_box.setCurrentIndex(tab.lens_box.findData(lens))
        assert view.count() >= 7
        qtbot.waitUntil(every_row_inside, timeout=2000)
    tab.lens_box.setCurrentIndex(tab.lens_box.findData("benefit"))
    QApplication.processEvents()
    bar = tab.page.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    # a finger pushing on the list moves the page
    start = view.viewport().mapTo(tab.page.viewport(), QPoint(view.viewport().width() // 2,
                                                               view.viewport().height() // 4))
    start.setY(min(start.y(), tab.page.viewport().height() - 20))
    drag_up(qtbot, tab.page, start, tab.page.viewport().height() // 3)
    assert bar.value() > 0


def _card_places(tab) -> dict[str, object]:
    return {card: (button.mapTo(tab, QPoint(0, 0)), button.size())
            for card, button in tab.card_buttons.items()}


@pytest.mark.parametrize("size", [(1366, 768), (1200, 675), (1024, 600)])
@pytest.mark.parametrize("deck", ["examples-1-6", "examples-a-f", "case-studies"])
def test_attack_picking_cards_fast_never_moves_or_resizes_a_card_button(
        qtbot, store, catalog, tmp_path, size, deck):  # noqa: F811
    """Attack: a picked card's button grew (its place written before its title wrapped it
    onto another line), pushing the cards below it down: fast taps (3, 1, Tie, 2) landed on
    the wrong cards and typed in another order (a facilitator's laptop, the area in a
    window)."""
    area = open_area(store, catalog, Theme.for_size(*size))
    qtbot.addWidget(area)
    area.resize(*size)
    area.show()
    area.show_tab(TAB_EXCHANGE)
    qtbot.waitExposed(area)
    area.show_paper_sheet()
    tab = area.paper_tab
    tab.deck_box.setCurrentIndex(tab.deck_box.findData(deck))
    for _ in range(3):
        QApplication.processEvents()
    before = _card_places(tab)
    tie = (tab.tie_button.mapTo(tab, QPoint(0, 0)), tab.tie_button.size())
    cards = list(tab.card_buttons)
    picks = [cards[2], cards[0], "tie", cards[1], *cards[3:]]
    for pick in picks:
        if pick == "tie":
            qtbot.mouseClick(tab.tie_button, Qt.MouseButton.LeftButton)
        else:
            tap(qtbot, tab, pick)
        for _ in range(3):
            QApplication.processEvents()
        assert _card_places(tab) == before, pick
        assert (tab.tie_button.mapTo(tab, QPoint(0, 0)), tab.tie_button.size()) == tie, pick
    positions = tab.order.positions()
    assert positions[cards[2]] == 1 and positions[cards[0]] == positions[cards[1]] == 2
    for card in tab.card_buttons.values():  # the whole title, and its place, still shown
        label = card.text_label
        assert label.heightForWidth(label.width()) <= label.height() + 1, card.card_id
    area.grab().save(str(tmp_path / f"paper-{deck}-{size[0]}.png"))
