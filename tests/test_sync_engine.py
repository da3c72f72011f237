"""The room's engine (kiosk.sync): Syncthing run as the kiosk's child and driven over REST.

The tests that start Syncthing run only inside a private network namespace holding nothing but
loopback (tests/netns_support.py); `test_network_tests_in_a_private_namespace` re-runs this
file there. The offline config, the missing binary and the watchdog need no network.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.sync import process as sync_process
from kiosk.sync.config import read_options
from kiosk.sync.control import Completion, Control, Folder, Link
from kiosk.sync.process import (
    PID_FILE,
    SyncthingProcess,
    find_binary,
    prepare_home,
)
from kiosk.sync.rest import RestClient, SyncthingError
from kiosk.sync.watchdog import LinkWatchdog
from tests import netns_support as netns

BINARY = find_binary()
needs_binary = pytest.mark.skipif(BINARY is None, reason="syncthing is not installed")


def test_network_tests_in_a_private_namespace() -> None:
    netns.run_file_in_netns(__file__, timeout=120)


# --- offline: the home, the binary --------------------------------------------------------


@needs_binary
def test_the_home_is_written_offline_before_the_first_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    info = prepare_home(home, name="Table 3", listen_port=22011, binary=BINARY)

    assert {"cert.pem", "key.pem", "config.xml"} <= {p.name for p in home.iterdir()}
    options = read_options(home / "config.xml")
    assert options["globalAnnounceEnabled"] == "false"
    assert options["localAnnounceEnabled"] == "true"
    assert options["relaysEnabled"] == "false"
    assert options["natEnabled"] == "false"
    assert options["urAccepted"] == "-1"
    assert options["crashReportingEnabled"] == "false"
    assert options["autoUpgradeIntervalH"] == "0"
    assert options["startBrowser"] == "false"
    assert options["reconnectionIntervalS"] == "10"
    assert options["listenAddress"] == "tcp://0.0.0.0:22011"
    import xml.etree.ElementTree as ET

    root = ET.parse(home / "config.xml").getroot()
    assert root.findall("folder") == []
    assert [d.get("name") for d in root.findall("device") if d.get("id") == info.device_id] \
        == ["Table 3"]
    gui = root.find("gui")
    assert gui is not None
    assert (gui.findtext("address") or "").startswith("127.0.0.1:")
    assert gui.findtext("apikey") == info.api_key and len(info.api_key) >= 40
    assert (home / "config.xml").stat().st_mode & 0o077 == 0

    again = prepare_home(home, name="Table 3", listen_port=22012, listen_host="127.0.0.1",
                         binary=BINARY, rest_port=40001)
    assert again == info
    assert read_options(home / "config.xml")["listenAddress"] == "tcp://127.0.0.1:22012"
    assert ET.parse(home / "config.xml").getroot().findtext("gui/address") == "127.0.0.1:40001"


def test_a_missing_binary_says_so_in_a_sentence(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_SYNCTHING", str(tmp_path / "no-such-syncthing"))
    assert find_binary() == str(tmp_path / "no-such-syncthing")
    with pytest.raises(SyncthingError) as raised:
        SyncthingProcess.start(tmp_path / "home", name="t", listen_port=22000)
    assert str(raised.value) == "Syncthing is not installed: install the Debian package syncthing."
    with pytest.raises(SyncthingError, match="not installed"):
        prepare_home(tmp_path / "home", name="t", listen_port=22000)

    monkeypatch.delenv("KIOSK_SYNCTHING")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_binary() is None
    with pytest.raises(SyncthingError, match="^Syncthing is not installed"):
        SyncthingProcess.start(tmp_path / "home", name="t", listen_port=22000)


def test_the_rest_client_turns_a_refused_port_into_a_sentence() -> None:
    port = netns.free_port()
    with pytest.raises(SyncthingError) as raised:
        RestClient(port, "key", timeout=0.5).get("/rest/system/ping")
    assert str(raised.value).startswith(f"Syncthing could not be reached on port {port}")
    with pytest.raises(SyncthingError):
        RestClient(0, "key")


# --- the watchdog, with a fake control and a fake clock -------------------------------------


class FakeControl:
    def __init__(self) -> None:
        self.peers = ["HUB", "T2"]
        self.links = {p: Link(True, False, "127.0.0.1:1", 0, 0) for p in self.peers}
        self.heard: dict[str, list[str]] = {}
        self.need: dict[str, int] = {}
        self.calls: list[tuple[str, str]] = []

    def device_ids(self) -> list[str]:
        return list(self.peers)

    def connections(self) -> dict[str, Link]:
        return dict(self.links)

    def local_discovery(self) -> dict[str, list[str]]:
        return dict(self.heard)

    def folders(self) -> list[Folder]:
        return [Folder("rankings", "", "/x", "sendonly", tuple(self.peers), False)]

    def completion(self, folder_id: str, device_id: str) -> Completion:
        need = self.need.get(device_id, 0)
        return Completion(100.0 if need == 0 else 50.0, need)

    def pause(self, device_id: str) -> None:
        self.calls.append(("pause", device_id))

    def resume(self, device_id: str) -> None:
        self.calls.append(("resume", device_id))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def watched() -> tuple[FakeControl, Clock, LinkWatchdog]:
    control, clock = FakeControl(), Clock()
    return control, clock, LinkWatchdog(control, clock=clock, stuck_after_s=5.0, every_s=10.0)


def test_watchdog_leaves_healthy_links_alone(watched: tuple[FakeControl, Clock, LinkWatchdog]
                                             ) -> None:
    control, clock, dog = watched
    for _ in range(5):
        assert dog.tick() == []
        clock.now += 3
    assert control.calls == []


def test_watchdog_nudges_a_peer_with_items_queued_too_long(
        watched: tuple[FakeControl, Clock, LinkWatchdog]) -> None:
    control, clock, dog = watched
    control.need["HUB"] = 2
    assert dog.tick() == []
    clock.now += 5.0
    assert dog.tick() == []  # queued exactly stuck_after_s: not yet
    clock.now += 0.5
    assert dog.tick() == ["HUB"]
    assert control.calls == [("pause", "HUB"), ("resume", "HUB")]
    clock.now += 9.0
    assert dog.tick() == []  # at most once per every_s
    clock.now += 1.0
    assert dog.tick() == ["HUB"]
    control.need["HUB"] = 0
    clock.now += 20
    assert dog.tick() == []
    control.need["HUB"] = 1  # queued again: the timer starts afresh
    clock.now += 1
    assert dog.tick() == []
    clock.now += 5.5
    assert dog.tick() == ["HUB"]


def test_watchdog_nudges_a_disconnected_peer_heard_on_the_lan(
        watched: tuple[FakeControl, Clock, LinkWatchdog]) -> None:
    control, clock, dog = watched
    control.links["T2"] = Link(False, False, "", 0, 0)
    assert dog.tick() == []  # disconnected but not heard: nothing to dial
    control.heard["T2"] = ["tcp://192.0.2.7:22000"]
    assert dog.tick() == ["T2"]
    clock.now += 4
    assert dog.tick() == []
    clock.now += 6
    assert dog.tick() == ["T2"]
    del control.links["T2"]  # never connected at all counts as disconnected
    clock.now += 10
    assert dog.tick() == ["T2"]
    control.links["T2"] = Link(True, False, "192.0.2.7:22000", 1, 1)
    clock.now += 10
    assert dog.tick() == []


def test_watchdog_leaves_a_paused_peer_paused(
        watched: tuple[FakeControl, Clock, LinkWatchdog]) -> None:
    control, clock, dog = watched
    control.links["HUB"] = Link(False, True, "", 0, 0)
    control.heard["HUB"] = ["tcp://192.0.2.1:22000"]
    control.need["HUB"] = 3
    dog.tick()
    clock.now += 60
    assert dog.tick() == []
    assert control.calls == []


def test_watchdog_forgets_a_removed_peer(watched: tuple[FakeControl, Clock, LinkWatchdog]
                                         ) -> None:
    control, clock, dog = watched
    control.need["T2"] = 1
    dog.tick()
    clock.now += 6
    assert dog.tick() == ["T2"]
    control.peers.remove("T2")
    clock.now += 1
    assert dog.tick() == []
    control.peers.append("T2")  # back: a fresh peer, queued from now on
    clock.now += 1
    assert dog.tick() == []
    clock.now += 6
    assert dog.tick() == ["T2"]


# --- inside the private network namespace -------------------------------------------------

Start = Callable[..., SyncthingProcess]


@pytest.fixture()
def start_syncthing(tmp_path: Path) -> Iterator[Start]:
    """Starts instances (homes under tmp_path, listening on 127.0.0.1); each is stopped and
    then, should it linger, killed by its pid when the test ends, passed or not."""
    netns.assert_private_network()
    started: list[SyncthingProcess] = []

    def start(name: str, listen_port: int | None = None) -> SyncthingProcess:
        began = time.monotonic()
        instance = SyncthingProcess.start(
            tmp_path / name, name=name, listen_port=listen_port or netns.free_port(),
            listen_host="127.0.0.1", binary=BINARY)
        started.append(instance)
        print(f"{name}: REST ready {time.monotonic() - began:.2f} s after start "
              f"(pid {instance.pid}, REST port {instance.rest_port})")
        return instance

    yield start
    for instance in started:
        try:
            instance.stop(timeout=5.0)
        finally:
            netns.kill_pid(instance.pid)


def _listen_port(instance: SyncthingProcess) -> int:
    config = (instance.home / "config.xml").read_text()
    return int(config.split("<listenAddress>tcp://127.0.0.1:")[1].split("<")[0])


@netns.inside
def test_two_kiosks_pair_and_a_saved_ranking_reaches_the_hub(start_syncthing: Start,
                                                             tmp_path: Path) -> None:
    hub_port, table_port = netns.free_ports(2)
    hub, table = start_syncthing("hub", hub_port), start_syncthing("table", table_port)
    h, t = Control(hub.api), Control(table.api)
    assert h.my_id() == hub.device_id and t.my_id() == table.device_id
    assert h.device_ids() == [] and h.connections() == {}
    assert isinstance(h.local_discovery(), dict)

    # The table knows the hub; the hub does not know the table yet: it is pending there.
    t.add_device(hub.device_id, "hub", [f"tcp://127.0.0.1:{hub_port}"])
    pending = netns.wait_for(h.pending_devices, 10, "the table pending at the hub")
    assert [(p.device_id, p.name) for p in pending] == [(table.device_id, "table")]
    assert pending[0].address.startswith("127.0.0.1:")

    began = time.monotonic()
    h.add_device(table.device_id, "table", [f"tcp://127.0.0.1:{table_port}"])
    netns.wait_for(lambda: (link := h.connections().get(table.device_id)) and link.connected,
                   10, "the hub connected to the table")
    print(f"paired: connected {time.monotonic() - began:.2f} s after the hub added the table")
    assert h.device_ids() == [table.device_id] and h.device_name(table.device_id) == "table"
    netns.wait_for(lambda: h.pending_devices() == [], 5, "the table no longer pending")

    sent, received = tmp_path / "table-rankings", tmp_path / "hub-rankings"
    t.add_folder("rankings", sent, "sendonly", [hub.device_id], label="Rankings")
    pending_folders = netns.wait_for(h.pending_folders, 10, "the folder offered to the hub")
    assert [(f.folder_id, f.label, f.device_id) for f in pending_folders] \
        == [("rankings", "Rankings", table.device_id)]
    h.add_folder("rankings", received, "receiveonly", [table.device_id], label="Rankings")
    h.add_folder("rankings", received, "receiveonly", label="Rankings")  # idempotent
    assert h.folder_ids() == ["rankings"]
    folder = h.folder("rankings")
    assert folder is not None and folder.kind == "receiveonly"
    assert folder.device_ids == (table.device_id,)
    netns.wait_for(lambda: h.folder_state("rankings").state == "idle"
                   and t.folder_state("rankings").state == "idle", 10, "both folders idle")

    staged = tmp_path / "ranking.json.part"
    staged.write_text('{"table": 3}')
    os.rename(staged, sent / "ranking-1.json")
    began = time.monotonic()
    t.scan("rankings", "ranking-1.json")
    arrived = received / "ranking-1.json"
    netns.wait_for(lambda: arrived.exists() and arrived.read_text() == '{"table": 3}',
                   10, "the ranking at the hub")
    print(f"a ranking reached the hub {time.monotonic() - began:.3f} s after the scan")
    netns.wait_for(lambda: t.completion("rankings", hub.device_id).need_items == 0
                   and t.completion("rankings", hub.device_id).percent == 100, 10,
                   "the table seeing the hub complete")
    state = netns.wait_for(lambda: (s := h.folder_state("rankings")).local_files == 1 and s,
                           10, "the hub's folder counting the file")
    assert state.global_files == 1 and state.need_files == 0

    # Pause + resume (the watchdog's nudge) reconnects. Syncthing sometimes holds a redial back
    # (its cool-down, and the peer's own redial refused while paused): then the room nudges
    # again a few seconds later, as the watchdog does, and so does this test (bounded).
    began = time.monotonic()
    nudges = 0
    while True:
        t.pause(hub.device_id)
        netns.wait_for(lambda: not t.connections()[hub.device_id].connected, 5,
                       "the link dropped")
        t.resume(hub.device_id)
        nudges += 1
        try:
            netns.wait_for(lambda: (link := t.connections()[hub.device_id]).connected
                           and not link.paused, 8, "the table reconnected to the hub")
            break
        except pytest.fail.Exception:
            assert time.monotonic() - began < 60, "no reconnection within a minute of nudges"
    print(f"pause+resume reconnected in {time.monotonic() - began:.3f} s ({nudges} nudges)")
    dog = LinkWatchdog(t)
    assert dog.tick() == []

    t.set_device_name(hub.device_id, "the hub")
    assert t.device_name(hub.device_id) == "the hub"
    h.remove_device(table.device_id)
    h.remove_device(table.device_id)  # idempotent
    assert h.device_ids() == []


@netns.inside
def test_stop_leaves_no_process_and_no_pid_file(start_syncthing: Start) -> None:
    instance = start_syncthing("alone")
    pid = instance.pid
    assert instance.alive() and (instance.home / PID_FILE).read_text().strip() == str(pid)
    began = time.monotonic()
    instance.stop()
    print(f"stopped in {time.monotonic() - began:.2f} s")
    assert not instance.alive()
    assert not Path(f"/proc/{pid}").exists()
    assert not (instance.home / PID_FILE).exists()
    instance.stop()  # idempotent


CHILD = """
import sys
from pathlib import Path
from kiosk.sync.process import SyncthingProcess
p = SyncthingProcess.start(Path(sys.argv[1]), name="child", listen_port=int(sys.argv[2]),
                           listen_host="127.0.0.1", binary=sys.argv[3])
print(p.pid, flush=True)
sys.stdin.read()
"""


@netns.inside
def test_a_killed_kiosk_takes_its_syncthing_with_it(tmp_path: Path) -> None:
    netns.assert_private_network()
    assert BINARY is not None
    kiosk = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "home"), str(netns.free_port()), BINARY],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=netns.ROOT,
        env={**os.environ, "PYTHONPATH": str(netns.ROOT)})
    syncthing_pid = 0
    try:
        assert kiosk.stdout is not None
        line = kiosk.stdout.readline()
        assert line.strip().isdigit(), f"the child kiosk did not start Syncthing: {line!r}"
        syncthing_pid = int(line)
        assert not netns.pid_gone(syncthing_pid)
        children = Path(f"/proc/{kiosk.pid}/task/{kiosk.pid}/children").read_text().split()
        assert children == [str(syncthing_pid)], "Syncthing runs without a monitor process"
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(5)
        began = time.monotonic()
        netns.wait_for(lambda: netns.pid_gone(syncthing_pid), 5, "Syncthing gone with the kiosk")
        print(f"Syncthing died {time.monotonic() - began:.3f} s after its kiosk was killed")
    finally:
        kiosk.kill()
        kiosk.wait(5)
        if syncthing_pid:
            netns.kill_pid(syncthing_pid)


@netns.inside
def test_a_stale_instance_from_an_earlier_run_is_stopped(start_syncthing: Start,
                                                         tmp_path: Path) -> None:
    netns.assert_private_network()
    assert BINARY is not None
    home = (tmp_path / "kiosk").resolve()
    port, rest = netns.free_ports(2)
    info = prepare_home(home, name="kiosk", listen_port=port, listen_host="127.0.0.1",
                        binary=BINARY, rest_port=rest)
    stale = subprocess.Popen(sync_process.command_line(BINARY, home),
                             env=sync_process.child_environment(), stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        (home / PID_FILE).write_text(f"{stale.pid}\n")
        api = RestClient(rest, info.api_key, timeout=0.5)

        def answers() -> bool:
            try:
                return bool(api.get("/rest/system/ping"))
            except SyncthingError:
                return False

        netns.wait_for(answers, 10, "the stale instance answering")
        fresh = start_syncthing("kiosk", port)
        assert netns.pid_gone(stale.pid)
        assert fresh.pid != stale.pid and fresh.alive()
        assert Control(fresh.api).my_id() == info.device_id
        assert (home / PID_FILE).read_text().strip() == str(fresh.pid)
    finally:
        stale.kill()
        stale.wait(5)


@netns.inside
def test_attack_a_stale_instance_without_a_pid_file_is_found_and_stopped(
        start_syncthing: Start, tmp_path: Path) -> None:
    """Audit: an earlier run that left Syncthing behind without its pid file (killed before
    writing it, the file deleted) held the home's database and ports, and the next start
    never stopped it. It is found by its home in /proc/*/cmdline; another home's is kept."""
    netns.assert_private_network()
    assert BINARY is not None
    home = (tmp_path / "kiosk").resolve()
    other_home = (tmp_path / "other").resolve()
    port, rest, other_port, other_rest = netns.free_ports(4)
    info = prepare_home(home, name="kiosk", listen_port=port, listen_host="127.0.0.1",
                        binary=BINARY, rest_port=rest)
    other_info = prepare_home(other_home, name="other", listen_port=other_port,
                              listen_host="127.0.0.1", binary=BINARY, rest_port=other_rest)
    started = [subprocess.Popen(sync_process.command_line(BINARY, h),
                                env=sync_process.child_environment(), stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for h in (home, other_home)]
    stale, other = started
    try:
        for rest_port, key in ((rest, info.api_key), (other_rest, other_info.api_key)):
            api = RestClient(rest_port, key, timeout=0.5)

            def answers(api: RestClient = api) -> bool:
                try:
                    return bool(api.get("/rest/system/ping"))
                except SyncthingError:
                    return False

            netns.wait_for(answers, 10, "the stale instance answering")
        assert not (home / PID_FILE).exists()
        fresh = start_syncthing("kiosk", port)
        assert netns.pid_gone(stale.pid)
        assert fresh.alive() and Control(fresh.api).my_id() == info.device_id
        assert other.poll() is None  # another home's Syncthing is not ours to stop
    finally:
        for process in started:
            process.kill()
            process.wait(5)


@netns.inside
def test_a_pid_file_naming_another_process_is_left_alone(tmp_path: Path) -> None:
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        home = tmp_path / "home"
        home.mkdir()
        (home / PID_FILE).write_text(f"{sleeper.pid}\n")
        assert sync_process.stop_stale(home) is None
        assert sleeper.poll() is None
        assert not (home / PID_FILE).exists()
    finally:
        sleeper.kill()
        sleeper.wait(5)
