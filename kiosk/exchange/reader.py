"""Reading one CSV file into rows that remember their line, or into `file:line: reason`
problems: not UTF-8, a NUL byte, broken quoting, a missing column, a short or long row."""

from __future__ import annotations

import csv
import errno
import os
import stat
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from pathlib import Path


class Row:
    """One row: its cells (a tuple, with the column positions shared by every row of the
    file, so a million rows do not each carry a dict) and the line it starts on."""

    __slots__ = ("file", "line", "values", "_index")

    def __init__(self, file: str, line: int, values: tuple[str, ...],
                 index: Mapping[str, int]) -> None:
        self.file = file
        self.line = line  # where the row starts (a quoted cell may span lines)
        self.values = values
        self._index = index

    def get(self, column: str, default: str = "") -> str:
        at = self._index.get(column)
        return self.values[at] if at is not None else default

    @property
    def cells(self) -> dict[str, str]:
        return {column: self.values[at] for column, at in self._index.items()}

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def not_a_file(path: Path, wanted: str = "file") -> str | None:
    """What `path` is when it is not a regular file (or, with wanted="folder", not a
    folder) — "is a named pipe (FIFO), not a file", "is a symbolic link that loops" — or
    None when it is one. Never opens the path: opening a pipe would wait forever."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return _unreachable(path, exc)
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return None if wanted == "file" else f"is a file, not a {wanted}"
    if stat.S_ISDIR(mode):
        return None if wanted == "folder" else f"is a folder, not a {wanted}"
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "not a regular file"
    return f"is {kind}, not a {wanted}"


def _unreachable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that loops (it points, through links, back to itself)"
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"is a symbolic link to {target}, which does not exist"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    if isinstance(exc, NotADirectoryError):
        return "no such file or folder (a part of the path is a file, not a folder)"
    if isinstance(exc, PermissionError):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or exc})"


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
    stream = TableStream(path, columns, errors)
    rows = list(stream)
    return rows if stream.read else None


class TableStream:
    """The rows of a CSV file one at a time, as `read_table` gives them in a list, so that a
    large import need not hold them all; after the iteration, `read` says whether the file
    as a whole could be read (its problems are in `errors` otherwise).

    The file is decoded as it is read, never held whole in memory; a file that turns out
    not to be UTF-8 text, or to hold a NUL character, is read again whole only to name the
    exact line of the fault.
    """

    def __init__(self, path: Path, columns: Sequence[str], errors: list[str]) -> None:
        self.path = path
        self.columns = columns
        self.errors = errors
        self.read = False

    def __iter__(self) -> Iterator[Row]:
        path, name, errors = self.path, str(self.path), self.errors
        self.read = False
        try:
            handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
        except OSError as exc:
            errors.append(f"{name}:1: cannot be read ({exc.strerror or exc})")
            return
        try:
            with handle:
                self.read = yield from _parse(name, _without_nul(handle), self.columns, errors)
        except (UnicodeDecodeError, _NulFound):
            self.read = False
            _locate_bad_text(path, name, errors)
        except OSError as exc:
            self.read = False
            errors.append(f"{name}:1: cannot be read ({exc.strerror or exc})")


def count_lines(path: Path) -> int:
    """How many lines a file has (a quick look for a progress bar's total; 0 if unreadable)."""
    lines = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
    except OSError:
        return 0
    return lines


class _NulFound(Exception):
    pass


def _without_nul(lines: Iterable[str]) -> Iterable[str]:
    for line in lines:
        if "\x00" in line:
            raise _NulFound
        yield line


def _parse(name: str, lines: Iterable[str], columns: Sequence[str],
           errors: list[str]) -> Generator[Row, None, bool]:
    """The rows; returns False (after yielding those before it) when the file fails whole."""
    reader = csv.reader(lines, strict=True)
    header: list[str] | None = None
    index: dict[str, int] = {}
    # Cells repeat (a ranking's workshop, deck, lens and times on each of its rows): one
    # string object per distinct value keeps a large import's memory near its file's size.
    seen: dict[str, str] = {}
    keep = seen.setdefault
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "NUL" in message:
                raise _NulFound from None
            if "field larger" in message:
                reason = f"a cell is longer than {csv.field_size_limit()} characters"
            elif "end of data" in message:
                reason = "broken quoting: a quoted cell starting here is never closed"
            else:
                reason = f"broken quoting ({message})"
            errors.append(f"{name}:{start}: {reason}")
            return False
        if header is None:
            # a BOM is read off by the decoding; one more (a tool that added its own) too
            header = [cell.strip() for cell in cells]
            if header:
                header[0] = header[0].lstrip("\ufeff").strip()
            problem = _check_header(header, columns)
            if problem:
                errors.append(f"{name}:{start}: {problem}")
                return False
            index = {column: at for at, column in enumerate(header) if column}
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(f"{name}:{start}: has {len(cells)} cells, the header has "
                          f"{len(header)} (a comma in an unquoted cell?)")
            continue
        yield Row(name, start, tuple([keep(cell, cell) for cell in cells]), index)
    if header is None:
        errors.append(f"{name}:1: is empty; expected the header row "
                      f"{','.join(columns)}")
        return False
    return True


def _locate_bad_text(path: Path, name: str, errors: list[str]) -> None:
    """The line of the first byte that is not UTF-8, or of the first NUL character."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        errors.append(f"{name}:1: cannot be read ({exc.strerror or exc})")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.append(f"{name}:{_line_at(data, exc.start)}: is not UTF-8 text "
                      f"(byte 0x{data[exc.start]:02x}); save it as CSV UTF-8")
        return
    nul = text.find("\x00")
    errors.append(f"{name}:{_line_at(text, max(nul, 0))}: contains a NUL character; "
                  "this is not a CSV text file")


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
