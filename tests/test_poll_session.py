"""The poll session (no Qt): answers hidden until the reveal, changes before it, stages,
the draft after every change and a resume that loses nothing, and the stored run."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.domain.poll_record import PollRun
from kiosk.domain.polls import PASS
from kiosk.services.poll_session import (
    PollDraftError,
    PollSession,
    draft_poll_id,
)
from tests.poll_support import CONTEXT, Clock, FakePollStore, camden_poll

SLOT = "table"


def session(store: FakePollStore, seats: int = 4, **kw) -> PollSession:
    return PollSession(store, camden_poll(), CONTEXT, seats, SLOT, clock=Clock(), **kw)


def test_a_poll_begun_is_parked_at_once():
    store = FakePollStore()
    poll = session(store)
    assert store.drafts[SLOT]["kind"] == "poll"
    assert draft_poll_id(store, SLOT) == "camden-comfort"
    assert poll.stage_number == 1 and not poll.revealed and not poll.finished


def test_answers_stay_hidden_until_every_seat_has_answered():
    poll = session(FakePollStore(), seats=3)
    poll.answer(1, "2")
    poll.answer(2, "4")
    assert poll.answered(1) and poll.answered(2) and not poll.answered(3)
    assert not poll.all_answered and not poll.revealed
    with pytest.raises(ValueError, match="not revealed"):
        poll.spread()
    poll.answer(3, PASS)
    assert poll.all_answered and poll.revealed
    assert poll.spread() == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0, "pass": 1}


def test_the_table_may_reveal_before_everyone_has_answered():
    poll = session(FakePollStore(), seats=4)
    poll.answer(2, "5")
    poll.reveal()
    assert poll.revealed and not poll.answered(1)
    assert poll.spread()["5"] == 1 and sum(poll.spread().values()) == 1
    with pytest.raises(ValueError, match="revealed"):
        poll.answer(1, "3")  # too late: the table has seen the spread


def test_without_auto_reveal_only_the_table_reveals():
    poll = session(FakePollStore(), seats=2, auto_reveal=False)
    poll.answer(1, "1")
    poll.answer(2, "1")
    assert poll.all_answered and not poll.revealed
    poll.answer(2, "3")  # still changeable
    poll.reveal()
    assert poll.spread()["3"] == 1


def test_a_changed_answer_replaces_the_earlier_one():
    store = FakePollStore()
    poll = session(store, seats=2)
    poll.answer(1, "1")
    poll.answer(1, "4")
    assert poll.answer_of(1) == "4" and poll.answered_count == 1
    poll.answer(2, "4")
    assert poll.spread() == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 0, "pass": 0}
    assert [a.answer for a in poll.to_run().answers] == ["4", "4"]


def test_a_seat_choosing_again_is_waited_for_before_the_stage_shows_itself():
    session = PollSession(FakePollStore(), camden_poll(), CONTEXT, 2, "t", clock=Clock())
    session.answer(2, "1")
    session.change(2)  # seat 2 reopens its answer, then seat 1 answers last
    session.answer(1, "4")
    assert session.all_answered and not session.revealed  # seat 2 is still choosing
    assert session.changing(2) and session.answer_of(2) == "1"  # kept until it answers
    session.answer(2, "5")
    assert session.revealed and session.spread()["5"] == 1 and session.spread()["1"] == 0


def test_the_table_may_reveal_while_a_seat_is_choosing_again():
    session = PollSession(FakePollStore(), camden_poll(), CONTEXT, 2, "t", clock=Clock())
    session.answer(1, "2")
    session.answer(2, "3")
    assert session.revealed  # both answered: shown at once
    session.change(1)  # too late: the stage is revealed
    assert not session.changing(1)
    session.next_stage()
    session.answer(1, "1")
    session.change(1)
    session.reveal()  # the earlier answer stands
    assert not session.changing(1) and session.spread()["1"] == 1


def test_bad_seats_and_answers_are_refused():
    store = FakePollStore()
    for seats in (1, 7):
        with pytest.raises(ValueError, match="seats"):
            session(store, seats=seats)
    poll = session(store, seats=2)
    with pytest.raises(ValueError, match="seat"):
        poll.answer(3, "1")
    with pytest.raises(ValueError, match="not an answer"):
        poll.answer(1, "6")
    with pytest.raises(ValueError, match="reveal"):
        poll.next_stage()


def test_a_whole_poll_ends_in_one_stored_run_and_no_draft():
    store = FakePollStore()
    poll = session(store, seats=2)
    poll.answer(1, "2")
    poll.answer(2, "3")
    poll.next_stage()
    assert poll.stage_number == 2 and not poll.revealed
    poll.answer(2, "1")
    poll.reveal()
    poll.next_stage()
    assert poll.is_last_stage and poll.stage.kind == "choice"
    poll.answer(1, "purpose")
    poll.answer(2, "who")
    assert poll.spread() == {"data": 0, "purpose": 1, "who": 1}
    poll.next_stage()
    assert poll.finished
    run = poll.complete()
    assert SLOT not in store.drafts
    assert store.runs == {run.poll_run_id: run}
    assert run.poll == "camden-comfort" and run.seats == 2 and run.source == "kiosk"
    assert (run.workshop_id, run.workshop, run.place, run.workshop_date, run.table,
            run.kiosk_id) == tuple(CONTEXT.values())
    assert [(a.stage, a.seat, a.answer) for a in run.answers] == [
        (1, 1, "2"), (1, 2, "3"), (2, 2, "1"), (3, 1, "purpose"), (3, 2, "who")]
    assert run.answer(2, 1) is None  # seat 1 gave no answer before the table revealed
    for given in run.answers:
        assert datetime.fromisoformat(given.answered_at).utcoffset() is not None
    assert PollRun.from_doc(run.to_doc()) == run


def test_every_change_writes_the_draft():
    store = FakePollStore()
    poll = session(store, seats=2, auto_reveal=False)
    writes = store.draft_writes
    poll.answer(1, "1")
    poll.answer(1, "2")
    poll.reveal()
    poll.next_stage()
    assert store.draft_writes == writes + 4


@pytest.mark.parametrize("cut_after", range(9))
def test_a_kill_at_any_moment_loses_nothing(cut_after):
    """Play a poll, 'kill' it after `cut_after` steps (drop the session, keep the store),
    resume from the store alone: the same state, and the same run at the end."""
    steps = [lambda p: p.answer(1, "5"), lambda p: p.answer(2, "3"),
             lambda p: p.answer(2, "2"), lambda p: p.answer(3, PASS),
             lambda p: p.next_stage(), lambda p: p.answer(3, "4"), lambda p: p.reveal(),
             lambda p: p.next_stage(), lambda p: p.answer(1, "data")]
    store = FakePollStore()
    poll = session(store, seats=3)
    for step in steps[:cut_after]:
        step(poll)
    before = poll.to_draft()
    del poll
    resumed = PollSession.resume(store, camden_poll(), SLOT, clock=Clock())
    assert resumed is not None
    assert resumed.to_draft() == before
    for step in steps[cut_after:]:
        step(resumed)
    assert resumed.stage_number == 3 and resumed.answer_of(1) == "data"
    run = resumed.to_run()
    assert run.poll_run_id == before["poll_run_id"]
    assert [(a.stage, a.seat, a.answer) for a in run.answers] == [
        (1, 1, "5"), (1, 2, "2"), (1, 3, "pass"), (2, 3, "4"), (3, 1, "data")]


def test_resume_without_a_draft_or_from_another_kind():
    store = FakePollStore()
    assert PollSession.resume(store, camden_poll(), SLOT) is None
    assert draft_poll_id(store, SLOT) is None
    store.drafts[SLOT] = {"kind": "ranking", "log": []}
    assert draft_poll_id(store, SLOT) is None
    with pytest.raises(PollDraftError, match="not a poll"):
        PollSession.resume(store, camden_poll(), SLOT)


def test_a_damaged_draft_is_reported_not_half_resumed():
    store = FakePollStore()
    poll = session(store, seats=2)
    poll.answer(1, "3")
    doc = store.get_draft(SLOT)
    for damage in ({"stage": 9}, {"revealed": [True]}, {"seats": 8},
                   {"answers": [{"stage": 1, "seat": 1, "answer": "nine"}]},
                   {"poll_run_id": ""}, {"context": None}):
        store.drafts[SLOT] = {**doc, **damage}
        with pytest.raises(PollDraftError):
            PollSession.resume(store, camden_poll(), SLOT)
    store.drafts[SLOT] = {**doc, "poll": "another"}
    with pytest.raises(PollDraftError, match="another"):
        PollSession.resume(store, camden_poll(), SLOT)


def test_a_failed_store_keeps_the_draft_for_another_try():
    store = FakePollStore()
    poll = session(store, seats=2)
    poll.answer(1, "1")
    poll.answer(2, "1")
    poll.next_stage()
    poll.reveal()
    poll.next_stage()
    poll.reveal()
    poll.next_stage()

    def full(runs):
        raise OSError(28, "No space left on device")

    store.save_poll_runs = full
    with pytest.raises(OSError):
        poll.complete()
    assert SLOT in store.drafts
    del store.save_poll_runs
    poll.complete()
    poll.complete()  # a second tap stores nothing twice
    assert len(store.runs) == 1 and SLOT not in store.drafts
