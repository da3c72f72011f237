"""The one way the kiosk writes a file whole: into a temp file of ours beside it (see
`kiosk.outputs.temps`), synced, renamed over the file (a symlink or anything else planted
under the name is replaced, never followed), then the folder synced, so that afterwards
the file holds either all its old bytes or all its new ones, even after a power cut.

Errors are the operating system's own (a full disk: ENOSPC, a read-only stick: EROFS), raised
as OSError for the caller to word; the temp file never outlives a failure."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from kiosk.outputs.temps import create_held

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class Replacements:
    """Files staged under temp names by `replacing_together`, in the order they are renamed."""

    def __init__(self) -> None:
        self._staged: list[tuple[int, Path, Path]] = []  # held descriptor, temp, final
        self._synced: set[Path] = set()  # temps written and synced through their descriptor

    def temp_for(self, path: Path, staging: Path | None = None) -> Path:
        """A fresh temp file for `path` (in `staging`, when given, on the same file system:
        for a folder something else watches), for the caller to write by name."""
        fd, temp = create_held(Path(path), staging)
        self._staged.append((fd, temp, Path(path)))
        return temp

    def write(self, path: Path, payload: bytes, staging: Path | None = None) -> None:
        """Stage `payload` for `path`, written through the held descriptor (no reopening)."""
        temp = self.temp_for(path, staging)
        fd = self._staged[-1][0]
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        self._synced.add(temp)

    @property
    def finals(self) -> list[Path]:
        return [final for _, _, final in self._staged]

    def _commit(self) -> None:
        for _, temp, _ in self._staged:
            if temp not in self._synced:
                _sync_file(temp)  # else a power cut can leave an empty file under the new name
        for _, temp, final in self._staged:
            os.replace(temp, final)
        for folder in dict.fromkeys(final.parent for final in self.finals):
            sync_folder(folder)  # else the renames themselves can be lost

    def _discard(self) -> None:
        for _, temp, _ in self._staged:
            with contextlib.suppress(OSError):
                temp.unlink()  # those renamed already are gone under this name

    def _release(self) -> None:
        for fd, _, _ in self._staged:
            os.close(fd)


@contextlib.contextmanager
def replacing_together() -> Iterator[Replacements]:
    """Several files replaced at once: each is written under its temp name while the block
    runs, and only once all are complete are they renamed into place, in the order staged
    (so the main file, staged last, is never newer than its companions). On a failure, or
    a stop turned into an exception, every temp file is removed and no file replaced."""
    batch = Replacements()
    try:
        try:
            yield batch
            batch._commit()
        except BaseException:
            batch._discard()
            raise
    finally:
        batch._release()


@contextlib.contextmanager
def replacing(path: Path, staging: Path | None = None) -> Iterator[Path]:
    """A fresh temp file beside `path` for the caller to write by name (as Qt's writers
    do), renamed over `path` when the block ends, or removed if it fails."""
    with replacing_together() as batch:
        yield batch.temp_for(Path(path), staging)


def write_atomically(path: Path, payload: bytes, staging: Path | None = None) -> None:
    """Replace `path` with `payload` (see `replacing`)."""
    with replacing_together() as batch:
        batch.write(Path(path), payload, staging)


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
