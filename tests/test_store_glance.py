"""The store as the kiosk starts (kiosk.storage.glance): the lock is held from the first
moment, the start screen's reads come from a glance at kiosk.json and drafts.json, and
anything else opens the Store proper first. Files that are not plainly in order are left to
the Store at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.domain.record import SavedRanking
from kiosk.storage import Store, StoreError, StoreLocked
from kiosk.storage.glance import OpeningStore, glance


def make_store(data: Path, draft: dict | None = None) -> None:
    with Store.open(data) as store:
        store.save_settings({"workshop_id": "w1", "table": "Table 4", "kiosk_id": "k4"})
        store.save_workshop({"workshop_id": "w1", "name": "Manchester"})
        if draft is not None:
            store.save_draft("k4", draft)


def test_a_first_run_opens_the_store_at_once(tmp_path):
    opening = OpeningStore.begin(tmp_path / "data")
    try:
        assert opening.is_open
        assert opening.get_settings() == {}
        with pytest.raises(StoreLocked):
            Store.open(tmp_path / "data")
    finally:
        opening.close()


def test_the_start_screen_reads_come_from_the_glance_with_the_lock_held(tmp_path):
    data = tmp_path / "data"
    make_store(data, {"lens": "risk", "log": [{"op": "place"}]})
    opening = OpeningStore.begin(data)
    try:
        assert not opening.is_open
        with pytest.raises(StoreLocked):  # a second kiosk is refused before the Store opens
            Store.open(data)
        settings = opening.get_settings()
        assert settings == {"workshop_id": "w1", "table": "Table 4", "kiosk_id": "k4"}
        assert opening.get_workshop("w1") == {"workshop_id": "w1", "name": "Manchester"}
        assert opening.get_workshop("nope") is None
        assert opening.get_draft("k4") == {"lens": "risk", "log": [{"op": "place"}]}
        assert opening.get_draft("other") is None
        assert opening.problems == []
        settings["table"] = "changed"  # copies: the glance itself never changes
        assert opening.get_settings()["table"] == "Table 4"
        assert not opening.is_open
        store = opening.open()
        assert opening.is_open and opening.open() is store and opening.store is store
        assert opening.get_draft("k4") == store.get_draft("k4")
    finally:
        opening.close()
    with Store.open(data):  # closed: the lock is free again
        pass


def test_a_write_before_the_store_is_open_opens_it_and_is_kept(tmp_path):
    data = tmp_path / "data"
    make_store(data)
    opening = OpeningStore.begin(data)
    try:
        opening.save_draft("k4", {"lens": "benefit", "log": []})
        assert opening.is_open
        opening.complete(SavedRanking("r1", "examples-1-6", "benefit", {"1": 1}), "k4")
    finally:
        opening.close()
    with Store.open(data) as store:
        assert store.get_draft("k4") is None
        assert store.get_ranking("r1") == SavedRanking("r1", "examples-1-6", "benefit", {"1": 1})


def test_closing_before_the_store_opens_frees_the_lock(tmp_path):
    data = tmp_path / "data"
    make_store(data)
    opening = OpeningStore.begin(data)
    opening.close()
    opening.close()
    with Store.open(data):
        pass


@pytest.mark.parametrize("content", [
    b"",
    b"{ not json",
    b'{"settings": [1, 2]}',
    b'{"meta": {"store": {"schema_version": 0}}, "settings": {}}',
    b'{"meta": {"store": {"schema_version": 1}}, "settings": {"kiosk": {"x": NaN}}}',
    b"\xff\xfe not utf-8",
])
def test_a_kiosk_json_not_plainly_in_order_is_left_to_the_store(tmp_path, content):
    data = tmp_path / "data"
    make_store(data)
    (data / "kiosk.json").write_bytes(content)
    assert glance(data) is None
    opening = OpeningStore.begin(data)
    try:
        assert opening.is_open  # the Store set aside, upgraded or reported, as it always does
        assert opening.problems == opening.store.problems
    finally:
        opening.close()


def test_an_interrupted_completion_is_finished_by_the_store_at_once(tmp_path):
    data = tmp_path / "data"
    make_store(data, {"lens": "risk", "log": []})
    drafts = json.loads((data / "drafts.json").read_bytes())
    drafts["drafts"]["k4"]["completing"] = "r9"
    (data / "drafts.json").write_text(json.dumps(drafts), "utf-8")
    assert glance(data) is None
    opening = OpeningStore.begin(data)
    try:
        assert opening.is_open
        assert opening.get_draft("k4") == {"lens": "risk", "log": []}  # r9 was never saved
    finally:
        opening.close()


def test_a_store_from_a_newer_kiosk_is_refused_and_the_lock_freed(tmp_path):
    data = tmp_path / "data"
    make_store(data)
    doc = json.loads((data / "kiosk.json").read_bytes())
    doc["meta"]["store"]["schema_version"] = 99
    (data / "kiosk.json").write_text(json.dumps(doc), "utf-8")
    with pytest.raises(StoreError, match="newer kiosk"):
        OpeningStore.begin(data)
    with pytest.raises(StoreError, match="newer kiosk"):  # not StoreLocked: the lock is free
        Store.open(data)


def test_the_glance_does_not_load_tinydb(tmp_path):
    import subprocess
    import sys

    data = tmp_path / "data"
    make_store(data)
    code = ("import sys; from pathlib import Path; from kiosk.storage.glance import "
            "OpeningStore; s = OpeningStore.begin(Path(sys.argv[1])); s.get_settings(); "
            "print(sorted(m for m in ('tinydb', 'orjson', 'uuid') if m in sys.modules))")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True,
                          text=True, cwd=root, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
