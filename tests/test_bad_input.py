"""Bad input gets the package's error, naming the source, the line and the problem."""

from pathlib import Path

import pytest

from helpers import DocumentError, load_text

SEED = Path(__file__).resolve().parent.parent / "data" / "frus1940v03-d264.txt"
TEXT = SEED.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def _replace(old: str, new: str, count: int = 1) -> str:
    assert TEXT.count(old) >= 1, old
    return TEXT.replace(old, new, count)


def _drop_lines(*numbers: int) -> str:
    return "\n".join(line for i, line in enumerate(LINES, 1) if i not in numbers)


# (name, corrupted text or bytes, line named in the message, words the message must contain)
VARIANTS = [
    ("empty", b"", 1, "empty"),
    ("only white space", "  \n\n \n", 1, "empty"),
    ("not UTF-8", TEXT.encode("utf-8").replace(b"innumerable", b"innum\xe9rable"), 13,
     "not UTF-8"),
    ("anchor with no footnote", _replace("to raise.", "to raise.44"), 43, "anchor 44 in 'ed to raise.44' has no footnote"),
    ("footnote with no anchor", _replace("republics43", "republics"), 48,
     "footnote 3 of the list has no anchor"),
    ("anchor out of sequence", _replace("republics43", "republics45"), 19, "out of sequence"),
    ("page marker repeated", _replace("[Page 331]", "[Page 330]"), 39, "repeated"),
    ("page markers out of order", _replace("[Page 328]", "[Page 3X8]").replace(
        "[Page 329]", "[Page 328]").replace("[Page 3X8]", "[Page 329]"), 15, "out of order"),
    ("page missing", _replace("[Page 330]", "[Page 332]"), 25, "page 330 is missing"),
    ("no title", _drop_lines(3, 4), 3, "no title"),
    ("title ends like a paragraph", _replace("of State\n", "of State.\n"), 3, "no title"),
    ("no footnote list", _drop_lines(46, 47, 48), 5, "no footnote list"),
    ("footnote list misnumbered", _replace("  2. See", "  3. See"), 47, "numbered 3, expected 2"),
    ("text after the footnote list", TEXT + "\nAn added paragraph.", 49,
     "after the footnote list"),
    ("no body", "711.61/749\n\nMemorandum of Conversation\n\n[Page 328]", 5, "no body paragraphs"),
    ("mixed line endings", _replace("\n\n", "\r\n\r\n"), 3, "mixed line endings"),
    ("truncated mid-paragraph", TEXT[: TEXT.index("placing the freely")], 5, "no footnote list"),
    ("lone carriage return", _replace("scrap,41 and", "scrap,41\rand"), 5, "carriage return"),
]


@pytest.mark.parametrize("name, text, line, words", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_corrupted_variants_are_reported(name, text, line, words):
    with pytest.raises(DocumentError) as info:
        load_text(text if isinstance(text, bytes) else text.encode("utf-8"), name="memo.txt")
    error = info.value
    assert not isinstance(error, (KeyError, IndexError, ValueError))
    assert str(error).startswith(f"memo.txt, line {line}: "), str(error)
    assert words in str(error)
    assert error.line == line and error.source == "memo.txt"


def test_missing_file_is_named():
    with pytest.raises(DocumentError, match="no-such-file.txt: no such file"):
        load_text("no-such-file.txt")


@pytest.mark.parametrize("line", range(1, len(LINES) + 1))
def test_any_line_dropped_is_read_exactly_or_reported(line):
    """Nothing passes silently: a damaged text either round-trips exactly or raises our error."""
    text = _drop_lines(line)
    try:
        doc = load_text(text)
    except DocumentError as error:
        assert error.line is not None
        return
    assert doc.to_source_text() == text


@pytest.mark.parametrize("line", range(1, len(LINES) + 1))
def test_any_line_doubled_is_read_exactly_or_reported(line):
    text = "\n".join(LINES[:line] + LINES[line - 1:])
    try:
        doc = load_text(text)
    except DocumentError as error:
        assert error.line is not None
        return
    assert doc.to_source_text() == text
