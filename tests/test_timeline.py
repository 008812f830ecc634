"""The timeline: footnote citations, the conversation's references, the meeting, context events."""

import datetime as dt
import itertools
import json
import re

import matplotlib
import pandas as pd
import pytest
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

from helpers import DocumentError, load_memorandum
from helpers.citations import MONTHS, footnote_citations, parse_footnote
from helpers.timeline import (CONTEXT_COLUMNS, CONTEXT_FILE, LAYERS, REFERENCES,
                              TIMELINEJS_COLUMNS, cross_references, date_meeting, display_date,
                              _edtf_days, edtf_bounds, events, evidence_for, load_context,
                              meeting_evidence, plot_timeline, select_events, to_timelinejs, to_timelinejs_json)

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def memo():
    return load_memorandum()


@pytest.fixture(scope="module")
def table(memo):
    return events(memo)


# --- the citation parser -----------------------------------------------------------------

def test_full_proclamation_form():
    [row] = parse_footnote("Proclamation No. 2417, issued by the President on July 26, 1940, "
                           "Department of State Bulletin, July 27, 1940, p. 49.", 41)
    assert (row["kind"], row["number"], row["issued"], row["year_from"]) == \
        ("proclamation", 2417, "1940-07-26", "stated")
    assert (row["bulletin_date"], row["bulletin_page"]) == ("1940-07-27", 49)


def test_list_with_ibid_and_years_carried_over():
    text = ("Proclamation No. 1, issued by the President on March 3, 1939, Department of State "
            "Bulletin, March 4, 1939, p. 5. See also: No. 2 of April 9, ibid., April 15, 1939, "
            "p. 7; No. 3 of May 1, ibid., May 6, 1939, p. 9.")
    rows = parse_footnote(text, 7, context_year=1950)
    assert [r["issued"] for r in rows] == ["1939-03-03", "1939-04-09", "1939-05-01"]
    assert [r["year_from"] for r in rows] == ["stated", "earlier in the footnote",
                                             "earlier in the footnote"]
    assert all(r["published"].startswith("Department of State Bulletin") for r in rows)


def test_year_from_the_document_and_two_places_of_publication():
    [row] = parse_footnote("Statement of July 23 regarding the Baltic Republics; for text, see "
                           "vol. i, p. 401, or Department of State Bulletin, July 27, 1940, p. 48.",
                           43, context_year=1940)
    assert (row["issued"], row["year_from"], row["subject"]) == \
        ("1940-07-23", "the document's date", "the Baltic Republics")
    assert row["published"] == ("FRUS 1940, vol. I, p. 401; Department of State Bulletin, "
                                "July 27, 1940, p. 48")


def test_cross_reference_is_kept_as_one():
    [row] = parse_footnote("See footnote 25, p. 311.", 42)
    assert (row["kind"], row["see_footnote"], row["see_page"]) == ("cross-reference", 25, 311)
    assert row["issued"] is pd.NA


def test_ibid_from_an_earlier_footnote():
    [row] = parse_footnote("No. 9 of June 1, 1940, ibid., June 8, 1940, p. 3.", 44,
                           ibid="Department of State Bulletin")
    assert row["published"] == "Department of State Bulletin, June 8, 1940, p. 3"


BAD = [
    ("unknown month", "No. 2423 of Septembr 12, 1940, Department of State Bulletin, "
     "September 14, 1940, p. 213.", "unknown month 'Septembr'"),
    ("no such day", "No. 2423 of September 31, 1940, Department of State Bulletin, "
     "October 5, 1940, p. 213.", "no such date"),
    ("ibid. first", "No. 2423 of September 12, 1940, ibid., September 14, 1940, p. 213.",
     "'ibid.' in"),
    ("unreadable form", "No. 2423 of 12 September 1940, Department of State Bulletin, "
     "September 14, 1940, p. 213.", "cannot read the citation"),
    ("published before issued", "No. 2423 of September 12, 1940, Department of State Bulletin, "
     "September 1, 1940, p. 213.", "after its publication"),
    ("nowhere printed", "Proclamation No. 2417, issued by the President on July 26, 1940.",
     "says nowhere where it was printed"),
    ("publication citing nothing", "Department of State Bulletin, July 27, 1940, p. 49.",
     "cites nothing before it"),
    ("no year at all", "Statement of July 23 regarding peace; for text, see Department of State "
     "Bulletin, July 27, 1940, p. 48.", "has no year"),
    ("no citation", "The editors say nothing here.", "no citation found"),
    ("damaged cross-reference", "See footnote 25, page 311.", "cannot read the citation"),
]


@pytest.mark.parametrize("name, text, words", BAD, ids=[b[0] for b in BAD])
def test_bad_citations_name_the_footnote_and_the_problem(name, text, words):
    year = None if name == "no year at all" else 1940
    with pytest.raises(DocumentError) as info:
        parse_footnote(text, 41, context_year=year)
    assert str(info.value).startswith("footnote 41: ")
    assert words in str(info.value)


# --- the memorandum's footnotes, checked against their words -------------------------------

EXPECTED = {  # read by eye from footnotes 41 and 43
    2417: ("1940-07-26", "July 26, 1940", "1940-07-27", 49),
    2423: ("1940-09-12", "September 12", "1940-09-14", 213),
    2428: ("1940-09-30", "September 30", "1940-10-05", 279),
    2449: ("1940-12-10", "December 10", "1940-12-14", 529),
    2451: ("1940-12-20", "December 20", "1940-12-21", 559),
}


def test_every_proclamation_in_footnote_41(memo):
    cites = footnote_citations(memo)
    procs = cites[cites["kind"] == "proclamation"]
    assert procs["footnote"].tolist() == [41] * 5
    for row in procs.itertuples():
        assert (row.issued, row.issued_words, row.bulletin_date, row.bulletin_page) == \
            EXPECTED[row.number]


def test_every_footnote_date_matches_the_footnotes_words(memo):
    notes = memo.footnotes.set_index("n")["text"]
    for row in footnote_citations(memo).dropna(subset=["issued"]).itertuples():
        text = notes[row.footnote]
        assert text[row.note_start:row.note_end] == row.quote
        assert row.issued_words in row.quote
        date = dt.date.fromisoformat(row.issued)
        month, day = re.match(r"([A-Z][a-z]+) (\d+)", row.issued_words).groups()
        assert (MONTHS[month], int(day)) == (date.month, date.day)
        if row.year_from == "stated":
            assert str(date.year) in row.issued_words
        else:
            assert str(date.year) not in row.issued_words


def test_statement_and_cross_reference_in_the_memorandum(memo):
    cites = footnote_citations(memo).set_index("footnote")
    assert cites.at[43, "issued"] == "1940-07-23" and cites.at[43, "frus_page"] == 401
    assert (cites.at[42, "see_footnote"], cites.at[42, "see_page"]) == (25, 311)
    refs = cross_references(memo)
    assert refs["footnote"].tolist() == [42]
    assert refs.at[0, "seen"].startswith("no:")
    assert set(refs.at[0, "context_events"].split("; ")) <= set(load_context()["event_id"])


# --- events ----------------------------------------------------------------------------------

def test_events_columns_and_layers(table):
    for column in ["event_id", "label", "date_edtf", "date_lower", "date_upper", "precision",
                   "layer", "evidence", "source"]:
        assert column in table.columns
    assert table["event_id"].is_unique
    assert list(table["layer"].cat.categories) == LAYERS
    assert set(table["layer"]) == set(LAYERS)
    assert table["source"].str.len().min() > 10


def test_every_edtf_string_parses_and_bounds_agree(table):
    for row in table.itertuples():
        parsed = parse_edtf(row.date_edtf)
        assert pd.Timestamp(*parsed.lower_strict()[:3]) == row.date_lower
        assert pd.Timestamp(*parsed.upper_strict()[:3]) == row.date_upper
        assert row.date_lower <= row.date_upper
        assert row.precision in {"day", "month", "year", "range"}
        assert row.approximate == bool(re.search(r"[~?%]", row.date_edtf))


def test_every_event_points_to_an_existing_sentence_or_footnote(memo, table):
    sentences = memo.sentences.set_index("sent_id")
    notes = memo.footnotes.set_index("n")["text"]
    for row in table.itertuples():
        if row.layer == "module":
            assert pd.isna(row.sent_id) and row.evidence.startswith(CONTEXT_FILE.name)
            continue
        assert row.sent_id in sentences.index, row.event_id
        if pd.notna(row.char_start):
            sent = sentences.loc[row.sent_id]
            assert sent.char_start <= row.char_start < row.char_end <= sent.char_end
            assert memo.text[row.char_start:row.char_end] == row.quote
        if pd.notna(row.footnote):
            assert row.footnote in notes.index
        if row.layer == "editors":
            assert row.quote in notes[row.footnote]
            assert row.evidence == f"footnote {row.footnote}"
        else:
            assert f"sentence {row.sent_id}" in row.evidence


def test_every_reference_is_found_once_as_listed(memo):
    for ref in REFERENCES:
        assert memo.text.count(ref.phrase) >= ref.occurrence, ref.phrase


def test_relative_dates_follow_the_meeting_date(memo):
    frus = events(memo).set_index("event_id")["date_edtf"]
    assert frus["conv-statement"] == "1940-07-24"
    assert frus["conv-next-meeting"] == "1940-08-01/1940-08-03"  # July 27, 1940 was a Saturday
    assert frus["conv-litvinov"] == "1933~"
    assert frus["conv-20-years"] == "1919-07~/1939-07~"
    assert frus["conv-past-year"] == "1939-07-27~/1940-07-27"
    assert frus["conv-july-2"] == "1940-07-02"
    moved = events(memo, meeting=dt.date(1940, 7, 24)).set_index("event_id")["date_edtf"]
    assert moved["conv-statement"] == "1940-07-21"
    assert moved["conv-next-meeting"] == "1940-08-01/1940-08-03"  # a Wednesday: same next week


def test_the_meeting_twice(memo, table):
    meeting = table[table["layer"] == "meeting"].set_index("event_id")
    assert meeting.at["meeting-frus", "date_edtf"] == memo.metadata["date"] == "1940-07-27"
    assert meeting.at["meeting-internal", "date_edtf"] == "1940-07-26"
    evidence = meeting_evidence(memo)
    assert evidence["date_edtf"].tolist()[:3] == ["1940-07-27", "1940-07-26", "1940-07-26/.."]
    assert evidence["date_upper"].isna().tolist()[:3] == [False, False, True]
    assert date_meeting("1940-07-23", 4) == "1940-07-27"


def test_context_file_rows_cite_sources():
    context = pd.read_csv(CONTEXT_FILE, dtype=str)
    assert list(context.columns) == CONTEXT_COLUMNS
    assert context.notna().all().all()
    assert context["url"].str.startswith("https://").all()
    assert len(load_context()) == len(context)


CSV_HEAD = ",".join(CONTEXT_COLUMNS) + "\n"
GOOD_ROW = "a,Label,1940-07-02,What happened.,A source,https://example.org\n"
BAD_CSV = [
    ("empty source", CSV_HEAD + GOOD_ROW + "b,Label,1940,Desc.,,https://example.org\n", 3,
     "source is empty"),
    ("bad EDTF", CSV_HEAD + "b,Label,1940-13-01,Desc.,Src,https://example.org\n", 2,
     "not a valid EDTF date"),
    ("repeated id", CSV_HEAD + GOOD_ROW + GOOD_ROW, 3, "repeated"),
    ("no https", CSV_HEAD + "b,Label,1940,Desc.,Src,example.org\n", 2, "not https"),
    ("wrong columns", "id,label\n", 1, "columns"),
]


@pytest.mark.parametrize("name, text, line, words", BAD_CSV, ids=[b[0] for b in BAD_CSV])
def test_bad_context_rows_are_reported(tmp_path, name, text, line, words):
    path = tmp_path / "context.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        load_context(path)
    assert f"context.csv, line {line}" in str(info.value)
    assert words in str(info.value)


def test_edtf_bounds_and_display():
    bounds = edtf_bounds("1940-08-01/1940-08-03")
    assert (bounds["date_lower"], bounds["date_upper"], bounds["precision"]) == \
        (pd.Timestamp("1940-08-01"), pd.Timestamp("1940-08-03"), "range")
    assert edtf_bounds("1940-07")["date_upper"] == pd.Timestamp("1940-07-31")
    assert display_date("1940-07-26") == "July 26, 1940"
    assert display_date("1919-07~/1939-07~") == "about July 1919 – about July 1939"
    with pytest.raises(DocumentError):
        edtf_bounds("July 1940")


@pytest.mark.parametrize("value", ["1940", "1940-02", "1939-02", "1900-02", "2000-02",
                                   "1940-12", "1940-12-31", "1940-07-27", "0001", "9999-12",
                                   "1933~", "1940-08-02?", "1940-07%", "1919-07~/1939-07~",
                                   "1940-07-21/1940-07-30", "1939-07-27~/1940-07-27",
                                   "1940/1941-02", "1940-07-27/1940-07-27"])
def test_plain_dates_are_read_as_edtf_reads_them(value):
    """The fast path for plain calendar dates and their intervals gives what edtf gives."""
    _edtf_days.cache_clear()
    parsed = parse_edtf(value)
    assert _edtf_days(value) == (tuple(parsed.lower_strict()[:3]),
                                 tuple(parsed.upper_strict()[:3]))


def test_every_interval_of_plain_dates_is_read_as_edtf_reads_it():
    ends = ["1940", "1941-02", "1940-07-27", "1933~", "1940-08-02?", "1940-07%", "1939-12-31~"]
    for start, end in itertools.product(ends, ends):
        value = f"{start}/{end}"
        _edtf_days.cache_clear()
        try:
            parsed = parse_edtf(value)
        except EDTFParseException:
            assert _edtf_days(value) is None, value
        else:
            assert _edtf_days(value) == (tuple(parsed.lower_strict()[:3]),
                                         tuple(parsed.upper_strict()[:3])), value


@pytest.mark.parametrize("value", ["1940-02-30", "1940-13", "0000", "1940-7-27", "1940-07-27 ",
                                   "1941/1940", "1940-07-27/..", "../1940", "1940/", "/1940",
                                   "1940~~", "1940-07-27/1940-07-30/1941", "1940-?07"])
def test_impossible_plain_dates_go_to_edtf(value):
    _edtf_days.cache_clear()
    try:
        parse_edtf(value)
    except EDTFParseException:
        assert _edtf_days(value) is None
    else:
        assert _edtf_days(value) is not None


def test_select_events_and_evidence(memo, table):
    late = select_events(table, ["editors"], "1940-08-01", "1940-12-31")
    assert late["label"].tolist() == ["Proclamation No. 2423", "Proclamation No. 2428",
                                      "Proclamation No. 2449", "Proclamation No. 2451"]
    spans = select_events(table, ["conversation"], "1930-01-01", "1930-12-31")
    assert spans["event_id"].tolist() == ["conv-20-years"]
    text = evidence_for(memo, table, "conv-statement")
    assert "»three days before«" in text and "Sentence 19" in text
    assert "Footnote 41 (FRUS editors)" in evidence_for(memo, table, "fn41-2")
    with pytest.raises(DocumentError):
        evidence_for(memo, table, "nothing")


def test_timelinejs_exports(table):
    sheet = to_timelinejs(table)
    assert list(sheet.columns) == TIMELINEJS_COLUMNS and len(sheet) == len(table)
    first = sheet[sheet["Headline"] == "Proclamation No. 2423"].iloc[0]
    assert (first["Year"], first["Month"], first["Day"], first["End Year"]) == ("1940", "9", "12", "")
    doc = json.loads(json.dumps(to_timelinejs_json(table, "Test")))
    assert len(doc["events"]) == len(table)
    havana = next(e for e in doc["events"] if e["text"]["headline"].startswith("Havana"))
    assert havana["start_date"] == {"year": 1940, "month": 7, "day": 21}
    assert havana["end_date"] == {"year": 1940, "month": 7, "day": 30}


@pytest.mark.parametrize("view, layers", [("july-december-1940", None),
                                          ("long", ["conversation", "module"]),
                                          ("long", None)])
def test_figures_are_titled_legible_and_labels_do_not_collide(table, view, layers):
    fig = plot_timeline(select_events(table, layers), view)
    width, height = fig.get_size_inches() * fig.dpi
    assert width <= 1280 and (height <= 800 or layers is None)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() == "Date"
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_gid() == "label"]
    assert boxes
    figure_box = fig.bbox
    for box in boxes:
        assert box.x0 >= figure_box.x0 and box.x1 <= figure_box.x1
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    assert min(t.get_fontsize() for t in ax.texts) >= 10
    matplotlib.pyplot.close(fig)


def test_the_widget_calls_the_same_functions(memo, table):
    from helpers.widgets.timeline import timeline_explorer

    widget = timeline_explorer(memo, table)
    boxes, _, _, chooser, _ = widget.children
    for box in boxes.children:
        box.value = box.description == "Editors' footnotes"
    assert [v for _, v in chooser.options] == \
        select_events(table, ["editors"], "1940-07-01", "1940-12-31")["event_id"].tolist()
    matplotlib.pyplot.close("all")
