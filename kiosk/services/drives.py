"""Where a file is written to or read from at a kiosk: the removable drives mounted now (a
USB stick), the data folder's `exports` folder and the home folder, and what one folder
holds. Plain Python over `/proc/mounts` and the file system, so the finger-sized file
chooser (kiosk.ui.file_chooser) shows what this finds and tests can hand it a fake mounts
file and temporary folders.

Nothing here follows a folder down on its own: a listing is one `scandir` of one folder, so
a symlink loop or a folder of thousands of files costs one step, never a walk.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.domain.naming import natural_key

MOUNTS = Path("/proc/mounts")
# Where desktops and hand-made kiosks mount a stick: /media/LABEL or /media/USER/LABEL
# (udisks on Debian/Ubuntu), /run/media/USER/LABEL (Fedora, Arch), /mnt/LABEL (by hand).
# Depths are the folders below the root a drive's own folder sits at.
REMOVABLE_ROOTS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("/media", (1, 2)), ("/run/media", (2,)), ("/mnt", (1,)))
# Kernel and in-memory file systems are never a drive someone plugged in.
_NOT_DRIVES = frozenset((
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts",
    "devtmpfs", "fusectl", "hugetlbfs", "mqueue", "nsfs", "overlay", "proc", "pstore",
    "ramfs", "securityfs", "squashfs", "sysfs", "tmpfs", "tracefs"))
_ESCAPE = re.compile(r"\\([0-7]{3})")  # /proc/mounts writes a space in a name as \040


@dataclass(frozen=True)
class Place:
    """A starting point the chooser lists: a drive, the exports folder or home."""

    path: Path
    label: str
    kind: str  # "drive" | "exports" | "home"
    # not part of what a place is: free space changes while the chooser is open
    detail: str = field(default="", compare=False)  # "14.2 GB free", "read-only"
    read_only: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Entry:
    name: str
    path: Path
    is_dir: bool


@dataclass(frozen=True)
class Listing:
    """One folder's folders (first) and files, or why it cannot be shown."""

    folder: Path
    entries: list[Entry] = field(default_factory=list)
    error: str = ""
    skipped: int = 0  # entries that could not be looked at (a broken link, a loop)


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), text)


def _depth_below(path: str, root: str) -> int:
    """How many folders below `root` `path` is; 0 when it is not below it."""
    root = root.rstrip("/")
    if not path.startswith(root + "/"):
        return 0
    return len([p for p in path[len(root):].split("/") if p])


def read_mounts(mounts: Path = MOUNTS) -> list[tuple[str, str, str]]:
    """(device, mount point, options) of each mount of a file system that can be a drive;
    empty when the mounts file cannot be read."""
    try:
        text = mounts.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 4 or parts[2] in _NOT_DRIVES:
            continue
        found.append((_unescape(parts[0]), _unescape(parts[1]), parts[3]))
    return found


def _free(path: Path) -> str:
    try:
        free = shutil.disk_usage(path).free
    except OSError:
        return ""
    for unit, size in (("GB", 1e9), ("MB", 1e6)):
        if free >= size:
            return f"{free / size:.1f} {unit} free"
    return f"{free} bytes free"


def removable_drives(mounts: Path = MOUNTS,
                     roots: Sequence[tuple[str, Sequence[int]]] = REMOVABLE_ROOTS
                     ) -> list[Place]:
    """The drives mounted now under the usual removable-media folders, by name; a mount
    point that is gone (the stick pulled out a moment ago) is left out."""
    seen: dict[str, tuple[str, str]] = {}
    for device, point, options in read_mounts(mounts):
        if any(_depth_below(point, root) in depths for root, depths in roots):
            seen[point] = (device, options)  # a later mount over the same point wins
    drives = []
    for point, (_device, options) in seen.items():
        path = Path(point)
        if not os.path.isdir(path):
            continue
        read_only = "ro" in options.split(",")
        detail = "read-only" if read_only else _free(path)
        drives.append(Place(path, path.name, "drive", detail, read_only))
    drives.sort(key=lambda p: natural_key(p.label))
    return drives


def places(exports: Path | None, home: Path | None = None, mounts: Path = MOUNTS,
           roots: Sequence[tuple[str, Sequence[int]]] = REMOVABLE_ROOTS) -> list[Place]:
    """Drives first, then the data folder's exports folder, then home."""
    found = removable_drives(mounts, roots)
    if exports is not None:
        found.append(Place(exports, "Exports folder (on this kiosk)", "exports", str(exports)))
    if home is not None:
        found.append(Place(home, "Home folder", "home", str(home)))
    return found


def list_folder(folder: Path, suffixes: Iterable[str] = ()) -> Listing:
    """The folders in `folder`, then its files (only those ending in one of `suffixes`,
    when given), each in natural order; hidden ones are left out. A folder that cannot be
    read comes back with `error` set, never as an exception."""
    wanted = tuple(s.lower() for s in suffixes)
    folders: list[Entry] = []
    files: list[Entry] = []
    skipped = 0
    try:
        with os.scandir(folder) as scan:
            for item in scan:
                if item.name.startswith("."):
                    continue
                try:
                    is_dir = item.is_dir()
                    if not is_dir and not item.is_file():
                        continue  # a socket, a device, a link to nothing
                except OSError:  # a link that loops, or one that cannot be looked at
                    skipped += 1
                    continue
                if is_dir:
                    folders.append(Entry(item.name, Path(item.path), True))
                elif not wanted or item.name.lower().endswith(wanted):
                    files.append(Entry(item.name, Path(item.path), False))
    except FileNotFoundError:
        return Listing(folder, error="This folder is not there any more (was the drive "
                                     "removed?).")
    except PermissionError:
        return Listing(folder, error="This folder cannot be opened: permission denied.")
    except NotADirectoryError:
        return Listing(folder, error="This is not a folder.")
    except OSError as exc:
        return Listing(folder, error=f"This folder cannot be opened: "
                                     f"{exc.strerror or exc}.")
    folders.sort(key=lambda e: natural_key(e.name))
    files.sort(key=lambda e: natural_key(e.name))
    return Listing(folder, folders + files, skipped=skipped)


def can_write(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def make_folder(parent: Path, name: str) -> Path:
    """A new folder `name` in `parent` (the chooser's "New folder"); ValueError in plain
    words for a name that cannot be one, OSError when the drive refuses."""
    name = " ".join(name.split())
    if not name or name in (".", ".."):
        raise ValueError("Type a name for the new folder.")
    if "/" in name or "\\" in name or "\x00" in name:
        raise ValueError("A folder name cannot hold “/” or “\\”.")
    target = parent / name
    if target.exists():
        raise ValueError(f"{name} is already here: open it, or type another name.")
    target.mkdir()
    return target
