"""Syncthing as the kiosk's child process: its home prepared offline, started, stopped.

Syncthing 1.19 runs a *monitor* process that starts the real one, even with `--no-restart`
(that flag only stops the monitor restarting it); killing the monitor orphans the real one.
The kiosk's child therefore runs with `STMONITORED=yes`, the monitor's own hidden marker for
its inner process, so there is exactly one process, and it is the kiosk's direct child.

That child asks the kernel for SIGKILL when its parent dies (`PR_SET_PDEATHSIG`), so a kiosk
that crashes or is killed leaves no Syncthing behind holding the ports and the database. The
kernel sends it when the *thread* that started the child ends, so `SyncthingProcess.start`
belongs on a thread that lives as long as the kiosk (the main one). A pid file in the home
still catches an instance left by anything else (another kiosk version, a manual start): the
next start stops it, but only if that pid is alive and its command line is Syncthing with this
very home, so a recycled pid is never touched. One left without its pid file (killed before
writing it, the file deleted) is found by that same command line among this user's processes
(/proc/*/cmdline); another home's Syncthing is never touched.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kiosk.outputs import write_atomically
from kiosk.sync.config import CERT, CONFIG, KEY, configure, device_id_from_cert
from kiosk.sync.rest import HOST, RestClient, SyncthingError

BINARY_ENV = "KIOSK_SYNCTHING"
PID_FILE = "kiosk-syncthing.pid"
LOG_FILE = "kiosk-syncthing.log"
NOT_INSTALLED = "Syncthing is not installed: install the Debian package syncthing."

_PR_SET_PDEATHSIG = 1
_OVERRIDES = ("STGUIADDRESS", "STGUIAPIKEY", "STHOMEDIR", "STCONFDIR", "STDATADIR")
"""Environment variables that would override the home's settings; never passed on."""


def find_binary() -> str | None:
    """`$KIOSK_SYNCTHING` if set (even to a missing file: then starting says so), else PATH's."""
    configured = os.environ.get(BINARY_ENV)
    if configured:
        return configured
    return shutil.which("syncthing")


@dataclass(frozen=True)
class HomeInfo:
    device_id: str
    api_key: str


def prepare_home(home: Path, *, name: str, listen_port: int, binary: str | None = None,
                 listen_host: str = "0.0.0.0", rest_port: int | None = None) -> HomeInfo:
    """Creates Syncthing's home if missing and writes the kiosk's settings into it.

    Idempotent: keys, device ID and API key survive a second call; the name, the listen
    address and (when given) the REST port are set again each time.
    """
    home = home.resolve()
    config = home / CONFIG
    fresh = not all((home / part).is_file() for part in (CERT, KEY, CONFIG))
    if fresh:
        _generate(home, binary or find_binary())
    device_id = device_id_from_cert(home / CERT)
    api_key = configure(
        config, device_id=device_id, name=name,
        listen_address=f"tcp://{listen_host}:{listen_port}",
        gui_address=None if rest_port is None else f"{HOST}:{rest_port}", fresh=fresh)
    return HomeInfo(device_id=device_id, api_key=api_key)


def _generate(home: Path, binary: str | None) -> None:
    if binary is None:
        raise SyncthingError(NOT_INSTALLED)
    home.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            [binary, "generate", f"--home={home}", "--no-default-folder"],
            env=child_environment(), stdin=subprocess.DEVNULL, capture_output=True,
            text=True, timeout=30)
    except FileNotFoundError as error:
        raise SyncthingError(NOT_INSTALLED) from error
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SyncthingError(f"Syncthing could not create its keys in {home} ({error}).") from error
    if done.returncode != 0 or not (home / CONFIG).is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
        raise SyncthingError(f"Syncthing could not create its keys in {home} ({detail[0]}).")


def command_line(binary: str, home: Path) -> list[str]:
    """How the kiosk runs Syncthing; a stale instance is recognised by the `--home=` in it."""
    return [binary, "serve", f"--home={home.resolve()}", "--no-browser", "--no-restart",
            "--no-upgrade", "--logflags=7"]


def child_environment() -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in _OVERRIDES}
    environment.update(STMONITORED="yes", STNORESTART="1", STNOUPGRADE="1",
                       STNODEFAULTFOLDER="1", STHASHING="minio")
    return environment


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def pid_alive(pid: int) -> bool:
    """True while the process exists and is not a zombie (a zombie holds nothing)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def is_syncthing_for(pid: int, home: Path) -> bool:
    """Whether `pid` runs Syncthing with this home (read from /proc/<pid>/cmdline)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    wanted = f"--home={home.resolve()}".encode()
    return bool(argv) and b"syncthing" in Path(os.fsdecode(argv[0])).name.encode() \
        and wanted in argv


def syncthings_for(home: Path) -> list[int]:
    """This user's live processes that run Syncthing with this home (none of them this one),
    found by their command line: what an earlier run left without a pid file."""
    found = []
    uid = os.getuid()
    try:
        entries = list(Path("/proc").iterdir())
    except OSError:
        return []
    for entry in entries:
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            owner = entry.stat().st_uid
        except OSError:
            continue
        if pid != os.getpid() and owner == uid and is_syncthing_for(pid, home) \
                and pid_alive(pid):
            found.append(pid)
    return found


def stop_stale(home: Path, timeout: float = 5.0) -> int | None:
    """Stops the instance a pid file in `home` names, if it is still Syncthing for this home,
    and any other of this user's Syncthings for this home (left without a pid file); returns
    the first pid stopped (None when there was nothing to stop). The pid file goes either
    way."""
    pid_file = home / PID_FILE
    try:
        named = [int(pid_file.read_text().strip())]
    except (OSError, ValueError):
        named = []
    candidates = [pid for pid in named if pid > 0 and pid != os.getpid() and pid_alive(pid)
                  and is_syncthing_for(pid, home)]
    candidates += [pid for pid in syncthings_for(home) if pid not in candidates]
    for pid in candidates:
        _stop_pid(pid, home, timeout)
    pid_file.unlink(missing_ok=True)
    return candidates[0] if candidates else None


def _stop_pid(pid: int, home: Path, timeout: float) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        if _wait_until(lambda: not pid_alive(pid), timeout):
            break
    if pid_alive(pid):
        raise SyncthingError(f"An earlier Syncthing (pid {pid}) for {home} cannot be stopped.")


def _wait_until(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)


def _die_with_parent() -> Callable[[], None]:
    """The child's pre-exec step: SIGKILL when the parent goes; exit at once if it already
    went between fork and prctl (then no signal would ever come)."""
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def arm() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arm


def open_log(home: Path) -> IO[bytes]:
    """The home's log, opened empty: a symlink or FIFO planted under its name is removed,
    never followed (truncating what it points at) nor waited on."""
    from kiosk.outputs import open_fresh

    return open_fresh(home / LOG_FILE)


class SyncthingProcess:
    """One running Syncthing, the kiosk's child, controlled through `api`."""

    def __init__(self, home: Path, info: HomeInfo, popen: subprocess.Popen[bytes],
                 rest_port: int, log: IO[bytes]) -> None:
        self.home = home
        self.device_id = info.device_id
        self.api_key = info.api_key
        self.rest_port = rest_port
        self.api = RestClient(rest_port, info.api_key)
        self.ready_after_s = 0.0
        self._popen = popen
        self._log = log

    @property
    def pid(self) -> int:
        return self._popen.pid

    @classmethod
    def start(cls, home: Path, *, name: str, listen_port: int, binary: str | None = None,
              ready_timeout: float = 20.0, listen_host: str = "0.0.0.0") -> SyncthingProcess:
        binary = binary or find_binary()
        if binary is None or not os.access(binary, os.X_OK):
            raise SyncthingError(NOT_INSTALLED)
        home = home.resolve()
        rest_port = free_port()
        info = prepare_home(home, name=name, listen_port=listen_port, binary=binary,
                            listen_host=listen_host, rest_port=rest_port)
        stop_stale(home)
        log = open_log(home)  # closed by stop()
        began = time.monotonic()
        try:
            popen = subprocess.Popen(
                command_line(binary, home), env=child_environment(), stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent())
        except OSError as error:
            log.close()
            raise SyncthingError(f"Syncthing could not be started ({error}).") from error
        process = cls(home, info, popen, rest_port, log)
        try:
            process._wait_ready(ready_timeout)
        except BaseException:
            process.stop(timeout=2.0)
            raise
        process.ready_after_s = time.monotonic() - began
        write_atomically(home / PID_FILE, f"{popen.pid}\n".encode())
        return process

    def _wait_ready(self, timeout: float) -> None:
        probe = RestClient(self.rest_port, self.api_key, timeout=0.5)
        deadline = time.monotonic() + timeout
        while True:
            if self._popen.poll() is not None:
                raise SyncthingError(
                    f"Syncthing stopped as it started ({self._log_tail()}).")
            try:
                status = probe.get("/rest/system/status")
            except SyncthingError:
                status = None
            if isinstance(status, dict):
                if status.get("myID") != self.device_id:
                    raise SyncthingError(
                        f"Another Syncthing answers on port {self.rest_port}, not this kiosk's.")
                return
            if time.monotonic() >= deadline:
                raise SyncthingError(f"Syncthing did not get ready within {timeout:g} s.")
            time.sleep(0.05)

    def _log_tail(self) -> str:
        try:
            lines = (self.home / LOG_FILE).read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1][:200] if lines else "no log"

    def alive(self) -> bool:
        return self._popen.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Asks Syncthing to shut down, then SIGTERM, then SIGKILL, each bounded; idempotent."""
        if self.alive():
            try:
                RestClient(self.rest_port, self.api_key, timeout=min(timeout, 2.0)).post(
                    "/rest/system/shutdown")
            except SyncthingError:
                pass
            for escalate in (self._popen.terminate, self._popen.kill):
                try:
                    self._popen.wait(timeout)
                    break
                except subprocess.TimeoutExpired:
                    escalate()
                    timeout = min(timeout, 3.0)
            else:
                try:
                    self._popen.wait(timeout)
                except subprocess.TimeoutExpired:
                    pass
        self._popen.poll()
        pid_file = self.home / PID_FILE
        try:
            if pid_file.read_text().strip() == str(self.pid):
                pid_file.unlink()
        except OSError:
            pass
        if not self._log.closed:
            self._log.close()

    def __enter__(self) -> SyncthingProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
