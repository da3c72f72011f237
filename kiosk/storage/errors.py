"""What the storage layer raises. Messages are written for a facilitator, not a developer."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The store cannot be used as asked; the message says why and what to do."""


class StoreLocked(StoreError):
    """Another process holds the data folder: only one kiosk may write to it at a time."""

    def __init__(self, data_dir: Path, pid: int | None) -> None:
        self.data_dir = data_dir
        self.pid = pid
        holder = f"PID {pid}" if pid is not None else "PID unknown"
        super().__init__(
            f"The kiosk data in {data_dir} is already in use by another kiosk process "
            f"({holder}); close that one first."
        )


class UnreadableFile(Exception):
    """A store file's content cannot be used; it is set aside, not raised to callers."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def describe_failure(exc: BaseException, data_dir: Path | None = None) -> str:
    """What a failed write means, in words for a facilitator: a full disk or a folder that
    cannot be written to is named as such, never as an errno."""
    import errno

    if isinstance(exc, OSError) and exc.errno is not None:
        where = data_dir or (Path(exc.filename).parent if exc.filename else None)
        folder = f"The kiosk's data folder {where}" if where else "The kiosk's data folder"
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return f"{folder} is full."
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return f"{folder} cannot be written to."
        return f"{folder} could not be written ({exc.strerror})."
    return " ".join(str(exc).split())
