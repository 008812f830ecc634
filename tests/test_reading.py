"""Close-reading helpers: keyword in context, frames, word counts, log-odds, stance, naming."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import DocumentError, load_memorandum
from helpers.reading import (STOPWORDS, distinctive_words, frame_ends, kwic, log_odds, naming,
                             reporting_verbs, stance_markers, stance_summary, word_frequencies,
                             words)
from helpers.speakerview import distinctive_words_chart, turn_card, turn_strip


@pytest.fixture(scope="module")
def memo():
    return load_memorandum()


def test_kwic_rows_trace_back_to_the_text(memo):
    table = kwic(memo, "Soviet Government", window=4)
    assert len(table) == 7  # sentences 3, 10, 11, 20, 26 (twice), 36
    for row in table.itertuples():
        assert memo.text[row.char_start:row.char_end].lower() == "soviet government"
        assert len(row.left.split()) <= 4 and len(row.right.split()) <= 5
    only = kwic(memo, "soviet government", speaker="oumansky")
    assert set(only["speaker"]) == {"oumansky"} and only["sent_id"].tolist() == [3, 20]
    assert kwic(memo, "Litvinov", window=0)[["left", "right"]].values.tolist() == [["", ""]] * 2


def test_kwic_window_wider_than_the_words_before_the_keyword(memo):
    near_start = kwic(memo, "Ambassador", window=6)  # sentence 1: "The Soviet Ambassador"
    assert near_start["left"].iat[0] == "The Soviet"
    assert near_start.loc[near_start["sent_id"] == 3, "left"].iat[0] == "The"


def test_word_parts_add_up_to_each_speakers_words(memo):
    from helpers.reading import word_parts

    parts = word_parts(memo)
    assert parts["total"].tolist() == memo.speakers["words"].tolist()
    assert parts.loc["oumansky", "narration"] == 0  # the narrator narrates, no one else
    # sentence 4 ("commenced the same type of statement") is all Welles's frame
    s4 = memo.tokens[memo.tokens["sent_id"] == 4]
    assert parts.loc["oumansky", "frame"] >= len(s4)


def test_kwic_rejects_bad_input(memo):
    with pytest.raises(DocumentError, match="keyword is empty"):
        kwic(memo, "  ")
    with pytest.raises(DocumentError, match="no speaker 'hull'"):
        kwic(memo, "war", speaker="hull")


def test_frame_is_the_narrators_report_before_the_words(memo):
    ends = frame_ends(memo)
    frames = [memo.text[s:e] for s, e in zip(memo.sentences["char_start"], ends)]
    assert frames[2].endswith("since he merely stated that")
    assert frames[34] == "The Ambassador assented to this interpretation."  # summary verb
    assert frames[36] == "I said"  # "I need hardly remind the Ambassador that" is Welles's speech
    assert frames[0] == memo.sentences["text"].iat[0]  # narration is all frame


def test_word_counts_leave_out_stopwords_frames_and_narration(memo):
    freq = word_frequencies(memo)
    assert not set(freq["word"]) & STOPWORDS
    table = words(memo)
    reported = table[(table["act"] == "speech") & ~table["in_frame"]]
    for speaker, group in freq.groupby("speaker", observed=True):
        mine = reported[(reported["speaker"] == speaker) & ~reported["is_stop"]
                        & ~reported["lower"].str.fullmatch(r"\d+")]
        assert group["count"].sum() == len(mine)
    # "ambassador" in Welles's frames ("I stated to the Ambassador that") does not count
    assert freq.set_index(["speaker", "word"]).loc[("welles", "ambassador"), "count"] == 14
    with_frame = word_frequencies(memo, include_frame=True)
    assert with_frame.set_index(["speaker", "word"]).loc[("welles", "ambassador"), "count"] > 14


def test_log_odds_follows_monroe_colaresi_quinn(memo):
    table = log_odds(memo)
    freq = word_frequencies(memo)
    row = table[(table["speaker"] == "oumansky") & (table["word"] == "soviet")].iloc[0]
    y_i = row["count"]
    y_j = row["count_others"]
    n_i = freq.loc[freq["speaker"] == "oumansky", "count"].sum()
    n_j = freq.loc[freq["speaker"] == "welles", "count"].sum()
    a = y_i + y_j
    a0 = n_i + n_j
    delta = math.log((y_i + a) / (n_i + a0 - y_i - a)) - math.log((y_j + a) / (n_j + a0 - y_j - a))
    assert row["log_odds"] == pytest.approx(delta, abs=1e-3)
    assert row["z"] == pytest.approx(delta / math.sqrt(1 / (y_i + a) + 1 / (y_j + a)), abs=1e-3)
    # two speakers: each word's log-odds for one is minus the other's
    wide = table.pivot_table(index="word", columns="speaker", values="log_odds", observed=True)
    assert (wide["welles"] + wide["oumansky"]).abs().max() < 2e-3
    top = distinctive_words(memo, n=3)
    assert top.groupby("speaker", observed=True).size().tolist() == [3, 3]


def test_stance_markers_separate_frame_from_reported_words(memo):
    table = stance_markers(memo)
    s3 = table[table["sent_id"] == 3]
    assert s3["label"].tolist() == ["evidently", "entirely/completely/fully", "merely"]
    assert s3["in_frame"].all() and (s3["speaker"] == "oumansky").all()
    him = table[(table["sent_id"] == 23)]
    assert him["marker"].tolist() == ["it seemed to him"] and not him["in_frame"].any()
    summary = stance_summary(memo)
    assert summary.to_numpy().sum() == len(table)
    assert summary.loc["welles (frame)", "minimizer"] == 1


def test_naming_counts_longest_forms_only(memo):
    table = naming(memo, "soviet_union")
    assert table.loc["the Soviet Union", "welles"] == 2
    assert "the Soviet" in table.index and table.loc["the Soviet", "welles"] == 0
    with pytest.raises(DocumentError, match="no person_id 'france'"):
        naming(memo, "france")


def test_reporting_verbs_add_up_to_the_speech_sentences(memo):
    table = reporting_verbs(memo)
    speech = memo.sentences[memo.sentences["act"] == "speech"]
    assert table.to_numpy().sum() == len(speech)
    assert table.loc["assent", "oumansky"] == 1 and table.loc["say", "welles"] == 11


def test_turn_card_marks_verbs_and_shows_editors_footnotes(memo):
    card = turn_card(memo, 1)
    assert '<mark class="verb">stated</mark>' in card.html
    assert '<mark class="stance">solely</mark>' in card.html
    assert "Footnote 41 (FRUS editors)" in card.html and "Footnote 41" in repr(card)
    assert "opens the conversation" in repr(card)


def test_figures_have_titles_and_labels(memo):
    strip = turn_strip(memo, highlight=8)
    ax = strip.axes[0]
    assert "turn 8 outlined" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["welles", "oumansky"]
    chart = distinctive_words_chart(distinctive_words(memo, n=5), "Distinctive words")
    assert chart._suptitle.get_text() == "Distinctive words"
    assert all(a.get_xlabel() and a.get_title() for a in chart.axes)


def test_widgets_build_and_update(memo):
    from helpers.widgets.speakers import keyword_explorer, speaker_explorer
    explorer = speaker_explorer(memo)
    assert explorer.current_turn() == 1 and "turn 1 outlined" in explorer.strip.value
    explorer.who.value = "oumansky"
    explorer.forward.click()
    assert explorer.step.value == 2 and explorer.step.max == 7
    assert explorer.current_turn() == 4 and "Turn 4 of 15" in explorer.card.value
    assert "turn 4 outlined" in explorer.strip.value
    explorer.step.value = 7
    explorer.forward.click()  # stops at the last turn
    assert explorer.current_turn() == 14
    explorer.who.value = "both"
    assert explorer.step.value == 1 and explorer.step.max == 15 and explorer.current_turn() == 1
    search = keyword_explorer(memo)
    search.word.value = "Russia"
    assert "7 occurrence(s)" in search.result.value and search.result.value.count("<tr>") == 8
    search.who.value = "oumansky"
    assert "4 occurrence(s)" in search.result.value
    search.word.value = " "
    assert "the keyword is empty" in search.result.value


def test_turns_of_a_1934_telephone_call():
    from pathlib import Path

    from helpers.frus import load_document
    from helpers.speakers import attach_speakers
    volume = Path(__file__).resolve().parents[1] / "data" / "frus" / "frus1934v05.xml"  # bundled copy
    doc = attach_speakers(load_document(volume, "d275"))
    turns = doc.turns
    assert turns["speaker"].astype(str).tolist() == ["wilson", "gilson", "wilson", "gilson"]
    assert pd.isna(turns["reply_to"].iat[0]) and pd.isna(turns["reply_to"].iat[1])
    assert turns["reply_to"].iloc[2:].tolist() == [2, 3]
