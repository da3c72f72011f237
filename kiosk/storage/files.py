"""File operations that survive a crash at any instant: atomic replace, set-aside, clean-up."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.outputs import sync_folder
from kiosk.storage.regular import read_regular_file

TEMP_SUFFIX = ".tmp"
def write_atomically(path: Path, payload: bytes, staging: Path | None = None) -> None:
    """Replace `path` with `payload`: afterwards the file holds either all old or all new bytes.

    The temp file lives in the same folder (or in `staging`, on the same file system: for a
    folder something else watches, such as a synced one) so that `os.replace` is a rename;
    its data is fsynced before the rename (else a power cut can leave an empty file under the
    new name) and the folder is fsynced after it (else the rename itself can be lost).
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX,
                               dir=staging or path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)


LOW_SPACE_BYTES = 8 * 1024 * 1024  # less than this free: saves may soon fail


def free_bytes(folder: Path) -> int:
    """Space left for this user on the file system holding `folder`."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return LOW_SPACE_BYTES  # unknown: do not cry wolf


def temp_files_of(path: Path) -> list[Path]:
    """Temp files that `write_atomically(path, ...)` creates (and leaves if killed mid-write)."""
    return sorted(path.parent.glob(f".{path.name}.*{TEMP_SUFFIX}"))


def remove_stale_temp_files(targets: Iterable[Path]) -> list[Path]:
    """Delete temp files a killed writer left behind; call only while holding the lock."""
    removed = []
    for target in targets:
        for stale in temp_files_of(target):
            with contextlib.suppress(OSError):  # gone already, or a read-only folder
                stale.unlink()
                removed.append(stale)
    return removed


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
