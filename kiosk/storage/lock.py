"""One writer per data folder: an exclusive `flock` held for the Store's lifetime.

The kernel drops an flock when the holding process dies, however it dies, so a kiosk that
was killed or lost power never leaves a lock that blocks the next start.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from pathlib import Path

from kiosk.outputs import sync_folder
from kiosk.storage.errors import StoreError, StoreLocked

LOCK_FILE_NAME = "kiosk.lock"


_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)
NO_ROOM = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))

ANOTHER_PROGRAM = ("Another program may be using the kiosk's data folder {}, so nothing more "
                   "is saved there: close it, then restart the kiosk.")


def open_lock_file(path: Path, flags: int, mode: int = 0o644) -> int:
    return os.open(path, flags, mode)


class DataDirLock:
    def __init__(self, path: Path, fd: int | None, read_only: bool = False,
                 waiting: OSError | StoreError | None = None) -> None:
        self.path = path
        self._fd: int | None = fd
        # A folder nothing can be written to (a write-protected stick, a read-only mount):
        # its data can be read and exported; every write is refused with that reason.
        self.read_only = read_only
        # A full disk that refused to create the lock file (or the folder itself): no other
        # kiosk holds the folder (it would have made the file), so this one starts; the lock
        # is taken before its first write (`verify`), which the full disk refuses till then.
        # A StoreError once another kiosk made the lock file first: nothing is written.
        self.waiting = waiting
        self._held = True

    @classmethod
    def acquire(cls, data_dir: Path) -> DataDirLock:
        """Take the lock or raise `StoreLocked` naming the holder; never waits."""
        path = data_dir / LOCK_FILE_NAME
        try:
            # os.open makes the descriptor non-inheritable, so child processes never hold it.
            # O_NOFOLLOW: a symlink planted as kiosk.lock is refused, never followed (the
            # PID written below would otherwise truncate whatever file it points at).
            fd = open_lock_file(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno in _READ_ONLY:
                return cls._read_only(data_dir, path)
            if exc.errno in NO_ROOM:
                return cls(path, None, waiting=exc)
            raise StoreError(f"Cannot create the lock file {path}: {exc.strerror}.") from exc
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise StoreError(f"The lock file {path} is not a regular file; remove it and "
                             "start the kiosk again.")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            raise StoreLocked(data_dir, holder) from None
        except BaseException:
            os.close(fd)
            raise
        # The PID is only for the message a second process shows; the flock is the lock (so
        # a full disk that refuses the PID does not stop the kiosk).
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(path, fd)

    @classmethod
    def waiting_for_room(cls, data_dir: Path, exc: OSError) -> DataDirLock:
        """The data folder itself could not be made (a full disk): made with the lock."""
        return cls(data_dir / LOCK_FILE_NAME, None, waiting=exc)

    @classmethod
    def _read_only(cls, data_dir: Path, path: Path) -> DataDirLock:
        """Nothing can write to the folder, so no lock is needed to keep writers apart; a
        kiosk that still holds the folder (written before it went read-only) is respected."""
        try:
            fd: int | None = open_lock_file(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            fd = None
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_pid(fd)
                os.close(fd)
                raise StoreLocked(data_dir, holder) from None
        return cls(path, fd, read_only=True)

    @property
    def held(self) -> bool:
        return self._held

    def verify(self) -> None:
        """Before every write: the file this process locked must still be the lock file on
        disk. Deleted or replaced (`rm kiosk.lock` while the kiosk runs), another process
        could have locked a new one and be writing too; then nothing more is written."""
        if self.read_only:
            raise StoreError(f"The data folder {self.path.parent} is read-only: nothing can be "
                             "saved there (a write-protected stick, or a read-only disk).")
        if self._fd is None and self.waiting is not None and self._held:
            self._take_late()  # raises while there is no room, or if another kiosk has it
        if self._fd is None:
            raise StoreError(f"The kiosk's hold on {self.path.parent} was released.")
        held = os.fstat(self._fd)
        try:
            on_disk = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            on_disk = None
        if on_disk is None or (on_disk.st_dev, on_disk.st_ino) != (held.st_dev, held.st_ino):
            raise StoreError(ANOTHER_PROGRAM.format(self.path.parent))

    def _take_late(self) -> None:
        if isinstance(self.waiting, StoreError):
            raise self.waiting
        self._make_late()

    def _make_late(self) -> None:
        """The lock a full disk kept from being made at start, taken now: the folder and the
        lock file made (still no room: the OSError, told as a full disk), the file made by
        this process alone (O_EXCL). Made by another meanwhile, that kiosk may have written
        what this one's memory does not hold: nothing is written, ever."""
        folder = self.path.parent
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            sync_folder(folder.parent)  # a new folder survives a power cut
        try:
            fd = open_lock_file(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                                | os.O_NONBLOCK)
        except FileExistsError:
            self.waiting = StoreError(ANOTHER_PROGRAM.format(folder))  # for good
            raise self.waiting from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            self.waiting = StoreError(ANOTHER_PROGRAM.format(folder))
            raise self.waiting from None
        with contextlib.suppress(OSError):
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd, self.waiting = fd, None

    def release(self) -> None:
        self._held = False
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    # Empty while the holder is between taking the lock and writing its PID.
    return int(text) if text.isdigit() else None
