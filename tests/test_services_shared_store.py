"""Attack: the store is not thread-safe, and a facilitator's import runs on a worker thread
while the room's tick (a hub taking in a table's ranking, a kiosk applying its hub's setup)
runs on the screen's thread. Every store call must go through the one lock, or a write made
while the import is half-way through its own is lost from the file.

Deterministic, no sleeps: the import is held inside its write of the file (after its
payload is made, before the rename), then the room's tick runs on its own thread until it
has either finished (nobody stopped it: the race) or is waiting for the lock (the fix);
only then is the import let go, and both threads are joined."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from csv_support import catalog_for, make_record, store_with

from kiosk.services.facilitator import FacilitatorService
from kiosk.services.room.layout import RoomPaths
from kiosk.services.room.membership import Peer
from kiosk.services.room.service import RoomService
from kiosk.services.room.setup_folder import RoomSetup, publish
from kiosk.services.shared_store import SharedStore
from kiosk.services.table_session import TableSession
from kiosk.storage import Store, atomic

HUB = "MFZWI3D-BONSGYC-YLTMRWG-C43ENR5-QXGZDMM-FZWI3DP-BONSGYY-LTMRWAD"
WAIT_S = 60.0  # a safety net only: every wait below ends as soon as its event is set


class ObservedLock:
    """A re-entrant lock that says when a thread has to wait for it."""

    def __init__(self, waited: threading.Event) -> None:
        self._lock = threading.RLock()
        self._waited = waited

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._lock.acquire(blocking=False):
            return True
        if not blocking:
            return False
        self._waited.set()
        return self._lock.acquire(True, timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *_: object) -> None:
        self.release()


def no_syncthing(*_: Any) -> Any:
    pytest.fail("no Syncthing in this test")


def build(data: Path, catalog: Any, lock: ObservedLock, hub: bool) -> tuple[Any, Any, Any]:
    """The store, the facilitator's services and the room, wired as the app wires them
    (kiosk.ui.app): everyone is handed the one SharedStore."""
    opened = Store.open(data)
    store = SharedStore(opened, lock)
    TableSession(store, catalog)  # the table's session: it gives a new kiosk its id
    room = RoomService(data, store, catalog, hub=hub, engine_start=no_syncthing)
    service = FacilitatorService(store, catalog, corrections=room.correct if hub else None)
    assert service.changes.lock is lock
    return opened, service, room


def an_export(tmp_path: Path, catalog: Any, count: int = 150) -> Path:
    records = [make_record(catalog, seed=i, workshop="Elsewhere", table=f"T{i}")
               for i in range(count)]
    with store_with(tmp_path / "elsewhere", records) as other:
        FacilitatorService(other, catalog).transfer.export_to(tmp_path / "stick")
    return tmp_path / "stick"


def race(monkeypatch: pytest.MonkeyPatch, file_name: str, waited: threading.Event,
         worker_work: Callable[[], Any], tick: Callable[[], Any]) -> tuple[Any, Any]:
    """Hold `worker_work` inside its first write of `file_name`, run `tick` until it is
    done or waits for the lock, let the worker go; both results (exceptions re-raised)."""
    real = atomic.write_atomically
    inside, go = threading.Event(), threading.Event()
    results: dict[str, Any] = {}
    errors: list[BaseException] = []

    def held_write(path: Path, payload: bytes, *args: Any, **kwargs: Any) -> None:
        if threading.current_thread().name == "import" and path.name == file_name \
                and not inside.is_set():
            inside.set()  # its payload is made: what the file will hold once renamed
            assert go.wait(WAIT_S)
        real(path, payload, *args, **kwargs)

    monkeypatch.setattr(atomic, "write_atomically", held_write)

    def run(name: str, work: Callable[[], Any], done: threading.Event | None) -> None:
        try:
            results[name] = work()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the test's thread
            errors.append(exc)
        finally:
            if done is not None:
                done.set()

    worker = threading.Thread(target=run, args=("import", worker_work, inside), name="import")
    worker.start()
    assert inside.wait(WAIT_S)
    ticker = threading.Thread(target=run, args=("tick", tick, waited), name="tick")
    ticker.start()
    assert waited.wait(WAIT_S)  # the tick is done, or is waiting for the import's lock
    go.set()
    worker.join(WAIT_S)
    ticker.join(WAIT_S)
    assert not worker.is_alive() and not ticker.is_alive()
    if errors:
        raise errors[0]
    return results["import"], results["tick"]


def every_file_is_json(data: Path) -> None:
    for name in ("kiosk.json", "rankings.json", "drafts.json", "kiosk-copy.json"):
        if (data / name).exists():
            orjson.loads((data / name).read_bytes())


def test_attack_a_ranking_arriving_at_the_hub_during_an_import_is_kept(tmp_path, monkeypatch):
    data = tmp_path / "hub"
    catalog = catalog_for(data)
    stick = an_export(tmp_path, catalog)
    waited = threading.Event()
    store, service, room = build(data, catalog, ObservedLock(waited), hub=True)
    arrived = make_record(catalog, seed=999).with_changes(kiosk_id="kiosk-3", table="Table 3")
    folder = data / "sync" / "tables" / "kiosk-3" / "rankings"
    folder.mkdir(parents=True)
    (folder / f"{arrived.ranking_id}.json").write_bytes(orjson.dumps(arrived.to_doc()))
    try:
        summary, result = race(monkeypatch, "rankings.json", waited,
                               lambda: service.transfer.import_from([stick]), room.tick)
    finally:
        room.stop()
        store.close()
    assert summary.new == 150 and not summary.rejected
    assert result.new_rankings == [arrived.ranking_id]
    every_file_is_json(data)
    with Store.open(data) as again:  # what the files hold: what a restart would find
        kept = {r.ranking_id for r in again.list_rankings()}
    assert arrived.ranking_id in kept, "the ranking the hub took in was lost from the file"
    assert len(kept) == 151


def test_attack_the_hubs_setup_applied_during_a_kiosks_import_is_kept(tmp_path, monkeypatch):
    data = tmp_path / "kiosk"
    catalog = catalog_for(data)
    stick = an_export(tmp_path, catalog)
    waited = threading.Event()
    store, service, room = build(data, catalog, ObservedLock(waited), hub=False)
    kiosk_id = store.get_settings()["kiosk_id"]
    room.join(Peer(HUB, name="Hub · venue"))
    publish(RoomPaths(data), RoomSetup(idle_timeout_s=600, tables={kiosk_id: "Table 7"}),
            tmp_path / "no-decks")  # as Syncthing delivers the hub's setup folder
    try:
        # the import's new workshop is written to kiosk.json, as the setup's label is
        summary, result = race(monkeypatch, "kiosk.json", waited,
                               lambda: service.transfer.import_from([stick]), room.tick)
    finally:
        room.stop()
        store.close()
    assert summary.new == 150 and not summary.rejected
    assert "table" in result.setup_changed
    every_file_is_json(data)
    with Store.open(data) as again:
        settings = again.get_settings()
        workshops = {w["name"] for w in again.list_workshops()}
    assert settings.get("table") == "Table 7", "the hub's label for this table was lost"
    assert settings.get("idle_timeout_s") == 600
    assert "Elsewhere" in workshops


class Recorder:
    """A store whose every method says whether the shared lock was held when it ran."""

    data_dir = Path("nowhere")

    def __init__(self, lock: ObservedLock) -> None:
        self.lock = lock
        self.calls: dict[str, bool] = {}

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def method(*_: Any) -> Any:
            self.calls[name] = self.lock.held_here()
        return method


class OwnedLock(ObservedLock):
    def __init__(self) -> None:
        super().__init__(threading.Event())
        self._owner: int | None = None
        self._depth = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        got = super().acquire(blocking, timeout)
        if got:
            self._owner, self._depth = threading.get_ident(), self._depth + 1
        return got

    def release(self) -> None:
        self._depth -= 1
        if not self._depth:
            self._owner = None
        super().release()

    def held_here(self) -> bool:
        return self._owner == threading.get_ident()


def store_methods() -> set[str]:
    """Every method the services' ports (and the room's and the plenary's) name."""
    from kiosk.services import ports
    from kiosk.services.room.plenary_feed import PlenaryStore
    from kiosk.services.room.service import RoomStore

    names: set[str] = set()
    for port in (ports.FacilitatorStore, ports.SessionStore, ports.ImportPort,
                 ports.PollReadPort, RoomStore, PlenaryStore):
        names |= {n for n in dir(port) if not n.startswith("_") and callable(getattr(port, n))}
    return names


def test_every_store_call_through_the_shared_store_holds_its_one_lock(tmp_path):
    import inspect

    lock = OwnedLock()
    recorder = Recorder(lock)
    shared = SharedStore(recorder, lock)  # type: ignore[arg-type]
    wanted = store_methods()
    assert wanted <= set(dir(shared)), f"not shared: {sorted(wanted - set(dir(shared)))}"
    for name in sorted(wanted):
        method = getattr(shared, name)
        method(*[None] * len(inspect.signature(method).parameters))
    assert set(recorder.calls) == wanted
    assert all(recorder.calls.values()), [n for n, held in recorder.calls.items() if not held]
    assert not lock.held_here()
    assert FacilitatorService(shared, catalog_for(tmp_path)).changes.lock is lock
