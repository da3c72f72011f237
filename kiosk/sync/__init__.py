"""The room's engine: Syncthing as the kiosk's child process, configured through its REST API
on 127.0.0.1 (`process`, `control`, `watchdog`, `rest`); no Qt, no store."""

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
