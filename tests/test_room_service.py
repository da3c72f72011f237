"""The room service and the room's command line without a network: a fake Syncthing control
stands in for the REST API (the real one is in tests/test_room_sync.py)."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from csv_support import catalog_for, make_record

from kiosk import cli
from kiosk.services.room.layout import RoomPaths
from kiosk.services.room.membership import Peer, load
from kiosk.services.room.service import RoomService
from kiosk.services.room.state import kiosk_device_name
from kiosk.services.room.status import STATUS_KEYS, read_status
from kiosk.storage import Store
from kiosk.sync.control import Completion, Folder, FolderState, Link, PendingDevice

HUB = "AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH"
KIOSK = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD"
STRANGER = "ZZZZZZZ-ZZZZZZZ-ZZZZZZZ-ZZZZZZZ-ZZZZZZZ-ZZZZZZZ-ZZZZZZZ-ZZZZZZZ"


@dataclass
class FakeControl:
    me: str
    devices: dict[str, str] = field(default_factory=dict)
    folder_map: dict[str, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)
    pending: list[PendingDevice] = field(default_factory=list)
    dismissed: list[str] = field(default_factory=list)
    scanned: list[tuple[str, str | None]] = field(default_factory=list)

    def my_id(self) -> str:
        return self.me

    def device_ids(self) -> list[str]:
        return [self.me, *self.devices]

    def add_device(self, device_id, name, addresses=("dynamic",)) -> None:
        self.devices[device_id] = name

    def remove_device(self, device_id) -> None:
        self.devices.pop(device_id, None)

    def set_device_name(self, device_id, name) -> None:
        self.names = [*getattr(self, "names", []), (device_id, name)]

    def pending_devices(self) -> list[PendingDevice]:
        return [p for p in self.pending if p.device_id not in self.dismissed]

    def dismiss_pending(self, device_id) -> None:
        self.dismissed.append(device_id)

    def connections(self) -> dict[str, Link]:
        return {d: Link(True, False, "127.0.0.1:1", 0, 0) for d in self.devices}

    def local_discovery(self) -> dict[str, list[str]]:
        return {HUB: ["tcp://127.0.0.1:22000"]}

    def add_folder(self, folder_id, path, kind, device_ids=(), label="", **_) -> None:
        self.folder_map[folder_id] = (str(path), kind, tuple(device_ids))

    def folder_ids(self) -> list[str]:
        return list(self.folder_map)

    def scan(self, folder_id, sub=None) -> None:
        self.scanned.append((folder_id, sub))

    def folder_state(self, folder_id) -> FolderState:
        return FolderState("idle", 0, 0, 0, "")

    def completion(self, folder_id, device_id) -> Completion:
        return Completion(100.0, 0)

    def pause(self, device_id) -> None: ...
    def resume(self, device_id) -> None: ...

    def folders(self) -> list[Folder]:
        return [Folder(f, "", path, kind, devices, False)
                for f, (path, kind, devices) in self.folder_map.items()]


class FakeEngine:
    def __init__(self, device_id: str) -> None:
        self.device_id = device_id
        self.pid = 999_999
        self.stopped = False

    def stop(self, timeout: float = 10.0) -> None:
        self.stopped = True


def fake_start(device_id: str, controls: list):
    def start(home: Path, name: str, port: int):
        control = FakeControl(device_id)
        controls.append((control, name, port))
        return FakeEngine(device_id), control
    return start


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def wait_for(room: RoomService, condition, rounds: int = 200) -> None:
    import time

    for _ in range(rounds):
        room.tick()
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"never: {room.state()}")


def test_a_kiosk_in_no_room_starts_no_syncthing(tmp_path):
    controls: list = []
    with Store.open(tmp_path / "k") as store:
        room = RoomService(tmp_path / "k", store, catalog_for(tmp_path / "k"),
                           engine_start=fake_start(KIOSK, controls))
        room.start()
        room.tick()
        room.stop()
    assert controls == [] and not (tmp_path / "k" / "sync" / "outbox").exists()


def test_a_joined_kiosk_configures_its_folders_and_sends_what_is_stored(tmp_path):
    data = tmp_path / "k"
    controls: list = []
    catalog = catalog_for(data)
    with Store.open(data) as store:
        store.save_settings({"kiosk_id": "kiosk-7", "table": "Table 7"})
        record = make_record(catalog, seed=1)
        store.save_rankings([record])
        room = RoomService(data, store, catalog, engine_start=fake_start(KIOSK, controls))
        room.join(Peer(HUB, "Hub"))
        room.start()
        try:
            wait_for(room, lambda: bool(controls) and "table-kiosk-7" in controls[0][0].folder_map
                     and room.state().engine == "running")
            control, name, port = controls[0]
            assert name == kiosk_device_name("Table 7", "kiosk-7") and port == 22000
            assert control.folder_map["table-kiosk-7"][1:] == ("sendonly", (HUB,))
            assert control.folder_map["room-setup"][1:] == ("receiveonly", (HUB,))
            wait_for(room, lambda: ("table-kiosk-7", f"rankings/{record.ranking_id}.json")
                     in control.scanned)
            status = read_status(data)
            assert set(status) == set(STATUS_KEYS) and status["running"] is True
            assert status["role"] == "kiosk" and status["peers"][0]["device_id"] == HUB
        finally:
            room.stop()
    assert read_status(data)["running"] is False


def test_a_hub_refuses_strangers_outside_its_pairing_window(tmp_path):
    data = tmp_path / "h"
    controls: list = []
    clock = Clock()
    with Store.open(data) as store:
        room = RoomService(data, store, catalog_for(data), hub=True,
                           engine_start=fake_start(HUB, controls), monotonic=clock)
        room.start()
        try:
            wait_for(room, lambda: bool(controls))
            control = controls[0][0]
            control.pending.append(PendingDevice(STRANGER, "Table 2 · kiosk kiosk-2",
                                                 "127.0.0.1:5", ""))
            wait_for(room, lambda: STRANGER in control.dismissed)  # window closed: refused
            assert room.state().asking == ()
            control.dismissed.clear()
            control.pending.append(PendingDevice(KIOSK, "Table 3 · kiosk kiosk-3",
                                                 "127.0.0.1:6", ""))
            room.open_pairing()
            wait_for(room, lambda: any(a.device_id == KIOSK for a in room.state().asking))
            asking = next(a for a in room.state().asking if a.device_id == KIOSK)
            assert asking.kiosk_id == "kiosk-3"
            room.accept(KIOSK)
            wait_for(room, lambda: "table-kiosk-3" in control.folder_map)
            assert control.folder_map["table-kiosk-3"][1:] == ("receiveonly", (KIOSK,))
            assert KIOSK in control.folder_map["room-setup"][2]
            assert load(RoomPaths(data).config)[0].kiosk(KIOSK).label == "Table 3"
            clock.now += 301  # the window closes by itself
            assert not room.pairing_open()
        finally:
            room.stop()


def test_a_missing_syncthing_is_said_in_words_and_the_kiosk_goes_on(tmp_path):
    from kiosk.sync.rest import SyncthingError

    def missing(home, name, port):
        raise SyncthingError("Syncthing is not installed: install the Debian package syncthing.")

    data = tmp_path / "k"
    catalog = catalog_for(data)
    with Store.open(data) as store:
        room = RoomService(data, store, catalog, engine_start=missing)
        room.join(Peer(HUB))
        room.start()
        try:
            wait_for(room, lambda: room.state().engine == "not installed")
            assert "Debian package syncthing" in room.state().message
            store.save_rankings([make_record(catalog, seed=2)])
            room.tick()  # the outbox still fills, for when the link is back
            assert len(list((data / "sync" / "outbox" / "rankings").iterdir())) == 1
        finally:
            room.stop()


needs_syncthing = pytest.mark.skipif(shutil.which("syncthing") is None,
                                     reason="syncthing not installed")


@needs_syncthing
def test_invitation_by_usb_stick_from_the_command_line(tmp_path, capsys):
    hub, kiosk = tmp_path / "hub", tmp_path / "kiosk"
    Store.open(hub).close()
    with Store.open(kiosk) as store:
        store.save_settings({"kiosk_id": "kiosk-9", "table": "Table 9"})
    stick = tmp_path / "stick.json"
    assert cli.main(["room", "invite", "--out", str(stick), "--data-dir", str(hub)]) == 0
    assert cli.main(["room", "join", str(stick), "--data-dir", str(kiosk)]) == 0
    assert cli.main(["room", "accept", str(stick), "--data-dir", str(hub)]) == 0
    out = capsys.readouterr().out
    assert "accepted 1 kiosk: Table 9" in out
    hub_config = load(RoomPaths(hub).config)[0]
    kiosk_config = load(RoomPaths(kiosk).config)[0]
    assert hub_config.role == "hub" and kiosk_config.role == "kiosk"
    assert [p.kiosk_id for p in hub_config.kiosks] == ["kiosk-9"]
    assert kiosk_config.hub is not None
    assert kiosk_config.hub.device_id == json.loads(stick.read_text())["hub"]["device_id"]
    assert cli.main(["room", "status", "--json", "--data-dir", str(kiosk)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert set(status) == set(STATUS_KEYS)
    assert status["role"] == "kiosk" and status["running"] is False


@pytest.mark.parametrize("content", [b"", b"[]", b'{"kiosk_room_invitation": 1}'])
def test_attack_a_bad_invitation_is_one_line_exit_2(tmp_path, capsys, content):
    stick = tmp_path / "stick.json"
    stick.write_bytes(content)
    Store.open(tmp_path / "k").close()
    assert cli.main(["room", "join", str(stick), "--data-dir", str(tmp_path / "k")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "stick.json" in err[0] and "Traceback" not in err[0]


def test_room_status_of_a_machine_in_no_room(tmp_path, capsys):
    assert cli.main(["room", "status", "--data-dir", str(tmp_path)]) == 0
    assert "role: none" in capsys.readouterr().out


def test_a_hub_names_each_kiosks_table_from_the_command_line(tmp_path, capsys):
    from kiosk.services.room import membership

    hub = tmp_path / "hub"
    Store.open(hub).close()
    paths = RoomPaths(hub)
    membership.save(paths.config, membership.RoomConfig(role="hub", kiosks=(
        Peer(KIOSK, "Table 3 · kiosk kiosk-3", "kiosk-3", "Table 3"),)))
    assert cli.main(["setup", "--table", "kiosk-3=Table 8", "--data-dir", str(hub)]) == 0
    assert load(paths.config)[0].kiosk(KIOSK).label == "Table 8"
    capsys.readouterr()
    assert cli.main(["setup", "--table", "kiosk-9=Table 1", "--data-dir", str(hub)]) == 2
    assert "kiosk-3" in capsys.readouterr().err  # names the kiosks that did join
    assert cli.main(["setup", "--table", "Table 1", "--data-dir", str(hub)]) == 2


@pytest.mark.parametrize("name", ["Table 1 · kiosk ../../etc", "x · kiosk /abs", "kiosk .hidden",
                                  "no kiosk here"])
def test_attack_a_device_name_cannot_lead_the_hub_outside_its_folders(tmp_path, name):
    from kiosk.services.room.membership import RoomFileError

    with Store.open(tmp_path / "h") as store:
        room = RoomService(tmp_path / "h", store, catalog_for(tmp_path / "h"), hub=True)
        with pytest.raises(RoomFileError):
            room.accept(STRANGER, name=name)
        assert room.config.kiosks == ()


@pytest.mark.parametrize("status", [
    {"running": True, "pid": os.getpid(), "peers": 5},
    {"running": True, "pid": os.getpid(), "peers": [5, {"device_id": 7}], "problems": [1]},
    {"running": "yes", "pid": "1", "role": ["hub"]},
])
def test_attack_a_status_file_of_the_wrong_shape_is_read_without_a_traceback(
        tmp_path, capsys, status):
    paths = RoomPaths(tmp_path)
    paths.root.mkdir(parents=True)
    paths.status.write_text(json.dumps(status))
    assert cli.main(["room", "status", "--data-dir", str(tmp_path)]) == 0
    assert cli.main(["room", "status", "--json", "--data-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "unexpected" not in err


def test_attack_the_hubs_own_provisional_workshop_is_never_pushed_as_the_set_one(tmp_path):
    """Audit: a hub on its first start invents "Workshop <date>" (provisional) and pushed it
    to every kiosk as the workshop the facilitator set, so every table's rankings were filed
    under a made-up workshop. Only a workshop the facilitator set is sent."""
    from kiosk.services.table_session import TableSession

    data = tmp_path / "h"
    catalog = catalog_for(data)
    with Store.open(data) as store:
        session = TableSession(store, catalog)  # the hub's first start: a provisional one
        assert session.workshop.provisional
        room = RoomService(data, store, catalog, hub=True,
                           engine_start=fake_start(HUB, []))
        room.tick()
        sent = json.loads((RoomPaths(data).setup / "setup.json").read_text())
        assert sent["workshop"] is None
        store.save_workshop({"workshop_id": "w-9", "name": "Leeds", "place": "Civic Hall",
                             "date": "2026-12-02"})
        store.save_settings({**store.get_settings(), "workshop_id": "w-9"})
        room.tick()
        sent = json.loads((RoomPaths(data).setup / "setup.json").read_text())
        assert sent["workshop"] == {"workshop_id": "w-9", "name": "Leeds",
                                    "place": "Civic Hall", "date": "2026-12-02"}


def test_attack_a_file_set_aside_is_not_counted_as_received(tmp_path):
    """Audit: `kiosk room status` counted every file in a kiosk's folder as received, the
    hostile ones the hub had set aside among them."""
    data = tmp_path / "h"
    controls: list = []
    catalog = catalog_for(data)
    with Store.open(data) as store:
        room = RoomService(data, store, catalog, hub=True,
                           engine_start=fake_start(HUB, controls))
        room.accept(KIOSK, name="Table 3 · kiosk kiosk-3", kiosk_id="kiosk-3", label="Table 3")
        folder = RoomPaths(data).table("kiosk-3") / "rankings"
        folder.mkdir(parents=True)
        record = make_record(catalog, seed=5)
        (folder / f"{record.ranking_id}.json").write_text(json.dumps(record.to_doc()))
        (folder / "00000000-0000-4000-8000-000000000000.json").write_text('{"not": "a ranking"}')
        room.start()
        try:
            wait_for(room, lambda: store.get_ranking(record.ranking_id) is not None
                     and bool(room.state().peers))
            wait_for(room, lambda: room.state().problems != ())
            (peer,) = room.state().peers
            wait_for(room, lambda: room.state().peers[0].files_received == 1)
        finally:
            room.stop()


def test_attack_a_relabelled_kiosk_is_not_left_under_its_old_name_in_syncthing(tmp_path):
    """Audit: the kiosk's Syncthing device name (what a hub lists for a kiosk asking to
    join, with its label) kept the label the kiosk had when Syncthing started."""
    data = tmp_path / "k"
    controls: list = []
    with Store.open(data) as store:
        store.save_settings({"kiosk_id": "kiosk-7", "table": "Table 7"})
        room = RoomService(data, store, catalog_for(data),
                           engine_start=fake_start(KIOSK, controls))
        room.join(Peer(HUB, "Hub"))
        room.start()
        try:
            wait_for(room, lambda: room.state().engine == "running")
            store.save_settings({**store.get_settings(), "table": "Table 9"})  # relabelled
            wanted = kiosk_device_name("Table 9", "kiosk-7")
            wait_for(room, lambda: (KIOSK, wanted) in getattr(controls[0][0], "names", []))
            wait_for(room, lambda: room.state().name == wanted)
        finally:
            room.stop()
