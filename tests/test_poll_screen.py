"""The poll screen: one strip per seat, turned to face it, tapped at the buttons' places on
the screen (through the turn); two seats at the same moment; hidden until all have answered
or the table reveals; a change before the reveal; a resumed poll; the stored run."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QTouchEvent
from PySide6.QtTest import QTest

from kiosk.domain.decks import load_deck
from kiosk.services.poll_session import PollSession
from kiosk.ui.shell.poll_layout import SEAT_EDGES
from kiosk.ui.shell.poll_painting import ANSWERED, ASK, CHANGE, REVEALED
from kiosk.ui.shell.poll_screen import NEXT, REVEAL, PollScreen
from kiosk.ui.theme import Theme
from tests.poll_support import CONTEXT, Clock, FakePollStore, camden_poll

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "cards"
SLOT = "table"


@pytest.fixture
def touch():
    return QTest.createTouchDevice()


def make_screen(qtbot, store, seats=2, size=(1920, 1080), session=None):
    theme = Theme.for_size(*size)
    screen = PollScreen(theme)
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    if session is None:
        session = PollSession(store, camden_poll(), CONTEXT, seats, SLOT, clock=Clock())
    card = load_deck(ASSETS / "case-studies.toml").card("camden")
    screen.show_session(session, card)
    return screen, session


def at(screen, region, target) -> QPoint:
    return screen.target_position(region, target).toPoint()


def tap(screen, device, region, target, touch_id=0):
    p = at(screen, region, target)
    QTest.touchEvent(screen, device).press(touch_id, p).commit()
    QTest.touchEvent(screen, device).release(touch_id, p).commit()


def click(screen, region, target):
    QTest.mouseClick(screen, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(screen, region, target))


@pytest.mark.parametrize("seats", range(2, 7))
def test_every_strip_faces_its_edge_and_lies_inside_the_screen(qtbot, seats):
    screen, _session = make_screen(qtbot, FakePollStore(), seats, size=(1366, 768))
    bounds = screen.rect()
    rects = []
    for seat, edge in enumerate(SEAT_EDGES[seats], start=1):
        strip = screen.strip(seat)
        box = strip.screen_rect()
        assert bounds.toRectF().contains(box), (seat, box)
        first, last = (screen.target_position(f"seat{seat}", a) for a in ("1", "pass"))
        side = edge.split("-")[0]
        # the first answer lies on the seated person's left, however the strip is turned
        if side == "bottom":
            assert first.x() < last.x() and box.bottom() == pytest.approx(768)
        elif side == "top":
            assert first.x() > last.x() and box.top() == pytest.approx(0)
        elif side == "left":
            assert first.y() < last.y() and box.left() == pytest.approx(0)
        else:
            assert first.y() > last.y() and box.right() == pytest.approx(1366)
        for target in screen.targets(f"seat{seat}"):
            rect = strip.transform.mapRect(strip.targets[target])
            assert min(rect.width(), rect.height()) >= screen.theme.touch()  # ≥ 9 mm
        rects.append(box)
    rects.append(screen.centre.screen_rect())
    for i, a in enumerate(rects):  # nothing overlaps
        for b in rects[i + 1:]:
            assert not a.intersects(b), (a, b)


def test_a_whole_poll_by_touch_with_two_seats_at_the_same_moment(qtbot, touch):
    store = FakePollStore()
    screen, session = make_screen(qtbot, store, seats=2)
    changed = []
    screen.changed.connect(lambda: changed.append(1))
    # stage 1: both seats press and lift together, on strips turned opposite ways
    a, b = at(screen, "seat1", "2"), at(screen, "seat2", "4")
    QTest.touchEvent(screen, touch).press(0, a).press(1, b).commit()
    QTest.touchEvent(screen, touch).release(0, a).release(1, b).commit()
    assert session.answer_of(1) == "2" and session.answer_of(2) == "4"
    assert session.revealed  # everyone has answered
    assert screen.strip_mode(1) == REVEALED and screen.strip_mode(2) == REVEALED
    assert screen.targets("seat1") == []  # nothing to tap on a revealed strip
    assert session.spread()["2"] == 1 and session.spread()["4"] == 1
    tap(screen, touch, "centre", NEXT)
    # stage 2: one seat answers, the table reveals without waiting for the other
    assert session.stage_number == 2 and screen.strip_mode(1) == ASK
    tap(screen, touch, "seat2", "pass", touch_id=3)
    assert screen.strip_mode(2) == ANSWERED and not session.revealed
    tap(screen, touch, "centre", REVEAL)
    assert session.revealed and session.spread()["pass"] == 1
    tap(screen, touch, "centre", NEXT)
    # stage 3, a choice: overlapping taps (one lifts while the other is still down)
    assert screen.targets("seat1") == ["data", "purpose", "who"]
    a, b = at(screen, "seat1", "who"), at(screen, "seat2", "who")
    QTest.touchEvent(screen, touch).press(0, a).commit()
    QTest.touchEvent(screen, touch).stationary(0).press(1, b).commit()
    QTest.touchEvent(screen, touch).release(0, a).stationary(1).commit()
    assert session.answered(1) and not session.answered(2)
    QTest.touchEvent(screen, touch).release(1, b).commit()
    assert session.spread()["who"] == 2
    finished = []
    screen.finished.connect(lambda: finished.append(1))
    tap(screen, touch, "centre", NEXT)
    assert finished == [1] and session.finished
    (run,) = store.runs.values()
    assert SLOT not in store.drafts
    assert [(x.stage, x.seat, x.answer) for x in run.answers] == [
        (1, 1, "2"), (1, 2, "4"), (2, 2, "pass"), (3, 1, "who"), (3, 2, "who")]
    assert run.table == "Table 3" and run.seats == 2
    assert len(changed) >= 7


def test_answers_stay_hidden_and_can_change_until_the_reveal(qtbot, touch):
    screen, session = make_screen(qtbot, FakePollStore(), seats=4, size=(1366, 768))
    tap(screen, touch, "seat3", "1")
    assert screen.strip_mode(3) == ANSWERED
    assert screen.targets("seat3") == [CHANGE]  # only "Answered ✓", no answer shown
    assert screen.targets("centre")[-1] == REVEAL
    tap(screen, touch, "seat3", CHANGE)
    assert screen.strip_mode(3) == ASK and session.answer_of(3) == "1"  # kept till changed
    tap(screen, touch, "seat3", "5")
    assert session.answer_of(3) == "5" and not session.revealed
    for seat in (1, 2):
        tap(screen, touch, f"seat{seat}", "3")
    assert not session.revealed and NEXT not in screen.targets("centre")
    click(screen, "seat4", "4")  # the mouse works too (the facilitator's laptop)
    assert session.revealed
    assert session.spread() == {"1": 0, "2": 0, "3": 2, "4": 1, "5": 1, "pass": 0}


def test_a_seat_tapping_to_change_is_not_revealed_by_the_last_answer(qtbot, touch):
    screen, session = make_screen(qtbot, FakePollStore(), seats=2)
    tap(screen, touch, "seat2", "1")
    tap(screen, touch, "seat2", CHANGE)  # seat 2 reopens its answer ...
    tap(screen, touch, "seat1", "4")  # ... and seat 1 answers last
    assert not session.revealed and screen.strip_mode(2) == ASK  # seat 2 still choosing
    assert screen.strip_mode(1) == ANSWERED
    tap(screen, touch, "seat2", "5")
    assert session.revealed and session.spread()["5"] == 1


def test_a_lost_tap_does_not_count(qtbot, touch):
    screen, session = make_screen(qtbot, FakePollStore(), seats=2)
    # pressed on one answer, slid off and lifted on another
    QTest.touchEvent(screen, touch).press(0, at(screen, "seat1", "1")).commit()
    QTest.touchEvent(screen, touch).move(0, at(screen, "seat1", "3")).commit()
    QTest.touchEvent(screen, touch).release(0, at(screen, "seat1", "3")).commit()
    # pressed, then cancelled by the system
    QTest.touchEvent(screen, touch).press(1, at(screen, "seat2", "1")).commit()
    screen.event(QTouchEvent(QEvent.Type.TouchCancel, touch))
    QTest.touchEvent(screen, touch).release(1, at(screen, "seat2", "1")).commit()
    # a mouse press on an answer, released off it
    QTest.mousePress(screen, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(screen, "seat2", "2"))
    QTest.mouseMove(screen, QPoint(5, 5))
    QTest.mouseRelease(screen, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(5, 5))
    assert not session.answered(1) and not session.answered(2)


def test_a_killed_poll_comes_back_as_it_was(qtbot, touch):
    store = FakePollStore()
    screen, session = make_screen(qtbot, store, seats=4)
    tap(screen, touch, "seat1", "2")
    tap(screen, touch, "seat4", "pass")
    screen.close()
    del screen, session  # the process is killed: only the store remains
    resumed = PollSession.resume(store, camden_poll(), SLOT, clock=Clock())
    assert resumed is not None
    screen, session = make_screen(qtbot, store, size=(1366, 768), session=resumed)
    assert screen.strip_mode(1) == ANSWERED and screen.strip_mode(4) == ANSWERED
    assert screen.strip_mode(2) == ASK and not session.revealed
    tap(screen, touch, "seat2", "5")
    tap(screen, touch, "seat3", "5")
    assert session.revealed
    assert session.spread() == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 2, "pass": 1}


def test_the_card_opens_and_the_middle_turns(qtbot, touch):
    screen, _session = make_screen(qtbot, FakePollStore(), seats=3)
    before = screen.target_position("centre", "turn")
    tap(screen, touch, "centre", "turn")
    assert screen.turned
    after = screen.target_position("centre", "turn")
    assert after.y() < before.y() and after.x() > before.x()  # turned half round
    tap(screen, touch, "centre", "card")
    assert screen.card_open and screen.targets("centre") == ["close"]
    tap(screen, touch, "centre", "close")
    assert not screen.card_open


def test_a_full_disk_is_said_and_nothing_is_lost(qtbot, touch):
    store = FakePollStore()
    screen, session = make_screen(qtbot, store, seats=2)

    def full(slot, doc):
        raise OSError(28, "No space left on device")

    store.save_draft = full
    tap(screen, touch, "seat1", "1")
    assert session.answer_of(1) == "1" and screen.problem
    del store.save_draft
    tap(screen, touch, "seat2", "1")
    assert not screen.problem and store.drafts[SLOT]["answers"][0]["seat"] == 1


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
@pytest.mark.parametrize("seats", [4, 6])
def test_screenshots(qtbot, size, seats):
    """Grabs to look at (/tmp/poll-*.png): before and after the reveal."""
    screen, session = make_screen(qtbot, FakePollStore(), seats, size=size)
    session.answer(1, "2")
    session.answer(3, "4")
    screen.show_session(session, screen.card)
    w, h = size
    assert screen.grab().save(f"/tmp/poll-{w}x{h}-{seats}-before.png")
    for seat in range(2, seats + 1):
        if not session.answered(seat):
            session.answer(seat, ("1", "2", "3", "4", "5", "pass")[seat % 6])
    screen.show_session(session, screen.card)
    assert session.revealed
    assert screen.grab().save(f"/tmp/poll-{w}x{h}-{seats}-after.png")
    assert QPointF(0, 0) != screen.target_position("centre", NEXT)


def test_attack_the_spread_says_who_passed_and_who_did_not_answer(qtbot, monkeypatch):
    """Found: after the table's Reveal the spread showed the answers' counts only — a seat
    that never answered was nowhere, and "pass" read like any other answer."""
    from tests.test_poll_painting import Drawn

    screen, session = make_screen(qtbot, FakePollStore(), seats=6, size=(1366, 768))
    for seat, answer in ((1, "2"), (2, "4"), (3, "pass"), (4, "4"), (5, "5")):
        session.answer(seat, answer)
    session.reveal()
    screen.show_session(session, screen.card)
    drawn = Drawn(monkeypatch)
    screen.grab()
    texts = [text for _pt, _rect, text, _w in drawn.texts]
    assert "5 of 6 seats answered · 1 passed · 1 did not answer" in texts, texts
    session.next_stage()
    for seat in range(1, 7):
        session.answer(seat, "3")
    screen.show_session(session, screen.card)
    drawn.texts.clear()
    screen.grab()
    assert "All 6 seats answered" in [text for _pt, _rect, text, _w in drawn.texts]
