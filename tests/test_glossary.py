"""The glossary: every entry sourced, every phrase in the memorandum, broken files named by line."""

import csv
import io
from pathlib import Path

import pytest

from helpers import DocumentError, load_memorandum
from helpers.glossary import COLUMNS, TERMS_IN_COLUMNS, define, load_glossary, lookup, terms_in

DATA = Path(__file__).resolve().parent.parent / "data"
TEXT = (DATA / "frus1940v03-d264.txt").read_text(encoding="utf-8")
CSV = (DATA / "glossary.csv").read_text(encoding="utf-8")

REQUIRED = ["Amtorg", "export licence", "short of war", "moral embargo", "belligerent",
            "Litvinov agreement", "Baltic republics", "FRUS", "decimal file number",
            "memorandum of conversation", "Acting Secretary of State", "proclamation",
            "national defense", "Department of State Bulletin", "ambassador"]


def _line_of(term):
    """The line on which a term's row starts in the bundled file."""
    for number, line in enumerate(CSV.split("\n"), start=1):
        if line.startswith(term + ","):
            return number
    raise AssertionError(term)


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


@pytest.fixture(scope="module")
def memo():
    return load_memorandum()


def test_bundled_glossary_loads(glossary):
    assert list(glossary.columns) == COLUMNS + ["line"]
    assert glossary["term"].str.casefold().is_unique
    assert set(REQUIRED) <= set(glossary["term"])
    assert (glossary["voice"] == "module").all()
    # the file is sorted as a glossary should be, so a reader can scan it
    assert glossary["term"].str.casefold().tolist() == sorted(glossary["term"].str.casefold())


def test_every_entry_is_sourced(glossary):
    for entry in glossary.itertuples():
        assert len(entry.definition.split()) >= 20, entry.term  # 2-3 sentences, not a stub
        assert entry.source, entry.term
        assert entry.url or "p." in entry.source, entry.term
        assert all(url.startswith(("https://", "http://")) for url in entry.url), entry.term


def test_every_phrase_occurs_in_the_memorandum(glossary):
    phrases = [p for p in glossary["in_memorandum"] if p]
    assert len(phrases) >= 15
    for phrase in phrases:
        assert phrase in TEXT, phrase
    # terms the memorandum does not use say so with an empty phrase
    empty = set(glossary.loc[glossary["in_memorandum"] == "", "term"])
    assert {"moral embargo", "FRUS"} <= empty
    assert "moral embargo" not in TEXT.lower() and "FRUS" not in TEXT


def _write(tmp_path, text=None, data=None):
    path = tmp_path / "glossary.csv"
    if data is not None:
        path.write_bytes(data)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _edit(term, column, value):
    """The bundled CSV with one cell changed."""
    rows = list(csv.DictReader(io.StringIO(CSV)))
    for row in rows:
        if row["term"] == term:
            row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("term, column, value, words", [
    ("belligerent", "source", "", "belligerent: no source"),
    ("FRUS", "definition", " ", "FRUS: no definition"),
    ("Amtorg", "in_memorandum", "Amtorg Trading Corporation",
     "the phrase 'Amtorg Trading Corporation' does not occur"),
    ("rearmament", "voice", "document", "voice 'document' is not one of"),
    ("third powers", "url", "history.state.gov/d264", "is not a web address"),
    ("third powers", "url", "", "ok"),  # no URL is fine: the source gives a page
    ("Baltic republics", "aliases", "Baltic states; AMTORG corporation",
     f"alias 'AMTORG corporation' is already used by 'Amtorg' (line {_line_of('Amtorg')})"),
])
def test_broken_cells_are_named_by_line(tmp_path, term, column, value, words):
    path = _write(tmp_path, _edit(term, column, value))
    if words == "ok":
        assert load_glossary(path)["term"].tolist() == load_glossary()["term"].tolist()
        return
    with pytest.raises(DocumentError) as info:
        load_glossary(path)
    message = str(info.value)
    assert message.startswith(f"glossary.csv, line {_line_of(term)}: "), message
    assert words in message


def test_no_url_and_no_page(tmp_path):
    text = _edit("third powers", "url", "")
    citation = "FRUS 1940, vol. III, doc. 264, p. 330 (the memorandum’s own use of the term)"
    assert citation in text
    text = text.replace(citation, "the memorandum")
    line = _line_of("third powers")
    with pytest.raises(DocumentError, match=rf"line {line}: third powers: no URL"):
        load_glossary(_write(tmp_path, text))


def test_duplicate_term(tmp_path):
    lines = CSV.rstrip("\n").split("\n")
    row = lines[_line_of("proclamation") - 1]
    path = _write(tmp_path, CSV.rstrip("\n") + "\n" + row + "\n")
    with pytest.raises(DocumentError) as info:
        load_glossary(path)
    assert str(info.value) == (f"glossary.csv, line {len(lines) + 1}: term 'proclamation' appears "
                               f"twice (first on line {_line_of('proclamation')})")


def test_missing_column_and_short_row(tmp_path):
    header, rest = CSV.split("\n", 1)
    with pytest.raises(DocumentError, match=r"glossary.csv, line 1: missing column\(s\) 'source'"):
        load_glossary(_write(tmp_path, header.replace(",source", ",citation") + "\n" + rest))
    with pytest.raises(DocumentError, match=r"glossary.csv, line 3: 2 cells, but the header has"):
        load_glossary(_write(tmp_path, "\n".join(CSV.split("\n")[:2]) + "\nx,y\n"))


def test_reordered_columns_and_blank_lines_are_accepted(tmp_path):
    rows = list(csv.DictReader(io.StringIO(CSV)))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(reversed(COLUMNS)), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        out.write("\r\n")  # a blank line after each row, as some spreadsheets leave
    table = load_glossary(_write(tmp_path, data=("\ufeff" + out.getvalue()).encode("utf-8")))
    assert table.drop(columns="line").equals(load_glossary().drop(columns="line"))
    assert table["line"].tolist()[:2] == [2, 4]


def test_not_utf8_names_the_line(tmp_path):
    line = _line_of("moral embargo")
    data = CSV.encode("utf-8").replace("moral embargoes".encode(), b"moral embarg\xf6es", 1)
    with pytest.raises(DocumentError) as info:
        load_glossary(_write(tmp_path, data=data))
    assert str(info.value).startswith(f"glossary.csv, line {line}: not UTF-8 text")
    with pytest.raises(DocumentError, match="missing.csv: cannot read the file"):
        load_glossary(tmp_path / "missing.csv")


def test_lookup_by_term_alias_case_and_quotes():
    assert lookup("export licence")["term"] == "export licence"
    assert lookup("export licenses")["term"] == "export licence"
    assert lookup("  Export   License ")["term"] == "export licence"
    assert lookup("“short of war”")["term"] == "short of war"
    assert lookup("Foreign Relations of the United States")["term"] == "FRUS"
    assert lookup("Amtorg Trading Corporation")["in_memorandum"] == "Amtorg Corporation"
    entry = lookup("belligerents")
    assert entry["term"] == "belligerent" and isinstance(entry["url"], list) and entry["url"]


def test_unknown_term_suggests_neighbours():
    with pytest.raises(DocumentError) as info:
        lookup("moral embarco")
    assert str(info.value) == ("glossary.csv: no entry for 'moral embarco'; "
                               "did you mean 'moral embargo'?")
    with pytest.raises(DocumentError, match="did you mean 'Baltic republics'"):
        lookup("Baltic republic")
    with pytest.raises(DocumentError, match=r"no entry for 'xylophone'; the glossary has \d+ "):
        lookup("xylophone")


def test_terms_in_offsets_index_the_reading_text(memo, glossary):
    found = terms_in(memo)
    assert list(found.columns) == TERMS_IN_COLUMNS
    names = {t: {n.casefold() for n in [t, *a, p] if n}
             for t, a, p in zip(glossary["term"], glossary["aliases"], glossary["in_memorandum"])}
    sentences = memo.sentences.set_index("sent_id")
    for row in found.itertuples():
        span = memo.text[row.char_start:row.char_end]
        assert span == row.matched and span.casefold() in names[row.term]
        sentence = sentences.loc[row.sent_id]
        assert sentence.char_start <= row.char_start < row.char_end <= sentence.char_end
    assert found["char_start"].is_monotonic_increasing
    # the terms a reader meets in the body, each found where the text has it
    counts = found["term"].value_counts()
    assert counts["ambassador"] == TEXT.count("Ambassador")
    assert counts["machine tools"] == 3 and counts["third powers"] == 2
    assert counts["Litvinov agreement"] == 1 and counts["moral embargo"] == 0
    # heading and footnote terms are not in the reading text
    assert counts["Department of State Bulletin"] == 0 and counts["decimal file number"] == 0
    # "terms in this sentence", as a notebook would ask
    in_nine = found.loc[found["sent_id"] == 9, "term"].unique().tolist()
    assert in_nine == ["ambassador", "short of war", "export licence"]
    assert found.loc[found["matched"] == "machine tools", "page"].tolist() == [328, 328, 328]


def test_terms_in_gives_each_match_its_own_page(tmp_path, memo):
    # "[Page 329]" falls inside a sentence that begins on p. 328
    path = _write(tmp_path, _edit("third powers", "aliases", "thresh the whole question out"))
    found = terms_in(memo, load_glossary(path))
    row = found[found["matched"] == "thresh the whole question out"].iloc[0]
    sentence = memo.sentences.set_index("sent_id").loc[row["sent_id"]]
    assert (sentence["page"], row["page"]) == (328, 329)


def test_define_shows_the_three_voices_apart():
    shown = define("moral embargo")
    text = repr(shown)
    assert text.splitlines()[0] == "moral embargo (definition: this module)"
    assert "Not a word the memorandum uses." in text
    assert "https://history.state.gov/historicaldocuments/frus1933-39/d612" in text
    page = shown._repr_html_()
    assert page.startswith('<div class="glossary-entry">')
    assert "<strong>moral embargo</strong>" in page
    assert "In the memorandum: “short of war”" in repr(define("Short of War"))
    assert repr(define("FRUS")) == repr(define("frus"))  # deterministic


def test_define_escapes_html(tmp_path):
    text = _edit("FRUS", "definition", "Volumes <b>printed</b> by the GPO & others.")
    path = _write(tmp_path, text)
    page = define("FRUS", load_glossary(path))._repr_html_()
    assert "Volumes &lt;b&gt;printed&lt;/b&gt; by the GPO &amp; others." in page
