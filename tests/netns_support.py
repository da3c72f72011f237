"""Running network tests inside a private network namespace that holds only loopback.

Tests that start Syncthing must never reach the real LAN (another developer's Syncthing, the
venue's hub, local discovery broadcasts) and must not depend on which ports the machine has
free. So a test file's network tests are skipped in the ordinary run, and one outer test runs
the same file again under `unshare -n` (as root; `unshare -rn`, a user namespace, otherwise)
with `KIOSK_NETNS=1`, where only `lo` exists and everything talks to 127.0.0.1. A route for
the limited broadcast (255.255.255.255) via `lo` lets Syncthing's local discovery work there;
on one machine only the first Syncthing started can read the discovery port (21027), so a
test that needs to hear others starts that instance first.

Usage in a test file::

    from tests import netns_support as netns

    def test_in_private_network():          # the outer run
        netns.run_file_in_netns(__file__)

    @netns.inside
    def test_two_kiosks(...): ...           # runs only inside the namespace
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

ENV = "KIOSK_NETNS"
IN_NETNS = os.environ.get(ENV) == "1"
ROOT = Path(__file__).resolve().parents[1]

inside = pytest.mark.skipif(not IN_NETNS, reason=f"runs inside a private network namespace "
                                                  f"({ENV}=1, started by the file's outer test)")

T = TypeVar("T")


def missing_tools(*tools: str) -> list[str]:
    """The tools of `unshare`, `ip` and `tools` that are not on PATH."""
    return [tool for tool in ("unshare", "ip", *tools) if shutil.which(tool) is None]


def run_file_in_netns(test_file: str, *, needs: tuple[str, ...] = ("syncthing",),
                      timeout: float = 180.0, extra_args: tuple[str, ...] = ()) -> str:
    """Runs `test_file` with pytest inside a fresh namespace (only `lo`, brought up); fails
    with the inner run's output unless it passed, returns that output otherwise (printed, so
    `pytest -s` shows the inner measurements). Skips (saying why, also on stderr) when a tool
    is missing; inside the namespace it skips itself, so the file is not run recursively."""
    if IN_NETNS:
        pytest.skip("already inside the private network namespace")
    missing = missing_tools(*needs)
    if missing:
        reason = f"{', '.join(missing)} not installed: the network tests of {test_file} did not run"
        print(reason, file=sys.stderr)
        pytest.skip(reason)
    unshare = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    # A route for the limited broadcast on loopback: Syncthing's local discovery (IPv4
    # broadcast to 255.255.255.255) then works between the instances inside, as on a LAN.
    script = ('ip link set lo up && { ip route add 255.255.255.255 dev lo || true; } && '
              'exec "$0" -m pytest -q -s -p no:cacheprovider "$@"')
    command = [*unshare, "sh", "-c", script, sys.executable,
               str(Path(test_file).resolve().relative_to(ROOT)), *extra_args]
    try:
        done = subprocess.run(command, cwd=ROOT, env={**os.environ, ENV: "1"},
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        output = _text(expired.stdout) + _text(expired.stderr)
        pytest.fail(f"the namespace run did not finish within {timeout:g} s:\n{output}")
    output = done.stdout + done.stderr
    print(output)
    assert done.returncode == 0, f"the namespace run failed ({done.returncode}):\n{output}"
    return output


def _text(value: str | bytes | None) -> str:
    if value is None:
        return ""
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def assert_private_network() -> None:
    """Refuses to go on unless this process's namespace holds only loopback."""
    names = [name for _, name in socket.if_nameindex()]
    assert names == ["lo"], f"not in a private network namespace (interfaces: {names})"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def free_ports(count: int) -> list[int]:
    """`count` distinct free ports on 127.0.0.1 (held open together while chosen)."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def wait_for(condition: Callable[[], T], timeout: float, what: str, step: float = 0.02) -> T:
    """Polls until `condition()` is truthy and returns it; fails naming `what` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"{what}: not within {timeout:g} s")
        time.sleep(step)


def pid_gone(pid: int) -> bool:
    """No such process, or only its zombie (which holds no port, file or database)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def kill_pid(pid: int) -> None:
    """SIGKILL by pid if it is still there (a finaliser's last resort)."""
    if not pid_gone(pid):
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
