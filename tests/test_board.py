"""The table's board, driven the way a table drives it: fingers (QTest touch sequences on
the viewport), the mouse, the keyboard and the on-screen buttons. Assertions are on the
Ranking — the ladder and its log — not on pixels."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.board_support import (
    big_deck,
    button_centre,
    card_centre,
    click,
    examples_deck,
    make_board,
    mouse_drag,
    touch_drag,
    touch_tap,
    vp,
)


@pytest.fixture
def touch():
    return QTest.createTouchDevice()


def ops(board) -> list[str]:
    return [entry["op"] for entry in board.ranking.log]


def count(signal) -> list[int]:
    calls = [0]
    signal.connect(lambda: calls.__setitem__(0, calls[0] + 1))
    return calls


def at_slot(board, card_id: str, slot: int) -> bool:
    return board.card_item(card_id).card_rect().center() == board.slot_scene_pos(slot)


# ----- whole rankings ---------------------------------------------------------------------
@pytest.mark.parametrize("lens", ["benefit", "risk", "acceptability"])
def test_a_whole_ranking_done_with_fingers(qtbot, touch, lens):
    board = make_board(qtbot, lens=lens)
    changed = count(board.ranking_changed)
    order = ["3", "1", "6", "2", "5", "4"]
    for slot, card in enumerate(order):
        touch_drag(board, touch, card_centre(board, card), board.slot_scene_pos(slot))
    assert board.ranking.ladder == tuple(order)
    assert ops(board) == ["place"] * 6
    assert changed[0] == 6
    assert board.ranking.complete
    assert all(at_slot(board, card, slot) for slot, card in enumerate(order))
    # reorder within the ladder: "4" from the bottom to the top, the others shift down
    touch_drag(board, touch, card_centre(board, "4"), board.slot_scene_pos(0))
    assert board.ranking.ladder == ("4", "3", "1", "6", "2", "5")
    assert board.ranking.log[-1] == {**board.ranking.log[-1], "op": "move", "from": 5, "to": 0}
    assert changed[0] == 7


def test_a_whole_ranking_done_with_the_mouse(qtbot):
    board = make_board(qtbot)
    for slot, card in enumerate(["6", "5", "4", "3", "2", "1"]):
        mouse_drag(board, card_centre(board, card), board.slot_scene_pos(slot))
    assert board.ranking.ladder == ("6", "5", "4", "3", "2", "1")
    # back to the tray, then onto the ladder again
    tray = board.scene.geometry.tray.center()
    mouse_drag(board, card_centre(board, "3"), tray)
    assert board.ranking.slot_of("3") is None
    assert board.ranking.tray == ["3"]
    assert not board.buttons["done"].enabled
    mouse_drag(board, card_centre(board, "3"), board.slot_scene_pos(3))
    assert board.ranking.ladder == ("6", "5", "4", "3", "2", "1")
    assert ops(board) == ["place"] * 6 + ["return", "place"]


def test_a_release_off_the_ladder_and_tray_snaps_back(qtbot, touch):
    board = make_board(qtbot)
    touch_drag(board, touch, card_centre(board, "2"), board.slot_scene_pos(0))
    home = board.card_item("2").card_rect().center()
    header = board.scene.geometry.header.center()
    touch_drag(board, touch, home, header)
    assert board.ranking.ladder[0] == "2"
    assert ops(board) == ["place"]
    assert board.card_item("2").card_rect().center() == home
    # dropping a card where it already is changes nothing either
    touch_drag(board, touch, home, home + QPointF(0, 30))
    assert ops(board) == ["place"]


def test_fifteen_cards_ranked_with_fingers(qtbot, touch):
    deck = big_deck(15)
    board = make_board(qtbot, deck, size=(1366, 768))
    for slot, card in enumerate(reversed(deck.card_ids)):
        touch_drag(board, touch, card_centre(board, card), board.slot_scene_pos(slot))
    assert board.ranking.ladder == tuple(reversed(deck.card_ids))
    assert board.buttons["done"].enabled


# ----- two people at once -----------------------------------------------------------------
def test_two_fingers_drag_two_cards_at_the_same_time(qtbot, touch):
    board = make_board(qtbot)
    changed = count(board.ranking_changed)
    viewport = board.view.viewport()
    a0, b0 = vp(board, card_centre(board, "1")), vp(board, card_centre(board, "2"))
    a1, b1 = vp(board, board.slot_scene_pos(4)), vp(board, board.slot_scene_pos(1))
    QTest.touchEvent(viewport, touch).press(0, a0).commit()
    QTest.touchEvent(viewport, touch).stationary(0).press(1, b0).commit()
    for i in range(1, 5):
        QTest.touchEvent(viewport, touch).move(0, a0 + (a1 - a0) * i / 4) \
            .move(1, b0 + (b1 - b0) * i / 4).commit()
    # both cards follow their own finger while the ladder is still unchanged
    assert board.ranking.log == []
    assert board.card_item("1").lifted and board.card_item("2").lifted
    QTest.touchEvent(viewport, touch).release(0, a1).stationary(1).commit()
    assert board.ranking.ladder[4] == "1"
    QTest.touchEvent(viewport, touch).release(1, b1).commit()
    assert board.ranking.ladder[1] == "2" and board.ranking.ladder[4] == "1"
    assert ops(board) == ["place", "place"]
    assert changed[0] == 2
    assert at_slot(board, "1", 4) and at_slot(board, "2", 1)


def test_a_second_finger_on_a_dragged_card_is_ignored(qtbot, touch):
    board = make_board(qtbot)
    viewport = board.view.viewport()
    start = vp(board, card_centre(board, "1"))
    end = vp(board, board.slot_scene_pos(0))
    QTest.touchEvent(viewport, touch).press(0, start).commit()
    QTest.touchEvent(viewport, touch).move(0, (start + end) / 2).commit()
    QTest.touchEvent(viewport, touch).stationary(0).press(1, (start + end) / 2).commit()
    QTest.touchEvent(viewport, touch).move(0, end).stationary(1).commit()
    QTest.touchEvent(viewport, touch).release(0, end).release(1, (start + end) / 2).commit()
    assert ops(board) == ["place"]


def test_a_cancelled_touch_snaps_the_card_back(qtbot, touch):
    board = make_board(qtbot)
    viewport = board.view.viewport()
    start, end = vp(board, card_centre(board, "1")), vp(board, board.slot_scene_pos(0))
    home = board.card_item("1").card_rect()
    QTest.touchEvent(viewport, touch).press(0, start).commit()
    QTest.touchEvent(viewport, touch).move(0, end).commit()
    assert board.card_item("1").lifted
    QApplication.sendEvent(viewport, QTouchEvent(QEvent.Type.TouchCancel, touch))
    assert board.ranking.log == []
    assert not board.card_item("1").lifted
    assert board.card_item("1").card_rect() == home


def test_hiding_the_board_mid_drag_puts_the_card_back(qtbot, touch):
    board = make_board(qtbot)
    viewport = board.view.viewport()
    start, end = vp(board, card_centre(board, "1")), vp(board, board.slot_scene_pos(0))
    QTest.touchEvent(viewport, touch).press(0, start).commit()
    QTest.touchEvent(viewport, touch).move(0, end).commit()
    board.hide()  # e.g. the idle timeout parks the board as a draft
    assert not board.card_item("1").lifted
    assert board.card_item("1").card_rect() == board.scene.geometry.tray_cell(0)
    assert board.ranking.log == []


def test_one_finger_is_not_also_counted_as_the_mouse(qtbot):
    board = make_board(qtbot)
    viewport = board.view.viewport()
    start, end = card_centre(board, "1"), board.slot_scene_pos(0)
    for kind, at in ((QEvent.Type.MouseButtonPress, start), (QEvent.Type.MouseMove, end),
                     (QEvent.Type.MouseButtonRelease, end)):
        pos = QPointF(vp(board, at))
        event = QMouseEvent(kind, pos, pos, viewport.mapToGlobal(pos), Qt.MouseButton.LeftButton,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                            Qt.MouseEventSource.MouseEventSynthesizedBySystem)
        QApplication.sendEvent(viewport, event)
    assert board.ranking.log == []


# ----- making room while dragging -----------------------------------------------------------
def test_the_other_cards_make_room_before_the_finger_lifts(qtbot, touch):
    board = make_board(qtbot)
    for slot, card in enumerate(["1", "2", "3"]):
        touch_drag(board, touch, card_centre(board, card), board.slot_scene_pos(slot))
    viewport = board.view.viewport()
    start = vp(board, card_centre(board, "4"))
    over_first = vp(board, board.slot_scene_pos(0))
    QTest.touchEvent(viewport, touch).press(0, start).commit()
    QTest.touchEvent(viewport, touch).move(0, (start + over_first) / 2).commit()
    QTest.touchEvent(viewport, touch).move(0, over_first).commit()
    assert board.ranking.ladder[:3] == ("1", "2", "3")  # nothing applied yet
    assert at_slot(board, "1", 1) and at_slot(board, "2", 2) and at_slot(board, "3", 3)
    assert board.scene.places[0].target_of_drag
    # over the header the preview is the real ladder again
    header = vp(board, board.scene.geometry.header.center())
    QTest.touchEvent(viewport, touch).move(0, header).commit()
    assert at_slot(board, "1", 0) and at_slot(board, "3", 2)
    QTest.touchEvent(viewport, touch).move(0, over_first).commit()
    QTest.touchEvent(viewport, touch).release(0, over_first).commit()
    assert board.ranking.ladder[:4] == ("4", "1", "2", "3")
    assert ops(board) == ["place"] * 4


def test_a_long_sweep_up_and_down_the_ladder_places_the_card_once_when_lifted(qtbot, touch):
    """300 small moves over a 15-card board with animations running, the place under the
    finger changing every third move: each one reaches the board, the cards only make room,
    and the lift is the one change to the ranking."""
    deck = big_deck(15)
    board = make_board(qtbot, deck, animation_ms=150)  # real animations, as on a kiosk
    for slot, card in enumerate(deck.card_ids[:10]):
        touch_drag(board, touch, card_centre(board, card), board.slot_scene_pos(slot * 3 // 2))
    ranking = board.ranking
    ladder, logged = ranking.ladder, len(ranking.log)
    dragged = ranking.tray[0]
    seen: list[QEvent.Type] = []
    handle = board._touch_event
    board._touch_event = lambda event: (seen.append(event.type()), handle(event))
    viewport = board.view.viewport()
    places = [board.slot_scene_pos(s) for s in range(len(ranking.cards))]
    point = vp(board, card_centre(board, dragged))
    QTest.touchEvent(viewport, touch).press(0, point).commit()
    for i in range(300):
        point = vp(board, places[(i // 3) % len(places)] + QPointF((i % 3) * 7, (i % 3) * 5))
        QTest.touchEvent(viewport, touch).move(0, point).commit()
    assert seen.count(QEvent.Type.TouchUpdate) == 300
    assert ranking.ladder == ladder and len(ranking.log) == logged  # nothing applied yet
    QTest.touchEvent(viewport, touch).release(0, point).commit()
    assert ops(board)[logged:] == ["place"]
    assert ranking.slot_of(dragged) == 9  # the place under the finger when it lifted


def test_cards_glide_into_place_with_animation(qtbot, touch):
    board = make_board(qtbot, animation_ms=150)
    touch_drag(board, touch, card_centre(board, "5"), board.slot_scene_pos(2))
    assert board.ranking.ladder[2] == "5"
    assert board.animations_running()
    qtbot.waitUntil(lambda: not board.animations_running(), timeout=2000)
    assert at_slot(board, "5", 2)


# ----- without dragging -------------------------------------------------------------------
def test_keys_move_the_chosen_card(qtbot):
    board = make_board(qtbot)
    view = board.view
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert board.selected_card == "1"
    assert board.card_item("1").selected
    QTest.keyClick(view, Qt.Key.Key_Down)  # a tray card goes to the first free place
    assert board.ranking.ladder[0] == "1"
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert board.ranking.slot_of("1") == 2
    QTest.keyClick(view, Qt.Key.Key_Up)
    assert board.ranking.slot_of("1") == 1
    QTest.keyClick(view, Qt.Key.Key_Tab)  # next in reading order: the tray's first card
    assert board.selected_card == "2"
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert board.ranking.ladder[:2] == ("2", "1")
    QTest.keyClick(view, Qt.Key.Key_Left)  # back to the tray
    assert board.ranking.slot_of("2") is None
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert board.selected_card is None
    assert ops(board) == ["place", "move", "move", "move", "place", "return"]
    assert at_slot(board, "1", 1)


def test_up_and_down_buttons_move_the_chosen_card(qtbot, touch):
    board = make_board(qtbot)
    assert not board.buttons["up"].enabled and not board.buttons["down"].enabled
    touch_tap(board, touch, card_centre(board, "3"))  # selects it (and turns it over)
    touch_tap(board, touch, board.card_back.close_button.scene_rect().center())
    assert board.selected_card == "3"
    assert board.buttons["down"].enabled
    touch_tap(board, touch, button_centre(board, "down"))
    assert board.ranking.ladder[0] == "3"
    assert not board.buttons["up"].enabled  # already at the top
    touch_tap(board, touch, button_centre(board, "down"))
    touch_tap(board, touch, button_centre(board, "down"))
    touch_tap(board, touch, button_centre(board, "up"))
    assert board.ranking.slot_of("3") == 1
    assert ops(board) == ["place", "move", "move", "move"]


def test_a_tap_on_the_bare_table_clears_the_choice(qtbot, touch):
    board = make_board(qtbot)
    board.view.setFocus()
    QTest.keyClick(board.view, Qt.Key.Key_Tab)
    assert board.selected_card == "1"
    g = board.scene.geometry
    touch_tap(board, touch, QPointF((g.tray.right() + g.ladder_left) / 2, g.tray.center().y()))
    assert board.selected_card is None


# ----- undo, redo, rotate -----------------------------------------------------------------
def test_undo_and_redo_buttons_and_keys(qtbot, touch):
    board = make_board(qtbot)
    changed = count(board.ranking_changed)
    assert not board.buttons["undo"].enabled and not board.buttons["redo"].enabled
    touch_drag(board, touch, card_centre(board, "1"), board.slot_scene_pos(0))
    touch_drag(board, touch, card_centre(board, "2"), board.slot_scene_pos(0))
    assert board.ranking.ladder[:2] == ("2", "1")
    assert board.buttons["undo"].enabled
    touch_tap(board, touch, button_centre(board, "undo"))
    assert board.ranking.ladder[:2] == ("1", None)
    assert at_slot(board, "1", 0)
    assert board.card_item("2").card_rect() == board.scene.geometry.tray_cell(0)
    assert board.buttons["redo"].enabled
    touch_tap(board, touch, button_centre(board, "redo"))
    assert board.ranking.ladder[:2] == ("2", "1")
    board.view.setFocus()
    QTest.keyClick(board.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert board.ranking.ladder[:2] == ("1", None)
    QTest.keyClick(board.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert board.ranking.ladder[:2] == ("2", "1")
    assert ops(board) == ["place", "place", "undo", "redo", "undo", "redo"]
    assert changed[0] == 6
    assert not board.buttons["redo"].enabled


def test_after_turning_the_board_a_drag_lands_under_the_finger(qtbot, touch):
    board = make_board(qtbot)
    touch_tap(board, touch, button_centre(board, "rotate"))
    assert board.rotated
    # the scene is upside down: slot 0 is now near the bottom of the screen
    assert vp(board, board.slot_scene_pos(0)).y() > board.height() / 2
    touch_drag(board, touch, card_centre(board, "4"), board.slot_scene_pos(3))
    assert board.ranking.slot_of("4") == 3
    mouse_drag(board, card_centre(board, "5"), board.slot_scene_pos(0))
    assert board.ranking.slot_of("5") == 0
    touch_tap(board, touch, button_centre(board, "rotate"))
    assert not board.rotated
    touch_drag(board, touch, card_centre(board, "6"), board.slot_scene_pos(5))
    assert board.ranking.ladder == ("5", None, None, "4", None, "6")
    assert ops(board) == ["place"] * 3


# ----- the card's back --------------------------------------------------------------------
def test_a_tap_turns_a_card_over_and_close_or_outside_turns_it_back(qtbot, touch):
    board = make_board(qtbot)
    changed = count(board.ranking_changed)
    back = board.card_back
    touch_tap(board, touch, card_centre(board, "2"))
    assert back.is_open and back.card.id == "2"
    assert "WHO" in back._text.toPlainText() and "IMPACTS" in back._text.toPlainText()
    touch_tap(board, touch, back.close_button.scene_rect().center())
    assert not back.is_open
    click(board, card_centre(board, "5"))  # a mouse click turns a card over too
    assert back.is_open and back.card.id == "5"
    outside = QPointF(back.panel_rect.left() / 2, back.panel_rect.center().y())
    touch_tap(board, touch, outside)
    assert not back.is_open
    # a tap inside the panel keeps it open; Escape closes it
    touch_tap(board, touch, card_centre(board, "1"))
    touch_tap(board, touch, back.panel_rect.center())
    assert back.is_open
    board.view.setFocus()
    QTest.keyClick(board.view, Qt.Key.Key_Escape)
    assert not back.is_open
    assert board.ranking.log == [] and changed[0] == 0


def test_the_card_back_scrolls_under_a_finger(qtbot, touch):
    deck = examples_deck()
    long_card = replace(deck.cards[0], impacts=" ".join([deck.cards[0].impacts] * 6))
    deck = replace(deck, cards=(long_card, *deck.cards[1:]))
    board = make_board(qtbot, deck, size=(1366, 768))
    back = board.card_back
    touch_tap(board, touch, card_centre(board, "1"))
    assert back.max_offset > 0  # this back is longer than the panel
    body = back.body
    touch_drag(board, touch, QPointF(body.center().x(), body.bottom() - 10),
               QPointF(body.center().x(), body.top() + 10))
    assert back.offset > 0
    assert back.is_open  # scrolling is not a tap outside
    assert board.ranking.log == []


# ----- the acceptability line -------------------------------------------------------------
def test_the_cut_line_is_dragged_between_places_and_set_once(qtbot, touch):
    board = make_board(qtbot, lens="acceptability")
    changed = count(board.ranking_changed)
    for slot, card in enumerate(["1", "2", "3", "4"]):
        touch_drag(board, touch, card_centre(board, card), board.slot_scene_pos(slot))
    line = board.scene.cut_line
    assert line is not None and line.parked and board.ranking.cut is None
    g = board.scene.geometry
    grip = line.mapToScene(line.grip_rect().center())
    # between places 2 and 3 (gap 2), measured on the ladder
    gap2 = QPointF(grip.x(), (board.slot_scene_pos(1).y() + board.slot_scene_pos(2).y()) / 2)
    touch_drag(board, touch, grip, gap2, steps=8)
    assert board.ranking.cut == 2
    assert not line.parked
    assert ops(board)[-1] == "cut" and ops(board).count("cut") == 1
    assert changed[0] == 5
    assert board.ranking.tiers() == {"1": "acceptable", "2": "acceptable",
                                     "3": "not acceptable", "4": "not acceptable"}
    # the band now sits in that gap and the places below moved down to make room for it
    band = g.band_rect(2)
    assert line.pos() == band.topLeft()
    assert board.slot_scene_pos(2).y() > band.bottom()
    # cards still land where the finger is with the band in place
    touch_drag(board, touch, card_centre(board, "5"), board.slot_scene_pos(4))
    assert board.ranking.slot_of("5") == 4
    # buttons: remove the line, draw it again
    assert board.buttons["cut"].text == "Remove line"
    touch_tap(board, touch, button_centre(board, "cut"))
    assert board.ranking.cut is None and line.parked
    assert board.buttons["cut"].text == "Draw a line"
    touch_tap(board, touch, button_centre(board, "cut"))
    assert board.ranking.cut == 3
    assert ops(board)[-3:] == ["place", "cut", "cut"]


def test_only_the_acceptability_lens_has_a_cut_line(qtbot):
    board = make_board(qtbot, lens="risk")
    assert board.scene.cut_line is None and "cut" not in board.buttons


# ----- done -------------------------------------------------------------------------------
def test_done_is_enabled_only_when_every_card_is_placed(qtbot, touch):
    board = make_board(qtbot)
    done = count(board.done_requested)
    for slot, card in enumerate(["1", "2", "3", "4", "5"]):
        touch_drag(board, touch, card_centre(board, card), board.slot_scene_pos(slot))
    assert not board.buttons["done"].enabled
    touch_tap(board, touch, button_centre(board, "done"))
    assert done[0] == 0
    assert board.scene.counter.text == "5 of 6 placed"
    touch_drag(board, touch, card_centre(board, "6"), board.slot_scene_pos(5))
    assert board.buttons["done"].enabled
    assert board.scene.counter.text == "6 of 6 placed"
    with qtbot.waitSignal(board.done_requested, timeout=1000):
        touch_tap(board, touch, button_centre(board, "done"))
    assert done[0] == 1
    # a finger that slides off the button before lifting does not press it
    viewport = board.view.viewport()
    QTest.touchEvent(viewport, touch).press(0, vp(board, button_centre(board, "done"))).commit()
    QTest.touchEvent(viewport, touch).move(0, vp(board, board.scene.geometry.tray.center())) \
        .commit()
    QTest.touchEvent(viewport, touch).release(0, vp(board, board.scene.geometry.tray.center())) \
        .commit()
    assert done[0] == 1


def test_ranking_changed_is_emitted_once_per_applied_operation(qtbot, touch):
    board = make_board(qtbot, lens="acceptability")
    changed = count(board.ranking_changed)
    touch_drag(board, touch, card_centre(board, "1"), board.slot_scene_pos(0))  # place
    # dropped where it already is: no operation
    touch_drag(board, touch, card_centre(board, "1"), board.slot_scene_pos(0) + QPointF(60, 9))
    touch_tap(board, touch, card_centre(board, "2"))  # a tap is not a move
    touch_tap(board, touch, board.card_back.close_button.scene_rect().center())
    touch_tap(board, touch, button_centre(board, "down"))  # nudge
    touch_tap(board, touch, button_centre(board, "cut"))  # cut
    touch_tap(board, touch, button_centre(board, "undo"))
    touch_tap(board, touch, button_centre(board, "redo"))
    touch_tap(board, touch, button_centre(board, "rotate"))  # not a Ranking operation
    assert ops(board) == ["place", "place", "cut", "undo", "redo"]
    assert changed[0] == len(board.ranking.log) == 5


# ----- the shell's view of the widget -------------------------------------------------------
def test_the_shell_can_swap_in_a_resumed_ranking(qtbot, touch):
    from kiosk.domain.ranking import Ranking

    board = make_board(qtbot)
    touch_drag(board, touch, card_centre(board, "1"), board.slot_scene_pos(2))
    resumed = Ranking.from_draft(board.ranking.to_draft())
    resumed.drop("2", 0)
    board.ranking = resumed
    assert board.ranking is resumed
    assert at_slot(board, "2", 0) and at_slot(board, "1", 2)
    assert board.scene.counter.text == "2 of 6 placed"
