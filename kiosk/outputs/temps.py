"""The kiosk's own temp files: named so they can be told from anyone else's, held (an
exclusive `flock`) for as long as they are being written, and removed once a writer that was
killed (SIGKILL, a power cut) left one behind.

A temp file for `<name>` is `.<name>.<8 random>.kiosk-tmp<suffix of name>`. A leftover is
removed only when its name is ours, it is a regular file of this user's, and nobody holds it:
a temp file another thread or process is writing right now is never touched, nor is a
symlink, a FIFO or a folder that merely carries such a name."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

TEMP_MARK = ".kiosk-tmp"
_OURS = re.compile(rf"\.(?P<target>.+)\.[a-z0-9_]{{8}}{re.escape(TEMP_MARK)}(?P<suffix>\.[^.]*)?")
# What older kiosks named theirs: the export's, and the store's (for its own files only).
_OLD_EXPORT = re.compile(r"\.kiosk-export-.+\.part")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def temp_name_parts(path: Path) -> tuple[str, str]:
    """The prefix and suffix of `path`'s temp files (the middle is tempfile's random part);
    the suffix keeps `path`'s, for writers that choose the format by it."""
    return f".{path.name}.", f"{TEMP_MARK}{path.suffix}"


def is_ours(name: str, old_targets: Iterable[str] = ()) -> bool:
    """Whether a file's name is one of our temp files' (`old_targets`: file names whose
    `.<name>.*.tmp` temp files, as older kiosks wrote them, count too)."""
    if not name.startswith("."):
        return False
    found = _OURS.fullmatch(name)
    if found is not None:
        return Path(found["target"]).suffix == (found["suffix"] or "")
    if _OLD_EXPORT.fullmatch(name):
        return True
    return any(name.startswith(f".{target}.") and name.endswith(".tmp")
               and len(name) > len(target) + 6 for target in old_targets)


def temp_files_of(path: Path) -> list[Path]:
    """The temp files in `path`'s folder that are for `path` (live or left over)."""
    prefix, suffix = temp_name_parts(path)
    return sorted(p for p in path.parent.glob(f"{prefix}*{suffix}") if is_ours(p.name))


def leftovers(folder: Path, old_targets: Iterable[str] = ()) -> list[Path]:
    """Our temp files in `folder` by name, whether someone still writes them or not."""
    targets = tuple(old_targets)
    try:
        with os.scandir(folder) as entries:
            return sorted(Path(e.path) for e in entries if is_ours(e.name, targets))
    except OSError:  # no folder, or one we may not list: nothing of ours to find
        return []


def remove_leftovers(folder: Path, old_targets: Iterable[str] = ()) -> list[Path]:
    """Remove the temp files a killed writer left in `folder`; returns those removed."""
    return [path for path in leftovers(folder, old_targets) if _remove_if_abandoned(path)]


def create_held(path: Path, folder: Path | None = None) -> tuple[int, Path]:
    """A fresh temp file for `path` in `folder` (by default `path`'s own), created
    exclusively with an unpredictable name (tempfile, mode 0600), open and held; the caller
    closes the descriptor once the file is renamed or removed. Leftovers in that folder
    are removed first."""
    import tempfile  # only when writing: the module costs the start screen ~5 ms

    where = folder if folder is not None else path.parent
    prefix, suffix = temp_name_parts(path)
    remove_leftovers(where)
    for _ in range(8):
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=where)
        _hold(fd)
        # A cleaner may have taken it for a leftover between mkstemp and the lock.
        if _still_named(fd, name):
            return fd, Path(name)
        os.close(fd)
    raise OSError(errno.EAGAIN, f"temp files in {where} keep disappearing")


def _hold(fd: int) -> None:
    with contextlib.suppress(OSError):  # a file system without locks: never seen as leftover
        fcntl.flock(fd, fcntl.LOCK_EX)


def _still_named(fd: int, name: str) -> bool:
    try:
        named = os.stat(name, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _remove_if_abandoned(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:  # a symlink (never ours), gone already, or not ours to read
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: being written right now (or locks unsupported: unknown)
            return False
        if not _still_named(fd, str(path)):
            return False
        try:
            path.unlink()
        except OSError:  # a read-only folder: left for a writer that can
            return False
        return True
    finally:
        os.close(fd)
