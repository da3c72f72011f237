"""The room's files without Syncthing: what a kiosk puts in its outbox, what a hub takes from
a table's folder (and what it sets aside), the setup a hub sends and a kiosk applies, and the
invitation carried by USB stick. Syncthing only moves these files (tests/test_room_sync.py)."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from csv_support import catalog_for, make_record

from kiosk.services.room import invitation
from kiosk.services.room.apply import apply_setup
from kiosk.services.room.intake import Intake
from kiosk.services.room.layout import RoomPaths
from kiosk.services.room.membership import Peer, RoomConfig, RoomFileError, load, save
from kiosk.services.room.outbox import Outbox
from kiosk.services.room.setup_folder import RoomSetup, install_decks, publish, read_arrived
from kiosk.storage import Store

HUB_ID = "AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH"
KIOSK_ID = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD"


class Tick:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_outbox_holds_every_stored_ranking_and_progress_at_most_once_a_second(tmp_path):
    catalog = catalog_for(tmp_path / "data")
    paths = RoomPaths(tmp_path / "data")
    clock = Tick()
    outbox = Outbox(paths, clock)
    records = [make_record(catalog, seed=n) for n in range(3)]
    changed = outbox.mirror(records)
    assert sorted(changed) == sorted(f"rankings/{r.ranking_id}.json" for r in records)
    for record in records:
        doc = json.loads((paths.outbox / "rankings" / f"{record.ranking_id}.json").read_bytes())
        assert doc == json.loads(json.dumps(record.to_doc()))
    assert outbox.mirror(records) == []  # nothing new: nothing sent again
    assert not [p for p in paths.outbox.rglob("*")
                if ".kiosk-tmp" in p.name or p.suffix == ".tmp"], \
        "staging stays outside the synced folder"
    # a ranking removed from the store (a hub's correction) leaves the outbox too
    assert outbox.mirror(records[1:]) == [f"rankings/{records[0].ranking_id}.json"]
    assert outbox.progress({"placed": 1}) is True
    assert outbox.progress({"placed": 2}) is False  # within the second: kept for later
    clock.now = 0.5
    assert outbox.flush() is False
    clock.now = 1.01
    assert outbox.flush() is True
    assert json.loads((paths.outbox / "progress.json").read_bytes()) == {"placed": 2}


def test_a_restarted_outbox_removes_files_of_rankings_no_longer_stored(tmp_path):
    catalog = catalog_for(tmp_path / "data")
    paths = RoomPaths(tmp_path / "data")
    records = [make_record(catalog, seed=n) for n in range(2)]
    Outbox(paths).mirror(records)
    again = Outbox(paths)  # the kiosk restarted; one ranking was deleted meanwhile
    assert again.mirror(records[:1]) == [f"rankings/{records[1].ranking_id}.json"]


def _deliver(kiosk: RoomPaths, hub: RoomPaths, kiosk_id: str) -> Path:
    """What Syncthing does: the kiosk's outbox appears in the hub's folder for that table."""
    dest = hub.table(kiosk_id)
    shutil.copytree(kiosk.outbox, dest, dirs_exist_ok=True)
    return dest


def test_the_hub_takes_each_arriving_ranking_once(tmp_path):
    catalog = catalog_for(tmp_path / "hub")
    kiosk, hub = RoomPaths(tmp_path / "kiosk"), RoomPaths(tmp_path / "hub")
    records = [make_record(catalog, seed=n) for n in range(4)]
    Outbox(kiosk).mirror(records)
    _deliver(kiosk, hub, "kiosk-abc123")
    intake = Intake(hub, catalog)
    with Store.open(tmp_path / "hub") as store:
        first = intake.collect(store)
        assert sorted(first.new) == sorted(r.ranking_id for r in records)
        assert first.problems == []
        assert intake.collect(store).new == []  # unchanged files are not read again
        assert Intake(hub, catalog).collect(store).new == []  # a restarted hub: idempotent
        assert store.count_rankings() == 4
        assert {r.ranking_id: r for r in store.list_rankings()} == \
            {r.ranking_id: r for r in records}


HOSTILE = {
    "not-json": b"{ not json",
    "not-utf8": b"\xff\xfe\x00",
    "a-list": b"[1, 2, 3]",
    "wrong-shape": json.dumps({"ranking_id": 5, "positions": "x"}).encode(),
    "deep-nesting": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_attack_a_hostile_file_in_a_table_folder_is_set_aside_and_reported(tmp_path, attack):
    catalog = catalog_for(tmp_path / "hub")
    hub = RoomPaths(tmp_path / "hub")
    folder = hub.table("kiosk-x") / "rankings"
    folder.mkdir(parents=True)
    good = make_record(catalog, seed=1)
    (folder / f"{good.ranking_id}.json").write_bytes(json.dumps(good.to_doc()).encode())
    (folder / f"{attack}.json").write_bytes(HOSTILE[attack])
    intake = Intake(hub, catalog)
    with Store.open(tmp_path / "hub") as store:
        result = intake.collect(store)
        assert result.new == [good.ranking_id]  # the rest keeps working
        assert len(result.problems) == 1 and f"{attack}.json" in result.problems[0]
        assert "kiosk-x" in result.problems[0]
        kept = list((hub.set_aside / "kiosk-x").iterdir())
        assert [p.read_bytes() for p in kept] == [HOSTILE[attack]]  # byte for byte
        assert intake.collect(store).problems == []  # reported once


def test_attack_rankings_the_hub_cannot_use_are_set_aside(tmp_path):
    catalog = catalog_for(tmp_path / "hub")
    hub = RoomPaths(tmp_path / "hub")
    folder = hub.table("kiosk-x") / "rankings"
    folder.mkdir(parents=True)
    good = make_record(catalog, seed=1)
    cases = {
        "unknown-deck": good.with_changes(ranking_id="unknown-deck", deck="nope"),
        "unknown-card": good.with_changes(ranking_id="unknown-card",
                                          positions={"zzz": 1, **dict(good.positions)}),
        "other-id": good.with_changes(ranking_id="someone-else"),
        "huge-position": good.with_changes(ranking_id="huge-position", positions={
            card: 10 ** 30 for card in good.positions}),
    }
    for name, record in cases.items():
        (folder / f"{name}.json").write_bytes(json.dumps(record.to_doc()).encode())
    with Store.open(tmp_path / "hub") as store:
        result = Intake(hub, catalog).collect(store)
        assert result.new == []
        assert sorted(p.split(": ")[1] for p in result.problems) == \
            sorted(f"{n}.json" for n in cases)


def test_attack_a_fifo_a_symlink_and_a_huge_file_never_hang_or_read_outside(tmp_path):
    catalog = catalog_for(tmp_path / "hub")
    hub = RoomPaths(tmp_path / "hub")
    folder = hub.table("kiosk-x") / "rankings"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "fifo.json")
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(make_record(catalog, seed=3).to_doc()))
    (folder / "link.json").symlink_to(secret)
    with open(folder / "huge.json", "wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB of nothing
    with Store.open(tmp_path / "hub") as store:
        result = Intake(hub, catalog).collect(store)
        assert result.new == [] and len(result.problems) == 3, result.problems
        assert store.count_rankings() == 0


def test_setup_sent_by_the_hub_is_applied_by_the_kiosk(tmp_path):
    hub, kiosk = RoomPaths(tmp_path / "hub"), RoomPaths(tmp_path / "kiosk")
    own = tmp_path / "hub" / "decks"
    own.mkdir(parents=True)
    shipped = next((Path(__file__).parent.parent / "assets" / "cards").glob("*.toml"))
    text = shipped.read_text("utf-8")
    deck_id = "room-deck"
    import re
    (own / f"{deck_id}.toml").write_text(re.sub(r'^id = ".*"$', f'id = "{deck_id}"', text,
                                                count=1, flags=re.M), "utf-8")
    (own / "broken.toml").write_text("id = ", "utf-8")
    setup = RoomSetup(
        workshop={"workshop_id": "w-1", "name": "Manchester", "place": "Town Hall",
                  "date": "2017-03-15"},
        sequence=({"lens": "risk", "deck": deck_id}, {"lens": "benefit", "deck": "nowhere"}),
        idle_timeout_s=240, tables={"kiosk-abc123": "Table 4"})
    publish(hub, setup, own)
    shutil.copytree(hub.setup, kiosk.setup)  # what Syncthing does
    arrived = read_arrived(kiosk)
    assert arrived is not None and arrived.decks == (f"{deck_id}.toml",)  # broken not sent
    installed, problems = install_decks(kiosk, arrived, tmp_path / "kiosk" / "decks")
    assert installed == [f"{deck_id}.toml"] and problems == []
    catalog = catalog_for(tmp_path / "kiosk")
    catalog_deck = catalog.deck(deck_id)
    assert catalog_deck is not None
    with Store.open(tmp_path / "kiosk") as store:
        store.save_settings({"kiosk_id": "kiosk-abc123", "table": "Table 1"})
        changed = apply_setup(store, arrived, catalog.decks.ids())
        assert changed
        settings = store.get_settings()
        assert settings["workshop_id"] == "w-1" and settings["table"] == "Table 4"
        assert settings["sequence"] == [{"lens": "risk", "deck": deck_id}]  # unknown deck left out
        assert settings["idle_timeout_s"] == 240
        assert store.get_workshop("w-1")["name"] == "Manchester"
        assert apply_setup(store, arrived, catalog.decks.ids()) == []  # applied once


def test_corrections_from_the_hub_reach_the_kiosks_store(tmp_path):
    catalog = catalog_for(tmp_path / "kiosk")
    records = [make_record(catalog, seed=n) for n in range(3)]
    setup = RoomSetup(corrections={records[0].ranking_id: {"action": "delete"},
                                   records[1].ranking_id: {"action": "relabel",
                                                           "table": "Table 9"}})
    with Store.open(tmp_path / "kiosk") as store:
        store.save_rankings(records)
        apply_setup(store, setup, catalog.decks.ids())
        assert store.get_ranking(records[0].ranking_id) is None
        assert store.get_ranking(records[1].ranking_id).table == "Table 9"
        assert store.get_ranking(records[2].ranking_id) == records[2]


@pytest.mark.parametrize("doc", [
    [], {"kiosk_room_setup": 2}, {"kiosk_room_setup": 1, "sequence": "risk"},
    {"kiosk_room_setup": 1, "idle_timeout_s": 5},
    {"kiosk_room_setup": 1, "tables": {"k": ""}},
    {"kiosk_room_setup": 1, "workshop": {"workshop_id": "w", "date": "yesterday"}},
    {"kiosk_room_setup": 1, "decks": ["../../etc/passwd.toml"]},
    {"kiosk_room_setup": 1, "corrections": {"r": {"action": "drop table"}}},
])
def test_attack_a_damaged_setup_file_is_refused_with_its_name(tmp_path, doc):
    kiosk = RoomPaths(tmp_path / "kiosk")
    kiosk.setup.mkdir(parents=True)
    (kiosk.setup / "setup.json").write_text(json.dumps(doc))
    with pytest.raises(RoomFileError, match="setup.json"):
        read_arrived(kiosk)


def test_an_invitation_goes_to_a_kiosk_and_back(tmp_path):
    path = tmp_path / "stick" / "invitation.json"
    path.parent.mkdir()
    invitation.write(path, invitation.Invitation(Peer(HUB_ID, "Hub", addresses=(
        "tcp://192.168.1.10:22000", "dynamic"))))
    read = invitation.read(path)
    assert read.hub.device_id == HUB_ID and read.kiosks == ()
    invitation.write(path, read.with_kiosk(Peer(KIOSK_ID, "Table 2", "kiosk-2", "Table 2")))
    back = invitation.read(path)
    assert [(p.device_id, p.kiosk_id, p.label) for p in back.kiosks] == \
        [(KIOSK_ID, "kiosk-2", "Table 2")]


@pytest.mark.parametrize("content", [b"", b"{}", b'{"kiosk_room_invitation": 1}',
                                     b'{"kiosk_room_invitation": 1, "hub": {"device_id": "x"}}'])
def test_attack_a_file_that_is_no_invitation_is_named_with_the_reason(tmp_path, content):
    path = tmp_path / "inv.json"
    path.write_bytes(content)
    with pytest.raises(RoomFileError, match="inv.json"):
        invitation.read(path)


def test_a_damaged_room_file_leaves_the_machine_in_no_room(tmp_path):
    path = tmp_path / "room.json"
    save(path, RoomConfig(role="hub", kiosks=(Peer(KIOSK_ID, kiosk_id="k"),)))
    assert load(path)[0].kiosk(KIOSK_ID) is not None
    path.write_bytes(b"\x00")
    config, problem = load(path)
    assert config == RoomConfig() and problem and "room.json" in problem


def test_a_correction_on_the_hub_is_sent_to_the_kiosk_and_not_taken_back(tmp_path):
    """A facilitator deletes one ranking and relabels another on the hub: both go into the
    setup the hub sends, the hub does not import the deleted one again from the kiosk's
    folder, and the kiosk applies both to its own store."""
    from kiosk.services.facilitator import FacilitatorService
    from kiosk.services.room.service import RoomService

    catalog = catalog_for(tmp_path / "hub")
    kiosk, hub_paths = RoomPaths(tmp_path / "kiosk"), RoomPaths(tmp_path / "hub")
    records = [make_record(catalog, seed=n) for n in range(2)]
    Outbox(kiosk).mirror(records)
    _deliver(kiosk, hub_paths, "kiosk-abc123")
    with Store.open(tmp_path / "hub") as store:
        room = RoomService(tmp_path / "hub", store, catalog, hub=True)
        assert sorted(room.tick().new_rankings) == sorted(r.ranking_id for r in records)
        service = FacilitatorService(store, catalog, corrections=room.correct)
        service.rankings.delete(records[0].ranking_id)
        service.rankings.update(records[1].ranking_id, table="Table 9")
        room.intake = Intake(hub_paths, catalog)  # as after a restart: every file read again
        assert room.tick().new_rankings == []
        assert store.get_ranking(records[0].ranking_id) is None  # not taken back
        sent = json.loads((hub_paths.setup / "setup.json").read_bytes())["corrections"]
        assert sent == {records[0].ranking_id: {"action": "delete"},
                        records[1].ranking_id: {"action": "relabel", "table": "Table 9"}}
    shutil.copytree(hub_paths.setup, kiosk.setup)
    with Store.open(tmp_path / "kiosk") as store:
        store.save_rankings(records)
        apply_setup(store, read_arrived(kiosk), catalog.decks.ids())
        assert store.get_ranking(records[0].ranking_id) is None
        assert store.get_ranking(records[1].ranking_id).table == "Table 9"


# ----- poll runs: a kiosk's outbox holds polls/<poll_run_id>.json, the hub takes them
def _poll_runs() -> list:
    from poll_data_support import run_of

    return [run_of("run-a", {(1, 1): "4", (1, 2): "pass", (2, 1): "5", (4, 2): "council"}),
            run_of("run-b", {(1, 1): "2", (2, 1): "3"}, table="Table 2", kiosk_id="kiosk-b")]


def test_the_outbox_holds_every_stored_poll_run_and_a_deleted_one_leaves(tmp_path):
    paths = RoomPaths(tmp_path / "data")
    outbox = Outbox(paths)
    runs = _poll_runs()
    assert sorted(outbox.mirror_polls(runs)) == ["polls/run-a.json", "polls/run-b.json"]
    for run in runs:
        doc = json.loads((paths.outbox / "polls" / f"{run.poll_run_id}.json").read_bytes())
        assert doc == json.loads(json.dumps(run.to_doc()))
    assert outbox.mirror_polls(runs) == []  # unchanged: nothing to send
    assert outbox.mirror([]) == []  # the rankings are kept apart
    changed = replace(runs[0], answers=runs[0].answers[:1])
    assert outbox.mirror_polls([changed, runs[1]]) == ["polls/run-a.json"]
    assert outbox.mirror_polls([runs[1]]) == ["polls/run-a.json"]  # deleted: it leaves
    assert not (paths.outbox / "polls" / "run-a.json").exists()
    again = Outbox(paths)  # restarted; run-b was deleted meanwhile
    assert again.mirror_polls([]) == ["polls/run-b.json"]
    # an imported id that cannot name a file is not sent (nor written elsewhere)
    from poll_data_support import run_of

    odd = run_of("../escape", {(1, 1): "1"})
    assert again.mirror_polls([odd]) == [] and not (paths.outbox / "escape.json").exists()


def _kiosk_polls_at_hub(tmp_path, runs, kiosk_id: str = "kiosk-abc123"):
    from kiosk.services.room.outbox import Outbox as _Outbox

    kiosk, hub = RoomPaths(tmp_path / "kiosk"), RoomPaths(tmp_path / "hub")
    _Outbox(kiosk).mirror_polls(runs)
    _deliver(kiosk, hub, kiosk_id)
    return hub


def test_the_hub_takes_each_arriving_poll_run_once_and_a_grown_one_from_its_kiosk(tmp_path):
    from poll_data_support import catalog_with_poll, run_of

    catalog = catalog_with_poll(tmp_path / "hub")
    first = run_of("run-a", {(1, 1): "4", (1, 2): "pass"})
    other = run_of("run-b", {(1, 1): "2"}, kiosk_id="kiosk-elsewhere")
    hub = _kiosk_polls_at_hub(tmp_path, [first, other])
    intake = Intake(hub, catalog)
    with Store.open(tmp_path / "hub") as store:
        result = intake.collect(store)
        assert sorted(result.polls_new) == ["run-a", "run-b"] and result.problems == []
        assert store.get_poll_run("run-a") == first
        assert intake.collect(store).polls_new == []  # unchanged files: not read again
        again = Intake(hub, catalog).collect(store)  # a restarted hub: idempotent
        assert (again.polls_new, again.polls_replaced) == ([], [])
        # the kiosk's run grew (a seat answered the next stage): its own kiosk replaces it
        grown = run_of("run-a", {(1, 1): "4", (1, 2): "pass", (2, 1): "5"})
        smaller_elsewhere = run_of("run-b", {}, kiosk_id="kiosk-elsewhere")
        _kiosk_polls_at_hub(tmp_path, [grown, smaller_elsewhere])
        result = intake.collect(store)
        assert result.polls_replaced == ["run-a"] and result.polls_new == []
        assert store.get_poll_run("run-a") == grown
        # fewer answers, or a run that is not this kiosk's: kept as stored
        assert store.get_poll_run("run-b") == other
        assert store.count_poll_runs() == 2


POLL_ATTACKS = {
    "unknown-poll": {"poll": "nope"},
    "stage-out-of-range": {"answers": [{"stage": 9, "seat": 1, "answer": "1",
                                        "answered_at": ""}]},
    "answer-not-allowed": {"answers": [{"stage": 1, "seat": 1, "answer": "council",
                                        "answered_at": ""}]},
    "seat-beyond-seats": {"seats": 2, "answers": [{"stage": 1, "seat": 3, "answer": "1",
                                                   "answered_at": ""}]},
    "seat-seven": {"seats": 0, "answers": [{"stage": 1, "seat": 7, "answer": "1",
                                            "answered_at": ""}]},
    "twice": {"answers": [{"stage": 1, "seat": 1, "answer": "1", "answered_at": ""},
                          {"stage": 1, "seat": 1, "answer": "2", "answered_at": ""}]},
    "other-id": {"poll_run_id": "someone-else"},
    "answers-not-a-list": {"answers": "1,2,3"},
}


def test_attack_poll_runs_the_hub_cannot_use_are_set_aside_and_reported_once(tmp_path):
    from poll_data_support import catalog_with_poll, run_of

    catalog = catalog_with_poll(tmp_path / "hub")
    hub = RoomPaths(tmp_path / "hub")
    folder = hub.table("kiosk-x") / "polls"
    folder.mkdir(parents=True)
    good = run_of("good", {(1, 1): "3", (4, 1): "public"}, kiosk_id="kiosk-x")
    (folder / "good.json").write_bytes(json.dumps(good.to_doc()).encode())
    written: dict[str, bytes] = {}
    for name, change in POLL_ATTACKS.items():
        doc = {**good.to_doc(), "poll_run_id": name, **change}
        written[name] = json.dumps(doc).encode()
        (folder / f"{name}.json").write_bytes(written[name])
    for name, payload in HOSTILE.items():
        written[name] = payload
        (folder / f"{name}.json").write_bytes(payload)
    (folder / "notes.txt").write_bytes(b"hello")
    written["notes"] = b"hello"
    os.mkfifo(folder / "fifo.json")
    with open(folder / "huge.json", "wb") as handle:
        handle.truncate(8 * 1024 * 1024)
    intake = Intake(hub, catalog)
    with Store.open(tmp_path / "hub") as store:
        result = intake.collect(store)
        assert result.polls_new == ["good"] and store.count_poll_runs() == 1
        names = sorted(p.split(": ")[1] for p in result.problems)
        assert names == sorted([f"{n}.json" for n in (*POLL_ATTACKS, *HOSTILE)]
                               + ["notes.txt", "fifo.json", "huge.json"]), result.problems
        assert all("kiosk-x" in p for p in result.problems)
        kept = {p.name.rsplit(".json.", 1)[0].rsplit(".txt.", 1)[0]: p.read_bytes()
                for p in (hub.set_aside / "kiosk-x").iterdir()}
        assert {k: kept[k] for k in written} == written  # byte for byte
        assert intake.collect(store).problems == []  # reported once
    reasons = {p.split(": ")[1]: p for p in result.problems}
    assert "unknown poll 'nope'" in reasons["unknown-poll.json"]
    assert "seat 3" in reasons["seat-beyond-seats.json"]


def test_the_room_service_mirrors_poll_runs_at_a_kiosk_and_collects_them_at_the_hub(tmp_path):
    from poll_data_support import catalog_with_poll, run_of

    from kiosk.services.room.service import RoomService

    catalog = catalog_with_poll(tmp_path / "kiosk")
    run = run_of("run-k", {(1, 1): "4", (4, 1): "nobody"}, kiosk_id="kiosk-abc123")
    with Store.open(tmp_path / "kiosk") as store:
        store.save_settings({**store.get_settings(), "kiosk_id": "kiosk-abc123"})
        room = RoomService(tmp_path / "kiosk", store, catalog)
        room.config = RoomConfig(role="kiosk", hub=Peer(HUB_ID, "Hub"))
        store.save_poll_runs([run])
        room.tick()
        assert (room.paths.outbox / "polls" / "run-k.json").is_file()
        assert room._scans.get_nowait() == ("table-kiosk-abc123", ["polls/run-k.json"])
    _deliver(RoomPaths(tmp_path / "kiosk"), RoomPaths(tmp_path / "hub"), "kiosk-abc123")
    hub_catalog = catalog_with_poll(tmp_path / "hub")
    with Store.open(tmp_path / "hub") as store:
        hub = RoomService(tmp_path / "hub", store, hub_catalog, hub=True)
        assert hub.tick().new_poll_runs == ["run-k"]
        assert store.get_poll_run("run-k") == run
        assert hub.tick().new_poll_runs == []


def test_attack_a_workshop_renamed_on_the_hub_renames_the_kiosks_rankings_too(tmp_path):
    """Found: the kiosk saved the hub's renamed workshop as a plain document, so its own
    rankings of that workshop kept the old name (and a kiosk's compare and export then
    showed two workshops for one). A rename that arrives corrects every copy, as the
    facilitator's own rename does."""
    catalog = catalog_for(tmp_path / "kiosk")
    records = [make_record(catalog, seed=n).with_changes(
        workshop_id="w-1", workshop="Manchester", place="Town Hall", workshop_date="2017-03-15")
        for n in range(3)]
    other = make_record(catalog, seed=9)
    with Store.open(tmp_path / "kiosk") as store:
        store.save_settings({"kiosk_id": "kiosk-abc123", "table": "Table 1", "workshop_id": "w-1"})
        store.save_workshop({"workshop_id": "w-1", "name": "Manchester", "place": "Town Hall",
                             "date": "2017-03-15"})
        store.save_rankings([*records, other])
        renamed = {"workshop_id": "w-1", "name": "Manchester (morning)", "place": "Central Library",
                   "date": "2017-03-16"}
        assert apply_setup(store, RoomSetup(workshop=renamed), catalog.decks.ids())
        assert store.get_workshop("w-1") == renamed
        for record in records:
            stored = store.get_ranking(record.ranking_id)
            assert (stored.workshop, stored.place, stored.workshop_date) == (
                "Manchester (morning)", "Central Library", "2017-03-16")
        assert store.get_ranking(other.ranking_id) == other
