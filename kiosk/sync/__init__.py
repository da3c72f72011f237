"""The room's engine: Syncthing run as the kiosk's child process, configured through its REST
API on 127.0.0.1 — no Qt, no store (kiosk.services.room decides what goes where).

- `kiosk.sync.process`: the home written offline, Syncthing started, stopped, never orphaned.
- `kiosk.sync.control`: devices, folders, scans and link state, in small typed values.
- `kiosk.sync.watchdog`: reconnects a peer whose dead link Syncthing would notice too late.
- `kiosk.sync.rest`: the JSON client underneath, and `SyncthingError`.
"""

from kiosk.sync.control import (
    Completion,
    Control,
    Folder,
    FolderState,
    Link,
    PendingDevice,
    PendingFolder,
)
from kiosk.sync.process import HomeInfo, SyncthingProcess, find_binary, prepare_home
from kiosk.sync.rest import RestClient, SyncthingError
from kiosk.sync.watchdog import LinkWatchdog

__all__ = ["Completion", "Control", "Folder", "FolderState", "HomeInfo", "Link",
           "LinkWatchdog", "PendingDevice", "PendingFolder", "RestClient", "SyncthingError",
           "SyncthingProcess", "find_binary", "prepare_home"]
