"""This machine's addresses on the venue's network, for an invitation file."""

from __future__ import annotations

import ipaddress
import shutil
import subprocess


def lan_addresses(port: int) -> tuple[str, ...]:
    """`tcp://<ip>:<port>` for each IPv4 address of this machine that is not loopback (or
    loopback alone when it has no other, as in a test's private network), then "dynamic"
    (local discovery) as the fallback Syncthing also tries."""
    found: list[str] = []
    tool = shutil.which("ip")
    if tool is not None:
        try:
            out = subprocess.run([tool, "-o", "-4", "addr", "show"], capture_output=True,
                                 text=True, timeout=5, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in out.splitlines():
            parts = line.split()
            if "inet" in parts:
                text = parts[parts.index("inet") + 1].split("/")[0]
                try:
                    found.append(str(ipaddress.IPv4Address(text)))
                except ValueError:
                    continue
    outside = [a for a in found if not ipaddress.IPv4Address(a).is_loopback]
    chosen = outside or [a for a in found if a == "127.0.0.1"]
    return (*(f"tcp://{a}:{port}" for a in chosen), "dynamic")
