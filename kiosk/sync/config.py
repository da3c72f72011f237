"""The Syncthing home's config.xml, written offline before Syncthing first starts.

A venue's LAN has no internet, and a kiosk must not try to reach it: global discovery, relays,
NAT traversal, usage and crash reporting and upgrades are switched off before Syncthing ever
runs, so it never sends a packet off the LAN even once. Local discovery stays on (that is how
kiosks find the hub), and the GUI/REST address is 127.0.0.1 only.

The device ID is computed from cert.pem here (Syncthing's own algorithm), so reading a home
needs neither Syncthing's binary nor a parse of which `<device>` entry is this one.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import ssl
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.outputs import replacing
from kiosk.sync.rest import SyncthingError

CONFIG = "config.xml"
CERT = "cert.pem"
KEY = "key.pem"

OFFLINE_OPTIONS = {
    "globalAnnounceEnabled": "false",
    "localAnnounceEnabled": "true",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "urAccepted": "-1",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
    "reconnectionIntervalS": "10",
}
"""The `<options>` every kiosk's home holds, whatever Syncthing generated.

`reconnectionIntervalS` is shorter than Syncthing's default: Syncthing redials at once after
a connection closes (which is what the watchdog's pause and resume rely on), but not for a
peer it force-redialled a moment before (a cool-down), and then only at this interval. On a
LAN of a few kiosks a dial attempt every few seconds costs nothing."""

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def device_id_from_cert(cert: Path) -> str:
    """Syncthing's device ID: SHA-256 of the DER certificate, base32, a Luhn check character
    after each 13, grouped by 7 with dashes."""
    try:
        der = ssl.PEM_cert_to_DER_cert(cert.read_text(encoding="ascii"))
    except (OSError, ValueError) as error:
        raise SyncthingError(f"Syncthing's certificate {cert} cannot be read ({error}).") from error
    raw = base64.b32encode(hashlib.sha256(der).digest()).decode().rstrip("=")
    checked = "".join(part + _luhn32(part) for part in (raw[i:i + 13] for i in range(0, 52, 13)))
    return "-".join(checked[i:i + 7] for i in range(0, 56, 7))


def _luhn32(text: str) -> str:
    factor, total, n = 1, 0, len(_ALPHABET)
    for char in text:
        addend = factor * _ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return _ALPHABET[(n - total % n) % n]


def configure(config: Path, *, device_id: str, name: str, listen_address: str,
              gui_address: str | None, fresh: bool) -> str:
    """Writes the kiosk's settings into config.xml (atomically); returns the API key.

    The API key is a new `secrets.token_urlsafe` when the home is `fresh` (Syncthing's
    generated one is replaced) or has none; otherwise the one in the file is kept, so a
    second call changes nothing a running peer or the kiosk relies on. `gui_address` None
    keeps the port already written and only forces the host to 127.0.0.1.
    """
    try:
        tree = ET.parse(config)
    except (OSError, ET.ParseError) as error:
        raise SyncthingError(f"Syncthing's settings {config} cannot be read ({error}).") from error
    root = tree.getroot()
    for device in root.findall("device"):
        if device.get("id") == device_id:
            device.set("name", name)
    gui = _child(root, "gui")
    gui.set("enabled", "true")
    gui.set("tls", "false")
    address = _child(gui, "address")
    if gui_address is None:
        port = (address.text or "").rpartition(":")[2] or "8384"
        gui_address = f"127.0.0.1:{port}"
    address.text = gui_address
    apikey = _child(gui, "apikey")
    if fresh or not (apikey.text or "").strip():
        apikey.text = secrets.token_urlsafe(32)
    options = _child(root, "options")
    for old in options.findall("listenAddress"):
        options.remove(old)
    ET.SubElement(options, "listenAddress").text = listen_address
    for key, value in OFFLINE_OPTIONS.items():
        _child(options, key).text = value
    if fresh:
        for folder in root.findall("folder"):
            root.remove(folder)
    # An unpredictable temp name, created exclusively and private (0600, tempfile): nothing
    # planted in the home is followed or overwritten.
    with replacing(config) as temporary:
        tree.write(temporary, encoding="unicode")
        os.chmod(temporary, 0o600)
    return apikey.text or ""


def read_options(config: Path) -> dict[str, str]:
    """The `<options>` of config.xml as text, to check what a home holds."""
    options = ET.parse(config).getroot().find("options")
    return {} if options is None else {child.tag: child.text or "" for child in options}


def _child(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.find(tag)
    return found if found is not None else ET.SubElement(parent, tag)
