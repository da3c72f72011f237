"""Time a ranking spends parked is not time spent agreeing (Ranking.duration_s): a board
idle-parked for minutes and then continued, or continued after a restart, counts only the
time worked on it — in its saved duration_s and in its move log's "e" values."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.services.catalog import load_catalog
from kiosk.services.table_session import TableSession
from kiosk.storage import Store
from tests.test_reliability_hostile import SteppingClocks

TODAY = date(2017, 3, 14)
PARKED_S = 500


def place_two(session: TableSession, clocks: SteppingClocks, start: int) -> None:
    ranking = session.ranking
    for slot in (start, start + 1):
        clocks.wait(10)
        ranking.drop(ranking.cards[slot], slot)
        session.save_draft()


def finish(session: TableSession, clocks: SteppingClocks) -> None:
    ranking = session.ranking
    for slot, card in enumerate(ranking.cards):
        if ranking.slot_of(card) is None:
            clocks.wait(10)
            ranking.drop(card, slot)
    session.save_draft()
    clocks.wait(5)
    session.finish()


@pytest.mark.parametrize("restarted", [False, True])
def test_attack_time_spent_parked_is_not_counted_in_duration_s(tmp_path, restarted):
    data = tmp_path / "data"
    catalog = load_catalog(data)
    clocks = SteppingClocks()
    with Store.open(data) as store:
        session = TableSession(store, catalog, clocks.now, TODAY, monotonic=clocks.monotonic)
        session.start_fresh()
        ranking_id = session.ranking.ranking_id
        place_two(session, clocks, 0)  # 10 s, then 10 s more: e = 0, 10
        session.park()  # idle: the attract screen returns
        clocks.wait(PARKED_S)  # nobody at the table for over eight minutes
        if restarted:
            clocks.seconds = 3.0  # a new process: its monotonic clock starts elsewhere
            store.close()
            store = Store.open(data)
            session = TableSession(store, catalog, clocks.now, TODAY,
                                   monotonic=clocks.monotonic)
        session.resume()
        place_two(session, clocks, 2)  # continued: 10 s, 10 s
        log = session.ranking.log
        assert [e["e"] for e in log] == [0.0, 10.0, 20.0, 30.0], log  # was 10 + 500 + 10 …
        finish(session, clocks)
        saved = store.get_ranking(ranking_id)
        store.close()
    cards = len(saved.positions)
    assert saved.duration_s == 10 + 10 + 10 + 10 * (cards - 4) + 5, saved.duration_s
