"""Reading a hand-edited CSV file: each row with the line it starts on, each fault named.

The module's data tables (people, glossary, context events, sources, the allowlist of
quotations, the argument key) are CSV files that people edit in a spreadsheet or a text
editor. :func:`csv_rows` does the part every one of them needs before its own checks: open
the file, decode it, check the header, and refuse a row with too many or too few cells, all as
:class:`DocumentError` naming the file and the line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import DocumentError


def csv_rows(path: str | Path, columns: list[str], exact: bool = True, ordered: bool = True
             ) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file as ``(line, row)`` pairs; ``line`` is where the row starts.

    The header must hold ``columns``: exactly those (``exact``), in that order (``ordered``) or
    in any order, or at least those (not ``exact``). Blank lines are skipped; values are
    returned as written (not stripped). A byte-order mark, as some spreadsheets save, is
    allowed.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "x.csv"
    ...     _ = path.write_text('a,b\\n1,"two\\nlines"\\n\\n3,4\\n', encoding="utf-8")
    ...     csv_rows(path, ["a", "b"])
    [(2, {'a': '1', 'b': 'two\\nlines'}), (5, {'a': '3', 'b': '4'})]
    """
    path = Path(path)
    name = path.name
    text = _read_utf8(path, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DocumentError(name, line, f"not valid CSV ({exc})") from None
        if header is None:
            _check_header(fields, columns, exact, ordered, name)
            header = fields
        elif fields:  # an empty list is a blank line
            if len(fields) != len(header):
                cells = f"{len(fields)} cell{'' if len(fields) == 1 else 's'}"
                raise DocumentError(name, line, f"{cells}, but the header has {len(header)} "
                                    "columns")
            rows.append((line, dict(zip(header, fields))))
    if header is None:
        raise DocumentError(name, 1, "the file is empty (the columns should be "
                            f"{', '.join(columns)})")
    return rows


def _read_utf8(path: Path, name: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), None, f"cannot read the file ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DocumentError(name, line, f"not UTF-8 text (byte {data[exc.start]:#04x}; save "
                            "the file as CSV UTF-8)") from None


def _check_header(header: list[str], columns: list[str], exact: bool, ordered: bool,
                  name: str) -> None:
    problems = []
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns] if exact else []
    if missing:
        problems.append(f"missing column(s) {', '.join(map(repr, missing))}")
    if unknown:
        problems.append(f"unknown column(s) {', '.join(map(repr, unknown))}")
    if len(set(header)) != len(header):
        problems.append("a column appears twice")
    if not problems and exact and ordered and header != columns:
        problems.append("columns in the wrong order")
    if problems:
        raise DocumentError(name, 1, "; ".join(problems)
                            + f" (the columns should be {', '.join(columns)})")
