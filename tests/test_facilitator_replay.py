"""The replay of a ranking's move log: the slider at step k shows the ladder after k entries."""

from __future__ import annotations

import pytest

from kiosk.domain.ranking import Ranking
from kiosk.ui.facilitator.rankings_detail import RankingDetail
from kiosk.ui.theme import Theme
from tests.facilitator_support import catalog, service, store  # noqa: F401


@pytest.fixture
def detail(qtbot, service):  # noqa: F811
    service.demo.load()
    widget = RankingDetail(service, Theme.for_size(1920, 1080))
    qtbot.addWidget(widget)
    return widget


def pick(service, **want):  # noqa: F811
    return next(r for r in service.rankings.records()
                if all(getattr(r, k) == v for k, v in want.items()) and len(r.log) > 10)


def test_slider_step_k_shows_the_ladder_after_k_log_entries(detail, service):  # noqa: F811
    record = pick(service, lens="acceptability", workshop_id="demo-bristol")
    detail.show_ranking(record.ranking_id)
    replay = detail.replay
    cards = service.names.deck_order(record.deck)
    log = record.log
    assert replay.slider.maximum() == len(log)
    assert replay.step == len(log)  # opens on the final order
    for k in range(len(log) + 1):
        replay.slider.setValue(k)
        board = Ranking.replay(record.deck, record.lens, cards, log[:k])
        assert replay.ladder_view.ladder == board.ladder, f"step {k}"
        assert replay.ladder_view.cut == board.cut
        assert replay.ladder_view.tray == tuple(board.tray)


def test_buttons_step_through_and_describe_each_step(detail, service):  # noqa: F811
    record = pick(service, lens="benefit")
    detail.show_ranking(record.ranking_id)
    replay = detail.replay
    replay.start_button.click()
    assert replay.step == 0 and not replay.back_button.isEnabled()
    assert "empty board" in replay.step_text.text()
    replay.next_button.click()
    first = record.log[0]
    assert replay.step == 1
    assert f"at place {first['to'] + 1}" in replay.step_text.text()
    assert replay.ladder_view.highlight == first["card"]
    assert "step 1 of" in replay.caption.text()
    replay.end_button.click()
    assert replay.caption.text() == "Final order" and not replay.next_button.isEnabled()


def test_play_walks_to_the_end_without_sleeping(detail, service, qtbot):  # noqa: F811
    record = pick(service, lens="risk")
    detail.show_ranking(record.ranking_id)
    replay = detail.replay
    replay._timer.setInterval(1)
    replay.toggle_play()  # at the end: starts again from the empty board
    assert replay.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: replay.step == replay.slider.maximum()
                    and replay.play_button.text() == "Play", timeout=5000)


def test_a_log_that_cannot_be_replayed_still_shows_the_order(detail, service, store):  # noqa: F811
    record = pick(service, lens="benefit")
    broken = (dict(record.log[0], card="nope"), *record.log[1:])
    store.update_ranking(record.with_changes(log=broken))
    detail.show_ranking(record.ranking_id)
    assert "cannot be replayed" in detail.replay.step_text.text()
    final = tuple(sorted(record.positions, key=record.positions.get))
    assert detail.replay.ladder_view.ladder == final
