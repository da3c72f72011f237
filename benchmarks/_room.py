"""The room's figures, with real Syncthing instances on loopback inside a private network
namespace (run.py starts this module under `unshare -n`):

- delivery: a ranking saved at a kiosk → in the hub's store and on its plenary screen (the
  hub's tick that takes it in, then the view rebuilt from the store and shown in place, as
  kiosk.ui.hub does, offscreen at 1920×1080), with both machines ticking at the app's own
  pace (kiosk.ui.room_link.TICK_MS); median of 10; the baseline is Syncthing alone moving
  one file after a scan;
- outage: the kiosk↔hub traffic dropped (iptables in the namespace, Debian's `iptables`:
  the sync ports only, so REST still answers)
  for `outage_s` while a ranking is saved, then let through again: the seconds from the
  network's return to the ranking in the hub's store.
"""

from __future__ import annotations

import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICK_S = 0.5  # kiosk.ui.room_link.TICK_MS


class _Plenary:
    """The hub's plenary screen, updated as kiosk.ui.hub.HubWindow does when rankings
    arrive: the view rebuilt from the hub's store and shown in place."""

    def __init__(self, machine: _Machine) -> None:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from kiosk.ui.plenary import PlenaryScreen
        from kiosk.ui.theme import Theme

        self.app = QApplication.instance() or QApplication([])
        self.machine = machine
        self.screen = PlenaryScreen(Theme.for_size(1920, 1080))
        self.screen.resize(1920, 1080)
        self.screen.show()
        self.shown: set[str] = set()  # ranking ids the screen's view was built from
        self.update()

    def update(self) -> None:
        from kiosk.analysis.plenary import TableProgress, build_plenary

        catalog = self.machine.catalog
        records = self.machine.store.list_rankings()
        notes = [p for p in (TableProgress.from_doc(d)
                             for d in self.machine.room.progress_docs()) if p is not None]
        lenses = {lens_id: lens.title for lens_id, lens in catalog.lenses.items()}
        decks = {d: [(c.id, c.title) for c in catalog.decks[d].cards]
                 for d in catalog.decks.ids()}
        self.screen.show_view(build_plenary(records, notes, lenses, decks, True))
        self.app.processEvents()
        self.shown = {r.ranking_id for r in records}


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Machine:
    def __init__(self, data: Path, hub: bool, label: str = "") -> None:
        from kiosk.services.catalog import load_catalog
        from kiosk.services.room.service import RoomService
        from kiosk.storage import Store

        self.port = _port()
        self.catalog = load_catalog(data)
        self.store = Store.open(data)
        if not hub:
            self.store.save_settings({**self.store.get_settings(),
                                      "kiosk_id": f"kiosk-{label}", "table": label})
        self.room = RoomService(data, self.store, self.catalog, hub=hub, sync_port=self.port)
        self.plenary: _Plenary | None = None

    def tick(self) -> None:
        result = self.room.tick()
        if self.plenary is not None and result.new_rankings:
            self.plenary.update()  # as the hub's window does on its link's signal

    def close(self) -> None:
        self.room.stop()
        self.store.close()


def _until(machines: list[_Machine], done, timeout: float, tick_s: float = TICK_S) -> float:
    began = time.monotonic()
    next_tick = began
    while time.monotonic() - began < timeout:
        now = time.monotonic()
        if now >= next_tick:
            for machine in machines:
                machine.tick()
            next_tick = now + tick_s
        if done():
            return time.monotonic() - began
        time.sleep(0.01)
    raise RuntimeError(f"not within {timeout} s: {[m.room.state() for m in machines]}")


def _pair(tmp: Path) -> tuple[_Machine, _Machine]:
    from kiosk.services.room.membership import Peer

    hub = _Machine(tmp / "hub", hub=True)
    kiosk = _Machine(tmp / "kiosk", hub=False, label="T1")
    hub.room.start()
    _until([hub], lambda: hub.room.state().engine == "running", 30, 0.05)
    kiosk.room.join(Peer(hub.room.state().device_id, "Hub",
                         addresses=(f"tcp://127.0.0.1:{hub.port}",)))
    kiosk.room.start()
    _until([kiosk], lambda: kiosk.room.state().engine == "running", 30, 0.05)
    kiosk_device = kiosk.room.state().device_id
    hub.room.accept(kiosk_device, name="T1", kiosk_id="kiosk-T1", label="T1")
    hub.room.config = hub.room.config.with_kiosk(Peer(
        kiosk_device, "T1", "kiosk-T1", "T1", addresses=(f"tcp://127.0.0.1:{kiosk.port}",)))
    hub.room._save_config()  # no discovery on loopback: the kiosk's address given
    _until([hub, kiosk], lambda: any(p.connected for p in kiosk.room.state().peers), 30, 0.05)
    return hub, kiosk


def _record(kiosk: _Machine, seed: int):
    from benchmarks import _data

    return _data.rankings(1, kiosk.catalog, seed=seed, deck_ids=["examples-1-6"])[0]


def _iptables(*args: str) -> None:
    subprocess.run(["iptables", *args], check=True, capture_output=True)


def figures(repeats: int = 10, outage_s: float = 120.0) -> dict:
    rng = random.Random(5)
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-room-bench-"))
    hub, kiosk = _pair(tmp)
    hub.plenary = _Plenary(hub)
    try:
        baseline = _engine_baseline(tmp)
        times = []
        for n in range(repeats):
            time.sleep(rng.uniform(0, TICK_S))  # a save falls anywhere between two ticks
            record = _record(kiosk, 100 + n)
            kiosk.store.save_rankings([record])
            assert hub.plenary is not None
            times.append(_until([hub, kiosk], lambda r=record: r.ranking_id in
                                hub.plenary.shown, 30))
        delivery = statistics.median(times)
        for port in (hub.port, kiosk.port):
            for way in ("--dport", "--sport"):
                _iptables("-A", "INPUT", "-p", "tcp", way, str(port), "-j", "DROP")
        record = _record(kiosk, 999)
        kiosk.store.save_rankings([record])
        began = time.monotonic()
        while time.monotonic() - began < outage_s:
            for machine in (hub, kiosk):
                machine.tick()
            assert hub.store.get_ranking(record.ranking_id) is None, "the outage leaked"
            time.sleep(TICK_S)
        _iptables("-F", "INPUT")
        recovery = _until([hub, kiosk], lambda: record.ranking_id in hub.plenary.shown, 300)
    finally:
        subprocess.run(["iptables", "-F", "INPUT"], capture_output=True)
        hub.close()
        kiosk.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "room_delivery_s": {
            "value": delivery,
            "detail": f"ranking saved at a kiosk → in the hub's store and on its plenary "
                      f"screen (view rebuilt and shown, 1920×1080 offscreen), both ticking every "
                      f"{TICK_S:g} s as the app does; median of {repeats} "
                      f"(min {min(times):.2f}, max {max(times):.2f}); Syncthing alone moves "
                      f"a file in {baseline:.3f} s after a scan (ratio "
                      f"{delivery / baseline:.0f}×: the ticks)"},
        "room_outage_recovery_s": {
            "value": recovery,
            "detail": f"after a {outage_s:.0f} s outage (the sync ports' traffic dropped by "
                      "iptables) during which a ranking was saved: network back → in the "
                      "hub's store and on its plenary screen"},
    }


def _engine_baseline(tmp: Path) -> float:
    """Syncthing alone: a file written into a send-only folder, scanned, seen at the peer."""
    from kiosk.sync.control import Control
    from kiosk.sync.process import SyncthingProcess

    a_port, b_port = _port(), _port()
    a = SyncthingProcess.start(tmp / "a", name="a", listen_port=a_port, listen_host="127.0.0.1")
    b = SyncthingProcess.start(tmp / "b", name="b", listen_port=b_port, listen_host="127.0.0.1")
    try:
        ca, cb = Control(a.api), Control(b.api)
        ca.add_device(b.device_id, "b", (f"tcp://127.0.0.1:{b_port}",))
        cb.add_device(a.device_id, "a", (f"tcp://127.0.0.1:{a_port}",))
        (tmp / "fa").mkdir()
        (tmp / "fb").mkdir()
        ca.add_folder("f", tmp / "fa", "sendonly", (b.device_id,))
        cb.add_folder("f", tmp / "fb", "receiveonly", (a.device_id,))
        deadline = time.monotonic() + 30
        while not ca.connections().get(b.device_id) or \
                not ca.connections()[b.device_id].connected:
            if time.monotonic() > deadline:
                raise RuntimeError("the baseline pair never connected")
            time.sleep(0.05)
        time.sleep(1.0)  # both folders up to date before the measure
        times = []
        for n in range(5):
            (tmp / "fa" / f"{n}.json").write_text("{}")
            began = time.monotonic()
            ca.scan("f", f"{n}.json")
            while not (tmp / "fb" / f"{n}.json").exists():
                if time.monotonic() - began > 30:
                    raise RuntimeError("the baseline file never arrived")
                time.sleep(0.002)
            times.append(time.monotonic() - began)
        return statistics.median(times)
    finally:
        a.stop()
        b.stop()


if __name__ == "__main__":
    outage = float(sys.argv[1]) if len(sys.argv) > 1 else 120.0
    print(json.dumps(figures(outage_s=outage)))
