"""What the room asks of its Syncthing, in the room's words, over the REST API (1.19).

Every method is one or two REST calls and returns small typed values, so the layer above
never handles Syncthing's JSON. Lists of devices leave out this kiosk's own device: Syncthing
lists itself among its devices and connections, the room only ever means the peers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kiosk.sync.rest import RestClient, SyncthingError

FOLDER_KINDS = ("sendonly", "receiveonly", "sendreceive")


@dataclass(frozen=True)
class PendingDevice:
    """A device that tried to connect and is not in this kiosk's configuration."""

    device_id: str
    name: str
    address: str
    time: str


@dataclass(frozen=True)
class PendingFolder:
    """A folder a known device offers that this kiosk has not added (one row per offerer)."""

    folder_id: str
    label: str
    device_id: str


@dataclass(frozen=True)
class Link:
    connected: bool
    paused: bool
    address: str
    in_bytes: int
    out_bytes: int
    started_at: str = ""
    """When the current connection began (RFC 3339), so a reconnect can be told apart."""


@dataclass(frozen=True)
class Folder:
    folder_id: str
    label: str
    path: str
    kind: str
    device_ids: tuple[str, ...]
    paused: bool


@dataclass(frozen=True)
class FolderState:
    state: str
    need_files: int
    local_files: int
    global_files: int
    error: str


@dataclass(frozen=True)
class Completion:
    """How much of a folder a peer still needs, as this kiosk knows it."""

    percent: float
    need_items: int


class Control:
    def __init__(self, api: RestClient) -> None:
        self.api = api
        self._my_id: str | None = None

    # --- this device -----------------------------------------------------------------------

    def my_id(self) -> str:
        if self._my_id is None:
            self._my_id = str(_dict(self.api.get("/rest/system/status")).get("myID", ""))
        return self._my_id

    # --- devices -----------------------------------------------------------------------------

    def _devices(self) -> list[dict[str, Any]]:
        return [_dict(item) for item in _list(self.api.get("/rest/config/devices"))]

    def device_ids(self) -> list[str]:
        mine = self.my_id()
        return [str(d.get("deviceID")) for d in self._devices() if d.get("deviceID") != mine]

    def device_name(self, device_id: str) -> str | None:
        for device in self._devices():
            if device.get("deviceID") == device_id:
                return str(device.get("name", ""))
        return None

    def add_device(self, device_id: str, name: str,
                   addresses: Iterable[str] = ("dynamic",)) -> None:
        """Adds the device, or sets the name and addresses of one already there."""
        body = {"deviceID": device_id, "name": name, "addresses": list(addresses)}
        if self.device_name(device_id) is None:
            self.api.put(_path("/rest/config/devices", device_id), body)
        else:
            self.api.patch(_path("/rest/config/devices", device_id), body)

    def set_device_name(self, device_id: str, name: str) -> None:
        self.api.patch(_path("/rest/config/devices", device_id), {"name": name})

    def remove_device(self, device_id: str) -> None:
        """Removes the device (and so its shares); nothing happens if it is not there."""
        if self.device_name(device_id) is not None:
            self.api.delete(_path("/rest/config/devices", device_id))

    def pending_devices(self) -> list[PendingDevice]:
        found = _dict(self.api.get("/rest/cluster/pending/devices"))
        return [PendingDevice(device_id=device_id, name=str(_dict(entry).get("name", "")),
                              address=str(_dict(entry).get("address", "")),
                              time=str(_dict(entry).get("time", "")))
                for device_id, entry in sorted(found.items())]

    def dismiss_pending(self, device_id: str) -> None:
        self.api.delete("/rest/cluster/pending/devices", device=device_id)

    def connections(self) -> dict[str, Link]:
        found = _dict(_dict(self.api.get("/rest/system/connections")).get("connections"))
        mine = self.my_id()
        return {device_id: Link(connected=bool(e.get("connected")), paused=bool(e.get("paused")),
                                address=str(e.get("address") or ""),
                                in_bytes=int(e.get("inBytesTotal") or 0),
                                out_bytes=int(e.get("outBytesTotal") or 0),
                                started_at=str(e.get("startedAt") or ""))
                for device_id, e in ((k, _dict(v)) for k, v in found.items()) if device_id != mine}

    def pause(self, device_id: str) -> None:
        self.api.post("/rest/system/pause", device=device_id)

    def resume(self, device_id: str) -> None:
        self.api.post("/rest/system/resume", device=device_id)

    def local_discovery(self) -> dict[str, list[str]]:
        """Devices heard announcing themselves (on the LAN: global discovery is off) and the
        addresses they announced."""
        found = _dict(self.api.get("/rest/system/discovery"))
        heard: dict[str, list[str]] = {}
        for device_id, entry in found.items():
            addresses = entry.get("addresses") if isinstance(entry, Mapping) else entry
            heard[device_id] = [str(a) for a in addresses] if isinstance(addresses, list) else []
        return heard

    # --- folders -----------------------------------------------------------------------------

    def folders(self) -> list[Folder]:
        mine = self.my_id()
        return [_folder(_dict(item), mine) for item in _list(self.api.get("/rest/config/folders"))]

    def folder(self, folder_id: str) -> Folder | None:
        return next((f for f in self.folders() if f.folder_id == folder_id), None)

    def folder_ids(self) -> list[str]:
        return [folder.folder_id for folder in self.folders()]

    def add_folder(self, folder_id: str, path: Path, kind: str,
                   device_ids: Iterable[str] = (), label: str = "",
                   watcher_delay_s: int = 1, rescan_s: int = 60) -> None:
        """Adds the folder, or updates one already there: path, kind, label and timings are
        set again; the devices given are added to those it is already shared with (removing a
        share is `remove_device`'s or a new folder's business, never a side effect)."""
        if kind not in FOLDER_KINDS:
            raise SyncthingError(f"A folder cannot be of kind {kind!r} (one of "
                                 f"{', '.join(FOLDER_KINDS)}).")
        existing = self.folder(folder_id)
        devices = list(existing.device_ids if existing else ())
        devices += [d for d in device_ids if d not in devices and d != self.my_id()]
        body = {"id": folder_id, "label": label or folder_id, "path": str(path), "type": kind,
                "devices": [{"deviceID": d} for d in [self.my_id(), *devices]],
                "fsWatcherEnabled": True, "fsWatcherDelayS": watcher_delay_s,
                "rescanIntervalS": rescan_s}
        if existing is None:
            self.api.put(_path("/rest/config/folders", folder_id), body)
        else:
            self.api.patch(_path("/rest/config/folders", folder_id), body)

    def share_folder(self, folder_id: str, device_id: str) -> None:
        existing = self.folder(folder_id)
        if existing is None:
            raise SyncthingError(f"The folder {folder_id} is not set up on this kiosk.")
        if device_id in existing.device_ids:
            return
        devices = [self.my_id(), *existing.device_ids, device_id]
        self.api.patch(_path("/rest/config/folders", folder_id),
                       {"devices": [{"deviceID": d} for d in devices]})

    def remove_folder(self, folder_id: str) -> None:
        if self.folder(folder_id) is not None:
            self.api.delete(_path("/rest/config/folders", folder_id))

    def pending_folders(self) -> list[PendingFolder]:
        found = _dict(self.api.get("/rest/cluster/pending/folders"))
        return [PendingFolder(folder_id=folder_id, label=str(_dict(offer).get("label", "")),
                              device_id=device_id)
                for folder_id, entry in sorted(found.items())
                for device_id, offer in sorted(_dict(_dict(entry).get("offeredBy")).items())]

    def scan(self, folder_id: str, sub: str | None = None) -> None:
        """Rescans the folder (or only `sub` in it) now, rather than when the watcher fires."""
        self.api.post("/rest/db/scan", folder=folder_id, sub=sub)

    def folder_state(self, folder_id: str) -> FolderState:
        found = _dict(self.api.get("/rest/db/status", folder=folder_id))
        return FolderState(state=str(found.get("state", "")),
                           need_files=int(found.get("needFiles") or 0),
                           local_files=int(found.get("localFiles") or 0),
                           global_files=int(found.get("globalFiles") or 0),
                           error=str(found.get("error") or ""))

    def completion(self, folder_id: str, device_id: str) -> Completion:
        found = _dict(self.api.get("/rest/db/completion", folder=folder_id, device=device_id))
        return Completion(percent=float(found.get("completion") or 0.0),
                          need_items=int(found.get("needItems") or 0))


def _folder(entry: dict[str, Any], mine: str) -> Folder:
    devices = tuple(str(_dict(d).get("deviceID")) for d in _list(entry.get("devices")))
    return Folder(folder_id=str(entry.get("id", "")), label=str(entry.get("label", "")),
                  path=str(entry.get("path", "")), kind=str(entry.get("type", "")),
                  device_ids=tuple(d for d in devices if d != mine),
                  paused=bool(entry.get("paused")))


def _path(collection: str, item: str) -> str:
    return f"{collection}/{quote(item, safe='')}"


def _dict(value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SyncthingError("Syncthing answered with something other than expected.")
    return value


def _list(value: object) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise SyncthingError("Syncthing answered with something other than expected.")
    return value
