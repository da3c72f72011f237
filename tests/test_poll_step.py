"""A case-study poll as a step of the table's sequence, in the kiosk's own window and store:
the seats asked, each seat answering on its strip, the answers stored as a poll run, then the
next step; a poll left half-way (a power cut) is offered back and carries on exactly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.domain.workshop import KioskSettings, LensStep
from kiosk.storage import Store
from kiosk.ui.shell.poll_screen import NEXT
from tests.shell_support import open_kiosk

POLL = "camden-comfort"


def poll_then_benefit(data) -> None:
    with Store.open(data) as store:
        doc = store.get_settings() or KioskSettings().to_doc()
        doc["sequence"] = [LensStep.for_poll(POLL).to_doc(),
                           LensStep("benefit", "examples-1-6").to_doc()]
        doc["seats"] = 3
        store.save_settings(doc)


def click(screen, region, target) -> None:
    point = screen.target_position(region, target).toPoint()
    QTest.mouseClick(screen, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def answer_stage(screen, seats: int, answers) -> None:
    for seat in range(1, seats + 1):
        click(screen, f"seat{seat}", answers[seat - 1])


def test_a_poll_step_is_answered_seat_by_seat_and_stored(qtbot, tmp_path):
    data = tmp_path / "data"
    poll_then_benefit(data)
    kiosk = open_kiosk(qtbot, data)
    window = kiosk.window
    try:
        tiles = window.start_screen.findChildren(type(window.start_screen.start_button))
        assert tiles  # the start screen is up with its Start button
        window.start_screen.start_button.click()
        assert window.screen_name == "seats"
        seats = window.screens.seats_screen
        assert seats.buttons[3].property("shell") == "hero"  # the setup's offer
        seats.buttons[2].click()
        assert window.screen_name == "poll"
        screen = window.screens.poll_screen
        poll = kiosk.catalog.polls[POLL]
        for stage in poll.stages:
            first, second = stage.answers()[0], stage.answers()[-1]
            answer_stage(screen, 2, [first, second])
            assert kiosk.session.poll_session.revealed  # both answered: shown
            click(screen, "centre", NEXT)
        assert window.screen_name == "saved"
        assert "answers are saved" in window.screens.saved_screen.title.text()
        (run,) = kiosk.store.list_poll_runs()
        assert run.poll == POLL and run.seats == 2 and len(run.answers) == 2 * len(poll.stages)
        assert run.table == kiosk.session.settings.table
        assert kiosk.store.get_draft(kiosk.session.slot) is not None  # the next step's draft
        window.screens.saved_screen.go_button.click()
        assert window.screen_name == "board"  # then the benefit ranking
    finally:
        kiosk.close()


def test_a_poll_left_half_way_comes_back_exactly(qtbot, tmp_path):
    data = tmp_path / "data"
    poll_then_benefit(data)
    kiosk = open_kiosk(qtbot, data)
    window = kiosk.window
    window.start_screen.start_button.click()
    window.screens.seats_screen.buttons[4].click()
    screen = window.screens.poll_screen
    poll = kiosk.catalog.polls[POLL]
    answer_stage(screen, 4, ["1", "2", "3", "pass"])
    click(screen, "centre", NEXT)
    click(screen, "seat2", "5")  # stage 2: one seat has answered when the power goes
    run_id = kiosk.session.poll_session.poll_run_id
    kiosk.store.close()  # no park, no goodbye: what is on disk is all there is
    kiosk.window.hide()
    again = open_kiosk(qtbot, data)
    try:
        note = again.window.start_screen.draft_note.text()
        assert "A poll is waiting" in note and "stage 2 of" in note, note
        again.window.start_screen.continue_button.click()
        assert again.window.screen_name == "poll"
        session = again.session.poll_session
        assert session.poll_run_id == run_id and session.stage_number == 2
        assert session.seats == 4 and session.answer_of(2) == "5"
        assert session.is_revealed(0) and not session.revealed
        assert len(poll.stages) >= 2
    finally:
        again.close()


def test_attack_a_damaged_poll_draft_is_said_and_the_table_can_start_fresh(qtbot, tmp_path):
    data = tmp_path / "data"
    poll_then_benefit(data)
    kiosk = open_kiosk(qtbot, data)
    try:
        kiosk.store.save_draft(kiosk.session.slot, {
            "kind": "poll", "poll": POLL, "stage": 1, "seats": 9, "answers": "lots",
            "context": {"kiosk_id": kiosk.session.slot}})
        kiosk.window.show_start()
        kiosk.window.start_screen.continue_button.click()
        assert kiosk.window.screen_name == "start"
        assert any("poll could not be restored" in p for p in kiosk.session.problems)
        kiosk.window.start_screen.start_button.click()  # a fresh start still works
        assert kiosk.window.screen_name == "seats"
    finally:
        kiosk.close()


def test_an_idle_poll_is_parked_and_offered_back(qtbot, tmp_path):
    data = tmp_path / "data"
    poll_then_benefit(data)
    kiosk = open_kiosk(qtbot, data, idle_ms=80, countdown_s=2, tick_ms=20)
    window = kiosk.window
    try:
        window.start_screen.start_button.click()
        window.screens.seats_screen.buttons[2].click()
        click(window.screens.poll_screen, "seat1", "3")
        qtbot.waitUntil(lambda: window.countdown.isVisible(), timeout=3000)
        qtbot.waitUntil(lambda: window.screen_name == "start", timeout=3000)
        assert "A poll is waiting" in window.start_screen.draft_note.text()
        window.start_screen.continue_button.click()
        assert window.screen_name == "poll"
        assert kiosk.session.poll_session.answer_of(1) == "3"
    finally:
        kiosk.close()


def leave_a_poll_at_stage_2(qtbot, data):
    """A poll answered to stage 2 of 4, then the power goes; the kiosk opened again (the
    first is returned too: it must outlive the test, as its window's filters do)."""
    poll_then_benefit(data)
    kiosk = open_kiosk(qtbot, data)
    kiosk.window.start_screen.start_button.click()
    kiosk.window.screens.seats_screen.buttons[2].click()
    screen = kiosk.window.screens.poll_screen
    answer_stage(screen, 2, ["1", "2"])
    click(screen, "centre", NEXT)
    kiosk.store.close()
    kiosk.window.hide()
    return kiosk, open_kiosk(qtbot, data)


def test_attack_the_resume_note_names_the_poll_plainly(qtbot, tmp_path):
    """Found: "A poll is waiting: … are you?, stage 2 of 4." read as an unknown name "?"
    followed by the stage: the title's own question mark ran into the sentence."""
    _first, again = leave_a_poll_at_stage_2(qtbot, tmp_path / "data")
    try:
        title = again.catalog.polls[POLL].title
        assert again.window.start_screen.draft_note.text() == \
            f"A poll is waiting at stage 2 of 4: “{title}”"
    finally:
        again.close()


def test_attack_start_fresh_on_a_poll_speaks_of_the_poll(qtbot, tmp_path):
    """Found: Start fresh warned that "the unfinished ranking is thrown away" when what
    waited was a poll."""
    _first, again = leave_a_poll_at_stage_2(qtbot, tmp_path / "data")
    try:
        start = again.window.start_screen
        start.fresh_button.click()
        qtbot.waitUntil(start.confirm_fresh_button.isVisible)
        words = start.confirm_text.text()
        assert "ranking" not in words and "lens" not in words, words
        assert "poll" in words and "answers" in words, words
    finally:
        again.close()


def test_attack_the_idle_countdown_on_a_poll_speaks_of_the_poll(qtbot, tmp_path):
    """Found: a poll's idle countdown said "this board will be put aside" (there is no
    board on a poll)."""
    data = tmp_path / "data"
    poll_then_benefit(data)
    kiosk = open_kiosk(qtbot, data, idle_ms=60, countdown_s=30, tick_ms=10_000)
    window = kiosk.window
    try:
        window.start_screen.start_button.click()
        window.screens.seats_screen.buttons[2].click()
        click(window.screens.poll_screen, "seat1", "3")
        qtbot.waitUntil(lambda: window.countdown.isVisible(), timeout=3000)
        words = window.countdown.detail.text()
        assert "board" not in words, words
        assert "poll" in words and "answer" in words and "kept" in words, words
    finally:
        kiosk.close()
