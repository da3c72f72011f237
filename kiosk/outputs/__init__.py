"""Writing the files the kiosk makes for people and programs (a report, a chart, a log, a
config): never through a symlink or FIFO planted under a file's name, never half-written.

The lowest layer (standard library only), so every layer may use it; kiosk.storage keeps its
own atomic writes for the store."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

TEMP_MARK = ".kiosk-tmp"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def temp_files_of(path: Path) -> list[Path]:
    """The temp files `replacing(path)` makes (and leaves if killed before its rename)."""
    return sorted(path.parent.glob(f".{path.name}.*{TEMP_MARK}{path.suffix}"))


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A fresh temp file beside `path` for the caller to write (by name, as Qt's writers
    do); on success it is synced and renamed over `path` — a symlink there is replaced,
    never followed — and the folder synced; on failure (or a kill turned into an exception)
    it is removed. The temp name is unpredictable and created exclusively (tempfile), and
    keeps `path`'s suffix, for writers that choose the format by it. Temp files an earlier,
    killed write left are removed first."""
    path = Path(path)
    for stale in temp_files_of(path):
        with contextlib.suppress(OSError):
            stale.unlink()
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f"{TEMP_MARK}{path.suffix}",
                                dir=path.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _sync_file(temp)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_replacing(path: Path, payload: bytes) -> None:
    with replacing(path) as temp, open(temp, "wb") as out:
        out.write(payload)


def open_fresh(path: Path, mode: int = 0o600) -> IO[bytes]:
    """`path` opened empty for writing (a log): whatever non-regular file was planted
    under the name (a symlink, a FIFO) is removed, never followed nor waited on."""
    flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
    for _ in range(3):
        try:
            fd = os.open(path, flags, mode)
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENXIO):  # a symlink, a FIFO
                raise
            path.unlink()
            continue
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.ftruncate(fd, 0)
            return os.fdopen(fd, "wb")
        os.close(fd)
        path.unlink()
    raise OSError(errno.EEXIST, f"{path} keeps being replaced by something that is not a file")


def open_append(path: Path, mode: int = 0o600) -> IO[str]:
    """`path` opened to append text, never through a symlink (OSError: then nothing is
    appended) and only when it is a regular file."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags, mode)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, f"{path} is not a regular file")
    return os.fdopen(fd, "a", encoding="utf-8")


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems (FUSE, some USB sticks' drivers) cannot sync a folder.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)
