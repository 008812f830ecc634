"""helpers.csvrows: the rows of a hand-edited CSV file, every fault named by file and line;
and the two loaders that use it (context events, the quotations allowlist)."""

from __future__ import annotations

import csv

import pytest

from helpers import DocumentError
from helpers.csvrows import csv_rows
from helpers.quotations import ALLOWLIST_COLUMNS, load_allowlist
from helpers.timeline import CONTEXT_COLUMNS, load_context


def write(tmp_path, content: str | bytes, name: str = "table.csv"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_rows_carry_the_line_they_start_on(tmp_path):
    path = write(tmp_path, 'a,b\n1," two\nlines "\n\n3,4\n')
    assert csv_rows(path, ["a", "b"]) == [(2, {"a": "1", "b": " two\nlines "}),
                                          (5, {"a": "3", "b": "4"})]


def test_a_byte_order_mark_and_extra_columns_when_not_exact(tmp_path):
    path = write(tmp_path, "\ufeffa,b,c\n1,2,3\n")
    assert csv_rows(path, ["a", "b"], exact=False) == [(2, {"a": "1", "b": "2", "c": "3"})]
    with pytest.raises(DocumentError, match=r"table.csv, line 1: unknown column\(s\) 'c'"):
        csv_rows(path, ["a", "b"])


def test_any_column_order_when_not_ordered(tmp_path):
    path = write(tmp_path, "b,a\n2,1\n")
    assert csv_rows(path, ["a", "b"], ordered=False) == [(2, {"b": "2", "a": "1"})]
    with pytest.raises(DocumentError, match=r"line 1: unknown column\(s\) 'c'"):
        csv_rows(write(tmp_path, "b,a,c\n2,1,3\n"), ["a", "b"], ordered=False)


BAD = [
    ("missing column", "a\n1\n", 1, r"missing column\(s\) 'b'"),
    ("column twice", "a,b,b\n1,2,3\n", 1, "a column appears twice"),
    ("wrong order", "b,a\n1,2\n", 1, "columns in the wrong order"),
    ("empty file", "", 1, "the file is empty"),
    ("too many cells", "a,b\n1,2\n1,2,3\n", 3, "3 cells, but the header has 2 columns"),
    ("too few cells", "a,b\n1,2\n\n1\n", 4, "1 cell, but the header has 2 columns"),
]


@pytest.mark.parametrize("name, text, line, problem", BAD, ids=[b[0] for b in BAD])
def test_bad_files_are_named_with_their_line(tmp_path, name, text, line, problem):
    with pytest.raises(DocumentError, match=rf"table.csv, line {line}: {problem}"):
        csv_rows(write(tmp_path, text), ["a", "b"])


def test_broken_quoting_not_utf8_and_no_file(tmp_path):
    with pytest.raises(DocumentError, match=r"line 3: not UTF-8 text \(byte 0xe9"):
        csv_rows(write(tmp_path, "a,b\n1,2\n3,caf\xe9\n".encode("latin-1")), ["a", "b"])
    with pytest.raises(DocumentError, match="cannot read the file"):
        csv_rows(tmp_path / "missing.csv", ["a", "b"])
    strict = csv.field_size_limit()
    try:
        csv.field_size_limit(5)  # a field longer than the limit is a csv.Error
        with pytest.raises(DocumentError, match="line 2: not valid CSV"):
            csv_rows(write(tmp_path, "a,b\n1,too long a field\n"), ["a", "b"])
    finally:
        csv.field_size_limit(strict)


@pytest.mark.parametrize("loader, columns", [(load_context, CONTEXT_COLUMNS),
                                             (load_allowlist, ALLOWLIST_COLUMNS)],
                         ids=["context", "allowlist"])
def test_the_loaders_refuse_what_they_used_to_let_through(tmp_path, loader, columns):
    """A missing file, a non-UTF-8 byte and an extra cell: DocumentErrors, not a crash or a
    silently dropped cell."""
    with pytest.raises(DocumentError, match="cannot read the file"):
        loader(tmp_path / "missing.csv")
    header = ",".join(columns) + "\n"
    with pytest.raises(DocumentError, match="line 2: not UTF-8 text"):
        loader(write(tmp_path, header.encode() + b"x,\xe9\n"))
    too_many = f"line 2: {len(columns) + 1} cells, but the header has {len(columns)} columns"
    with pytest.raises(DocumentError, match=too_many):
        loader(write(tmp_path, header + ",".join(["x"] * (len(columns) + 1)) + "\n"))
