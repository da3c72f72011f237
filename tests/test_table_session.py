"""The table's session (no Qt): first run, the sequence, drafts, resume, saving."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.domain.pin import verify_pin
from kiosk.domain.ranking import RankingError
from kiosk.domain.workshop import KioskSettings, LensStep, Workshop
from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession, undo_stack_ops
from kiosk.storage import Store

TODAY = date(2017, 3, 14)


def ticking_clock(start: datetime = datetime(2017, 3, 14, 10, 0, tzinfo=UTC)):
    counter = itertools.count()
    return lambda: start + timedelta(seconds=next(counter))


def open_store(path):
    return Store.open(path)


@pytest.fixture()
def catalog(tmp_path):
    return load_catalog(tmp_path)


@pytest.fixture()
def store(tmp_path):
    s = open_store(tmp_path)
    yield s
    s.close()


def session_for(store, catalog) -> TableSession:
    return TableSession(store, catalog, ticking_clock(), TODAY)


def rank_all(session: TableSession) -> None:
    ranking = session.ranking
    for slot, card in enumerate(reversed(ranking.cards)):
        ranking.drop(card, slot)
        session.save_draft()


def test_first_run_creates_default_workshop_and_a_table_of_its_own(store, catalog):
    session = session_for(store, catalog)
    settings = store.get_settings()
    table = "Table " + settings["kiosk_id"].removeprefix("kiosk-")[:4].upper()
    assert settings["table"] == table
    workshop = store.get_workshop(settings["workshop_id"])
    assert workshop["name"] == "Workshop 2017-03-14"
    assert session.heading == f"Workshop 2017-03-14 · {table}"
    assert session.sequence_text == "Benefit → Risk → Acceptability"
    assert [s.lens.id for s in session.steps] == ["benefit", "risk", "acceptability"]
    assert session.draft_info() is None
    # a second start keeps what the first made
    again = session_for(store, catalog)
    assert again.workshop.workshop_id == workshop["workshop_id"]
    assert again.settings.kiosk_id == settings["kiosk_id"]


def test_two_fresh_kiosks_are_never_both_table_1(tmp_path, catalog):
    """Fact: two kiosks must never both be "Table 1" of the same workshop by default; a
    first start with no workshop says so to the facilitator (and where to set it) as a hint,
    not as a problem."""
    sessions = []
    for name in ("one", "two"):
        with open_store(tmp_path / name) as store:
            sessions.append(session_for(store, catalog))
    tables = [s.settings.table for s in sessions]
    assert "Table 1" not in tables and tables[0] != tables[1]
    for session in sessions:
        assert session.ready and session.steps
        assert session.problems == []
        notice = session.setup_hint
        assert "No workshop set yet" in notice
        assert "Setup" in notice and "kiosk setup" in notice
        assert session.settings.table in notice


def test_the_notice_goes_once_a_workshop_is_set(store, catalog):
    session = session_for(store, catalog)
    assert "No workshop" in session.setup_hint
    assert "No workshop" in session_for(store, catalog).setup_hint  # stays
    workshop = Workshop.new("Manchester", "Town Hall", "2017-03-14")
    store.save_workshop(workshop.to_doc())
    store.save_settings({**store.get_settings(), "workshop_id": workshop.workshop_id})
    session.reload()
    assert session.problems == [] and session.setup_hint == ""
    # The made-up workshop, once corrected in Setup, is a workshop like any other.
    provisional = Workshop.from_doc(store.list_workshops()[0])
    assert provisional.provisional
    store.save_workshop(Workshop(provisional.workshop_id, "Leeds").to_doc())
    store.save_settings({**store.get_settings(), "workshop_id": provisional.workshop_id})
    session.reload()
    assert session.setup_hint == "" and session.heading.startswith("Leeds · ")


def test_default_table_label_comes_from_the_kiosk_id():
    assert KioskSettings(kiosk_id="kiosk-3f2a1b").table == "Table 3F2A"
    assert KioskSettings(kiosk_id="hall-3").table == "Table hall-3"
    assert KioskSettings(kiosk_id="kiosk-3f2a1b", table="Table 3").table == "Table 3"
    assert KioskSettings.from_doc({"kiosk_id": "kiosk-9c8d7e"}).table == "Table 9C8D"


def test_heading_uses_the_configured_workshop(store, catalog):
    workshop = Workshop.new("Manchester", "Manchester", "2017-03-01")
    store.save_workshop(workshop.to_doc())
    store.save_settings(KioskSettings(workshop_id=workshop.workshop_id, table="Table 3",
                                      sequence=(LensStep("risk", "examples-a-f"),)).to_doc())
    session = session_for(store, catalog)
    assert session.heading == "Manchester · Table 3"
    assert session.sequence_text == "Risk"
    ranking = session.start_fresh()
    assert ranking.deck_id == "examples-a-f" and ranking.lens == "risk"
    assert ranking.context.workshop == "Manchester" and ranking.context.table == "Table 3"
    assert ranking.context.place == "Manchester"


def test_missing_deck_is_reported_and_skipped(store, catalog):
    store.save_settings(KioskSettings(sequence=(LensStep("benefit", "nope"),
                                                LensStep("risk", "examples-1-6"))).to_doc())
    session = session_for(store, catalog)
    assert [s.lens.id for s in session.steps] == ["risk"]
    assert any("nope" in p for p in session.problems)


def test_every_change_is_a_draft_that_resumes_exactly(store, catalog):
    session = session_for(store, catalog)
    ranking = session.start_fresh()
    ranking.drop("3", 0)
    session.save_draft()
    ranking.drop("1", 2)
    ranking.drop("5", 1)
    ranking.undo()
    session.save_draft()
    info = session.draft_info()
    assert (info.step, info.placed, info.total, info.phase) == (0, 2, 6, "board")

    later = session_for(store, catalog)
    resumed = later.resume()
    assert resumed.ladder == ranking.ladder
    assert resumed.tray == ranking.tray
    assert resumed.log == ranking.log
    assert resumed.can_redo and resumed.moves == ranking.moves
    assert resumed.ranking_id == ranking.ranking_id


def test_cut_line_and_criteria_survive_a_draft(store, catalog):
    store.save_settings(KioskSettings(sequence=(LensStep("acceptability",
                                                         "examples-1-6"),)).to_doc())
    session = session_for(store, catalog)
    ranking = session.start_fresh()
    rank_all(session)
    ranking.set_cut(3)
    ranking.add_criterion("Trust between the organisations involved", "suggested")
    ranking.add_criterion("Would my gran be fine with it", "own")
    ranking.set_primary("Would my gran be fine with it")
    ranking.set_note("  'It depends who asks.'  ")
    session.save_draft("criteria")

    later = session_for(store, catalog)
    assert later.draft_info().phase == "criteria"
    resumed = later.resume()
    assert later.phase == "criteria"
    assert resumed.cut == 3 and resumed.criteria == ranking.criteria
    assert resumed.primary == "Would my gran be fine with it"
    assert resumed.note == "'It depends who asks.'"


def test_finish_saves_the_record_and_moves_through_the_lenses(store, catalog):
    session = session_for(store, catalog)
    session.start_fresh()
    ids = []
    for lens in ("benefit", "risk", "acceptability"):
        assert session.ranking.lens == lens
        rank_all(session)
        session.ranking.add_criterion("Whatever we said", "own")
        ids.append(session.ranking.ranking_id)
        record = session.ranking.to_record()
        more = session.finish()
        assert more == (lens != "acceptability")
        stored = store.get_ranking(ids[-1])
        assert stored.positions == record.positions and stored.log == record.log
        assert [c.to_doc() for c in stored.criteria] == [
            {"text": "Whatever we said", "origin": "own", "primary": False}]
        if more:
            # the next lens is already parked, so a power cut resumes there
            assert session.draft_info().step == session.step_index
    assert session.ranking is None
    assert store.get_draft(session.slot) is None
    assert session.draft_info() is None


def test_start_fresh_discards_the_draft(store, catalog):
    session = session_for(store, catalog)
    session.start_fresh().drop("2", 0)
    session.save_draft()
    assert session.draft_info().placed == 1
    fresh = session.start_fresh()
    assert fresh.placed_count == 0 and session.step_index == 0
    # the fresh board, untouched, is nothing to continue
    assert session.draft_info() is None and store.get_draft(session.slot) is None


def test_an_untouched_first_board_is_never_parked_but_a_later_lens_is(store, catalog):
    session = session_for(store, catalog)
    session.start_fresh()
    session.save_draft("board")
    session.park()
    assert store.get_draft(session.slot) is None and session.draft_info() is None
    session.start_fresh()
    rank_all(session)
    session.ranking.undo()  # a move taken back is still a board the table worked on
    session.ranking.redo()
    session.save_draft()
    assert session.draft_info().placed == 6
    assert session.finish()  # the next lens begins untouched: the sequence's place is kept
    session.park()
    info = session.draft_info()
    assert info.step == 1 and info.placed == 0
    # a stored untouched first board (an older kiosk wrote them) is not offered either
    store.save_draft(session.slot, {**store.get_draft(session.slot), "step": 0,
                                    "lens": session.steps[0].lens.id})
    assert session.draft_info() is None


def test_park_keeps_the_ranking(store, catalog):
    session = session_for(store, catalog)
    session.start_fresh().drop("4", 5)
    session.park()
    assert session.ranking is None
    assert session.resume().slot_of("4") == 5


def test_unreplayable_draft_is_a_message_not_a_crash(store, catalog):
    session = session_for(store, catalog)
    store.save_draft(session.slot, {"deck": "examples-1-6", "lens": "benefit", "log": []})
    assert session.draft_info() is None
    assert any("could not be restored" in p for p in session.problems)
    with pytest.raises(RankingError):
        session.resume()
    session.start_fresh()
    assert not any("could not be restored" in p for p in session.problems)


def test_draft_from_a_changed_sequence_is_not_offered(store, catalog):
    session = session_for(store, catalog)
    session.start_fresh().drop("1", 0)
    session.save_draft()
    store.save_settings({**store.get_settings(),
                         "sequence": [{"lens": "risk", "deck": "examples-a-f"}]})
    session.reload()
    assert session.draft_info() is None


def test_pin_is_stored_only_as_a_salted_hash(store, catalog):
    session = session_for(store, catalog)
    assert session.pin_hash is None
    session.set_pin("2468")
    stored = store.get_settings()["pin"]
    assert "2468" not in str(stored)
    assert verify_pin("2468", stored) and not verify_pin("2469", stored)
    assert session_for(store, catalog).pin_hash == stored


def test_criteria_undo_never_reaches_a_card_move(store, catalog):
    session = session_for(store, catalog)
    session.start_fresh()
    rank_all(session)
    assert not session.criteria_can_undo()
    session.ranking.add_criterion("Efficacy: will it work?", "suggested")
    assert session.criteria_can_undo() and not session.criteria_can_redo()
    session.ranking.undo()
    assert not session.criteria_can_undo() and session.criteria_can_redo()


def test_undo_stack_ops_follows_the_log():
    log = [{"op": "place"}, {"op": "criterion_add"}, {"op": "undo"}, {"op": "note"},
           {"op": "undo"}, {"op": "redo"}]
    assert undo_stack_ops(log) == (["place", "note"], [])


def _hub_setup_arrives(store) -> None:
    """What kiosk.services.room.apply does when the hub's setup arrives mid-ranking."""
    store.save_workshop({"workshop_id": "w-hub", "name": "Leeds", "place": "Civic Hall",
                         "date": "2026-12-02"})
    store.save_settings({**store.get_settings(), "workshop_id": "w-hub", "table": "Table 4"})


@pytest.mark.parametrize("parked", [False, True])
def test_attack_a_ranking_finished_after_the_hubs_setup_arrived_is_saved_under_it(
        store, catalog, parked):
    """Audit: a table began its ranking under the kiosk's provisional "Workshop <date>" and
    its own default label; the hub's setup arrived while it ranked (or while the ranking was
    parked), and the finished ranking was still filed under the made-up workshop and table.
    It is saved under the setup that applies when it is saved."""
    session = session_for(store, catalog)
    assert session.workshop.provisional
    session.start_fresh()
    rank_all(session)
    _hub_setup_arrives(store)
    if parked:
        session.park()
        session.reload()  # back at the start screen: the session takes the new setup
        session.resume()
    ranking_id = session.ranking.ranking_id
    session.finish()
    saved = store.get_ranking(ranking_id)
    assert (saved.workshop_id, saved.workshop, saved.place, saved.workshop_date,
            saved.table) == ("w-hub", "Leeds", "Civic Hall", "2026-12-02", "Table 4")
    assert saved.kiosk_id == session.settings.kiosk_id


@pytest.mark.parametrize("parked", [False, True])
def test_attack_a_poll_finished_after_the_hubs_setup_arrived_is_saved_under_it(
        store, catalog, parked):
    """As for a ranking: a poll begun under the provisional "Workshop <date>" and the kiosk's
    own label, the hub's setup arriving while the seats answered (or while the poll was
    parked), was stored under the made-up workshop and table."""
    from kiosk.domain.workshop import LensStep

    session_for(store, catalog)  # the kiosk's first start: its defaults
    sequence = [LensStep.for_poll("camden-comfort").to_doc(),
                LensStep("benefit", "examples-1-6").to_doc()]
    store.save_settings({**store.get_settings(), "sequence": sequence})
    session = session_for(store, catalog)
    assert session.workshop.provisional
    session.start_fresh()
    poll = session.begin_poll(2)
    poll.answer(1, "3")
    poll.answer(2, "pass")
    _hub_setup_arrives(store)
    if parked:
        session.park()
        session.reload()
        session.resume()
        poll = session.poll_session
        assert poll is not None and poll.answered(1)
    while True:
        for seat in (1, 2):
            if not poll.answered(seat):
                poll.answer(seat, poll.stage.options[0].id if poll.stage.kind == "choice"
                            else "4")
        poll.reveal()
        if poll.is_last_stage:
            break
        poll.next_stage()
    poll.next_stage()
    run = poll.complete()
    saved = store.get_poll_run(run.poll_run_id)
    assert (saved.workshop_id, saved.workshop, saved.place, saved.workshop_date,
            saved.table) == ("w-hub", "Leeds", "Civic Hall", "2026-12-02", "Table 4")
    assert saved.kiosk_id == session.settings.kiosk_id
