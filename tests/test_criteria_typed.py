"""Own words typed but not yet added are never lost: on the criteria screen a tap on Save
(or Back, or the table walking away) takes what is in the box as the table's own criterion,
as "Add" would have; on the facilitator's paper page "Save the sheet" does the same."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime

from kiosk.ui.facilitator.paper import PaperTab
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, service, store  # noqa: F401
from tests.shell_support import (
    open_kiosk,
    prepare_board,
    press_done,
    rank_in_order,
    set_sequence,
    tap,
)


def _criteria(qtbot, tmp_path):
    data = tmp_path / "data"
    set_sequence(data, "benefit", "risk")
    kiosk = open_kiosk(qtbot, data)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    prepare_board(window.board)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, window.board)
    assert window.screen_name == "criteria"
    return kiosk, window.criteria_screen


def test_attack_own_words_typed_then_save_tapped_without_add_are_saved(qtbot, tmp_path):
    kiosk, screen = _criteria(qtbot, tmp_path)
    tap(qtbot, screen.own_field)
    qtbot.keyClicks(screen.own_field, "  Whether people   would agree ")
    tap(qtbot, screen.save_button)  # "Add" never tapped
    assert kiosk.window.screen_name == "saved"
    [saved] = kiosk.store.list_rankings()
    assert [(c.text, c.origin) for c in saved.criteria] == [("Whether people would agree",
                                                             "own")]
    assert saved.log[-1]["op"] == "criterion_add"  # one undoable step, as Add makes
    kiosk.close()


def test_typed_words_that_name_a_suggestion_are_that_suggestion_on_save(qtbot, tmp_path):
    kiosk, screen = _criteria(qtbot, tmp_path)
    suggestion = screen.lens.suggested[0]
    qtbot.keyClicks(screen.own_field, suggestion.upper())
    tap(qtbot, screen.save_button)
    [saved] = kiosk.store.list_rankings()
    assert [(c.text, c.origin) for c in saved.criteria] == [(suggestion, "suggested")]
    kiosk.close()


def test_attack_own_words_typed_then_back_to_the_board_are_kept(qtbot, tmp_path):
    kiosk, screen = _criteria(qtbot, tmp_path)
    qtbot.keyClicks(screen.own_field, "Trust")
    tap(qtbot, screen.back_button)
    assert [c.text for c in kiosk.window.board.ranking.criteria] == ["Trust"]
    kiosk.close()


def test_attack_own_words_typed_when_the_table_walks_away_are_in_the_draft(qtbot,
                                                                          tmp_path):
    kiosk, screen = _criteria(qtbot, tmp_path)
    qtbot.keyClicks(screen.own_field, "Trust")
    kiosk.window.park()
    assert kiosk.window.screen_name == "start"
    tap(qtbot, kiosk.window.start_screen.continue_button)
    assert [c.text for c in kiosk.session.ranking.criteria] == ["Trust"]
    kiosk.close()


def test_attack_paper_own_words_typed_then_save_without_add_are_saved(qtbot,
                                                                      service):  # noqa: F811
    service.workshops.add("Manchester", "Town Hall", "2017-06-28")
    tab = PaperTab(service, Theme.for_size(1366, 768))
    qtbot.addWidget(tab)
    tab.resize(1366, 640)
    tab.show()
    qtbot.waitExposed(tab)
    tab.table_box.setCurrentText("Table 3")
    tab.time_edit.setTime(QTime(14, 30))
    for card in ("3", "1", "5", "2", "6", "4"):
        qtbot.mouseClick(tab.card_buttons[card], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.own_edit, "Whether people would agree")
    with qtbot.waitSignal(tab.sheet_saved) as saved:
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    record = saved.args[0].record
    assert [(c.text, c.origin) for c in record.criteria] == [("Whether people would agree",
                                                              "own")]
    assert tab.own_edit.text() == ""
