"""Browsing a volume, opening a document, comparing memoranda (helpers.volumes, the browser).

Everything here reads the volume shipped in data/frus/, so it runs without ../shared.
"""

import pandas as pd
import pytest

from helpers import DocumentError, load_memorandum
from helpers.volumes import (BUNDLED_VOLUME, BROWSE_COLUMNS, compare_memoranda, document_days,
                             filter_documents, kinds_table, load_volume, open_document,
                             words_by_speaker)
from helpers.volumeview import documents_html, share_chart


@pytest.fixture(scope="module")
def table():
    return load_volume(BUNDLED_VOLUME)


@pytest.fixture(scope="module")
def welles():
    return {"1934 d220": open_document(BUNDLED_VOLUME, "d220"),
            "1934 d274": open_document(BUNDLED_VOLUME, "d274"), "1940 d264": load_memorandum()}


def test_filters_combine_and_keep_the_volume_columns(table):
    found = filter_documents(table, kind="memorandum", words="welles")
    assert found["doc_id"].tolist() == ["d220", "d274"]
    assert set(BROWSE_COLUMNS) <= set(found.columns) and found["kind"].dtype == "category"
    assert len(filter_documents(table)) == len(table)  # no filter: every document
    assert filter_documents(table, words="Assistant Secretary Welles")["doc_id"].tolist() == [
        "d199", "d220", "d255", "d274", "d581", "d586", "d590", "d593"]


def test_date_filters_are_inclusive_at_any_precision(table):
    days = document_days(table)
    may = filter_documents(table, start="1934-05", end="1934-05")
    assert may["day"].str.startswith("1934-05").all()
    assert len(may) == int(days.str.startswith("1934-05", na=False).sum())
    one_day = filter_documents(table, start="1934-01-17", end="1934-01-17")
    assert "d220" in one_day["doc_id"].tolist() and (one_day["day"] == "1934-01-17").all()
    undated = int(days.isna().sum())
    assert undated > 0 and len(filter_documents(table, start="1900")) == len(table) - undated


def test_bad_filters_say_what_is_wrong(table):
    with pytest.raises(DocumentError, match="no kind 'memo'.*telegram"):
        filter_documents(table, kind="memo")
    with pytest.raises(DocumentError, match="start date '17 Jan 1934' is not YYYY"):
        filter_documents(table, start="17 Jan 1934")


def test_kinds_are_counted_from_the_table(table):
    kinds = kinds_table(table)
    assert kinds["documents"].sum() == len(table)
    assert kinds["documents"].is_monotonic_decreasing


def test_an_opened_document_has_its_speakers_and_turns(welles):
    d220 = welles["1934 d220"]
    assert d220.speakers["speaker"].astype(str).tolist() == ["welles", "minister_of_guatemala"]
    assert d220.turns["speaker"].astype(str).tolist()[:2] == ["welles", "minister_of_guatemala"]
    for turn in d220.turns.itertuples():
        assert d220.text[turn.char_start:turn.char_end] == turn.text


def test_memoranda_compared_measure_by_measure_with_voices(welles):
    table = compare_memoranda(welles, "welles")
    assert table.columns.tolist() == ["voice", "1934 d220", "1934 d274", "1940 d264"]
    assert table.loc["date"].tolist()[1:] == ["1934-01-17", "1934-05-18", "1940-07-27"]
    assert set(table["voice"]) == {"editors", "module"}
    for label, doc in welles.items():
        assert table.at["words", label] == len(doc.tokens)
        assert table.at["turns", label] == len(doc.turns)
        speech = doc.sentences["act"] == "speech"
        assert (table.at["narrator_speech_sentences", label] +
                table.at["others_speech_sentences", label]) == int(speech.sum())
    with pytest.raises(DocumentError, match="no speaker 'hull'"):
        compare_memoranda(welles, "hull")


def test_words_by_speaker_adds_up(welles):
    words = words_by_speaker(welles, "welles")
    assert words.groupby("document")["share"].sum().round(2).eq(1.0).all()
    assert (words.loc[words["role"] == "narrator", "speaker"] == "welles").all()
    fig = share_chart(words, "A title")
    ax = fig.axes[0]
    assert ax.get_title() == "A title" and ax.get_xlabel() and ax.get_legend() is not None


def test_documents_html_says_how_many_and_escapes(table):
    found = filter_documents(table, words="Welles")
    html = documents_html(found, limit=3)
    assert "<b>8</b> document(s) match; the first 3 shown" in html
    assert html.count("<tr>") == 4
    assert "0</b> document(s) match" in documents_html(found.head(0))


def test_the_browser_calls_the_same_functions(table):
    from helpers.widgets.volumes import MAX_CHOICES, VolumeBrowser, interactions, months

    browser = VolumeBrowser()
    assert len(browser.current()) == len(table)
    assert "narrow the filters" in browser.message.value and \
        len(browser.choice.options) == MAX_CHOICES
    browser.kind.value, browser.words.value = "memorandum", "Welles"
    assert [v for _, v in browser.choice.options] == ["d220", "d274"]
    assert browser.listing.value == documents_html(filter_documents(table, "memorandum",
                                                                    words="Welles"))
    doc = browser.open_selected()
    assert doc.metadata["document_id"] == "d220" and len(browser.explorer.children) == 1
    browser.words.value = "no such heading"
    assert browser.open_selected() is None and "No document matches" in browser.message.value
    first, last = months(browser.table["day"]).index("1934-05"), len(browser._months) - 1
    browser.words.value, browser.dates.index = "", (first, first)
    assert browser.current()["day"].str.startswith("1934-05").all()
    steps = interactions(load_memorandum())
    assert "whole_volume" in steps and len(steps) >= 4
    for step in steps.values():
        step(0)
        step(1)
    assert last > first
