"""The room end to end with real Syncthing instances, inside a private network namespace
(only loopback; tests/netns_support.py): a kiosk joins a hub, a ranking saved at the kiosk
reaches the hub's store, rankings saved while the hub was down arrive when it is back, the
hub's setup reaches the kiosk, and a hostile file in a synced folder is set aside and
reported. Every wait is bounded; every Syncthing is stopped by its PID."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from csv_support import catalog_for, make_record

from kiosk.services.room.membership import Peer
from kiosk.services.room.service import RoomService
from kiosk.storage import Store
from tests import netns_support as netns

WAIT_S = 30.0


def test_the_room_in_a_private_network():
    netns.run_file_in_netns(__file__, timeout=240.0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Machine:
    """One data folder with its store, catalog and room service."""

    def __init__(self, data: Path, *, hub: bool, label: str = "") -> None:
        self.data = data
        self.hub = hub
        self.port = free_port()
        self.catalog = catalog_for(data)
        self.store = Store.open(data)
        if not hub:
            settings = self.store.get_settings()
            self.store.save_settings({**settings, "kiosk_id": f"kiosk-{label.lower()}",
                                      "table": label})
        self.room: RoomService | None = None

    def start(self) -> RoomService:
        self.room = RoomService(self.data, self.store, self.catalog, hub=self.hub,
                                sync_port=self.port)
        self.room.start()
        return self.room

    def stop(self) -> None:
        if self.room is not None:
            self.room.stop()
            self.room = None

    def close(self) -> None:
        self.stop()
        self.store.close()


def pump(machines: list[Machine], done: Callable[[], bool], what: str,
         timeout: float = WAIT_S) -> float:
    """Tick every machine's room (as the screens' timer does) until `done`; the seconds it
    took, or a failure naming what never happened."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        for machine in machines:
            if machine.room is not None:
                machine.room.tick()
        if done():
            return time.monotonic() - began
        time.sleep(0.05)
    states = [m.room.state() if m.room else None for m in machines]
    pytest.fail(f"{what}: not within {timeout:g} s; rooms: {states}")


def running(machine: Machine) -> str:
    assert machine.room is not None
    pump([machine], lambda: machine.room.state().engine == "running",
         f"Syncthing of {machine.data.name} running")
    return machine.room.state().device_id


@pytest.fixture
def room(tmp_path):
    machines: list[Machine] = []

    def make(name: str, *, hub: bool = False) -> Machine:
        machine = Machine(tmp_path / name, hub=hub, label=name.title())
        machines.append(machine)
        return machine

    yield make
    pids = []
    for machine in machines:
        pid_file = machine.data / "sync" / "syncthing" / "kiosk-syncthing.pid"
        if pid_file.exists():
            pids.append(int(pid_file.read_text()))
        machine.close()
    for pid in pids:  # stopped by PID: none may outlive the test
        assert not Path(f"/proc/{pid}").exists() or "zombie" in \
            Path(f"/proc/{pid}/status").read_text().lower(), f"Syncthing {pid} still runs"


def joined(room_factory) -> tuple[Machine, Machine]:
    hub = room_factory("hub", hub=True)
    kiosk = room_factory("table3")
    hub.start()
    hub_id = running(hub)
    assert kiosk.start() is not None
    kiosk.room.join(Peer(hub_id, "Hub", addresses=(f"tcp://127.0.0.1:{hub.port}",)))
    kiosk.room.ensure_started()
    kiosk_id = running(kiosk)
    hub.room.accept(kiosk_id, name=f"Table3 · kiosk {kiosk.room.kiosk_id}",
                    kiosk_id=kiosk.room.kiosk_id, label="Table 3")
    hub.room.config = hub.room.config.with_kiosk(Peer(
        kiosk_id, "Table3", kiosk.room.kiosk_id, "Table 3",
        addresses=(f"tcp://127.0.0.1:{kiosk.port}",)))
    hub.room._save_config()  # the kiosk's address: there is no discovery on loopback
    pump([hub, kiosk], lambda: any(p.connected for p in kiosk.room.state().peers),
         "the kiosk connected to the hub")
    return hub, kiosk


@netns.inside
def test_a_ranking_saved_at_a_kiosk_reaches_the_hubs_store(room):
    hub, kiosk = joined(room)
    record = make_record(kiosk.catalog, seed=7)
    kiosk.store.save_rankings([record])
    took = pump([hub, kiosk], lambda: hub.store.get_ranking(record.ranking_id) is not None,
                "the ranking reached the hub")
    print(f"ranking kiosk -> hub store: {took:.2f} s")
    assert hub.store.get_ranking(record.ranking_id) == record
    status = json.loads((kiosk.data / "sync" / "status.json").read_bytes())
    assert status["role"] == "kiosk" and status["running"] is True


@netns.inside
def test_rankings_saved_while_the_hub_was_down_arrive_when_it_is_back(room):
    hub, kiosk = joined(room)
    hub.stop()
    records = [make_record(kiosk.catalog, seed=n) for n in (11, 12)]
    kiosk.store.save_rankings(records)
    pump([kiosk], lambda: (kiosk.data / "sync" / "outbox" / "rankings" /
                           f"{records[1].ranking_id}.json").exists(), "the outbox filled")
    hub.start()
    took = pump([hub, kiosk], lambda: all(hub.store.get_ranking(r.ranking_id) is not None
                                          for r in records), "the waiting rankings arrived",
                timeout=60.0)
    print(f"rankings waiting for a restarted hub arrived {took:.2f} s after its start")


@netns.inside
def test_the_hubs_setup_reaches_the_kiosk(room):
    hub, kiosk = joined(room)
    hub.store.save_workshop({"workshop_id": "w-room", "name": "Manchester",
                             "place": "Town Hall", "date": "2017-03-15"})
    hub.store.save_settings({**hub.store.get_settings(), "workshop_id": "w-room",
                             "sequence": [{"lens": "risk", "deck": "examples-1-6"}]})
    hub.room.set_label(kiosk.room.kiosk_id, "Table 7")
    took = pump([hub, kiosk], lambda: kiosk.store.get_settings().get("table") == "Table 7",
                "the label reached the kiosk")
    settings = kiosk.store.get_settings()
    assert settings["workshop_id"] == "w-room"
    assert settings["sequence"] == [{"lens": "risk", "deck": "examples-1-6"}]
    assert kiosk.store.get_workshop("w-room")["name"] == "Manchester"
    print(f"setup hub -> kiosk: {took:.2f} s")
    # relabelled: the kiosk's own Syncthing goes by the new label too (what a hub lists)
    config = kiosk.data / "sync" / "syncthing" / "config.xml"
    pump([hub, kiosk], lambda: f'name="Table 7 · kiosk {kiosk.room.kiosk_id}"'
         in config.read_text(), "Syncthing's device name followed the label")


@netns.inside
def test_attack_a_hostile_file_in_a_synced_folder_is_set_aside_and_reported(room):
    """A kiosk (damaged, or hostile) sends a file that is no ranking: it travels through
    Syncthing into the hub's folder for that table, where it is set aside and reported."""
    hub, kiosk = joined(room)
    first = make_record(kiosk.catalog, seed=4)
    kiosk.store.save_rankings([first])
    pump([hub, kiosk], lambda: hub.store.get_ranking(first.ranking_id) is not None,
         "a first ranking")
    outbox = kiosk.data / "sync" / "outbox" / "rankings"
    hostile = b'{"ranking_id": "evil", "positions": {"x": -1}}'
    (outbox / "evil.json").write_bytes(hostile)
    kiosk.room._scans.put(("table-kiosk-table3", ["rankings/evil.json"]))
    problems: list[str] = []

    def reported() -> bool:
        problems.extend(hub.room.state().problems)
        return any("evil.json" in p for p in problems)

    pump([hub, kiosk], reported, "the hostile file was reported")
    kept = list((hub.data / "sync" / "set-aside").rglob("evil.json.*"))
    assert [p.read_bytes() for p in kept] == [hostile]
    assert hub.store.count_rankings() == 1
    record = make_record(kiosk.catalog, seed=5)  # and the room keeps working
    kiosk.store.save_rankings([record])
    pump([hub, kiosk], lambda: hub.store.get_ranking(record.ranking_id) is not None,
         "a good ranking after the hostile file")
    assert os.environ.get("KIOSK_NETNS") == "1"


@netns.inside
def test_a_kiosk_asking_to_join_is_refused_until_the_hub_opens_and_accepts_it(room):
    """Joining as by a tap: the kiosk knows the hub, the hub does not know the kiosk. Outside
    the pairing window it is refused; inside, it is listed with its kiosk id and label, and
    once accepted its rankings arrive."""
    hub = room("hub", hub=True)
    kiosk = room("table5")
    hub.start()
    hub_id = running(hub)
    kiosk.start()
    kiosk.room.join(Peer(hub_id, "Hub", addresses=(f"tcp://127.0.0.1:{hub.port}",)))
    kiosk.room.ensure_started()
    kiosk_device = running(kiosk)
    # the window is closed: the hub refuses (dismisses) the kiosk's attempts
    began = time.monotonic()
    while time.monotonic() - began < 3.0:
        for machine in (hub, kiosk):
            machine.room.tick()
        assert hub.room.state().asking == (), "listed while the hub was closed for joining"
        time.sleep(0.1)
    hub.room.open_pairing()
    pump([hub, kiosk], lambda: any(a.device_id == kiosk_device
                                   for a in hub.room.state().asking), "the kiosk asking",
         timeout=45.0)
    asking = next(a for a in hub.room.state().asking if a.device_id == kiosk_device)
    assert asking.kiosk_id == kiosk.room.kiosk_id
    hub.room.accept(kiosk_device)
    record = make_record(kiosk.catalog, seed=21)
    kiosk.store.save_rankings([record])
    took = pump([hub, kiosk], lambda: hub.store.get_ranking(record.ranking_id) is not None,
                "the accepted kiosk's ranking", timeout=45.0)
    print(f"accepted by tap, first ranking after {took:.2f} s")
    assert hub.room.config.kiosk(kiosk_device).label == "Table5"


@netns.inside
def test_attack_a_kiosk_in_no_room_hears_the_hub_and_joins_it_by_tap(room):
    """Audit: an unjoined kiosk never ran Syncthing, so its Room tab never heard a hub and
    pairing by tap could not work. Now, while its Room tab listens, local discovery hears the
    hub (no address given), a tap joins it, and the hub, open for joining, takes it in.
    (The kiosk starts first: on one machine only the first Syncthing reads the discovery
    port, and here it is the kiosk that must hear.)"""
    kiosk = room("table6")
    hub = room("hub", hub=True)
    kiosk.start()
    assert kiosk.room.state().engine == "off"  # alone and not listening: no Syncthing
    kiosk.room.listen()  # its Room tab opened
    kiosk.room.ensure_started()
    kiosk_device = running(kiosk)
    hub.start()
    hub.room.open_pairing()
    hub_id = running(hub)
    took = pump([hub, kiosk], lambda: hub_id in kiosk.room.state().heard,
                "the kiosk heard the hub on the network", timeout=45.0)
    print(f"hub heard by local discovery after {took:.2f} s")
    kiosk.room.join(Peer(hub_id, f"Hub {hub_id[:7]}"))  # the tap: its id, nothing more
    pump([hub, kiosk], lambda: any(a.device_id == kiosk_device
                                   for a in hub.room.state().asking), "the kiosk asking",
         timeout=45.0)
    hub.room.accept(kiosk_device)
    kiosk.room.stop_listening()  # the tab closed: the joined kiosk keeps its link
    record = make_record(kiosk.catalog, seed=31)
    kiosk.store.save_rankings([record])
    pump([hub, kiosk], lambda: hub.store.get_ranking(record.ranking_id) is not None,
         "the ranking of the kiosk joined by tap", timeout=45.0)
    assert kiosk.room.state().engine == "running"


@netns.inside
def test_a_poll_run_saved_at_a_kiosk_reaches_the_hubs_store(room):
    from kiosk.domain.poll_record import PollAnswer, PollRun

    hub, kiosk = joined(room)
    poll = hub.catalog.polls["camden-comfort"]  # shipped: both machines know it
    stamp = "2017-06-28T10:15:00+00:00"
    run = PollRun(poll_run_id="poll-run-room-1", poll=poll.id, seats=2,
                  answers=(PollAnswer(1, 1, "4", stamp), PollAnswer(1, 2, "pass", stamp),
                           PollAnswer(2, 1, poll.stages[1].answers()[0], stamp)),
                  table="Table3", kiosk_id=kiosk.room.kiosk_id, workshop_id="w-room")
    kiosk.store.save_poll_runs([run])
    took = pump([hub, kiosk], lambda: hub.store.get_poll_run(run.poll_run_id) is not None,
                "the poll run reached the hub")
    print(f"poll run kiosk -> hub store: {took:.2f} s")
    assert hub.store.get_poll_run(run.poll_run_id) == run


@netns.inside
def test_a_service_stop_sigterm_stops_the_kiosk_and_its_syncthing(tmp_path):
    """The real kiosk app, joined to a hub, stopped as systemd stops a service: it exits
    cleanly and takes its Syncthing with it (none is left running)."""
    import signal
    import subprocess
    import sys

    from kiosk.services.room import membership
    from kiosk.services.room.layout import RoomPaths
    from kiosk.services.room.membership import RoomConfig

    data = tmp_path / "kiosk"
    Store.open(data).close()
    hub_id = "AAAAAAA-BBBBBBB-CCCCCCC-DDDDDDD-EEEEEEE-FFFFFFF-GGGGGGG-HHHHHHH"
    membership.save(RoomPaths(data).config, RoomConfig(role="kiosk", hub=Peer(hub_id, "Hub")))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_IM_MODULE": "none"}
    app = subprocess.Popen([sys.executable, "-m", "kiosk", "--data-dir",  # kiosk mode
                            str(data), "--sync-port", str(free_port())], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pid_file = data / "sync" / "syncthing" / "kiosk-syncthing.pid"
    try:
        began = time.monotonic()
        while not pid_file.exists():
            assert app.poll() is None, app.stderr.read().decode() if app.stderr else ""
            assert time.monotonic() - began < WAIT_S, "the kiosk's Syncthing never started"
            time.sleep(0.1)
        syncthing = int(pid_file.read_text())
        assert Path(f"/proc/{syncthing}").exists()
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=20) == 0
        began = time.monotonic()
        while Path(f"/proc/{syncthing}").exists() and "zombie" not in \
                Path(f"/proc/{syncthing}/status").read_text().lower():
            assert time.monotonic() - began < 10, f"Syncthing {syncthing} outlived the kiosk"
            time.sleep(0.1)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(5)
