"""The flow of the table's screens, without Qt: a real TableSession over a dict-backed store,
and one recording fake for the screens, the idle countdown and the facilitator's door."""

from __future__ import annotations

import copy
import itertools
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.record import SavedRanking
from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.ui.shell.flow import BOARD, CRITERIA, FACILITATOR, SAVED, START, TableFlow

ROOT = Path(__file__).resolve().parent.parent


class DictStore:
    """The part of the Store a table's session uses (kiosk.services.table_session's
    SessionStore), in dicts; `failing` makes storing a finished ranking fail."""

    def __init__(self) -> None:
        self.settings: dict = {}
        self.workshops: dict[str, dict] = {}
        self.drafts: dict[str, dict] = {}
        self.rankings: list[SavedRanking] = []
        self.failing: Exception | None = None

    def get_settings(self) -> dict:
        return copy.deepcopy(self.settings)

    def save_settings(self, doc: dict) -> None:
        self.settings = copy.deepcopy(doc)

    def get_workshop(self, workshop_id: str) -> dict | None:
        return copy.deepcopy(self.workshops.get(workshop_id))

    def save_workshop(self, doc: dict) -> None:
        self.workshops[doc["workshop_id"]] = copy.deepcopy(doc)

    def save_draft(self, slot: str, doc: dict) -> None:
        self.drafts[slot] = copy.deepcopy(doc)

    def get_draft(self, slot: str) -> dict | None:
        return copy.deepcopy(self.drafts.get(slot))

    def delete_draft(self, slot: str) -> None:
        self.drafts.pop(slot, None)

    def complete(self, record: SavedRanking, draft_slot: str) -> None:
        if self.failing is not None:
            raise self.failing
        self.rankings.append(record)
        self.drafts.pop(draft_slot, None)


class Table:
    """The flow's three ports in one: what each screen was filled with, which screen is in
    front, whether the idle countdown is armed, and the PIN pad and facilitator's area."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.front = ""
        self.armed = False
        self.pad_open = False
        self.area_open = False
        self.saved: tuple[str, str | None] | None = None
        self.failure: Exception | None = None

    # FlowScreens
    def load_start(self) -> None:
        self.calls.append("load start")

    def load_board(self) -> None:
        self.calls.append("load board")

    def load_criteria(self) -> None:
        self.calls.append("load criteria")

    def load_saved(self, done, following) -> None:
        self.calls.append("load saved")
        self.saved = (done.id, following.id if following is not None else None)

    def load_facilitator(self, area) -> None:
        self.calls.append(f"load facilitator {area}")

    def drop_facilitator(self, area) -> None:
        self.calls.append(f"drop facilitator {area}")

    def save_failed(self, error: Exception) -> None:
        self.failure = error

    def draft_failed(self, error: Exception) -> None:
        self.draft_failure = error

    def draft_saved(self) -> None:
        self.draft_failure = None

    def keep_note(self) -> None:
        self.calls.append("keep note")

    def show(self, screen: str) -> None:
        self.calls.append(f"show {screen}")
        self.front = screen

    # IdleSwitch
    def arm(self) -> None:
        self.armed = True

    def disarm(self) -> None:
        self.armed = False

    # FacilitatorDoor
    def close_pad(self) -> None:
        self.pad_open = False

    def open_area(self) -> str:
        self.area_open = True
        return "area"

    def close_area(self) -> str | None:
        was_open, self.area_open = self.area_open, False
        return "area" if was_open else None


@pytest.fixture()
def store() -> DictStore:
    return DictStore()


@pytest.fixture()
def session(store, tmp_path) -> TableSession:
    start = datetime(2017, 3, 14, 10, 0, tzinfo=UTC)
    ticks = itertools.count()
    return TableSession(store, load_catalog(tmp_path),
                        clock=lambda: start + timedelta(seconds=next(ticks)),
                        today=date(2017, 3, 14))


@pytest.fixture()
def table() -> Table:
    return Table()


@pytest.fixture()
def flow(session, table) -> TableFlow:
    flow = TableFlow(session, table, table, table)
    flow.to_start()
    return flow


def rank_all(session: TableSession) -> None:
    ranking = session.ranking
    for slot, card in enumerate(ranking.cards):
        ranking.drop(card, slot)


def draft(store: DictStore, session: TableSession) -> dict | None:
    return store.get_draft(session.slot)


def test_it_opens_on_the_start_screen_unwatched(flow, table):
    assert flow.screen == START and table.front == START
    assert table.calls == ["load start", "show start"]
    assert not table.armed


def test_a_whole_sequence_start_to_start(flow, session, store, table):
    flow.start_fresh()
    assert flow.screen == BOARD and table.armed
    assert draft(store, session) is None  # nothing to keep until a card moves
    done = []
    for lens, following in (("benefit", "risk"), ("risk", "acceptability"),
                            ("acceptability", None)):
        assert session.ranking.lens == lens
        rank_all(session)
        flow.changed()
        assert draft(store, session)["log"] == session.ranking.log
        flow.to_criteria()
        assert flow.screen == CRITERIA and table.armed
        assert draft(store, session)["phase"] == "criteria"
        done.append(session.ranking.ranking_id)
        flow.save()
        assert flow.screen == SAVED and table.saved == (lens, following)
        assert table.armed is (following is not None)  # the last returns to start itself
        if following is not None:
            assert draft(store, session)["step"] == len(done)
            flow.to_board()  # "Next lens"
            assert flow.screen == BOARD and session.ranking.placed_count == 0
    assert [r.ranking_id for r in store.rankings] == done
    assert draft(store, session) is None and session.ranking is None
    flow.to_start()  # the saved screen's "Finish"
    assert flow.screen == START and not table.armed


def test_criteria_wait_for_a_complete_ranking(flow, session, table):
    flow.start_fresh()
    session.ranking.drop(session.ranking.cards[0], 0)
    table.calls.clear()
    flow.to_criteria()
    assert flow.screen == BOARD
    assert "load criteria" not in table.calls


def test_no_ranking_means_no_board(flow, table):
    table.calls.clear()
    flow.to_board()
    assert flow.screen == START and table.calls == ["load start", "show start"]


def test_parking_on_the_board_keeps_a_draft_to_resume(flow, session, store, table):
    flow.start_fresh()
    ranking_id = session.ranking.ranking_id
    session.ranking.drop(session.ranking.cards[2], 0)
    flow.changed()
    flow.idle_expired()
    assert flow.screen == START and not table.armed
    assert session.ranking is None and draft(store, session)["phase"] == "board"
    assert "keep note" not in table.calls
    flow.resume()
    assert flow.screen == BOARD and table.armed
    assert session.ranking.ranking_id == ranking_id and session.ranking.placed_count == 1


def test_parking_on_the_criteria_screen_keeps_the_note_and_resumes_there(flow, session,
                                                                         table):
    flow.start_fresh()
    rank_all(session)
    flow.to_criteria()
    flow.park()
    assert "keep note" in table.calls
    assert flow.screen == START
    flow.resume()
    assert flow.screen == CRITERIA


def test_parking_on_the_saved_screen_keeps_the_next_lens(flow, session, store):
    flow.start_fresh()
    rank_all(session)
    flow.to_criteria()
    flow.save()
    flow.park()
    assert draft(store, session)["step"] == 1
    flow.resume()
    assert flow.screen == BOARD and session.ranking.lens == "risk"


def test_resume_without_a_draft_stays_on_the_start_screen(flow, table):
    table.calls.clear()
    flow.resume()
    assert flow.screen == START and table.calls == ["load start", "show start"]


def test_start_fresh_discards_a_parked_ranking(flow, session, store):
    flow.start_fresh()
    session.ranking.drop(session.ranking.cards[0], 0)
    flow.park()
    flow.start_fresh()
    assert flow.screen == BOARD and session.ranking.placed_count == 0
    assert draft(store, session) is None  # the old one gone, the fresh board not yet kept


def test_a_store_error_on_save_keeps_the_table_on_the_criteria_screen(flow, session, store,
                                                                      table):
    flow.start_fresh()
    rank_all(session)
    flow.to_criteria()
    store.failing = OSError("disk full")
    flow.save()
    assert flow.screen == CRITERIA and table.armed
    assert table.failure is store.failing
    assert session.ranking is not None and draft(store, session)["phase"] == "criteria"
    store.failing = None
    flow.save()
    assert flow.screen == SAVED and len(store.rankings) == 1


def test_the_facilitator_parks_a_table_and_goes_back_to_the_start(flow, session, store,
                                                                  table):
    flow.start_fresh()
    session.ranking.drop(session.ranking.cards[0], 0)
    table.pad_open = True
    flow.open_facilitator()
    assert flow.screen == FACILITATOR and not table.armed
    assert draft(store, session)["log"] and session.ranking is None
    assert table.calls[-3:] == ["show start", "load facilitator area", "show facilitator"]
    assert not table.pad_open  # the start screen closed the pad on the way
    flow.close_facilitator()
    assert flow.screen == START and not table.area_open
    assert table.calls[-3:] == ["load start", "show start", "drop facilitator area"]


def test_the_facilitator_from_the_start_screen_parks_nothing(flow, table):
    flow.open_facilitator()
    assert flow.screen == FACILITATOR
    assert table.calls == ["load start", "show start", "load facilitator area",
                           "show facilitator"]


def test_closing_on_the_criteria_screen_keeps_the_note(flow, session, table):
    flow.closing()
    assert "keep note" not in table.calls
    flow.start_fresh()
    rank_all(session)
    flow.to_criteria()
    flow.closing()
    assert table.calls[-1] == "keep note"


def test_the_flow_imports_no_qt():
    code = ("import sys, kiosk.ui.shell.flow; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_attack_the_all_done_return_acts_only_from_the_saved_screen(flow, session, table):
    """The saved screen's timer said its time was up: back to the start from the saved
    screen; from any other screen (a timer that outlived its screen) nothing; with the PIN
    pad up, not yet (the screen waits again)."""
    flow.start_fresh()
    for step in range(3):
        if step:
            flow.to_board()  # "Go on to …"
        rank_all(session)
        flow.to_criteria()
        flow.save()
    assert flow.screen == SAVED
    table.pad_open = True
    assert not flow.saved_timed_out() and flow.screen == SAVED and table.pad_open
    table.pad_open = False
    assert flow.saved_timed_out() and flow.screen == START
    flow.open_facilitator()
    assert flow.saved_timed_out() and flow.screen == FACILITATOR  # a stale timer: nothing
