"""Writing every file the kiosk makes — the store, an export, a report, a chart, a config,
a log: never through a symlink or FIFO planted under a file's name, never half-written.

The lowest layer (standard library only), so every layer writes through it: one way to
replace a file whole (`replacing`, `replacing_together`, `write_atomically`), one naming of
our temp files and one clean-up of those a killed writer left (`remove_leftovers`)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import IO

from kiosk.outputs.replace import (
    Replacements,
    replacing,
    replacing_together,
    sync_folder,
    write_atomically,
)
from kiosk.outputs.temps import TEMP_MARK, is_ours, leftovers, remove_leftovers, temp_files_of

__all__ = ["TEMP_MARK", "Replacements", "is_ours", "leftovers", "open_append", "open_fresh",
           "remove_leftovers", "replacing", "replacing_together", "sync_folder",
           "temp_files_of", "write_atomically"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


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
