"""The Store behaves like plain dicts of records, whatever the sequence of calls and
reopenings."""

from __future__ import annotations

import copy
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from kiosk.domain.record import SavedRanking
from kiosk.storage import Store

IDS = st.sampled_from(["r1", "r2", "r3", "r4", "r5"])
SLOTS = st.sampled_from(["kiosk-1", "kiosk-2"])
TIMES = st.sampled_from(
    [None, "2017-03-14T10:00:00+00:00", "2017-03-14T10:30:00+01:00", "2017-03-14T09:45:00Z"]
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=3),
    max_leaves=6,
)


NOTES = st.text(max_size=12)


def ranking(ranking_id: str, completed_at: str | None, note: str) -> SavedRanking:
    return SavedRanking(ranking_id, "examples-1-6", "risk", {"1": 2, "2": 1}, note=note,
                        completed_at=completed_at or "")


def expected_order(rankings: dict[str, SavedRanking]) -> list[str]:
    def key(record: SavedRanking) -> tuple[float, str]:
        when = record.completed_at
        instant = datetime.fromisoformat(when).timestamp() if when else float("-inf")
        return (instant, record.ranking_id)

    return [record.ranking_id for record in sorted(rankings.values(), key=key)]


class StoreMatchesDicts(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="store-model-"))
        self.store = Store.open(self.folder)
        self.rankings: dict[str, SavedRanking] = {}
        self.drafts: dict[str, dict] = {}
        self.settings: dict = {}

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder)

    @rule(ranking_id=IDS, when=TIMES, note=NOTES)
    def save_ranking(self, ranking_id: str, when: str | None, note: str) -> None:
        record = ranking(ranking_id, when, note)
        self.store.save_ranking(record)
        self.rankings[ranking_id] = record

    @rule(docs=st.lists(st.tuples(IDS, TIMES, NOTES), max_size=4))
    def save_rankings(self, docs: list[tuple[str, str | None, object]]) -> None:
        new = {}
        for ranking_id, when, extra in docs:
            if ranking_id not in self.rankings and ranking_id not in new:
                new[ranking_id] = ranking(ranking_id, when, extra)
        assert self.store.save_rankings([ranking(*doc) for doc in docs]) == len(new)
        self.rankings.update(new)

    @rule(ranking_id=IDS, note=NOTES)
    def update_ranking(self, ranking_id: str, note: str) -> None:
        if ranking_id in self.rankings:
            changed = self.rankings[ranking_id].with_changes(note=note)
            self.store.update_ranking(changed)
            self.rankings[ranking_id] = changed

    @rule(ranking_id=IDS)
    def delete_ranking(self, ranking_id: str) -> None:
        self.store.delete_ranking(ranking_id)
        self.rankings.pop(ranking_id, None)

    @rule(slot=SLOTS, doc=st.dictionaries(st.text(max_size=4), JSON, max_size=3))
    def save_draft(self, slot: str, doc: dict) -> None:
        self.store.save_draft(slot, doc)
        self.drafts[slot] = copy.deepcopy(doc)

    @rule(slot=SLOTS)
    def delete_draft(self, slot: str) -> None:
        self.store.delete_draft(slot)
        self.drafts.pop(slot, None)

    @rule(ranking_id=IDS, slot=SLOTS, when=TIMES)
    def complete(self, ranking_id: str, slot: str, when: str | None) -> None:
        record = ranking(ranking_id, when, "")
        self.store.complete(record, slot)
        self.rankings[ranking_id] = record
        self.drafts.pop(slot, None)

    @rule(doc=st.dictionaries(st.text(max_size=4), JSON, max_size=3))
    def save_settings(self, doc: dict) -> None:
        self.store.save_settings(doc)
        self.settings = copy.deepcopy(doc)

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = Store.open(self.folder)
        assert self.store.problems == []

    @invariant()
    def same_content(self) -> None:
        listed = self.store.list_rankings()
        assert [record.ranking_id for record in listed] == expected_order(self.rankings)
        assert {record.ranking_id: record for record in listed} == self.rankings
        assert self.store.count_rankings() == len(self.rankings)
        for slot in ("kiosk-1", "kiosk-2"):
            assert self.store.get_draft(slot) == self.drafts.get(slot)
        assert self.store.get_settings() == self.settings


StoreMatchesDicts.TestCase.settings = settings(max_examples=40, stateful_step_count=25,
                                               deadline=None)
test_store_matches_dicts = StoreMatchesDicts.TestCase
