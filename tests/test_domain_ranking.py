"""The board's model: placing, moving, returning, the cut line, criteria, undo/redo, and
everything derived from the move log."""

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.domain.ranking import (
    ACCEPTABLE,
    NOT_ACCEPTABLE,
    Ranking,
    RankingContext,
    RankingError,
    shift_into,
)

CARDS = ("1", "2", "3", "4", "5", "6")


class TickClock:
    """A clock that advances a fixed step on every reading."""

    def __init__(self, step_s: float = 10.0):
        self.now = datetime(2017, 3, 1, 10, 0, tzinfo=UTC)
        self.step = timedelta(seconds=step_s)

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        return current


def make(clock=None) -> Ranking:
    return Ranking("examples-1-6", "benefit", CARDS,
                   RankingContext("w1", "Manchester", "Manchester", "2017-03-01", "Table 3", "k1"),
                   clock=clock or TickClock())


def test_new_ranking_has_everything_in_the_tray():
    r = make()
    assert r.tray == list(CARDS)
    assert r.ladder == (None,) * 6
    assert not r.complete and r.placed_count == 0
    assert not r.can_undo and not r.can_redo


def test_place_on_empty_and_taken_places_shifts_towards_nearest_gap():
    r = make()
    assert r.drop("1", 2)
    assert r.ladder == (None, None, "1", None, None, None)
    r.drop("2", 2)  # gap below is as near as gap above: below wins
    assert r.ladder == (None, None, "2", "1", None, None)
    r.drop("3", 3)  # nearest gap: slot 4 below
    assert r.ladder == (None, None, "2", "3", "1", None)
    r.drop("4", 5)
    r.drop("5", 5)  # only gaps above: cards shift up
    assert r.ladder == (None, "2", "3", "1", "4", "5")
    assert r.tray == ["6"]


def test_shift_into_rejects_full_ladder():
    with pytest.raises(RankingError):
        shift_into(["a", "b"], "c", 0)


def test_move_within_ladder_and_back_to_tray():
    r = make()
    for slot, card in enumerate(CARDS):
        r.drop(card, slot)
    assert r.complete
    r.drop("6", 0)
    assert r.ladder == ("6", "1", "2", "3", "4", "5")
    assert r.drop("3", None)
    assert r.tray == ["3"] and r.ladder[3] is None and not r.complete
    assert not r.drop("3", None)  # already in the tray: no step
    assert not r.drop("6", 0)  # same place: no step
    assert r.positions() == {"6": 1, "1": 2, "2": 3, "4": 5, "5": 6}


def test_nudge_is_the_non_drag_alternative():
    r = make()
    assert r.nudge("1", +1)  # from the tray to the first free place
    assert r.ladder[0] == "1"
    assert r.nudge("2", -1)  # from the tray to the last free place
    assert r.ladder[5] == "2"
    r.drop("3", 1)
    assert r.nudge("3", -1)  # swaps with the card above
    assert r.ladder[:2] == ("3", "1")
    assert not r.nudge("3", -1)  # already at the top
    assert not r.nudge("2", +1)  # already at the bottom


def test_undo_redo_each_operation():
    r = make()
    r.drop("1", 0)
    r.drop("2", 0)
    assert r.ladder[:2] == ("2", "1")
    assert r.undo()
    assert r.ladder[:2] == ("1", None)
    assert r.undo()
    assert r.ladder == (None,) * 6
    assert not r.undo()
    assert r.redo() and r.redo()
    assert r.ladder[:2] == ("2", "1")
    assert not r.redo()
    r.undo()
    r.drop("3", 5)  # a new step clears what could be redone
    assert not r.can_redo


def test_cut_line_gives_tiers_and_is_undoable():
    r = Ranking("d", "acceptability", ("a", "b", "c"), clock=TickClock())
    for slot, card in enumerate("abc"):
        r.drop(card, slot)
    assert r.tiers() == {}
    r.set_cut(2)
    assert r.tiers() == {"a": ACCEPTABLE, "b": ACCEPTABLE, "c": NOT_ACCEPTABLE}
    assert not r.set_cut(2)
    r.undo()
    assert r.cut is None
    with pytest.raises(RankingError):
        r.set_cut(4)


def test_criteria_primary_note():
    r = make()
    r.add_criterion("The number of people able to benefit", "suggested")
    r.add_criterion("  our   own idea ", "own")
    assert [c.text for c in r.criteria] == ["The number of people able to benefit", "our own idea"]
    assert not r.add_criterion("our own idea", "own")
    r.set_primary("our own idea")
    with pytest.raises(RankingError):
        r.set_primary("not stated")
    r.remove_criterion("our own idea")
    assert r.primary is None
    r.undo()
    assert r.primary == "our own idea"
    r.set_note("We argued about consent")
    assert r.note == "We argued about consent"
    with pytest.raises(RankingError):
        r.add_criterion("x", "invented")


def test_bad_cards_and_places_are_refused():
    r = make()
    with pytest.raises(RankingError):
        r.drop("Z", 0)
    with pytest.raises(RankingError):
        r.drop("1", 6)
    with pytest.raises(RankingError):
        Ranking("d", "risk", ("a", "a"))


def test_log_times_give_start_duration_and_moves():
    clock = TickClock(step_s=15)
    r = make(clock)
    for slot, card in enumerate(CARDS):
        r.drop(card, slot)
    r.undo()
    r.redo()
    r.add_criterion("x", "own")  # not a card move
    assert r.moves == 8
    assert len(r.log) == 9
    assert r.started_at == datetime(2017, 3, 1, 10, 0, tzinfo=UTC)
    assert r.duration_s() == 8 * 15
    record = r.to_record(completed_at=datetime(2017, 3, 1, 10, 5, tzinfo=UTC))
    assert record.duration_s == 300
    assert record.moves == 8
    assert record.positions == {c: i + 1 for i, c in enumerate(CARDS)}
    assert record.table == "Table 3" and record.workshop == "Manchester"
    assert [c.to_doc() for c in record.criteria] == [
        {"text": "x", "origin": "own", "primary": False}]


def test_incomplete_ranking_cannot_be_recorded():
    r = make()
    r.drop("1", 0)
    with pytest.raises(RankingError):
        r.to_record()


def test_draft_replays_exactly_including_undo_stack():
    r = make()
    r.drop("1", 0)
    r.drop("2", 0)
    r.drop("3", 4)
    r.undo()
    r.add_criterion("fairness", "own")
    r.set_primary("fairness")
    r.set_cut(2)
    back = Ranking.from_draft(r.to_draft())
    assert back.ladder == r.ladder and back.tray == r.tray
    assert back.cut == r.cut and back.criteria == r.criteria and back.primary == r.primary
    assert back.log == r.log and back.moves == r.moves
    assert back.can_redo == r.can_redo and back.can_undo
    assert back.context == r.context and back.ranking_id == r.ranking_id
    # the resumed undo stack reaches all the way back
    while back.undo():
        pass
    assert back.ladder == (None,) * 6 and back.criteria == ()


def test_replay_step_by_step_reproduces_each_intermediate_board():
    r = make()
    boards = []
    for card, slot in [("1", 0), ("2", 0), ("3", 1), ("1", None)]:
        r.drop(card, slot)
        boards.append(r.ladder)
    r.undo()
    boards.append(r.ladder)
    replay = Ranking("examples-1-6", "benefit", CARDS)
    for entry, expected in zip(r.log, boards, strict=True):
        replay.replay_entry(entry)
        assert replay.ladder == expected


def test_corrupt_draft_is_a_clear_error():
    r = make()
    r.drop("1", 0)
    doc = r.to_draft()
    doc["log"].insert(0, {"t": doc["log"][0]["t"], "op": "undo"})
    with pytest.raises(RankingError):
        Ranking.from_draft(doc)
    with pytest.raises(RankingError):
        Ranking.from_draft({"deck": "x"})
