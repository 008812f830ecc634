"""The reader of the history.state.gov text layout, on the bundled memorandum and small texts."""

import hashlib
import re
from pathlib import Path

import pytest

from helpers import DocumentError, load_memorandum, load_text
from helpers.sentences import split_sentences, split_words

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "frus1940v03-d264.txt"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_b053ff3b8bb562be.txt"


@pytest.fixture(scope="module")
def memo():
    return load_memorandum()


def test_data_copy_is_the_seed_byte_for_byte():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert f"`{digest}`" in readme, "data/README.md must record the sha256 of the text"
    if SHARED_SEED.exists():
        assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_rebuilds_the_source_byte_for_byte(memo):
    assert memo.to_source_text().encode("utf-8") == SEED.read_bytes()


def test_every_offset_indexes_the_reading_text(memo):
    for table in (memo.paragraphs, memo.sentences, memo.tokens):
        for text, start, end in zip(table["text"], table["char_start"], table["char_end"]):
            assert memo.text[start:end] == text
    assert "[Page" not in memo.text
    digits = [(m.group(), memo.text[m.start() - 5:m.end() + 1]) for m in
              re.finditer(r"\d+", memo.text)]
    assert digits == [("2", "July 2,"), ("20", "d of 20 ")]


def test_paragraphs_pages_and_sentences(memo):
    assert memo.paragraphs["para_id"].tolist() == list(range(1, 19))
    assert memo.pages["page"].tolist() == [327, 328, 329, 330, 331]
    assert memo.pages["marker_kind"].tolist() == ["none", "inline", "inline", "standalone",
                                                 "standalone"]
    starts, ends = memo.pages["char_start"].tolist(), memo.pages["char_end"].tolist()
    assert starts[0] == 0 and ends[-1] == len(memo.text) and starts[1:] == ends[:-1]
    assert memo.sentences["sent_id"].tolist() == list(range(1, len(memo.sentences) + 1))
    assert len(memo.sentences) == 38
    # paragraph 8 holds the Ambassador's request to speak personally
    assert "divest himself of his official role" in memo.paragraphs.loc[7, "text"]
    assert memo.paragraphs["page"].tolist() == [327] * 3 + [328] * 3 + [329] * 4 + [330] * 6 \
        + [331] * 2


def test_sentences_run_across_page_breaks(memo):
    s = memo.sentences
    row = s[s["text"].str.contains("in order that we might thresh the whole question out")]
    assert row["page"].tolist() == [328]
    page_329 = int(memo.pages.loc[memo.pages["page"] == 329, "char_start"].iat[0])
    assert row["char_start"].iat[0] < page_329 < row["char_end"].iat[0]
    assert memo.text[page_329:].startswith("we might thresh")
    assert s.loc[s["text"].str.startswith("He stated that the most urgent"), "page"].tolist() == [328]


def test_abbreviations_do_not_end_sentences(memo):
    litvinov = memo.sentences[memo.sentences["text"].str.contains("Mr. Litvinov")]
    assert litvinov["text"].iat[0].startswith("I said before concluding the conversation")
    assert litvinov["text"].iat[0].endswith("with the Soviet government.")


def test_footnotes_are_matched_to_their_anchors(memo):
    notes = memo.footnotes
    assert notes["n"].tolist() == [41, 42, 43]
    assert notes["list_n"].tolist() == [1, 2, 3]
    assert [memo.text[c - 8:c + 4] for c in notes["char"]] == [
        "l scrap, and", " July 2, the", "epublics had"]
    assert notes["sent_id"].tolist() == [2, 5, 19]
    assert notes["page"].tolist() == [327, 327, 329]
    assert notes["text"].iat[1] == "See footnote 25, p. 311."
    assert notes["see_footnote"].tolist()[1:2] == [25] and notes["see_page"].iat[1] == 311
    assert notes["see_footnote"].isna().tolist() == [True, False, True]
    assert notes["text"].iat[0].startswith("Proclamation No. 2417, issued by the President")


def test_title_file_number_signature_are_not_paragraphs(memo):
    kinds = memo.blocks["kind"].tolist()
    assert kinds[:2] == ["file_number", "title"]
    assert kinds[-4:] == ["signature", "footnote", "footnote", "footnote"]
    assert kinds.count("paragraph") == 18 and kinds.count("page_marker") == 2
    assert memo.metadata["signature"] == "S[umner] W[elles]"
    assert not memo.paragraphs["text"].str.contains("Memorandum of Conversation|W\\[elles\\]").any()


def test_metadata(memo):
    meta = memo.metadata
    assert meta["file_number"] == "711.61/749"
    assert meta["title"] == "Memorandum of Conversation, by the Acting Secretary of State"
    assert (meta["author"], meta["interlocutor"], meta["place"]) == (
        "Sumner Welles", "Konstantin Oumansky", "Washington")
    assert meta["date"] == "1940-07-27" and "editors" in meta["date_note"]
    assert meta["first_page"] == 327 and meta["last_page"] == 331
    assert meta["url"] == "https://history.state.gov/historicaldocuments/frus1940v03/d264"


def test_tokens(memo):
    tokens = memo.tokens
    assert tokens["tok_id"].tolist() == list(range(1, len(tokens) + 1))
    assert "world’s" in tokens["text"].tolist()
    assert not tokens["text"].isin(["41", "42", "43", "328"]).any()
    assert (tokens["lower"] == tokens["text"].str.lower()).all()
    first = tokens[tokens["sent_id"] == 1]["text"].tolist()
    assert first == "The Soviet Ambassador called to see me this morning at my request".split()


SMALL = "033.1140/45\n\nA Title\n\nOne paragraph.41 Two.\n\n[Page 12]\n\nAnother.\n\nHull\n  1. A note."


@pytest.mark.parametrize("transform", [
    lambda t: t,
    lambda t: t + "\n",
    lambda t: t.replace("\n", "\r\n"),
    lambda t: "\ufeff" + t,
    lambda t: t.replace("\n\n", "\n \n\n"),
])
def test_small_texts_round_trip(transform):
    text = transform(SMALL)
    doc = load_text(text)
    assert doc.to_source_text() == text
    assert doc.metadata["signature"] == "Hull" and doc.metadata["file_number"] == "033.1140/45"
    assert doc.pages["page"].tolist() == [11, 12]
    assert doc.footnotes["n"].tolist() == [41]


def test_load_text_takes_a_path_bytes_or_text(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(SMALL, encoding="utf-8")
    for source in (path, str(path), SMALL, SMALL.encode("utf-8")):
        assert load_text(source).to_source_text() == SMALL
    assert load_text(path).metadata["source"] == "doc.txt"


def test_first_page_can_be_given():
    doc = load_text("Title\n\nNo page markers here.", first_page=99)
    assert doc.pages["page"].tolist() == [99] and doc.metadata["file_number"] is None
    assert load_text("Title\n\nNo page markers here.").pages.empty
    with pytest.raises(DocumentError, match="cannot follow the first page given"):
        load_text(SMALL, first_page=5)


def test_numbers_glued_to_digits_are_not_anchors_unless_in_sequence():
    text = ("Title\n\nSee file 711.61/749 and 1,000 men.41 On July 2,42 he left.\n\n"
            "  1. First.\n  2. Second.")
    doc = load_text(text)
    assert doc.footnotes["n"].tolist() == [41, 42]
    assert "711.61/749 and 1,000 men." in doc.text and "July 2, he" in doc.text
    assert doc.to_source_text() == text


def test_anchor_in_the_title():
    text = "The Minister in Guatemala (Hanna) to the Secretary of State7\n\nBody.8\n\n  1. A.\n  2. B."
    doc = load_text(text)
    assert doc.footnotes["where"].tolist() == ["title", "body"]
    assert doc.metadata["title"].endswith("Secretary of State")
    assert doc.to_source_text() == text


def test_inline_marker_at_paragraph_end():
    text = "Title\n\nFirst page ends here. [Page 5]\n\nSecond."
    doc = load_text(text)
    assert doc.pages["page"].tolist() == [4, 5]
    assert doc.text[int(doc.pages["char_start"].iat[1]):] == "Second."
    assert doc.to_source_text() == text


@pytest.mark.parametrize("text, expected", [
    ("See Proclamation No. 2417, ibid., p. 49. Then vol. i, p. 401.",
     ["See Proclamation No. 2417, ibid., p. 49.", "Then vol. i, p. 401."]),
    ("Mr. Litvinov visited Washington. He left.", ["Mr. Litvinov visited Washington.", "He left."]),
    ("Mr. James C. Dunn came. “Yes.” Then?  Done!", ["Mr. James C. Dunn came.", "“Yes.”", "Then?",
                                                   "Done!"]),
    ("the U.S. Government agreed. It did.", ["the U.S. Government agreed.", "It did."]),
    ("He wished to advance two considerations:", ["He wished to advance two considerations:"]),
])
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_split_words():
    text = "the world’s re-armament, in 1940."
    assert [text[s:e] for s, e in split_words(text)] == ["the", "world’s", "re-armament", "in",
                                                         "1940"]
