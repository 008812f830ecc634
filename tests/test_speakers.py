"""Speaker attribution, turns and the ConvoKit export, checked against hand-read tables.

tests/expected/speakers-frus1940v03-d264.csv gives, for every sentence of the memorandum, the
speaker, act, reporting verb and capacity a careful reader assigns; speakers-frus1934v05.csv does
the same for three memoranda of 1934 (FRUS 1934, vol. V, docs. 220, 274, 275). Both were written
by reading the documents, not by running the rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers import DocumentError, load_memorandum, load_text
from helpers.frus import load_document
from helpers.speakers import (attach_speakers, derive_people, first_reporting_verb,
                              participants_from_people, to_convokit, turn_ids)

EXPECTED = Path(__file__).parent / "expected"
FRUS_1934 = Path(__file__).resolve().parents[1] / "data" / "frus" / "frus1934v05.xml"  # bundled copy
COLUMNS = ["speaker", "act", "speech_verb", "capacity"]


@pytest.fixture(scope="module")
def memo():
    return load_memorandum()


def _expected(name: str) -> pd.DataFrame:
    return pd.read_csv(EXPECTED / name, dtype=str, keep_default_na=False)


# -- the 1940 memorandum ---------------------------------------------------------------------

def test_every_sentence_matches_the_hand_checked_table(memo):
    expected = _expected("speakers-frus1940v03-d264.csv")
    assert len(expected) == len(memo.sentences) == 38
    got = memo.sentences.astype({c: str for c in COLUMNS})
    for exp, sent in zip(expected.itertuples(), got.itertuples()):
        assert int(exp.sent_id) == sent.sent_id
        assert sent.text.startswith(exp.opening), (sent.sent_id, sent.text[:60])
        assert [getattr(sent, c) for c in COLUMNS] == [getattr(exp, c) for c in COLUMNS], \
            f"sentence {sent.sent_id}: {sent.text[:70]!r}"


def test_speaker_columns_are_categorical_people_ids(memo):
    sents = memo.sentences
    assert list(sents["speaker"].cat.categories) == ["welles", "oumansky"]
    assert set(sents["speaker"].cat.categories) <= set(memo.people["person_id"])
    assert list(sents["capacity"].cat.categories) == ["official", "personal", "unclear"]


def test_verb_offsets_point_at_the_reporting_verb(memo):
    speech = memo.sentences[memo.sentences["act"] == "speech"]
    for row in speech.itertuples():
        assert row.char_start <= row.verb_start < row.verb_end <= row.char_end
        rest = memo.text[row.verb_start:row.char_end]
        verb = first_reporting_verb(rest)
        assert verb == (row.speech_verb, 0, row.verb_end - row.verb_start), (row.sent_id, rest)
    narration = memo.sentences[memo.sentences["act"] == "narration"]
    assert narration["verb_start"].isna().all() and (narration["speech_verb"] == "").all()


def test_turns_are_maximal_runs_that_answer_the_turn_before(memo):
    turns, sents = memo.turns, memo.sentences
    assert turns["sent_start"].iat[0] == 1 and turns["sent_end"].iat[-1] == len(sents)
    assert (turns["sent_start"].iloc[1:].to_numpy() == turns["sent_end"].iloc[:-1] + 1).all()
    assert (turns["speaker"].iloc[1:].to_numpy() != turns["speaker"].iloc[:-1].to_numpy()).all()
    for turn in turns.itertuples():
        inside = sents[(sents["sent_id"] >= turn.sent_start) & (sents["sent_id"] <= turn.sent_end)]
        assert (inside["speaker"] == turn.speaker).all()
        assert memo.text[turn.char_start:turn.char_end] == turn.text
    assert pd.isna(turns["reply_to"].iat[0])
    assert turns["reply_to"].iloc[1:].tolist() == turns["turn_id"].iloc[:-1].tolist()
    assert len(turns) == 15
    # the personal minutes of paragraph 8 are one turn; the interjection after it is unclear
    assert turns.loc[turns["sent_start"] == 19, "capacity"].item() == "personal"
    assert turns.loc[turns["sent_start"] == 23, "capacity"].item() == "unclear"


def test_speakers_table_adds_up(memo):
    table = memo.speakers.set_index("speaker")
    assert table["turns"].sum() == len(memo.turns)
    assert table["sentences"].sum() == len(memo.sentences)
    assert table["words"].sum() == len(memo.tokens)
    assert table.loc["welles", "turns"] == 8 and table.loc["oumansky", "turns"] == 7
    assert table.loc["oumansky", "reporting_verbs"].startswith("say 7, state 4")


def test_convokit_export_has_the_utterance_columns(memo, tmp_path):
    utts = to_convokit(memo)
    assert list(utts.columns[:6]) == ["id", "speaker", "conversation_id", "reply_to",
                                      "timestamp", "text"]
    assert all(c.startswith("meta.") for c in utts.columns[6:])
    assert utts["id"].is_unique and (utts["conversation_id"] == utts["id"].iat[0]).all()
    assert pd.isna(utts["reply_to"].iat[0]) and utts["timestamp"].isna().all()
    assert set(utts["reply_to"].dropna()) <= set(utts["id"])
    utts.to_csv(tmp_path / "utterances.csv", index=False)
    back = pd.read_csv(tmp_path / "utterances.csv")
    assert back["text"].tolist() == memo.turns["text"].tolist()


def test_turn_ids_filters_by_speaker_and_rejects_unknown(memo):
    assert turn_ids(memo) == list(range(1, 16))
    assert turn_ids(memo, "welles") == [1, 3, 5, 7, 9, 11, 13, 15]
    with pytest.raises(DocumentError, match="no speaker 'hull'"):
        turn_ids(memo, "hull")


def test_unknown_participant_is_a_document_error(memo):
    with pytest.raises(DocumentError, match="participant 'molotov' is not in the people table"):
        participants_from_people(memo.people, "welles", ["molotov"])


# -- rules on small texts --------------------------------------------------------------------

def _pasted(body: str):
    return attach_speakers(load_text(
        "Memorandum by the Under Secretary of State (Welles)\n\n" + body))


def test_pronoun_goes_to_the_last_participant_not_to_an_absent_person():
    doc = _pasted("Mr. Gilson called to see me. He spoke of Mr. Hull, and he was "
                  "gone. He said that he would write.")
    assert doc.sentences["speaker"].astype(str).tolist() == ["welles", "gilson", "gilson"]
    assert doc.sentences["speech_verb"].tolist() == ["", "speak", "say"]


def test_personal_request_opens_a_scope_to_the_end_of_the_paragraph():
    doc = _pasted("Mr. Gilson said that he would like to speak to me personally. I said he "
                  "might. He said that he was worried. He added that he was tired.\n\n"
                  "I said that I understood. Mr. Gilson said that he agreed. He said no more."
                  "\n\nI said goodbye. Mr. Gilson said goodbye.")
    assert doc.sentences["capacity"].astype(str).tolist() == [
        "unclear", "official", "personal", "personal",
        "official", "unclear", "unclear", "official", "unclear"]
    # Gilson has no office in this text (unclear by default); the turn after the scope is
    # unclear as well, and the one after that falls back to his default.


def test_derived_people_need_a_heading_or_a_signature():
    doc = load_text("A Note on Nothing\n\nMr. Gilson said so.")
    with pytest.raises(DocumentError, match="cannot tell who wrote the memorandum"):
        derive_people(doc)


# -- three memoranda of 1934 -----------------------------------------------------------------

def _tei_document(doc_id: str):
    """The document from FRUS 1934, vol. V, read by the FRUS TEI reader."""
    return load_document(FRUS_1934, doc_id)


@pytest.mark.parametrize("doc_id", ["d220", "d274", "d275"])
def test_1934_memoranda_match_the_hand_read_answers(doc_id):
    doc = attach_speakers(_tei_document(doc_id))
    expected = _expected("speakers-frus1934v05.csv")
    expected = expected[expected["doc_id"] == doc_id]
    matched = []
    for sent in doc.sentences.astype({c: str for c in COLUMNS}).itertuples():
        rows = expected[[sent.text.startswith(o) for o in expected["opening"]]]
        assert len(rows) == 1, f"{doc_id}: no single expected row for {sent.text[:60]!r}"
        exp = rows.iloc[0]
        assert [getattr(sent, c) for c in COLUMNS] == exp[COLUMNS].tolist(), \
            f"{doc_id}: {sent.text[:70]!r}"
        matched.append(exp["opening"])
    required = expected.loc[expected["optional"] == "no", "opening"]
    assert set(required) <= set(matched)
    turns = doc.turns
    assert (turns["speaker"].iloc[1:].to_numpy() != turns["speaker"].iloc[:-1].to_numpy()).all()


def test_1934_participants_come_from_the_heading_and_the_text():
    people, parts = derive_people(_tei_document("d275"))
    assert parts.narrator == "wilson" and parts.others == ["gilson"]
    row = people.set_index("person_id").loc["gilson"]
    assert row["role"].startswith("Chairman of the Bondholders Protective Committee")
    assert set(row["forms"]) >= {"Mr. J. Lawrence Gilson", "Mr. Gilson"}
    people, parts = derive_people(_tei_document("d220"))
    assert parts.ids == ["welles", "minister_of_guatemala"]
    assert re.search("Guatemalan Minister", "; ".join(people["forms"].iat[1]))
