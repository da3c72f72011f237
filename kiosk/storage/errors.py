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
