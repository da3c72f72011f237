"""CSV export and import of rankings (formats.md): the columns and cell rules (`cells`),
reading files (`reader`), checking rows (`validate`), merging (`importer`) and writing
(`export`). No Qt here: the CLI and the facilitator's screens call the same functions."""

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
