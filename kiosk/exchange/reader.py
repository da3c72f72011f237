"""Reading one CSV file into rows that remember their line, or into `file:line: reason`
problems: not UTF-8, a NUL byte, broken quoting, a missing column, a short or long row."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    file: str
    line: int  # where the row starts (a quoted cell may span lines)
    cells: dict[str, str]

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _line_at(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def read_table(path: Path, columns: Sequence[str], errors: list[str]) -> list[Row] | None:
    """Rows of a CSV file with the given columns (in any order; extra columns are ignored).

    Returns None when the file as a whole cannot be read; its problems are appended to
    `errors`. Row-level problems (a row with the wrong number of cells) are appended too
    and the row is skipped, so one read reports every such row. Entirely empty rows (a
    spreadsheet's trailing blank lines) are skipped.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        errors.append(f"{name}:1: cannot be read ({exc.strerror or exc})")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.append(f"{name}:{_line_at(data, exc.start)}: is not UTF-8 text "
                      f"(byte 0x{data[exc.start]:02x}); save it as CSV UTF-8")
        return None
    nul = text.find("\x00")
    if nul >= 0:
        errors.append(f"{name}:{_line_at(text, nul)}: contains a NUL character; "
                      "this is not a CSV text file")
        return None

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[Row] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "field larger" in message:
                reason = f"a cell is longer than {csv.field_size_limit()} characters"
            elif "end of data" in message:
                reason = "broken quoting: a quoted cell starting here is never closed"
            else:
                reason = f"broken quoting ({message})"
            errors.append(f"{name}:{start}: {reason}")
            return None
        if header is None:
            header = [cell.strip() for cell in cells]
            problem = _check_header(header, columns)
            if problem:
                errors.append(f"{name}:{start}: {problem}")
                return None
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(f"{name}:{start}: has {len(cells)} cells, the header has "
                          f"{len(header)} (a comma in an unquoted cell?)")
            continue
        rows.append(Row(name, start, dict(zip(header, cells, strict=True))))
    if header is None:
        errors.append(f"{name}:1: is empty; expected the header row "
                      f"{','.join(columns)}")
        return None
    return rows


def _check_header(header: list[str], columns: Sequence[str]) -> str | None:
    if not any(header):
        return f"the first row must be the header {','.join(columns)}"
    seen: set[str] = set()
    for cell in header:
        if cell and cell in seen:
            return f"column '{cell}' appears twice in the header"
        seen.add(cell)
    missing = [c for c in columns if c not in seen]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        return f"missing column{plural} {', '.join(missing)}"
    return None
