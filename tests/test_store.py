"""The Store's interface: round trips, copies, order, batches, drafts, completion."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.domain.record import SavedRanking, StatedCriterion
from kiosk.storage import Store, StoreError


def ranking(ranking_id: str, completed_at: str | None = None, **fields: object) -> SavedRanking:
    doc: dict = {"ranking_id": ranking_id, "lens": "benefit", "positions": {"1": 1, "2": 2}}
    if completed_at is not None:
        doc["completed_at"] = completed_at
    return SavedRanking.from_doc({**doc, **fields})


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    with Store.open(data_dir) as opened:
        yield opened


def reopen(store: Store) -> Store:
    store.close()
    return Store.open(store.data_dir)


def test_open_creates_the_data_dir_and_an_empty_store(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        assert data_dir.is_dir()
        assert store.data_dir == data_dir
        assert store.problems == []
        assert store.get_settings() == {}
        assert store.list_workshops() == []
        assert store.count_rankings() == 0
        assert store.list_rankings() == []
        assert store.get_draft("kiosk-1") is None
        assert store.check() == []


def test_everything_survives_close_and_reopen(store: Store) -> None:
    store.save_settings({"kiosk_id": "kiosk-3", "idle_timeout_s": 90, "lenses": ["benefit"]})
    store.save_workshop({"workshop_id": "man", "name": "Manchester", "date": "2017-03-14"})
    store.save_ranking(ranking("r1", "2017-03-14T10:00:00+00:00", note="café ✓"))
    store.save_draft("kiosk-3", {"ranking_id": "r2", "log": [{"op": "place", "card": "A"}]})

    store = reopen(store)
    try:
        assert store.problems == []
        assert store.get_settings()["idle_timeout_s"] == 90
        assert store.get_workshop("man") == {
            "workshop_id": "man", "name": "Manchester", "date": "2017-03-14"}
        assert store.get_ranking("r1") == ranking("r1", "2017-03-14T10:00:00+00:00", note="café ✓")
        assert store.get_draft("kiosk-3") == {
            "ranking_id": "r2", "log": [{"op": "place", "card": "A"}]}
        assert store.check() == []
    finally:
        store.close()


def test_settings_are_replaced_whole(store: Store) -> None:
    store.save_settings({"pin": "x", "idle_timeout_s": 60})
    store.save_settings({"idle_timeout_s": 30})
    assert store.get_settings() == {"idle_timeout_s": 30}


def test_workshops_upsert_list_and_delete(store: Store) -> None:
    store.save_workshop({"workshop_id": "a", "name": "Manchester"})
    store.save_workshop({"workshop_id": "b", "name": "Leeds"})
    store.save_workshop({"workshop_id": "a", "name": "Manchester (day 2)"})
    assert store.list_workshops() == [
        {"workshop_id": "a", "name": "Manchester (day 2)"},
        {"workshop_id": "b", "name": "Leeds"},
    ]
    store.delete_workshop("a")
    store.delete_workshop("never-there")
    assert store.get_workshop("a") is None
    assert [w["workshop_id"] for w in store.list_workshops()] == ["b"]


def test_save_ranking_replaces_the_whole_document(store: Store) -> None:
    store.save_ranking(ranking("r1", note="first", table="Table 1"))
    store.save_ranking(ranking("r1", note="second"))
    assert store.get_ranking("r1") == ranking("r1", note="second")
    assert store.count_rankings() == 1


def test_rankings_lookup_count_delete(store: Store) -> None:
    for n in range(5):
        store.save_ranking(ranking(f"r{n}"))
    assert store.has_ranking("r3") and not store.has_ranking("r9")
    assert store.get_ranking("r9") is None
    store.delete_ranking("r3")
    store.delete_ranking("r9")
    assert store.count_rankings() == 4
    assert not store.has_ranking("r3")


def test_list_rankings_orders_by_completion_time_then_id(store: Store) -> None:
    store.save_ranking(ranking("b", "2017-03-14T10:00:00+00:00"))
    store.save_ranking(ranking("a", "2017-03-14T10:00:00Z"))  # same instant: id decides
    store.save_ranking(ranking("c", "2017-03-14T10:30:00+01:00"))  # 09:30 UTC
    store.save_ranking(ranking("d", "2017-03-14T08:00:00"))  # naive: taken as UTC
    store.save_ranking(ranking("z"))  # paper entry without a time: first
    store.save_ranking(ranking("y", "not a time"))
    assert [r.ranking_id for r in store.list_rankings()] == ["y", "z", "d", "c", "a", "b"]


def test_update_ranking_changes_only_the_given_fields(store: Store) -> None:
    store.save_ranking(ranking("r1", table="Table 1", note="n"))
    store.update_ranking(store.get_ranking("r1").with_changes(table="Table 2"))
    assert store.get_ranking("r1") == ranking("r1", table="Table 2", note="n")
    store = reopen(store)
    try:
        assert store.get_ranking("r1").table == "Table 2"
        with pytest.raises(KeyError):
            store.update_ranking(ranking("missing", table="x"))
    finally:
        store.close()


def test_save_rankings_adds_only_new_ids_in_one_write(store: Store) -> None:
    store.save_ranking(ranking("r1", note="kept"))
    added = store.save_rankings(
        [ranking("r1", note="ignored"), ranking("r2"), ranking("r3"), ranking("r2", note="dup")]
    )
    assert added == 2
    assert store.get_ranking("r1").note == "kept"
    assert store.get_ranking("r2").note == ""
    assert store.save_rankings([ranking("r2"), ranking("r3")]) == 0
    assert store.save_rankings([]) == 0


@pytest.mark.parametrize(
    "bad",
    [
        SavedRanking("", "d", "benefit", {"1": 1}),  # no ranking_id
        SavedRanking("x", "d", "benefit", {"1": 1},
                     completed_at=datetime(2017, 3, 14, tzinfo=UTC)),  # type: ignore[arg-type]
        SavedRanking("x", "d", "benefit", {1: 1}),  # type: ignore[dict-item]  # non-string key
        {"ranking_id": "x", "positions": {"1": 1}},  # a document, not a record
        "not a record",
    ],
)
def test_save_rankings_is_all_or_nothing(store: Store, bad: object) -> None:
    store.save_ranking(ranking("r0"))
    before = (store.data_dir / "rankings.json").read_bytes()
    with pytest.raises((TypeError, ValueError)):
        store.save_rankings([ranking("r1"), ranking("r2"), bad, ranking("r3")])  # type: ignore[list-item]
    assert store.count_rankings() == 1
    assert (store.data_dir / "rankings.json").read_bytes() == before
    store = reopen(store)
    try:
        assert [r.ranking_id for r in store.list_rankings()] == ["r0"]
    finally:
        store.close()


def test_documents_are_copies_both_ways(store: Store) -> None:
    positions = {"1": 1, "2": 2}
    store.save_ranking(SavedRanking("r1", "d", "benefit", positions,
                                    criteria=(StatedCriterion("benefit to many", "own"),)))
    positions["1"] = 99  # the caller's dict changed after saving
    got = store.get_ranking("r1")
    with pytest.raises(TypeError):  # a record read back cannot be changed in place
        got.positions["1"] = 99  # type: ignore[index]
    assert store.get_ranking("r1").positions == {"1": 1, "2": 2}
    assert store.list_rankings()[0].criteria == (StatedCriterion("benefit to many", "own"),)

    draft = {"ranking_id": "r2", "log": [{"op": "place"}]}
    store.save_draft("k", draft)
    draft["log"].append({"op": "move"})
    store.get_draft("k")["log"].clear()
    assert store.get_draft("k") == {"ranking_id": "r2", "log": [{"op": "place"}]}

    settings = {"decks": {"benefit": "examples-1-6"}}
    store.save_settings(settings)
    settings["decks"]["benefit"] = "other"
    store.get_settings()["decks"].clear()
    assert store.get_settings() == {"decks": {"benefit": "examples-1-6"}}


def test_drafts_save_resume_and_delete(store: Store) -> None:
    for moves in range(1, 6):
        store.save_draft("kiosk-1", {"ranking_id": "r1", "moves": moves})
    store.save_draft("kiosk-2", {"ranking_id": "r2", "moves": 1})
    store = reopen(store)
    try:
        assert store.get_draft("kiosk-1") == {"ranking_id": "r1", "moves": 5}
        assert store.get_draft("kiosk-2") == {"ranking_id": "r2", "moves": 1}
        store.delete_draft("kiosk-2")
        store.delete_draft("nothing-here")
        assert store.get_draft("kiosk-2") is None
        with pytest.raises(ValueError):
            store.save_draft("", {})
    finally:
        store.close()


def test_complete_saves_the_ranking_and_removes_the_draft(store: Store) -> None:
    store.save_draft("kiosk-1", {"ranking_id": "r1", "moves": 3})
    store.save_draft("kiosk-2", {"ranking_id": "r2", "moves": 1})
    store.complete(ranking("r1", "2017-03-14T10:00:00+00:00"), "kiosk-1")
    assert store.get_draft("kiosk-1") is None
    assert store.get_draft("kiosk-2") == {"ranking_id": "r2", "moves": 1}
    assert store.get_ranking("r1") == ranking("r1", "2017-03-14T10:00:00+00:00")
    store.complete(ranking("r3"), "no-draft-here")  # a ranking typed in without a draft
    assert store.has_ranking("r3")
    store = reopen(store)
    try:
        assert store.get_draft("kiosk-1") is None
        assert store.has_ranking("r1") and store.has_ranking("r3")
        assert store.check() == []
    finally:
        store.close()


def test_a_closed_store_refuses_to_work(data_dir: Path) -> None:
    store = Store.open(data_dir)
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.save_ranking(ranking("r1"))
    with pytest.raises(StoreError):
        store.get_draft("kiosk-1")


def test_check_reports_documents_filed_under_the_wrong_key(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "rankings.json").write_text(
        '{"meta": {"store": {"schema_version": 1}},'
        ' "rankings": {"r1": {"ranking_id": "r2"}, "r3": {"ranking_id": "r3",'
        ' "completed_at": "yesterday"}}}'
    )
    with Store.open(data_dir) as store:
        problems = store.check()
    # and a third: the file as it was, kept aside when 'r1' was set aside
    assert len(problems) == 3
    assert "'r1'" in problems[0] and "rankings.json" in problems[0]
    assert "yesterday" in problems[1]
    assert "rankings.json.corrupt-" in problems[2] and "2 rankings (1 of them" in problems[2]
