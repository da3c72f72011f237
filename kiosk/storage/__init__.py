"""Storage: TinyDB behind one small interface (`Store`), durable against crashes."""

from kiosk.storage.errors import StoreError, StoreLocked
from kiosk.storage.migrations import MIGRATIONS, SCHEMA_VERSION
from kiosk.storage.store import Store

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "StoreError", "StoreLocked"]
