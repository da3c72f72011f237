"""TinyDB keyed by the documents' own ids, so a lookup or an upsert is a dict access.

Each table's JSON object maps a natural key (`ranking_id`, `workshop_id`, a draft slot) to
its document; in memory that dict *is* the index ranking_id -> document, and no operation
needs a `Query` scan. Uses TinyDB's documented `document_id_class` customisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Table

Doc = dict[str, Any]


class KeyedTable(Table):
    document_id_class = str  # type: ignore[assignment]

    def raw(self) -> Mapping[str, Doc]:
        """The cached documents by key: read-only; copy anything handed out."""
        return self._read_table()  # type: ignore[return-value]  # TinyDB types it loosely

    def change(
        self, put: Mapping[str, Doc] | None = None, remove: Iterable[str] = ()
    ) -> None:
        """Upsert `put` and remove the keys in `remove`, in one atomic write of the file."""
        gone = list(remove)

        def updater(table: dict[Any, Mapping[str, Any]]) -> None:
            for key in gone:
                table.pop(key, None)
            if put:
                table.update(put)

        self._update_table(updater)

    def remember(self, put: Mapping[str, Doc]) -> None:
        """Upsert `put` in memory only (a folder that cannot be written: see
        `AtomicJSONStorage.remember`); the file is left as it is."""
        storage = self.storage
        remember = getattr(storage, "remember", None)
        if remember is None:
            raise TypeError(f"{type(storage).__name__} cannot keep a change in memory")
        tables = {name: dict(docs) for name, docs in (storage.read() or {}).items()}
        tables[self.name] = {**tables.get(self.name, {}), **put}
        remember(tables)

    def replace_all(self, docs: Mapping[str, Doc]) -> None:
        def updater(table: dict[Any, Mapping[str, Any]]) -> None:
            table.clear()
            table.update(docs)

        self._update_table(updater)


class KioskDB(TinyDB):
    table_class = KeyedTable

    def table(self, name: str, **kwargs: Any) -> KeyedTable:
        return cast(KeyedTable, super().table(name, **kwargs))
