"""Store files that parse but hold documents of the wrong shape (issue: damaged files never
stop a kiosk): each bad document is set aside when its file is read — the file as it was kept
byte for byte beside it, the document reported with the file and its key — and the kiosk, the
command line and the facilitator's area carry on with the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.services.catalog import load_catalog
from kiosk.services.facilitator import FacilitatorService
from kiosk.services.table_session import TableSession
from kiosk.storage import Store

META = {"store": {"schema_version": 1}}
GOOD_RANKING = {"ranking_id": "good", "deck": "examples-1-6", "lens": "benefit",
                "positions": {"1": 1, "2": 2}, "completed_at": "2017-03-14T10:00:00+00:00"}


def write(data: Path, name: str, tables: dict) -> bytes:
    data.mkdir(parents=True, exist_ok=True)
    content = json.dumps({"meta": META, **tables}).encode()
    (data / name).write_bytes(content)
    return content


def kept_copies(data: Path, name: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(data.glob(f"{name}.corrupt-*"))]


BAD_DRAFTS = {
    "no draft in the entry": {"kiosk-1": {"x": 1}},
    "a completing mark without its draft": {"kiosk-1": {"completing": "x"}},
    "a draft that is not an object": {"kiosk-1": {"draft": [1, 2]}},
    "a completing mark that is not text": {"kiosk-1": {"draft": {}, "completing": 7}},
}


@pytest.mark.parametrize("kind", list(BAD_DRAFTS))
def test_attack_bad_draft_entries_are_set_aside_and_every_command_works(tmp_path, kind, capsys):
    data = tmp_path / "data"
    content = write(data, "drafts.json", {"drafts": BAD_DRAFTS[kind]})
    with Store.open(data) as store:
        assert store.get_draft("kiosk-1") is None
        [problem] = store.problems
        assert "drafts.json" in problem and "'kiosk-1'" in problem
    assert kept_copies(data, "drafts.json") == [content]
    for command in (["check"], ["export", "--out", str(tmp_path / "out")]):
        assert cli.main([*command, "--data-dir", str(data)]) in (cli.EXIT_OK, cli.EXIT_PROBLEMS)
        assert "unexpected error" not in capsys.readouterr().err


def test_attack_the_current_workshop_without_its_id_still_starts_the_kiosk(tmp_path):
    data = tmp_path / "data"
    content = write(data, "kiosk.json", {
        "settings": {"kiosk": {"kiosk_id": "kiosk-1", "workshop_id": "w1", "table": "T2"}},
        "workshops": {"w1": {"name": "Manchester"}}})
    catalog = load_catalog(data)
    with Store.open(data) as store:
        assert any("workshops" in p and "'w1'" in p for p in store.problems), store.problems
        session = TableSession(store, catalog)
        assert session.ready and session.settings.table == "T2"
    assert kept_copies(data, "kiosk.json") == [content]


@pytest.mark.parametrize("bad", [
    {},  # no id at all
    {**GOOD_RANKING, "ranking_id": "bad", "criteria": "not a list"},
    {**GOOD_RANKING, "ranking_id": "bad", "duration_s": "x"},  # once crashed the table model
    {**GOOD_RANKING, "ranking_id": "bad", "positions": {"1": "first"}},
])
def test_attack_bad_rankings_are_set_aside_and_the_facilitators_area_opens(tmp_path, bad):
    data = tmp_path / "data"
    content = write(data, "rankings.json", {"rankings": {"good": GOOD_RANKING, "bad": bad}})
    catalog = load_catalog(data)
    with Store.open(data) as store:
        service = FacilitatorService(store, catalog)
        assert [s.ranking_id for s in service.rankings.summaries()] == ["good"]
        assert store.count_rankings() == 1
        assert any("rankings.json" in p and "'bad'" in p for p in store.problems)
        # and the file as it was, kept aside, is reported until the facilitator keeps it
        *told, kept = store.check()
        assert told == store.problems and "rankings.json.corrupt-" in kept
    assert kept_copies(data, "rankings.json") == [content]
    with Store.open(data) as store:  # set aside once, not again at every start
        assert store.count_rankings() == 1 and store.problems == []


def test_attack_values_of_the_wrong_kind_are_told_in_plain_words_not_python_reprs(tmp_path):
    """What a facilitator reads about a damaged document names the value in words (as the
    file spells it), never as Python writes it: no None, True or {'x': 1}."""
    import json

    data = tmp_path / "data"
    with Store.open(data) as store:
        store.save_settings({"kiosk_id": "k1", "table": "T"})
    kiosk = json.loads((data / "kiosk.json").read_text("utf-8"))
    kiosk["settings"]["kiosk"].update({"table": {"x": 1}, "idle_timeout_s": True})
    kiosk["workshops"] = {"w1": {"name": "no id"}}
    (data / "kiosk.json").write_text(json.dumps(kiosk), "utf-8")
    rankings = {"meta": kiosk["meta"], "rankings": {
        "r1": {"ranking_id": "r1", "deck": "d", "lens": "l", "positions": {},
               "duration_s": "x"},
        "r2": {"ranking_id": "r2", "deck": "d", "lens": "l", "positions": {},
               "criteria": {"a": 1}}}}
    (data / "rankings.json").write_text(json.dumps(rankings), "utf-8")
    with Store.open(data) as store:
        store.list_rankings()
        told = "\n".join(store.problems)
    for python in ("None", "True", "{'x'", "'x'", " dict", " str,"):
        assert python not in told, told
    assert "a group of fields" in told and "true" in told and "“x”" in told, told
