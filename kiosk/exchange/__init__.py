"""CSV export and import (formats.md), no Qt: cells, reading (`reader`), checking rows
(`validate`), merging (`importer`), writing (`export`), polls.csv and PrefLib files."""

from kiosk.exchange.export import ExportSummary, export_csv
from kiosk.exchange.importer import (
    ImportBatch,
    ImportPathError,
    ImportSummary,
    import_csv,
    read_import,
)

__all__ = ["ExportSummary", "ImportBatch", "ImportPathError", "ImportSummary", "export_csv",
           "import_csv", "read_import"]
