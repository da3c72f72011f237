"""The facilitator's service over a real store: settings, workshops, rankings, corrections,
replay frames, export/import and compare. No Qt."""

from __future__ import annotations

import threading

import pytest

from kiosk.analysis.selection import compare_records
from kiosk.domain.naming import natural_key
from kiosk.domain.pin import verify_pin
from kiosk.domain.ranking import Ranking, RankingError
from kiosk.domain.record import SavedRanking
from kiosk.domain.replay import describe_entry, replay_frames
from kiosk.domain.workshop import LensStep, Workshop
from kiosk.services.facilitator import FacilitatorService, SetupError
from kiosk.services.facilitator.transfer import _LockedImport
from kiosk.storage import Store
from tests.facilitator_support import catalog, real_ranking, service, store  # noqa: F401


def reopen(tmp_path, store, catalog) -> FacilitatorService:  # noqa: F811
    store.close()
    return FacilitatorService(Store.open(tmp_path / "data"), catalog)


def test_settings_persist_across_a_restart(tmp_path, store, catalog, service):  # noqa: F811
    steps = (LensStep("risk", "examples-a-f"), LensStep("benefit", "examples-1-6"))
    service.setup.update(table="Table 4", kiosk_id="kiosk-7", sequence=steps,
                            idle_timeout_s=300)
    again = reopen(tmp_path, store, catalog)
    settings = again.setup.settings()
    assert (settings.table, settings.kiosk_id, settings.sequence, settings.idle_timeout_s) == \
        ("Table 4", "kiosk-7", steps, 300)
    again._store.close()


def test_settings_keep_other_keys_and_a_stable_kiosk_id(store, service):  # noqa: F811
    store.save_settings({"something_else": 1})
    first = service.setup.settings().kiosk_id
    assert service.setup.settings().kiosk_id == first
    service.setup.update(table="Table 2")
    assert store.get_settings()["something_else"] == 1


@pytest.mark.parametrize("changes, words", [
    ({"table": "   "}, "label"),
    ({"kiosk_id": "no spaces please"}, "kiosk id"),
    ({"idle_timeout_s": 5}, "between"),
    ({"sequence": ()}, "at least one"),
    ({"sequence": (LensStep("benefit", "no-such-deck"),)}, "not loaded"),
    ({"workshop_id": "gone"}, "no longer exists"),
])
def test_bad_settings_are_refused_with_a_reason(service, changes, words):  # noqa: F811
    before = service.setup.settings()
    with pytest.raises(SetupError, match=words):
        service.setup.update(**changes)
    assert service.setup.settings() == before


def test_change_pin_needs_two_equal_pins_of_digits(service):  # noqa: F811
    with pytest.raises(SetupError, match="not the same"):
        service.setup.change_pin("1234", "1235")
    with pytest.raises(SetupError, match="4 to 12"):
        service.setup.change_pin("12", "12")
    service.setup.change_pin("2468", "2468")
    assert verify_pin("2468", service.setup.settings().pin)
    assert not verify_pin("1234", service.setup.settings().pin)


def test_workshops_add_edit_and_fix_the_copies_in_rankings(service):  # noqa: F811
    shop = service.workshops.add("Manchestr", "Library", "2025-03-14")
    record = real_ranking(service, shop.workshop_id, shop.name)
    fixed = service.workshops.update(Workshop(shop.workshop_id, "Manchester", "Library",
                                             "2025-03-15"))
    assert fixed == 1
    saved = service.rankings.get(record.ranking_id)
    assert (saved.workshop, saved.workshop_date) == ("Manchester", "2025-03-15")
    assert [w.name for w in service.workshops.all()] == ["Manchester"]
    with pytest.raises(SetupError, match="name"):
        service.workshops.add("  ")
    with pytest.raises(SetupError, match="YYYY-MM-DD"):
        service.workshops.add("Leeds", "", "14/03/2025")


def test_a_workshop_in_use_or_with_rankings_is_not_deleted(service):  # noqa: F811
    used = service.workshops.add("Used")
    busy = service.workshops.add("Busy")
    spare = service.workshops.add("Spare")
    service.setup.update(workshop_id=used.workshop_id)
    real_ranking(service, busy.workshop_id, "Busy")
    with pytest.raises(SetupError, match="using"):
        service.workshops.delete(used.workshop_id)
    with pytest.raises(SetupError, match="1 saved ranking"):
        service.workshops.delete(busy.workshop_id)
    service.workshops.delete(spare.workshop_id)
    assert {w.name for w in service.workshops.all()} == {"Used", "Busy"}


def test_list_rankings_filters(service):  # noqa: F811
    service.demo.load()
    every = service.rankings.records()
    chosen = service.rankings.find(workshop_id="demo-leeds", table="Table 2",
                                   deck="examples-a-f", lens="risk")
    assert len(chosen) == 1
    assert chosen[0].workshop == "Leeds (demo)"
    by_day = service.rankings.find(day="2025-05-21")
    assert by_day and all(r.workshop_id == "demo-bristol" for r in by_day)
    assert len(service.rankings.find()) == len(every)


def test_correct_a_mislabelled_table_and_workshop(service):  # noqa: F811
    right = service.workshops.add("Leeds", "Civic Hall", "2025-04-02")
    record = real_ranking(service, "elsewhere", "Wrong place", table="Tabel 3")
    service.rankings.update(record.ranking_id, table=" Table  3 ",
                           workshop_id=right.workshop_id)
    saved = service.rankings.get(record.ranking_id)
    assert (saved.table, saved.workshop_id, saved.workshop, saved.place,
            saved.workshop_date) == ("Table 3", right.workshop_id, "Leeds", "Civic Hall",
                                        "2025-04-02")
    assert saved.positions == record.positions
    with pytest.raises(SetupError):
        service.rankings.update(record.ranking_id, table="")
    with pytest.raises(SetupError, match="no longer saved"):
        service.rankings.update("missing", table="Table 1")


def test_delete_ranking_and_listeners_hear_of_it(service):  # noqa: F811
    heard: list[str] = []
    service.subscribe(heard.append)
    record = real_ranking(service)
    service.rankings.delete(record.ranking_id)
    assert service.rankings.get(record.ranking_id) is None
    assert "rankings" in heard


def test_replay_frames_match_replaying_the_log_prefix(service):  # noqa: F811
    service.demo.load()
    record = next(r for r in service.rankings.records() if r.tiers and len(r.log) > 8)
    frames = service.rankings.replay(record)
    cards = service.names.deck_order(record.deck)
    assert len(frames) == len(record.log) + 1
    for k, frame in enumerate(frames):
        board = Ranking.replay(record.deck, record.lens, cards, record.log[:k])
        assert (frame.step, frame.ladder, frame.cut, frame.moves) == \
            (k, board.ladder, board.cut, board.moves)
    assert frames[-1].ladder == tuple(sorted(record.positions,
                                             key=record.positions.get))


def test_a_damaged_log_is_a_ranking_error():
    record = SavedRanking.from_doc({
        "ranking_id": "r1", "deck": "d", "lens": "benefit", "positions": {"a": 1, "b": 2},
        "log": [{"t": "2025-01-01T10:00:00+00:00", "op": "place", "card": "z", "to": 0}]})
    with pytest.raises(RankingError, match="step 1"):
        replay_frames(record)


def test_log_entries_in_words():
    assert describe_entry({"op": "move", "card": "3", "from": 4, "to": 0}) == \
        "Moved 3 from place 5 to place 1"
    assert describe_entry({"op": "cut", "to": 2}) == \
        "Drew the acceptability line below place 2"
    assert "own" in describe_entry({"op": "criterion_add", "text": "x", "origin": "own"})
    assert natural_key("Table 2") < natural_key("Table 10")


def test_export_then_import_into_another_kiosk(tmp_path, service, catalog):  # noqa: F811
    service.demo.load()
    real_ranking(service)
    progress: list[tuple[int, int]] = []
    summary = service.transfer.export_to(tmp_path / "stick",
                                         progress=lambda d, t: progress.append((d, t)))
    assert summary.rankings == 90 and progress[-1] == (90, 90)
    with Store.open(tmp_path / "other") as other_store:
        other = FacilitatorService(other_store, catalog)
        first = other.transfer.import_from([tmp_path / "stick"])
        second = other.transfer.import_from([tmp_path / "stick"])
        assert (first.new, first.present, first.rejected) == (90, 0, [])
        assert (second.new, second.present) == (0, 90)
        missing = other.transfer.import_from([tmp_path / "nowhere"])
        assert missing.new == 0 and "nowhere" in missing.rejected[0]


def test_store_calls_from_an_import_hold_the_service_lock(tmp_path, service):  # noqa: F811
    service.demo.load()
    service.transfer.export_to(tmp_path / "out")
    locked = _LockedImport(service._store, service.changes)
    seen: list[bool] = []
    original = service._store.save_rankings

    def spy(docs):
        # The lock is re-entrant, so test from another thread whether it is free.
        free = []
        probe = threading.Thread(target=lambda: free.append(service.changes.lock.acquire(False)))
        probe.start()
        probe.join()
        seen.append(not free[0])
        return original(docs)

    service._store.save_rankings = spy
    locked.save_rankings([])
    assert seen == [True]


def test_compare_is_the_shared_analysis(service, catalog):  # noqa: F811
    service.demo.load()
    ours = service.rankings.compare("examples-1-6", "acceptability", ["Leeds (demo)"])
    theirs = compare_records(service.rankings.records(), catalog, "examples-1-6", "acceptability",
                             ["Leeds (demo)"])
    assert ours.to_json() == theirs.to_json()
    assert len(ours.tables) == 4
