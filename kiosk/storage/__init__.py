"""The kiosk's durable local store: settings, workshops, saved rankings and drafts in TinyDB
files behind one small interface (`Store`), written atomically, one writer per data folder,
with schema migrations and a full check.

`Store` (with TinyDB and orjson) is imported on first use, so the start screen's quick look
at the store (`kiosk.storage.glance`) does not pay for loading them.
"""

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
