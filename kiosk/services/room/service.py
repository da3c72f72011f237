"""The room as the running app sees it: Syncthing started and configured from room.json, the
kiosk's outbox kept in line with its store, what arrives imported (hub) or applied (kiosk),
and a status file that `kiosk room status` reads while the app runs.

Two threads, so that neither the table nor the plenary screen ever waits on the network:
- the *link* thread owns Syncthing (starts it — and, as the thread that started it, must
  outlive it: the child is armed to die with it — configures it, asks it to scan what
  changed, reads its state, nudges stuck links); every REST call happens there;
- `tick()`, called by the screens' timer, does every store read and write; the app hands
  the room the SharedStore (kiosk.services.shared_store), so a tick waits for, never
  crosses, a facilitator's import or correction running on a worker thread.
Without Syncthing (not installed, failed, no LAN, the hub switched off) every kiosk works
exactly as alone; the outbox still fills, and is sent when the link is back.

Syncthing runs on a hub, on a kiosk that joined one, and on a kiosk in no room only while it
*listens* for hubs to tap and join (its Room tab is open: `listen()`, renewed by the tab
while it shows, lapsing after LISTEN_S); when nothing wants it any more, the link thread
stops it and ends.
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import orjson

from kiosk.domain.poll_record import PollRun
from kiosk.domain.record import SavedRanking
from kiosk.domain.workshop import LensStep
from kiosk.outputs import write_atomically
from kiosk.services.room import membership
from kiosk.services.room.apply import ApplyStore, apply_setup
from kiosk.services.room.intake import Intake, IntakeCatalog, IntakeStore
from kiosk.services.room.layout import SETUP_FOLDER_ID, RoomPaths, outbox_folder_id
from kiosk.services.room.membership import Peer, RoomFileError
from kiosk.services.room.outbox import Outbox
from kiosk.services.room.peers import peer_state
from kiosk.services.room.setup_folder import RoomSetup, install_decks, publish, read_arrived
from kiosk.services.room.state import (
    Asking,
    Engine,
    EngineStart,
    RoomState,
    TickResult,
    kiosk_device_name,
    kiosk_in_name,
    start_syncthing,
)

PAIRING_S = 300.0  # how long a hub stays open for kiosks asking to join
STATUS_EVERY_S = 1.0
LINK_EVERY_S = 0.5
RETRY_START_S = 30.0
# A link with rankings waiting is re-dialled this soon, and again this often (kiosk.sync's
# watchdog): the network's return is noticed by the next try, not after Syncthing's own
# minutes-long timeout (benchmarks/README.md: room_outage_recovery_s).
NUDGE_AFTER_S = 3.0
NUDGE_EVERY_S = 4.0
LISTEN_S = 60.0  # an unjoined kiosk listens for hubs this long after the Room tab last asked


class RoomStore(ApplyStore, IntakeStore, Protocol):
    def list_rankings(self) -> list[SavedRanking]: ...
    def list_poll_runs(self) -> list[PollRun]: ...


class RoomService:
    def __init__(self, data_dir: Path, store: RoomStore, catalog: IntakeCatalog, *,
                 hub: bool = False, sync_port: int = 22000,
                 engine_start: EngineStart = start_syncthing,
                 own_decks: Path | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.paths = RoomPaths(data_dir)
        self._store = store
        self._hub = hub
        self._port = sync_port
        self._engine_start = engine_start
        self._own_decks = own_decks or data_dir / "decks"
        self._monotonic = monotonic
        self.config, problem = membership.load(self.paths.config)
        if hub and self.config.role != "hub":
            self.config = replace(self.config, role="hub")
            self._save_config()
        self._problems: list[str] = [problem] if problem else []
        settings = store.get_settings() or {}
        self.kiosk_id = str(settings.get("kiosk_id", ""))
        self._label = str(settings.get("table", ""))
        self.outbox = Outbox(self.paths, monotonic)
        self.intake = Intake(self.paths, catalog)
        self._lock = threading.Lock()  # guards what both threads see below
        self._state = RoomState(role=self.role)
        self._scans: queue.SimpleQueue[tuple[str, list[str]]] = queue.SimpleQueue()
        self._config_dirty = True
        self._answers: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        self._pairing_until = 0.0
        self._listening_until = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._status_at = -STATUS_EVERY_S
        self._setup_seen: tuple[int, int] | None = None
        self._published: bytes | None = None

    # ----- what the screens ask
    @property
    def role(self) -> str:
        return "hub" if self._hub else self.config.role

    @property
    def active(self) -> bool:
        """Whether Syncthing is wanted at all: a hub, or a kiosk that joined one."""
        return self._hub or (self.config.role == "kiosk" and self.config.hub is not None)

    @property
    def listening(self) -> bool:
        """Whether a kiosk in no room is listening for hubs (its Room tab is open)."""
        return self._monotonic() < self._listening_until

    def listen(self, seconds: float = LISTEN_S) -> None:
        """Hear the hubs for `seconds` (the Room tab renews it; then `ensure_started`)."""
        self._listening_until = self._monotonic() + seconds

    def stop_listening(self) -> None:
        self._listening_until = 0.0

    def _wanted(self) -> bool:
        return self.active or self.listening

    def state(self) -> RoomState:
        with self._lock:
            state = self._state
        left = max(0.0, self._pairing_until - self._monotonic())
        return replace(state, role=self.role, pairing_left_s=left,
                       problems=tuple(self._problems[-20:]))

    def open_pairing(self, seconds: float = PAIRING_S) -> None:
        self._pairing_until = self._monotonic() + seconds

    def close_pairing(self) -> None:
        self._pairing_until = 0.0

    def pairing_open(self) -> bool:
        return self._monotonic() < self._pairing_until

    def accept(self, device_id: str, name: str = "", kiosk_id: str = "",
               label: str = "") -> None:
        """A hub takes a kiosk in (from its asking list, or an invitation file)."""
        asking = next((a for a in self.state().asking if a.device_id == device_id), None)
        if asking is not None:
            name = name or asking.name
            kiosk_id = kiosk_id or asking.kiosk_id
        kiosk_id = kiosk_id or kiosk_in_name(name)
        if not membership.is_device_id(device_id) or not membership.is_kiosk_id(kiosk_id):
            raise RoomFileError("that device does not say which kiosk it is")
        label = label or name.split(" · kiosk ")[0]
        self.config = self.config.with_kiosk(Peer(device_id, name, kiosk_id, label))
        self._save_config()

    def refuse(self, device_id: str) -> None:
        self.config = self.config.without_kiosk(device_id)
        self._save_config()
        self._answers.put(("dismiss", device_id))

    def join(self, hub: Peer) -> None:
        """A kiosk joins a hub (tapped in the list of hubs heard, or from an invitation)."""
        self.config = replace(self.config, role="kiosk", hub=hub)
        self._save_config()

    @property
    def sync_port(self) -> int:
        return self._port

    @property
    def table_label(self) -> str:
        return self._label

    def leave(self) -> None:
        self.config = replace(self.config, role="", hub=None)
        self._save_config()

    def set_label(self, kiosk_id: str, label: str) -> None:
        """A hub names a kiosk's table; the kiosk shows it within seconds."""
        label = " ".join(label.split())
        for peer in self.config.kiosks:
            if peer.kiosk_id == kiosk_id:
                self.config = self.config.with_kiosk(replace(peer, label=label))
        self._save_config()

    def correct(self, ranking_id: str, action: str, table: str = "") -> None:
        """A facilitator's correction on the hub (a deletion, a relabelled ranking), sent to
        the kiosk that holds it."""
        corrections = dict(self._corrections())
        corrections[ranking_id] = {"action": action, **({"table": table} if table else {})}
        path = self.paths.root / "corrections.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, orjson.dumps(corrections))

    def progress(self, doc: dict[str, Any]) -> None:
        """The table's progress (lens, cards placed); sent at most once a second."""
        if self.role == "kiosk" and self.outbox.progress(doc):
            self._scans.put((outbox_folder_id(self.kiosk_id), ["progress.json"]))

    # ----- the store's side (the screens' timer, every ~0.5 s)
    def tick(self) -> TickResult:
        result = TickResult()
        if self.role == "kiosk":
            self._tick_kiosk(result)
        elif self.role == "hub":
            self._tick_hub(result)
        self._problems += result.problems
        if self.active and self._monotonic() - self._status_at >= STATUS_EVERY_S:
            self._write_status()
        return result

    def _tick_kiosk(self, result: TickResult) -> None:
        label = (self._store.get_settings() or {}).get("table")
        if isinstance(label, str) and label:
            self._label = label  # relabelled here or by the hub: Syncthing's name follows
        changed = self.outbox.mirror(self._store.list_rankings())
        changed += self.outbox.mirror_polls(self._store.list_poll_runs())
        if self.outbox.flush():
            changed.append("progress.json")
        if changed:
            self._scans.put((outbox_folder_id(self.kiosk_id), changed))
        path = self.paths.setup / "setup.json"
        try:
            info = path.stat()
        except OSError:
            return
        seen = (info.st_mtime_ns, info.st_size)
        if seen == self._setup_seen:
            return
        self._setup_seen = seen
        try:
            setup = read_arrived(self.paths)
        except RoomFileError as exc:
            result.problems.append(f"The setup the hub sent could not be used: {exc}.")
            return
        if setup is None:
            return
        installed, problems = install_decks(self.paths, setup, self._own_decks)
        result.decks_installed, result.problems = installed, result.problems + problems
        known = self._known_decks()
        polls = list(getattr(self.intake.catalog, "polls", {}))
        result.setup_changed = apply_setup(self._store, setup, known, polls)
        settings = self._store.get_settings() or {}
        self._label = str(settings.get("table", self._label))

    def _known_decks(self) -> list[str]:
        catalog = self.intake.catalog
        shipped = list(getattr(getattr(catalog, "decks", None), "ids", lambda: [])())
        own = [p.stem for p in self._own_decks.glob("*.toml")] if self._own_decks.is_dir() \
            else []
        return shipped + own

    def _tick_hub(self, result: TickResult) -> None:
        arrived = self.intake.collect(self._store, self._corrections())
        result.new_rankings = arrived.new + arrived.replaced
        result.new_poll_runs = arrived.polls_new + arrived.polls_replaced
        result.problems += arrived.problems
        setup = self._setup_to_send()
        payload = orjson.dumps(setup.to_doc(), option=orjson.OPT_SORT_KEYS)
        if payload != self._published:
            changed = publish(self.paths, setup, self._own_decks)
            self._published = payload
            if changed:
                self._scans.put((SETUP_FOLDER_ID, changed))

    def _setup_to_send(self) -> RoomSetup:
        settings = self._store.get_settings() or {}
        workshop_id = settings.get("workshop_id")
        workshop = self._store.get_workshop(workshop_id) \
            if isinstance(workshop_id, str) and workshop_id else None
        if workshop is not None and workshop.get("provisional") is True:
            workshop = None  # the hub's own made-up "Workshop <date>": nobody set it
        sequence = settings.get("sequence")
        idle = settings.get("idle_timeout_s")
        return RoomSetup(
            workshop={k: str(workshop.get(k, "")) for k in ("workshop_id", "name", "place",
                                                           "date")} if workshop else None,
            sequence=tuple(step.to_doc() for step in map(LensStep.from_doc, sequence)
                           if step is not None) if isinstance(sequence, list) else (),
            idle_timeout_s=idle if type(idle) is int and 30 <= idle <= 3600 else None,
            tables={p.kiosk_id: p.label for p in self.config.kiosks if p.label},
            corrections=self._corrections())

    def _corrections(self) -> dict[str, dict[str, str]]:
        path = self.paths.root / "corrections.json"
        try:
            doc = membership.read_json_file(path) if path.exists() else {}
        except RoomFileError:
            return {}
        return {k: v for k, v in doc.items() if isinstance(v, dict)} \
            if isinstance(doc, dict) else {}

    def progress_docs(self) -> list[dict[str, Any]]:
        """Every table's last progress (hub)."""
        return self.intake.progress()

    def _save_config(self) -> None:
        membership.save(self.paths.config, self.config)
        self._config_dirty = True

    def _write_status(self) -> None:
        import os

        self._status_at = self._monotonic()
        state = self.state()
        with contextlib.suppress(OSError):
            self.paths.root.mkdir(parents=True, exist_ok=True)
            write_atomically(self.paths.status, orjson.dumps(state.to_doc(os.getpid()),
                                                             option=orjson.OPT_INDENT_2))

    # ----- the link thread
    def start(self) -> None:
        if (self._thread is not None and self._thread.is_alive()) or not self._wanted():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="room-link", daemon=True)
        self._thread.start()

    def ensure_started(self) -> None:
        """After a join or a first accept: start the link if it is now wanted."""
        self.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout + 2.0)
        if self.active:
            with self._lock:
                self._state = replace(self._state, engine="off")
            self._write_status()
            with contextlib.suppress(OSError):
                doc = orjson.loads(self.paths.status.read_bytes())
                doc["running"] = False
                write_atomically(self.paths.status, orjson.dumps(doc, option=orjson.OPT_INDENT_2))

    def _set(self, **changes: Any) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)

    def _run(self) -> None:
        from kiosk.sync.rest import SyncthingError
        from kiosk.sync.watchdog import LinkWatchdog

        engine: Engine | None = None
        control: Any = None
        next_try = 0.0
        watchdog = None
        try:
            while not self._stop.is_set() and self._wanted():
                now = self._monotonic()
                if engine is None and now >= next_try:
                    self._set(engine="starting", message="")
                    try:
                        engine, control = self._engine_start(self.paths.home, self._name(),
                                                             self._port)
                    except SyncthingError as exc:
                        missing = "not installed" in str(exc)
                        self._set(engine="not installed" if missing else "failed",
                                  message=str(exc))
                        next_try = now + (RETRY_START_S * 10 if missing else RETRY_START_S)
                    else:
                        watchdog = LinkWatchdog(control, stuck_after_s=NUDGE_AFTER_S,
                                                every_s=NUDGE_EVERY_S)
                        self._config_dirty = True
                        self._set(engine="running", device_id=engine.device_id,
                                  name=self._name(), message="")
                if engine is not None:
                    try:
                        self._link_round(control, watchdog)
                    except Exception as exc:  # noqa: BLE001 - the link must never die
                        if not isinstance(exc, SyncthingError):
                            print(f"kiosk: the room link: {type(exc).__name__}: {exc}",
                                  file=sys.stderr)
                        self._set(message=str(exc))
                        if not getattr(engine, "alive", lambda: True)():
                            engine.stop(2.0)
                            engine, control, next_try = None, None, now + 2.0
                            self._set(engine="failed", message="Syncthing stopped; restarting.")
                self._stop.wait(LINK_EVERY_S)
        finally:
            if engine is not None:
                engine.stop()
            # nothing wants Syncthing any more (or the kiosk stops): what it heard goes too
            self._set(engine="off", heard=(), asking=())

    def _name(self) -> str:
        if self._hub:
            import socket

            return f"Hub · {socket.gethostname()}"
        return kiosk_device_name(self._label or "Table", self.kiosk_id)

    def _link_round(self, control: Any, watchdog: Any) -> None:
        if self._config_dirty:
            self._config_dirty = False
            self._configure(control)
        name = self._name()
        if name != self.state().name:  # a relabelled kiosk: what a hub lists it as
            control.set_device_name(control.my_id(), name)
            self._set(name=name)
        while True:
            try:
                kind, device_id = self._answers.get_nowait()
            except queue.Empty:
                break
            if kind == "dismiss":
                control.dismiss_pending(device_id)
        scans: dict[str, set[str]] = {}
        while True:
            try:
                folder_id, subs = self._scans.get_nowait()
            except queue.Empty:
                break
            scans.setdefault(folder_id, set()).update(subs)
        known = control.folder_ids() if scans else []
        for folder_id, changed in scans.items():
            if folder_id in known:
                for sub in sorted(changed)[:50]:
                    control.scan(folder_id, sub)
                if len(changed) > 50:
                    control.scan(folder_id)
        links = control.connections()
        asking: list[Asking] = []
        if self._hub:
            for pending in control.pending_devices():
                if self.config.kiosk(pending.device_id) is not None:
                    continue
                if pending.device_id in self.config.refused or not self.pairing_open():
                    control.dismiss_pending(pending.device_id)  # refused outside the window
                    continue
                asking.append(Asking(pending.device_id, pending.name,
                                     kiosk_in_name(pending.name), pending.address))
        heard: tuple[str, ...] = ()
        if self.role == "kiosk" or not self._hub:
            heard = tuple(d for d in control.local_discovery() if d != control.my_id())
        peers = [peer_state(control, peer, links, hub=self._hub, paths=self.paths,
                            kiosk_id=self.kiosk_id, set_aside=self.intake.was_set_aside)
                 for peer in self._peers()]
        if watchdog is not None:
            watchdog.tick()
        self._set(peers=tuple(peers), asking=tuple(asking), heard=heard)

    def _peers(self) -> list[Peer]:
        if self._hub:
            return list(self.config.kiosks)
        return [self.config.hub] if self.config.hub is not None else []

    def _configure(self, control: Any) -> None:
        """Make Syncthing's devices and folders what room.json says (idempotent)."""
        wanted: dict[str, Peer] = {p.device_id: p for p in self._peers()}
        for device_id in control.device_ids():
            if device_id != control.my_id() and device_id not in wanted:
                control.remove_device(device_id)
        for peer in wanted.values():
            control.add_device(peer.device_id, peer.name or peer.label or peer.kiosk_id,
                               peer.addresses)
        if self._hub:
            self.paths.setup.mkdir(parents=True, exist_ok=True)
            control.add_folder(SETUP_FOLDER_ID, self.paths.setup, "sendonly",
                               tuple(wanted), label="Room setup")
            for peer in wanted.values():
                folder = self.paths.table(peer.kiosk_id)
                folder.mkdir(parents=True, exist_ok=True)
                control.add_folder(outbox_folder_id(peer.kiosk_id), folder, "receiveonly",
                                   (peer.device_id,), label=peer.label or peer.kiosk_id)
        elif self.config.hub is not None:
            hub = self.config.hub.device_id
            self.paths.outbox.mkdir(parents=True, exist_ok=True)
            self.paths.setup.mkdir(parents=True, exist_ok=True)
            control.add_folder(outbox_folder_id(self.kiosk_id), self.paths.outbox, "sendonly",
                               (hub,), label="Rankings")
            control.add_folder(SETUP_FOLDER_ID, self.paths.setup, "receiveonly", (hub,),
                               label="Room setup")

