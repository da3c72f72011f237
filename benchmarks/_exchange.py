"""Export measure: `export_csv` of 10,000 rankings against the csv module writing the very
same rows (every file the export writes, read back) to the same kind of files; the ratio is
the median of back-to-back pairs."""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from pathlib import Path

from kiosk.domain.record import SavedRanking
from kiosk.exchange import export_csv
from kiosk.services.catalog import Catalog


def _read_back(folder: Path) -> dict[str, list[list[str]]]:
    files = {}
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            files[path.name] = list(csv.reader(handle))
    return files


def _write_plain(folder: Path, files: dict[str, list[list[str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        with open(folder / name, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)


def export_vs_csv(records: list[SavedRanking], shipped: Catalog, repeats: int = 7) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        export_csv(records, shipped, out / "warm")
        files = _read_back(out / "warm")
        rows = sum(len(r) for r in files.values())
        size = sum(p.stat().st_size for p in (out / "warm").glob("*.csv"))
        ours, plain = [], []
        for i in range(repeats):
            t = time.perf_counter()
            export_csv(records, shipped, out / f"export-{i}")
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            _write_plain(out / f"plain-{i}", files)
            plain.append(time.perf_counter() - t)
        same = all((out / "plain-0" / name).read_bytes() == (out / "export-0" / name).read_bytes()
                   for name in files)
    ours_ms = statistics.median(ours) * 1000
    plain_ms = statistics.median(plain) * 1000
    # each export is paired with the plain write just after it: the median of the pairs'
    # ratios is not skewed by a machine whose speed drifts over the seconds this takes
    ratio = statistics.median(o / p for o, p in zip(ours, plain, strict=True))
    return {
        "value": ratio,
        "detail": f"export {ours_ms:.0f} ms vs csv module {plain_ms:.0f} ms for {len(records):,} "
                  f"rankings ({rows:,} rows in {len(files)} files, {size / 1e6:.1f} MB"
                  f"{', byte-identical' if same else ', NOT byte-identical'})",
        "export_ms": ours_ms, "csv_ms": plain_ms,
    }
