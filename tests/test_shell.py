"""The table's whole flow in the shell: start, board, criteria, saved, next lens; drafts,
the idle countdown, and a fresh window taking the draft back exactly."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.storage import Store
from tests.board_support import card_centre, mouse_drag
from tests.shell_support import (
    open_kiosk,
    place,
    prepare_board,
    press_done,
    rank_in_order,
    set_sequence,
    tap,
)


def test_first_run_shows_a_usable_start_screen(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    assert window.screen_name == "start"
    settings = kiosk.store.get_settings()
    # A table label of this kiosk's own (never "Table 1" on every kiosk), and the
    # facilitator is told that no workshop is set yet.
    table = settings["table"]
    assert table.startswith("Table ") and table != "Table 1"
    assert window.start_screen.heading.text() == f"Workshop 2017-03-14 · {table}"
    assert window.start_screen.notice.text() == ""  # not the table's business
    assert "No workshop set yet" in kiosk.session.setup_hint
    assert kiosk.store.get_workshop(settings["workshop_id"])["name"] == "Workshop 2017-03-14"
    assert window.start_screen.start_button.isVisible()
    assert not window.start_screen.continue_button.isVisible()
    tiles = window.start_screen.tiles_row
    texts = [tiles.itemAt(i).widget().findChildren(type(window.start_screen.heading))
             for i in range(tiles.count())]
    words = " ".join(lbl.text() for group in texts for lbl in group)
    for lens in ("Benefit", "Risk", "Acceptability"):
        assert lens in words
    kiosk.close()


def test_a_whole_session_through_three_lenses_is_stored_as_done(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window, store = kiosk.window, kiosk.store
    tap(qtbot, window.start_screen.start_button)
    assert window.screen_name == "board"
    done_ids = []
    for number, lens in enumerate(("benefit", "risk", "acceptability"), 1):
        board = window.board
        prepare_board(board)
        ranking = board.ranking
        assert ranking.lens == lens and ranking.placed_count == 0
        # one move with the mouse on the real viewport, the rest through the Ranking
        mouse_drag(board, card_centre(board, "6"), board.slot_scene_pos(0))
        assert ranking.slot_of("6") == 0
        assert store.get_draft(kiosk.session.slot)["log"] == ranking.log
        rank_in_order(board, ["6", "2", "4", "1", "5", "3"])
        place(board, "3", 4)  # a change of mind: 3 and 5 swap
        if lens == "acceptability":
            assert ranking.set_cut(3)
            board.refresh(animate=False)
            board.ranking_changed.emit()
        assert store.get_draft(kiosk.session.slot)["log"] == ranking.log
        press_done(qtbot, board)
        assert window.screen_name == "criteria"
        assert store.get_draft(kiosk.session.slot)["phase"] == "criteria"

        screen = window.criteria_screen
        suggested = list(screen.chips)
        tap(qtbot, screen.chips[suggested[0]])
        tap(qtbot, screen.chips[suggested[2]])
        tap(qtbot, screen.chips[suggested[0]])  # changed their mind
        tap(qtbot, screen.chips[suggested[1]])
        assert screen.chips[suggested[1]].isChecked()
        assert not screen.chips[suggested[0]].isChecked()
        screen.own_field.setFocus()
        qtbot.keyClicks(screen.own_field, f"Who gets to see it, round {number}")
        tap(qtbot, screen.add_button)
        own = f"Who gets to see it, round {number}"
        tap(qtbot, screen.stars[own])
        assert ranking.primary == own
        screen.note_field.setFocus()
        qtbot.keyClicks(screen.note_field, "'We kept coming back to trust.'")
        draft = store.get_draft(kiosk.session.slot)
        assert [c["text"] for c in draft["log"] if c["op"] == "criterion_add"] == \
            [suggested[0], suggested[2], suggested[1], own]
        expected_log_before_save = list(ranking.log)
        tap(qtbot, screen.save_button)
        done_ids.append(ranking.ranking_id)

        saved = store.get_ranking(ranking.ranking_id)
        assert saved.lens == lens and saved.deck == "examples-1-6"
        assert saved.positions == {"6": 1, "2": 2, "4": 3, "1": 4, "3": 5, "5": 6}
        assert [c.to_doc() for c in saved.criteria] == [
            {"text": suggested[2], "origin": "suggested", "primary": False},
            {"text": suggested[1], "origin": "suggested", "primary": False},
            {"text": own, "origin": "own", "primary": True},
        ]
        assert saved.note == "'We kept coming back to trust.'"
        assert list(saved.log) == ranking.log
        assert list(saved.log[:len(expected_log_before_save)]) == expected_log_before_save
        assert saved.log[-1]["op"] == "note"
        assert saved.moves == ranking.moves == 7
        assert saved.tiers == ({"6": "acceptable", "2": "acceptable", "4": "acceptable",
                                   "1": "not acceptable", "3": "not acceptable",
                                   "5": "not acceptable"} if lens == "acceptability" else {})
        assert saved.table == kiosk.store.get_settings()["table"]
        assert saved.workshop == "Workshop 2017-03-14"
        assert window.screen_name == "saved"
        if number < 3:
            assert store.get_draft(kiosk.session.slot)["step"] == number
            tap(qtbot, window.saved_screen.go_button)
            assert window.screen_name == "board"
    assert window.saved_screen.title.text().startswith("All done")
    assert store.get_draft(kiosk.session.slot) is None
    tap(qtbot, window.saved_screen.go_button)
    assert window.screen_name == "start"
    assert not window.start_screen.continue_button.isVisible()
    assert len(set(done_ids)) == 3
    kiosk.close()


def test_criteria_undo_redo_and_back_to_the_board(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    board = window.board
    prepare_board(board)
    rank_in_order(board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, board)
    screen = window.criteria_screen
    assert not screen.undo_button.isEnabled()  # never undoes a card move from here
    first = next(iter(screen.chips))
    tap(qtbot, screen.chips[first])
    tap(qtbot, screen.stars[first])
    assert board.ranking.primary == first
    tap(qtbot, screen.undo_button)
    assert board.ranking.primary is None and board.ranking.criteria
    tap(qtbot, screen.undo_button)
    assert not board.ranking.criteria and not screen.chips[first].isChecked()
    assert not screen.undo_button.isEnabled()
    assert board.ranking.complete
    tap(qtbot, screen.redo_button)
    assert screen.chips[first].isChecked()
    tap(qtbot, screen.back_button)
    assert window.screen_name == "board" and window.board is board
    assert kiosk.store.get_draft(kiosk.session.slot)["phase"] == "board"
    press_done(qtbot, board)
    assert window.screen_name == "criteria" and screen.chips[first].isChecked()
    kiosk.close()


def test_typing_a_suggestion_counts_as_the_suggestion(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, window.board)
    screen = window.criteria_screen
    first = next(iter(screen.chips))
    screen.own_field.setText(f"  {first.upper()} ")
    screen.own_field.returnPressed.emit()
    assert window.board.ranking.criteria[0].origin == "suggested"
    assert screen.chips[first].isChecked()
    kiosk.close()


def test_idle_countdown_parks_a_draft_and_returns_to_start(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=80, countdown_s=3, tick_ms=20)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    board = window.board
    prepare_board(board)
    place(board, "2", 0)
    place(board, "5", 3)
    ladder = board.ranking.ladder
    qtbot.waitUntil(lambda: window.countdown.isVisible(), timeout=3000)
    assert window.countdown.number.text() in ("3", "2", "1")
    qtbot.waitUntil(lambda: window.screen_name == "start", timeout=3000)
    assert not window.countdown.isVisible()
    assert window.board is None
    assert window.start_screen.continue_button.isVisible()
    assert window.start_screen.fresh_button.isVisible()
    assert "2 of 6" in window.start_screen.draft_note.text()
    draft = kiosk.store.get_draft(kiosk.session.slot)
    assert draft["phase"] == "board" and draft["step"] == 0
    tap(qtbot, window.start_screen.continue_button)
    assert window.board.ranking.ladder == ladder
    kiosk.close()


def test_any_touch_cancels_the_countdown(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=60, countdown_s=50, tick_ms=1000)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    qtbot.waitUntil(lambda: window.countdown.isVisible(), timeout=3000)
    with qtbot.waitSignal(window.idle.countdown_cancelled):
        QTest.mouseClick(window.countdown, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, QPoint(40, 40))
    assert not window.countdown.isVisible()
    assert window.screen_name == "board" and window.board.ranking.placed_count == 0
    # and a key press cancels it too
    qtbot.waitUntil(lambda: window.countdown.isVisible(), timeout=3000)
    QTest.keyClick(window.board.view, Qt.Key.Key_Shift)
    assert not window.countdown.isVisible()
    window.idle.disarm()
    kiosk.close()


def test_start_screen_is_not_watched_for_idleness(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=30, countdown_s=1, tick_ms=10)
    assert not kiosk.window.idle.armed
    kiosk.close()


def test_a_fresh_window_offers_the_draft_back_exactly(qtbot, tmp_path):
    data = tmp_path / "data"
    set_sequence(data, "acceptability", "benefit")
    first = open_kiosk(qtbot, data)
    window = first.window
    tap(qtbot, window.start_screen.start_button)
    board = window.board
    prepare_board(board)
    rank_in_order(board, ["4", "1", "6", "2", "3", "5"])
    place(board, "4", None)  # back to the tray
    place(board, "4", 5)
    board.ranking.undo()
    board.ranking.redo()
    board.ranking.set_cut(2)
    board.refresh(animate=False)
    board.ranking_changed.emit()
    press_done(qtbot, board)
    screen = window.criteria_screen
    chips = list(screen.chips)
    tap(qtbot, screen.chips[chips[3]])
    screen.own_field.setText("Could it be used against us")
    tap(qtbot, screen.add_button)
    tap(qtbot, screen.stars[chips[3]])
    screen.note_field.setPlainText("Half the table disagreed about 6.")
    screen.commit_note()
    before = board.ranking
    first.store.close()  # a power cut: nothing is closed politely, the draft is all there is
    window.kiosk_mode = False
    window.idle.detach()
    window.corner.detach()
    window.hide()

    second = open_kiosk(qtbot, data)
    start = second.window.start_screen
    assert second.window.screen_name == "start"
    assert start.continue_button.isVisible() and start.fresh_button.isVisible()
    assert "Acceptability" in start.draft_note.text()
    tap(qtbot, start.continue_button)
    assert second.window.screen_name == "criteria"
    after = second.window.criteria_screen.ranking
    assert after.ranking_id == before.ranking_id
    assert after.ladder == before.ladder and after.tray == before.tray == []
    assert after.cut == 2
    assert after.criteria == before.criteria and after.primary == chips[3]
    assert after.note == "Half the table disagreed about 6."
    assert after.log == before.log and after.moves == before.moves
    assert after.can_undo and not after.can_redo
    assert second.window.criteria_screen.chips[chips[3]].isChecked()
    assert second.window.criteria_screen.note_field.toPlainText() == after.note
    tap(qtbot, second.window.criteria_screen.back_button)
    assert second.window.board.ranking is after
    second.close()


def test_start_fresh_asks_first_then_discards(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=10_000)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    place(window.board, "3", 1)
    window.park()
    start = window.start_screen
    tap(qtbot, start.fresh_button)
    assert start.confirm_fresh_button.isVisible()
    tap(qtbot, start.keep_button)
    assert start.continue_button.isVisible()
    assert kiosk.store.get_draft(kiosk.session.slot)["log"]
    tap(qtbot, start.fresh_button)
    tap(qtbot, start.confirm_fresh_button)
    assert window.screen_name == "board"
    assert window.board.ranking.placed_count == 0
    assert kiosk.store.get_draft(kiosk.session.slot) is None  # an untouched board is no draft
    kiosk.close()


def test_rotation_carries_over_to_the_next_lens(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data")
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    window.board.set_rotated(True)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    window.board.done_requested.emit()
    tap(qtbot, window.criteria_screen.save_button)
    tap(qtbot, window.saved_screen.go_button)
    assert window.board.ranking.lens == "risk" and window.board.rotated
    kiosk.close()


def test_stored_rankings_are_not_read_on_the_way_to_the_start_screen(qtbot, tmp_path):
    data = tmp_path / "data"
    with Store.open(data):
        pass
    rankings = data / "rankings.json"
    rankings.write_text("{ this is not JSON", "utf-8")
    kiosk = open_kiosk(qtbot, data)
    assert kiosk.window.screen_name == "start"
    assert rankings.read_text("utf-8") == "{ this is not JSON"  # never opened, so never set aside
    assert kiosk.store.problems == []
    kiosk.close()


def test_idle_on_the_criteria_screen_keeps_the_note_being_typed(qtbot, tmp_path):
    kiosk = open_kiosk(qtbot, tmp_path / "data", idle_ms=80, countdown_s=2, tick_ms=20)
    window = kiosk.window
    tap(qtbot, window.start_screen.start_button)
    rank_in_order(window.board, ["1", "2", "3", "4", "5", "6"])
    press_done(qtbot, window.board)
    screen = window.criteria_screen
    tap(qtbot, next(iter(screen.chips.values())))
    screen.note_field.setFocus()
    qtbot.keyClicks(screen.note_field, "half typed")
    qtbot.waitUntil(lambda: window.screen_name == "start", timeout=3000)
    draft = kiosk.store.get_draft(kiosk.session.slot)
    assert draft["phase"] == "criteria"
    assert draft["log"][-1] == {**draft["log"][-1], "op": "note", "text": "half typed"}
    assert "choosing criteria" in window.start_screen.draft_note.text()
    tap(qtbot, window.start_screen.continue_button)
    assert window.screen_name == "criteria"
    assert window.criteria_screen.note_field.toPlainText() == "half typed"
    kiosk.close()
