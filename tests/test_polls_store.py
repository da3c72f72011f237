"""Poll runs in polls.json: saved atomically like rankings, read lazily (never on the way to
the first frame), checked on read — a bad document set aside with the file kept byte for
byte — and checked by `kiosk check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.services.ports import PollPort
from kiosk.storage import Store
from tests.poll_data_support import run_of

ROOT = Path(__file__).resolve().parents[1]
META = {"store": {"schema_version": 1}}


def two_runs():
    return [run_of("run-b", {(1, 1): "4", (1, 2): "pass", (2, 1): "5"}),
            run_of("run-a", {(1, 1): "2", (4, 1): "council"}, table="Table 2")]


def test_runs_round_trip_and_only_new_ids_are_added(tmp_path):
    with Store.open(tmp_path) as store:
        port: PollPort = store
        assert port.count_poll_runs() == 0 and port.list_poll_runs() == []
        assert port.save_poll_runs(two_runs()) == 2
        assert port.save_poll_runs(two_runs()) == 0
        changed = run_of("run-a", {(1, 1): "3"})
        assert port.save_poll_runs([changed, run_of("run-c", {(1, 1): "1"})]) == 1
        assert port.get_poll_run("run-a") == two_runs()[1]  # the stored one kept
        assert [r.poll_run_id for r in port.list_poll_runs()] == ["run-a", "run-b", "run-c"]
    with Store.open(tmp_path) as store:
        assert store.get_poll_run("run-b") == two_runs()[0]
        assert store.count_poll_runs() == 3
        store.save_poll_runs_replacing([changed])
        assert store.get_poll_run("run-a") == changed
        assert store.delete_poll_runs(["run-a", "run-a", "nope"]) == 1
        assert store.get_poll_run("run-a") is None and store.count_poll_runs() == 2
    with Store.open(tmp_path) as store:
        assert [r.poll_run_id for r in store.list_poll_runs()] == ["run-b", "run-c"]
        assert store.problems == []
    doc = json.loads((tmp_path / "polls.json").read_bytes())
    assert doc["meta"] == META and set(doc["poll_runs"]) == {"run-b", "run-c"}


def test_a_bad_run_is_refused_whole_before_anything_is_written(tmp_path):
    twice = run_of("twice", {(1, 1): "4"})
    twice = type(twice)(**{**{f: getattr(twice, f) for f in twice.__slots__},
                           "answers": twice.answers * 2})
    with Store.open(tmp_path) as store:
        with pytest.raises(ValueError, match="twice"):
            store.save_poll_runs([run_of("fine", {(1, 1): "1"}), twice])
        with pytest.raises(TypeError):
            store.save_poll_runs([{"poll_run_id": "x"}])  # type: ignore[list-item]
        assert store.count_poll_runs() == 0
    assert not (tmp_path / "polls.json").exists()


def test_opening_the_store_does_not_read_polls_json(tmp_path):
    with Store.open(tmp_path) as store:
        store.save_poll_runs(two_runs())
    audit = ROOT / "tests" / "store_child_open_audit.py"
    done = subprocess.run([sys.executable, str(audit), str(tmp_path)], capture_output=True,
                          text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, timeout=60)
    report = json.loads(done.stdout)
    assert not any(p.endswith("polls.json") for p in report["at_open"])
    assert not any(p.endswith("polls.json") for p in report["after_count"])


def test_an_unreadable_polls_json_does_not_stop_opening(tmp_path):
    with Store.open(tmp_path):
        pass
    (tmp_path / "polls.json").write_text("{ not read at open", "utf-8")
    with Store.open(tmp_path) as store:
        assert store.problems == []
        assert store.count_poll_runs() == 0  # read now: set aside whole, reported
        assert any("polls.json" in p and "could not be read" in p for p in store.problems)
    [kept] = tmp_path.glob("polls.json.corrupt-*")
    assert kept.read_text("utf-8") == "{ not read at open"


HOSTILE = {
    "not an object": [1, 2],
    "answers not a list": {"poll_run_id": "bad", "poll": "camden", "answers": "1"},
    "a seat of 7": {"poll_run_id": "bad", "poll": "camden",
                    "answers": [{"stage": 1, "seat": 7, "answer": "1", "answered_at": ""}]},
    "a stage of true": {"poll_run_id": "bad", "poll": "camden",
                        "answers": [{"stage": True, "seat": 1, "answer": "1"}]},
    "a huge stage": {"poll_run_id": "bad", "poll": "camden",
                     "answers": [{"stage": 10 ** 30, "seat": 1, "answer": "1"}]},
    "another id than its key": {"poll_run_id": "other", "poll": "camden", "answers": []},
    "a seat answering twice": {"poll_run_id": "bad", "poll": "camden", "answers": [
        {"stage": 1, "seat": 1, "answer": "1"}, {"stage": 1, "seat": 1, "answer": "2"}]},
    "seats not a number": {"poll_run_id": "bad", "poll": "camden", "answers": [],
                           "seats": "six"},
    "no poll": {"poll_run_id": "bad", "answers": []},
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_attack_hostile_poll_documents_are_set_aside_and_reported(tmp_path, kind, capsys):
    good = run_of("good", {(1, 1): "3"}).to_doc()
    content = json.dumps({"meta": META, "poll_runs": {"good": good,
                                                      "bad": HOSTILE[kind]}}).encode()
    (tmp_path / "polls.json").write_bytes(content)
    with Store.open(tmp_path) as store:
        runs = store.list_poll_runs()
        if kind == "not an object":  # the file's shape itself is wrong: set aside whole
            assert runs == []
            assert any("polls.json" in p and "could not be read" in p for p in store.problems)
        else:
            assert [r.poll_run_id for r in runs] == ["good"]
            [problem] = store.problems
            assert "polls.json" in problem and "'bad'" in problem and "set aside" in problem
    assert [p.read_bytes() for p in tmp_path.glob("polls.json.corrupt-*")] == [content]
    with Store.open(tmp_path) as store:  # the next open finds nothing more to set aside
        store.list_poll_runs()
        assert store.problems == []
    assert cli.main(["export", "--out", str(tmp_path / "out"), "--data-dir",
                     str(tmp_path)]) == cli.EXIT_OK
    assert "unexpected error" not in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["a seat of 7", "another id than its key"])
def test_kiosk_check_reports_a_bad_poll_document(tmp_path, kind, capsys):
    content = json.dumps({"meta": META, "poll_runs": {"bad": HOSTILE[kind]}}).encode()
    (tmp_path / "polls.json").write_bytes(content)
    assert cli.main(["check", "--data-dir", str(tmp_path)]) == cli.EXIT_PROBLEMS
    printed = capsys.readouterr().out
    assert "polls.json: the poll_runs document 'bad'" in printed


def test_check_reports_a_poll_answer_time_that_is_not_a_time(tmp_path, capsys):
    doc = run_of("r", {(1, 1): "3"}).to_doc()
    doc["answers"][0]["answered_at"] = "yesterday"
    (tmp_path / "polls.json").write_bytes(json.dumps({"meta": META,
                                                      "poll_runs": {"r": doc}}).encode())
    assert cli.main(["check", "--data-dir", str(tmp_path)]) == cli.EXIT_PROBLEMS
    assert "poll run 'r' has answered_at 'yesterday'" in capsys.readouterr().out
