"""The kiosk's durable local store behind one small interface (`Store`, TinyDB imported on
first use): atomic writes, one writer, migrations, recovery, the glance and the check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.storage.errors import StoreError, StoreLocked
from kiosk.storage.migrations import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from kiosk.storage.store import Store

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "StoreError", "StoreLocked"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from kiosk.storage.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
