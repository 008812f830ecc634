"""The people table: everyone the memorandum names or refers to, and every way it does so."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .csvrows import csv_rows
from .errors import DocumentError

COLUMNS = ["person_id", "name", "kind", "role", "forms", "named_by", "note", "source"]
KINDS = ("person", "organization", "government", "group")
NAMED_BY = ("document", "editors", "module")


def load_people(path: str | Path, source_text: str) -> pd.DataFrame:
    """Read a people CSV and check it against the source text it describes.

    ``forms`` holds the exact wordings, separated by ``; ``; each must occur in
    ``source_text`` as whole words, so that no reference is invented.
    """
    path = Path(path)
    rows: list[dict] = []
    for line, row in csv_rows(path, COLUMNS):
        rows.append(_check_row(row, line, path.name, source_text, rows))
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["kind"] = pd.Categorical(table["kind"], categories=KINDS)
    table["named_by"] = pd.Categorical(table["named_by"], categories=NAMED_BY)
    return table


def _check_row(row: dict, line: int, name: str, source_text: str, seen: list[dict]) -> dict:
    pid = row["person_id"]
    if not re.fullmatch(r"[a-z][a-z0-9_]*", pid):
        raise DocumentError(name, line, f"person_id {pid!r} is not a lower-case identifier")
    if any(other["person_id"] == pid for other in seen):
        raise DocumentError(name, line, f"person_id {pid!r} appears twice")
    if row["kind"] not in KINDS:
        raise DocumentError(name, line, f"{pid}: kind {row['kind']!r} is not one of {KINDS}")
    if row["named_by"] not in NAMED_BY:
        raise DocumentError(name, line, f"{pid}: named_by {row['named_by']!r} is not one "
                            f"of {NAMED_BY}")
    forms = [form.strip() for form in row["forms"].split(";") if form.strip()]
    if not forms:
        raise DocumentError(name, line, f"{pid}: no forms (ways the text refers to them)")
    for form in forms:
        if not re.search(rf"(?<!\w){re.escape(form)}(?!\w)", source_text):
            raise DocumentError(name, line, f"{pid}: the form {form!r} does not occur in the text")
    if not row["source"].strip():
        raise DocumentError(name, line, f"{pid}: no source cited")
    return {**row, "forms": forms}
