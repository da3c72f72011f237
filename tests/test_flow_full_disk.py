"""A data folder that cannot take the table's draft (full, or read-only) never traps the
table or the facilitator: Done still opens the criteria, "Back to the board" the board, the
idle timeout and the facilitator's PIN still park the ranking (held in memory, offered back
on the start screen) and the facilitator's area still opens, and what is wrong is said in
words that name the data folder. Qt-free: the flow over a real TableSession and a dict
store whose draft writes fail."""

from __future__ import annotations

import errno
import os

import pytest

from kiosk.services.table_session import TableSession, describe_store_failure
from kiosk.storage import StoreError
from kiosk.ui.shell.flow import BOARD, CRITERIA, FACILITATOR, SAVED, START, TableFlow
from tests.test_shell_flow import DictStore, Table, rank_all
from tests.test_shell_flow import session as session  # noqa: F401 - the fixture, reused
from tests.test_shell_flow import table as table  # noqa: F401

FOLDER = "/media/kiosk/data"
FAILURES = {
    "full": lambda: OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), f"{FOLDER}/drafts.json"),
    "read-only": lambda: StoreError(f"The data folder {FOLDER} is read-only: nothing can be "
                                    "saved there."),
}


class RefusingStore(DictStore):
    """A dict store whose draft writes (save and delete) fail while `refusing` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.refusing: Exception | None = None

    def save_draft(self, slot: str, doc: dict) -> None:
        if self.refusing is not None:
            raise self.refusing
        super().save_draft(slot, doc)

    def delete_draft(self, slot: str) -> None:
        if self.refusing is not None:
            raise self.refusing
        super().delete_draft(slot)


class PollTable(Table):
    """The screens' fake, with the poll step's two screens too."""

    def load_seats(self) -> None:
        self.calls.append("load seats")

    def load_poll(self) -> None:
        self.calls.append("load poll")


@pytest.fixture()
def store() -> RefusingStore:
    return RefusingStore()


@pytest.fixture(params=list(FAILURES))
def failure(request) -> Exception:
    return FAILURES[request.param]()


@pytest.fixture()
def flow(session, table) -> TableFlow:  # noqa: F811
    flow = TableFlow(session, table, table, table)
    flow.to_start()
    return flow


def said(table: Table) -> str:
    assert table.draft_failure is not None, "nothing was said"
    return describe_store_failure(table.draft_failure)


def a_full_board(flow: TableFlow, session: TableSession) -> None:  # noqa: F811
    flow.start_fresh()
    rank_all(session)
    flow.changed()


def test_attack_done_on_a_full_data_folder_still_opens_the_criteria(flow, session, store,
                                                                    table, failure):
    a_full_board(flow, session)
    store.refusing = failure
    flow.changed()
    flow.to_criteria()  # Done: used to end in the store's error, the board left as it was
    assert flow.screen == CRITERIA and table.front == CRITERIA
    assert FOLDER in said(table)
    flow.to_board()  # "Back to the board": the same
    assert flow.screen == BOARD and FOLDER in said(table)
    store.refusing = None  # room again: the next change saves everything
    flow.to_criteria()
    assert table.draft_failure is None
    assert store.get_draft(session.slot)["phase"] == "criteria"
    assert store.get_draft(session.slot)["log"] == session.ranking.log


@pytest.mark.parametrize("how", ["idle", "facilitator"])
def test_attack_parking_on_a_full_data_folder_holds_the_ranking_and_lets_the_facilitator_in(
        flow, session, store, table, failure, how):
    a_full_board(flow, session)
    flow.to_criteria()
    log = list(session.ranking.log)
    store.refusing = failure
    session.ranking.add_criterion("whether it reduces inequality", "suggested")
    flow.changed()
    if how == "idle":
        flow.idle_expired()
        assert flow.screen == START
    else:
        flow.open_facilitator()  # the right PIN: used to close the pad and open nothing
        assert flow.screen == FACILITATOR and table.area_open
    told = [p for p in session.problems if FOLDER in p]
    assert told, session.problems  # the facilitator's area and the start screen tell it
    info = session.draft_info()  # held in memory: offered back, nothing lost
    assert info is not None and info.phase == "criteria"
    if how == "facilitator":
        flow.close_facilitator()
    flow.resume()
    assert flow.screen == CRITERIA
    assert session.ranking.log[:len(log)] == log and len(session.ranking.log) == len(log) + 1
    store.refusing = None
    flow.changed()
    assert store.get_draft(session.slot)["log"] == session.ranking.log
    assert not [p for p in session.problems if FOLDER in p]  # written: nothing more to tell


def test_attack_start_fresh_on_a_full_data_folder_still_begins(flow, session, store, table,
                                                               failure):
    a_full_board(flow, session)
    flow.park()
    store.refusing = failure
    flow.start_fresh()  # the parked ranking cannot be deleted: the new group begins anyway
    assert flow.screen == BOARD and session.ranking.placed_count == 0
    assert session.draft_info() is None  # the old draft is not offered again meanwhile


def test_attack_a_ranking_saved_when_the_next_lens_cannot_be_drafted_says_saved(
        flow, session, store, table, failure):
    a_full_board(flow, session)
    flow.to_criteria()
    done = session.ranking.ranking_id
    store.refusing = failure  # only the drafts' file refuses: the ranking goes in
    flow.save()
    assert [r.ranking_id for r in store.rankings] == [done]
    assert flow.screen == SAVED and table.failure is None
    flow.to_board()  # "Next lens"
    assert flow.screen == BOARD


def test_attack_a_poll_begun_on_a_full_data_folder_still_opens_and_parks(store, tmp_path,
                                                                        failure):
    from datetime import date

    from kiosk.domain.workshop import LensStep
    from kiosk.services.catalog import load_catalog
    from kiosk.ui.shell.flow import POLL, SEATS

    catalog = load_catalog(tmp_path)
    TableSession(store, catalog, today=date(2017, 3, 14))  # the first start's defaults
    store.save_settings({**store.get_settings(), "sequence": [
        LensStep.for_poll("camden-comfort").to_doc(),
        LensStep("benefit", "examples-1-6").to_doc()]})
    session = TableSession(store, catalog, today=date(2017, 3, 14))  # noqa: F811
    table = PollTable()  # noqa: F811
    flow = TableFlow(session, table, table, table)
    flow.to_start()
    flow.start_fresh()
    assert flow.screen == SEATS
    store.refusing = failure
    flow.seats_chosen(2)  # a poll begun is parked at once: used to end in the store's error
    assert flow.screen == POLL
    with pytest.raises(type(failure)):  # the poll screen says so (its own tests)
        session.poll_session.answer(1, "3")
    flow.idle_expired()
    assert flow.screen == START
    assert session.draft_info() is not None and [p for p in session.problems if FOLDER in p]
    flow.resume()
    assert flow.screen == POLL and session.poll_session.answered(1)
