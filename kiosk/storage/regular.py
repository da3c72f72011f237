"""Reading a store file only when it is one: a regular file of a sensible size.

Kept apart from kiosk.storage.files (and light: the standard library's os and stat only) so
the start screen's glance at the store (kiosk.storage.glance) reads the same way.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Far more than a kiosk's store file holds (10,000 rankings are about 10 MB); anything
# larger is not one, and reading it whole could exhaust memory.
MAX_STORE_BYTES = 1 << 30


class NotAStoreFile(OSError):
    """A store file that is not a regular file (a FIFO, a device, a symlink) or is far too
    large: never read. `reason` says which, in words for a facilitator."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.filename = str(path)
        self.reason = reason


def read_regular_file(path: Path, limit: int = MAX_STORE_BYTES) -> bytes:
    """The bytes of `path`, read only when it is a regular file of at most `limit` bytes.

    Opened without following a symlink and without blocking (a FIFO would wait for a
    writer for ever, a link to /dev/zero never end), and checked on the open file, so a swap
    after a check cannot get round it. FileNotFoundError when there is no file; anything
    that is there but is not a regular file raises NotAStoreFile with the reason.
    """
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
            raise NotAStoreFile(path, "it is not a regular file but a symbolic link to "
                                      f"{_link_target(path)}") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAStoreFile(path, f"it is not a regular file but {_kind(info.st_mode)}")
        if info.st_size > limit:
            raise NotAStoreFile(path, f"it is larger than {limit >> 20} MB, far more than "
                                      "such a file ever holds")
        chunks = []
        size = 0
        while chunk := os.read(fd, min(limit + 1 - size, 1 << 24) or 1):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise NotAStoreFile(path, f"it is larger than {limit >> 20} MB, far more "
                                          "than such a file ever holds")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "another file"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"

