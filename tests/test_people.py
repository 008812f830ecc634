"""The people table: every form is the text's own wording; a broken file is reported by line."""

from pathlib import Path

import pytest

from helpers import DocumentError, load_memorandum
from helpers.people import COLUMNS, load_people

DATA = Path(__file__).resolve().parent.parent / "data"
TEXT = (DATA / "frus1940v03-d264.txt").read_text(encoding="utf-8")
CSV = (DATA / "people.csv").read_text(encoding="utf-8")


def test_bundled_people():
    people = load_memorandum().people
    assert list(people.columns) == COLUMNS
    assert people["person_id"].is_unique
    ids = set(people["person_id"])
    assert {"welles", "oumansky", "roosevelt", "hull", "litvinov", "amtorg"} <= ids
    forms = dict(zip(people["person_id"], people["forms"]))
    assert "the President" in forms["roosevelt"] and "the Secretary of State" in forms["hull"]
    assert "Mr. Litvinov" in forms["litvinov"] and "the Amtorg Corporation" in forms["amtorg"]
    assert people.loc[people["person_id"] == "amtorg", "kind"].iat[0] == "organization"
    assert (people["source"].str.len() > 0).all()


def _write(tmp_path, text):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, line, words", [
    (",person,Acting Secretary", ",persona,Acting Secretary", 2, "kind 'persona'"),
    ("I; me; myself", "I; me; myself; Mr. Molotov", 2, "'Mr. Molotov' does not occur"),
    ("\noumansky,", "\nwelles,", 3, "appears twice"),
    ("\nhull,", "\nHull Cordell,", 5, "not a lower-case identifier"),
    (",module,The memorandum and the footnotes", ",someone,The memorandum and the footnotes", 4,
     "named_by 'someone'"),
])
def test_broken_rows_are_named(tmp_path, old, new, line, words):
    assert old in CSV
    path = _write(tmp_path, CSV.replace(old, new, 1))
    with pytest.raises(DocumentError) as info:
        load_people(path, TEXT)
    assert str(info.value).startswith(f"people.csv, line {line}: ") and words in str(info.value)


def test_wrong_columns_and_short_rows(tmp_path):
    with pytest.raises(DocumentError, match=r"line 1: missing column\(s\) 'person_id'; "
                       r"unknown column\(s\) 'id'"):
        load_people(_write(tmp_path, CSV.replace("person_id,", "id,", 1)), TEXT)
    with pytest.raises(DocumentError, match="line 3: 2 cells, but the header has 8 columns"):
        load_people(_write(tmp_path, CSV.split("\n")[0] + "\n" + CSV.split("\n")[1] +
                           "\nx,y\n"), TEXT)


def test_unreadable_files(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(CSV.encode("utf-8").replace(b"Welles", b"W\xe9lles", 1))
    with pytest.raises(DocumentError, match=r"people.csv, line \d+: not UTF-8"):
        load_people(path, TEXT)
    with pytest.raises(DocumentError, match="missing.csv: cannot read the file"):
        load_people(tmp_path / "missing.csv", TEXT)
