"""File operations of the store that survive a crash at any instant: a damaged file kept
aside (renamed, or copied), and the space left. Files are replaced whole through
`kiosk.outputs.write_atomically`, the kiosk's one way to write a file."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from kiosk.outputs import sync_folder, write_atomically
from kiosk.storage.regular import read_regular_file

__all__ = ["LOW_SPACE_BYTES", "free_bytes", "keep_copy_aside", "set_aside", "write_atomically"]

LOW_SPACE_BYTES = 8 * 1024 * 1024  # less than this free: saves may soon fail


def free_bytes(folder: Path) -> int:
    """Space left for this user on the file system holding `folder`."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return LOW_SPACE_BYTES  # unknown: do not cry wolf


def keep_copy_aside(path: Path, now: datetime | None = None) -> Path:
    """Copy `path`, byte for byte and synced, to a free `<name>.corrupt-<UTC time>` name
    (the file itself stays); returns the copy's path."""
    dest = _free_aside_name(path, now)
    write_atomically(dest, read_regular_file(path))
    return dest


def _free_aside_name(path: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    base = f"{path.name}.corrupt-{stamp}"
    dest = path.with_name(base)
    n = 1
    while dest.exists() or dest.is_symlink():
        n += 1
        dest = path.with_name(f"{base}-{n}")
    return dest


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename an unreadable file to `<name>.corrupt-<UTC time>`, keeping it byte for byte.

    An earlier set-aside copy is never overwritten: a second one in the same second gets a
    `-2`, `-3`, ... suffix. Checking then renaming is safe because the caller holds the lock.
    """
    dest = _free_aside_name(path, now)
    os.rename(path, dest)
    sync_folder(path.parent)
    return dest
