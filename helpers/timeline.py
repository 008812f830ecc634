"""The memorandum in time: the conversation's references, the meeting, the editors' footnotes, context.

One table, :func:`events`, holds every event, each in one of four layers:

- ``conversation``: what Welles and Oumansky refer to, found by searching the reading text for
  the phrases in :data:`REFERENCES`; relative dates ("three days before") are computed from the
  meeting's date;
- ``meeting``: the meeting itself, dated by the FRUS editors and, separately, by internal evidence;
- ``editors``: the proclamations and the statement cited in the FRUS editors' footnotes, read by
  :mod:`helpers.citations` (hindsight: most came after the meeting);
- ``module``: context this module adds, from ``data/context-events.csv``, each row with its source.

Every date is an EDTF string (``1940-07-26``, ``1933~``, ``1940-08-01/1940-08-03``) parsed with the
``edtf`` package, which also gives the earliest and latest day it allows (``date_lower``,
``date_upper``).

>>> from helpers import load_memorandum
>>> table = events(load_memorandum())
>>> table.loc[table["event_id"] == "conv-statement", ["date_edtf", "sent_id"]].values.tolist()
[['1940-07-24', 19]]
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

from .citations import footnote_citations, read_date
from .csvrows import csv_rows
from .document import Document
from .errors import DocumentError

CONTEXT_FILE = Path(__file__).resolve().parent.parent / "data" / "context-events.csv"
CONTEXT_COLUMNS = ["event_id", "label", "date_edtf", "description", "source", "url"]

#: The four layers, in the order the timeline shows them (top to bottom).
LAYERS = ["conversation", "meeting", "editors", "module"]
LAYER_NAMES = {"conversation": "In the conversation", "meeting": "The meeting",
               "editors": "Editors' footnotes", "module": "Module context"}
_LANE_NAMES = {"conversation": "In the\nconversation", "meeting": "The\nmeeting",
               "editors": "Editors'\nfootnotes", "module": "Module\ncontext"}

COLUMNS = ["event_id", "label", "date_edtf", "date_lower", "date_upper", "precision",
           "approximate", "layer", "evidence", "sent_id", "footnote", "char_start", "char_end",
           "quote", "reasoning", "source"]

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "twenty": 20}


@dataclass(frozen=True)
class Reference:
    """A phrase of the memorandum that refers to a time, and how to date it.

    ``rule`` is one of: ``on`` (a date printed in the phrase), ``before`` (N days or years before
    the meeting), ``period`` (N years ending where "the past year" begins), ``past`` (the year up
    to the meeting), ``next-week-late`` (Thursday to Saturday of the week after the meeting).
    """

    event_id: str
    label: str
    phrase: str
    rule: str
    occurrence: int = 1


#: The conversation's references to time: the curated table the timeline searches for.
REFERENCES = [
    Reference("conv-july-2", "Proclamation and regulations of July 2",
              "issued by the President on July 2", "on"),
    Reference("conv-statement", "Welles's statement, \"three days before\"",
              "three days before", "before"),
    Reference("conv-litvinov", "Litvinov in Washington, \"seven years\" ago",
              "over a period of seven years", "before"),
    Reference("conv-20-years", "\"A period of 20 years\" of Soviet peace policy",
              "a period of 20 years", "period"),
    Reference("conv-past-year", "\"The past year\": the Soviet change of policy",
              "the past year", "past"),
    Reference("conv-next-meeting", "Next meeting, \"the latter part of next week\"",
              "the latter part of next week", "next-week-late"),
]


def edtf_bounds(value: str, where: str = "EDTF") -> dict:
    """Parse an EDTF string: its earliest and latest day, precision and whether it is approximate.

    >>> b = edtf_bounds("1933~")
    >>> b["date_lower"].date(), b["date_upper"].date(), b["precision"], b["approximate"]
    (datetime.date(1933, 1, 1), datetime.date(1933, 12, 31), 'year', True)
    """
    days = _edtf_days(value)
    if days is None:
        raise DocumentError(where, None, f"not a valid EDTF date: {value!r}")
    lower, upper = (_timestamp(day) for day in days)
    if "/" in value:
        precision = "range"
    else:
        precision = ["year", "month", "day"][re.sub(r"[~?%]", "", value).count("-")]
    return {"date_edtf": value, "date_lower": lower, "date_upper": upper, "precision": precision,
            "approximate": bool(re.search(r"[~?%]", value))}


#: A calendar date, perhaps qualified as a whole (``1940-07-27``, ``1940-07~``, ``1933?``).
_PLAIN_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?[~?%]?")


@functools.lru_cache(maxsize=1024)
def _edtf_days(value: str) -> tuple[tuple | None, tuple | None] | None:
    """The earliest and latest (year, month, day) of an EDTF string, None for an open end; None
    if it is not EDTF.

    Plain calendar dates and intervals between two of them (``1940``, ``1940-07-27~``,
    ``1940-07-21/1940-07-30``) are read here: the edtf library's grammar takes about 6 ms for
    each string, and nearly all of this module's dates have these forms (a test checks that
    both readings agree). Anything else goes to edtf. Strings repeat, so answers are kept.

    >>> _edtf_days("1940-02"), _edtf_days("1919-07~/1939-07~"), _edtf_days("1940-13")
    (((1940, 2, 1), (1940, 2, 29)), ((1919, 7, 1), (1939, 7, 31)), None)
    """
    start, slash, end = value.partition("/")
    first, last = _plain_days(start), _plain_days(end) if slash else None
    if first is not None and not slash:
        return first
    if first is not None and last is not None and first[0] <= last[1]:
        return first[0], last[1]
    try:  # anything else, and anything the lines above cannot tell: edtf decides
        parsed = parse_edtf(value)
    except EDTFParseException:
        return None
    return tuple(None if isinstance(struct, float) else tuple(struct[:3])
                 for struct in (parsed.lower_strict(), parsed.upper_strict()))


def _plain_days(value: str) -> tuple[tuple, tuple] | None:
    """The first and last day of a plain calendar date, or None (not plain, or not a day)."""
    plain = _PLAIN_DATE.fullmatch(value)
    if plain is None:
        return None
    year, month, day = (int(part) if part else None for part in plain.groups())
    try:
        first = dt.date(year, month or 1, day or 1)
        last = dt.date(year, month or 12, day or calendar.monthrange(year, month or 12)[1])
    except ValueError:
        return None  # not a day of the calendar (1940-02-30, year 0)
    return (first.year, first.month, first.day), (last.year, last.month, last.day)


def _timestamp(day: tuple | None) -> pd.Timestamp:
    """A day as a timestamp; an open end ("..", infinity in edtf) gives NaT."""
    return pd.NaT if day is None else pd.Timestamp(*day)


def _iso(date: dt.date) -> str:
    return date.isoformat()


def _shift_years(date: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for 29 February in a common year)."""
    try:
        return date.replace(year=date.year - years)
    except ValueError:
        return date.replace(year=date.year - years, day=28)


def _amount(phrase: str) -> tuple[int, str]:
    """The number and unit in a phrase: "three days before" gives (3, "day")."""
    match = re.search(r"\b(\d+|" + "|".join(NUMBER_WORDS) + r") (day|week|month|year)s?\b",
                      phrase)
    if match is None:
        raise DocumentError("timeline references", None, f"no number of days or years in {phrase!r}")
    number = match[1]
    return (int(number) if number.isdigit() else NUMBER_WORDS[number]), match[2]


def date_reference(ref: Reference, meeting: dt.date) -> tuple[str, str]:
    """The EDTF date of a reference and the reasoning, computed from the meeting's date.

    >>> date_reference(REFERENCES[1], dt.date(1940, 7, 27))[0]
    '1940-07-24'
    """
    said = f"\u201c{ref.phrase}\u201d"
    if ref.rule == "on":
        words = re.search(r"[A-Z][a-z]+ \d{1,2}(?:, \d{4})?", ref.phrase)
        if words is None:
            raise DocumentError("timeline references", None, f"no date in {ref.phrase!r}")
        date, _ = read_date(words[0], meeting.year, "timeline references")
        return _iso(date), f"{said}: the date is printed; the year is the meeting's ({meeting.year})."
    if ref.rule == "before":
        n, unit = _amount(ref.phrase)
        if unit == "day":
            date = meeting - dt.timedelta(days=n)
            return _iso(date), f"{said}: {meeting} minus {n} days is {date}."
        year = meeting.year - n
        return f"{year}~", (f"{said}: {meeting.year} minus {n} years is {year}; a round number, "
                            "so the year is marked approximate (~).")
    if ref.rule == "period":
        n, _ = _amount(ref.phrase)
        end = _shift_years(meeting, 1)
        start = _shift_years(end, n)
        value = f"{start:%Y-%m}~/{end:%Y-%m}~"
        return value, (f"{said}, ending where \u201cthe past year\u201d begins ({end:%B %Y}): "
                       f"{n} years back is {start:%B %Y}; both ends approximate.")
    if ref.rule == "past":
        start = _shift_years(meeting, 1)
        return f"{start}~/{meeting}", (f"{said}: the twelve months up to the meeting, {start} to "
                                       f"{meeting}; the start is approximate.")
    if ref.rule == "next-week-late":
        monday = meeting + dt.timedelta(days=7 - meeting.weekday())
        first, last = monday + dt.timedelta(days=3), monday + dt.timedelta(days=5)
        return f"{first}/{last}", (f"{said}: the meeting was a {meeting:%A}; the next week begins "
                                   f"Monday {monday}; its latter part, Thursday to Saturday, is "
                                   f"{first} to {last}.")
    raise DocumentError("timeline references", None, f"unknown rule {ref.rule!r} for {ref.event_id}")


def find_phrase(doc: Document, phrase: str, occurrence: int = 1) -> dict:
    """Where a phrase occurs in the reading text: its offsets and sentence.

    >>> from helpers import load_memorandum
    >>> find_phrase(load_memorandum(), "three days before")["sent_id"]
    19
    """
    start = -1
    for _ in range(occurrence):
        start = doc.text.find(phrase, start + 1)
        if start < 0:
            raise DocumentError("timeline references", None,
                                f"{phrase!r} (occurrence {occurrence}) is not in the text")
    end = start + len(phrase)
    sentences = doc.sentences
    hit = sentences[(sentences["char_start"] <= start) & (sentences["char_end"] >= end)]
    if hit.empty:
        raise DocumentError("timeline references", None, f"{phrase!r} spans two sentences")
    return {"sent_id": int(hit["sent_id"].iat[0]), "char_start": start, "char_end": end,
            "quote": doc.text[start:end]}


def meeting_date(doc: Document) -> dt.date:
    """The meeting's date as the FRUS editors give it (``metadata["date"]``)."""
    value = doc.metadata.get("date")
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DocumentError("memorandum.json", None, f"date {value!r} is not YYYY-MM-DD") from None


def conversation_events(doc: Document, meeting: dt.date | None = None) -> pd.DataFrame:
    """The conversation's references to time, each tied to its sentence by offsets."""
    meeting = meeting or meeting_date(doc)
    rows = []
    for ref in REFERENCES:
        place = find_phrase(doc, ref.phrase, ref.occurrence)
        value, reasoning = date_reference(ref, meeting)
        rows.append({"event_id": ref.event_id, "label": ref.label, **edtf_bounds(value, ref.event_id),
                     "layer": "conversation", "evidence": f"sentence {place['sent_id']}", **place,
                     "reasoning": reasoning, "source": _memo_source(doc)})
    return _table(rows)


def _memo_source(doc: Document) -> str:
    return f"FRUS 1940, vol. III, doc. {doc.metadata.get('document_number', '?')}, " \
           f"{doc.metadata.get('url', '')}".strip()


def footnote_events(doc: Document) -> pd.DataFrame:
    """The proclamations and statements the editors' footnotes cite, one event each."""
    rows = []
    for cite in footnote_citations(doc).itertuples():
        if cite.kind == "cross-reference":
            continue  # no date of its own: see cross_references()
        label = (f"Proclamation No. {cite.number}" if cite.kind == "proclamation"
                 else f"Statement of {cite.issued_words}")
        rows.append({"event_id": f"fn{cite.footnote}-{cite.item}", "label": label,
                     **edtf_bounds(cite.issued, f"footnote {cite.footnote}"), "layer": "editors",
                     "evidence": f"footnote {cite.footnote}", "footnote": cite.footnote,
                     "sent_id": cite.sent_id, "quote": cite.quote,
                     "reasoning": _year_reasoning(cite.issued_words, cite.year_from),
                     "source": f"FRUS 1940, vol. III, p. {_note_page(doc, cite.footnote)}, "
                               f"footnote {cite.footnote}; printed in {cite.published}"})
    return _table(rows)


def _year_reasoning(words: str, year_from: str) -> str:
    """How a footnote date got its year, in words."""
    if year_from == "stated":
        return f"printed \u201c{words}\u201d"
    return f"printed \u201c{words}\u201d; the year is carried over from {year_from}"


def _note_page(doc: Document, n: int) -> int:
    return int(doc.footnotes.loc[doc.footnotes["n"] == n, "page"].iat[0])


def meeting_events(doc: Document) -> pd.DataFrame:
    """The meeting twice: the editors' date, and July 23 (footnote 43) plus "three days"."""
    frus = meeting_date(doc)
    morning = find_phrase(doc, "this morning")
    notes = footnote_events(doc)
    cites = footnote_citations(doc)
    first = cites[cites["kind"] == "statement"].iloc[0]
    statement = notes[notes["event_id"] == f"fn{first['footnote']}-{first['item']}"]
    said = find_phrase(doc, "three days before")
    days, _ = _amount(said["quote"])
    stated = statement["date_lower"].iat[0].date()
    internal = stated + dt.timedelta(days=days)
    rows = [
        {"event_id": "meeting-frus", "label": "Meeting: the FRUS date", **edtf_bounds(_iso(frus)),
         "layer": "meeting", "evidence": f"editors' heading; sentence {morning['sent_id']}",
         **morning, "reasoning": f"The editors date the memorandum {frus:%B %-d, %Y}; the text "
                                 "says only \u201cthis morning\u201d.",
         "source": doc.metadata.get("citation", _memo_source(doc))},
        {"event_id": "meeting-internal", "label": "Meeting: July 23 + \"three days\"",
         **edtf_bounds(_iso(internal)), "layer": "meeting",
         "evidence": f"sentence {said['sent_id']}; footnote {statement['footnote'].iat[0]}", **said,
         "footnote": statement["footnote"].iat[0],
         "reasoning": f"Footnote {statement['footnote'].iat[0]} dates the statement {stated}; "
                      f"\u201cthree days before\u201d puts the meeting {days} days later, on "
                      f"{internal}.", "source": _memo_source(doc)},
    ]
    return _table(rows)


def load_context(path: Path | str = CONTEXT_FILE) -> pd.DataFrame:
    """The module's context events (``data/context-events.csv``), checked row by row."""
    path = Path(path)
    rows, seen = [], set()
    for line, record in csv_rows(path, CONTEXT_COLUMNS):
        for column in CONTEXT_COLUMNS:
            if not record[column].strip():
                raise DocumentError(path.name, line, f"{column} is empty")
        if record["event_id"] in seen:
            raise DocumentError(path.name, line, f"event_id {record['event_id']!r} repeated")
        if not record["url"].startswith("https://"):
            raise DocumentError(path.name, line, f"url {record['url']!r} is not https://")
        seen.add(record["event_id"])
        bounds = edtf_bounds(record["date_edtf"], f"{path.name}, line {line}")
        rows.append({"event_id": record["event_id"], "label": record["label"], **bounds,
                     "layer": "module", "evidence": f"{path.name}, line {line}",
                     "quote": record["description"], "reasoning": "as the cited source dates it",
                     "source": f"{record['source']}, {record['url']}"})
    if not rows:
        raise DocumentError(path.name, 1, "no context events")
    return _table(rows)


def events(doc: Document, meeting: dt.date | None = None) -> pd.DataFrame:
    """Every event of the timeline, in all four layers, ordered by layer and date.

    ``meeting`` changes the date from which the conversation's relative references are
    computed (the FRUS date by default).
    """
    table = pd.concat([conversation_events(doc, meeting), meeting_events(doc),
                       footnote_events(doc), load_context()], ignore_index=True)
    table = table.sort_values(["layer", "date_lower", "event_id"], kind="stable")
    return table.reset_index(drop=True)


def _table(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("sent_id", "footnote", "char_start", "char_end"):
        table[column] = table[column].astype("Int64")
    table["approximate"] = table["approximate"].astype(bool)
    table["layer"] = pd.Categorical(table["layer"], categories=LAYERS, ordered=True)
    return table


def date_meeting(statement: str, days: int) -> str:
    """The meeting's date if the statement of ``statement`` was issued ``days`` days before it.

    >>> date_meeting("1940-07-23", 3)
    '1940-07-26'
    """
    return _iso(dt.date.fromisoformat(statement) + dt.timedelta(days=days))


#: What other records say about the meeting's date (module layer; each with its source).
OTHER_RECORDS = [
    ("FRUS 1940, vol. IV, doc. 637", "1940-07-27",
     "Welles hands the Japanese Ambassador the same regulations, \u201capproved yesterday evening "
     "by the President and made public this morning\u201d, in a part headed July 27, 1940.",
     "https://history.state.gov/historicaldocuments/frus1940v04/d637"),
    ("FRUS 1940, vol. III, doc. 266", "1940-07-27",
     "Henderson's record of the next meeting refers to \u201ctheir conversation on July 27\u201d.",
     "https://history.state.gov/historicaldocuments/frus1940v03/d266"),
]


def meeting_evidence(doc: Document) -> pd.DataFrame:
    """The lines of evidence for the meeting's date, each with whose evidence it is.

    >>> from helpers import load_memorandum
    >>> meeting_evidence(load_memorandum())["date_edtf"].tolist()[:3]
    ['1940-07-27', '1940-07-26', '1940-07-26/..']
    """
    meetings = meeting_events(doc).set_index("event_id")
    cites = footnote_citations(doc)
    handed = cites[cites["kind"] == "proclamation"].iloc[0]
    rows = [
        {"evidence": "the FRUS heading", "whose": "FRUS editors",
         "date_edtf": meetings.at["meeting-frus", "date_edtf"],
         "reasoning": meetings.at["meeting-frus", "reasoning"],
         "source": doc.metadata.get("url", "")},
        {"evidence": "\u201cthree days before\u201d + footnote 43", "whose": "memorandum + FRUS editors",
         "date_edtf": meetings.at["meeting-internal", "date_edtf"],
         "reasoning": meetings.at["meeting-internal", "reasoning"],
         "source": doc.metadata.get("url", "")},
        {"evidence": f"the proclamation handed over + footnote {handed['footnote']}",
         "whose": "memorandum + FRUS editors", "date_edtf": f"{handed['issued']}/..",
         "reasoning": f"Welles handed over a copy of the proclamation; footnote {handed['footnote']} "
                      f"says No. {handed['number']} was issued on {handed['issued']}, so the "
                      "meeting cannot be earlier.", "source": doc.metadata.get("url", "")},
    ]
    for name, date, said, url in OTHER_RECORDS:
        rows.append({"evidence": name, "whose": "another record", "date_edtf": date,
                     "reasoning": said, "source": url})
    table = pd.DataFrame(rows)
    bounds = pd.DataFrame([edtf_bounds(v) for v in table["date_edtf"]])
    table["date_lower"], table["date_upper"] = bounds["date_lower"], bounds["date_upper"]
    return table[["evidence", "whose", "date_edtf", "date_lower", "date_upper", "reasoning",
                  "source"]]


#: What the editors' cross-references point to, as far as this module could check.
CROSS_REFERENCE_NOTES = {
    (25, 311): {
        "seen": "no: we found no copy of page 311, so we do not know the words of footnote 25",
        "explanation": (
            "Footnote 42 stands after \u201cthe proclamation and regulations issued by the "
            "President on July 2\u201d. On July 2, 1940 the President signed the act \u201cto "
            "expedite the strengthening of the national defense\u201d, whose section 6 allowed "
            "him to require licences for exports (FRUS, Japan 1931\u20131941, vol. II, doc. 135), "
            "and issued Proclamation No. 2413 under it (54 Stat. 2712), followed by regulations "
            "(ibid., doc. 134). That footnote 25 cites these is our inference from the sentence, "
            "not something we have read."),
        "context_events": ["act-of-july-2", "proclamation-2413"],
    },
}


def cross_references(doc: Document) -> pd.DataFrame:
    """The editors' cross-references ("See footnote 25, p. 311."), with what they point to."""
    context = set(load_context()["event_id"])
    rows = []
    for cite in footnote_citations(doc).query("kind == 'cross-reference'").itertuples():
        key = (int(cite.see_footnote), int(cite.see_page))
        if key not in CROSS_REFERENCE_NOTES:
            raise DocumentError(f"footnote {cite.footnote}", None,
                                f"no note on what footnote {key[0]}, p. {key[1]} says")
        note = CROSS_REFERENCE_NOTES[key]
        missing = [e for e in note["context_events"] if e not in context]
        if missing:
            raise DocumentError(CONTEXT_FILE.name, None, f"no context event {missing[0]!r}")
        rows.append({"footnote": cite.footnote, "sent_id": cite.sent_id, "quote": cite.quote,
                     "points_to": f"FRUS 1940, vol. III, p. {key[1]}, footnote {key[0]}",
                     "seen": note["seen"], "explanation": note["explanation"],
                     "context_events": "; ".join(note["context_events"])})
    return pd.DataFrame(rows)


def select_events(table: pd.DataFrame, layers: list[str] | None = None,
                  start: str | pd.Timestamp | None = None,
                  end: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """The events in the chosen layers whose dates overlap ``start`` to ``end`` (inclusive).

    >>> from helpers import load_memorandum
    >>> t = events(load_memorandum())
    >>> select_events(t, ["editors"], "1940-09-01", "1940-12-31")["label"].tolist()[:2]
    ['Proclamation No. 2423', 'Proclamation No. 2428']
    """
    keep = table["layer"].isin(layers if layers is not None else LAYERS)
    if start is not None:
        keep &= table["date_upper"].isna() | (table["date_upper"] >= pd.Timestamp(start))
    if end is not None:
        keep &= table["date_lower"] <= pd.Timestamp(end)
    return table[keep].reset_index(drop=True)


def evidence_for(doc: Document, table: pd.DataFrame, event_id: str) -> str:
    """The words an event rests on: its sentence, its footnote, or its cited context."""
    rows = table[table["event_id"] == event_id]
    if rows.empty:
        raise DocumentError("timeline", None, f"no event {event_id!r}")
    row = rows.iloc[0]
    lines = [f"{row['label']} ({row['date_edtf']}; {LAYER_NAMES[row['layer']]})"]
    if pd.notna(row["char_start"]):
        sent = doc.sentences[doc.sentences["sent_id"] == row["sent_id"]].iloc[0]
        start, end = int(row["char_start"]), int(row["char_end"])
        marked = (doc.text[sent["char_start"]:start] + "\u00bb" + doc.text[start:end] + "\u00ab"
                  + doc.text[end:sent["char_end"]])
        lines.append(f"Sentence {row['sent_id']} (the memorandum): {marked}")
    if pd.notna(row["footnote"]):
        text = doc.footnotes.loc[doc.footnotes["n"] == row["footnote"], "text"].iat[0]
        lines.append(f"Footnote {row['footnote']} (FRUS editors): {text}")
    if row["layer"] == "module":
        lines.append(f"This module: {row['quote']}")
    lines.append(f"Date: {row['reasoning']}")
    lines.append(f"Source: {row['source']}")
    return "\n".join(lines)


def display_date(value: str) -> str:
    """An EDTF date in words, as a reader would write it.

    >>> display_date("1933~"), display_date("1940-08-01/1940-08-03"), display_date("1940-08-02?")
    ('about 1933', 'August 1, 1940 – August 3, 1940', 'August 2, 1940 (uncertain)')
    """
    if "/" in value:
        first, last = value.split("/")
        return f"{display_date(first)} – {display_date(last)}" if last != ".." else \
            f"{display_date(first)} or later"
    plain = re.sub(r"[~?%]", "", value)
    parts = [int(p) for p in plain.split("-")]
    date = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    words = [f"{date.year}", f"{date:%B} {date.year}", f"{date:%B} {date.day}, {date.year}"]
    text = words[len(parts) - 1]
    if "~" in value or "%" in value:
        text = f"about {text}"
    if "?" in value or "%" in value:
        text = f"{text} (uncertain)"
    return text


TIMELINEJS_COLUMNS = ["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day",
                      "End Time", "Display Date", "Headline", "Text", "Media", "Media Credit",
                      "Media Caption", "Media Thumbnail", "Type", "Group", "Background"]


def _date_parts(value: str) -> list[int]:
    return [int(p) for p in re.sub(r"[~?%]", "", value).split("-")]


def to_timelinejs(table: pd.DataFrame) -> pd.DataFrame:
    """The events as a TimelineJS spreadsheet (its column names; save with ``.to_csv``)."""
    rows = []
    for row in table.itertuples():
        first, _, last = row.date_edtf.partition("/")
        start = _date_parts(first)
        end = _date_parts(last) if last and last != ".." else []
        record = dict.fromkeys(TIMELINEJS_COLUMNS, "")
        for names, parts in ((("Year", "Month", "Day"), start),
                             (("End Year", "End Month", "End Day"), end)):
            for name, part in zip(names, parts):
                record[name] = str(part)
        record.update({"Display Date": display_date(row.date_edtf), "Headline": row.label,
                       "Text": f"{row.quote} ({row.evidence}). {row.reasoning} Source: {row.source}",
                       "Group": LAYER_NAMES[row.layer]})
        rows.append(record)
    return pd.DataFrame(rows, columns=TIMELINEJS_COLUMNS)


def to_timelinejs_json(table: pd.DataFrame, title: str) -> dict:
    """The events as a TimelineJS JSON document (``json.dump`` it to a file)."""
    sheet = to_timelinejs(table)
    events_json = []
    for row in sheet.to_dict("records"):
        event = {"start_date": {k.lower(): int(row[k]) for k in ("Year", "Month", "Day") if row[k]},
                 "display_date": row["Display Date"],
                 "text": {"headline": row["Headline"], "text": row["Text"]},
                 "group": row["Group"]}
        end = {k.split()[1].lower(): int(row[k]) for k in ("End Year", "End Month", "End Day")
               if row[k]}
        if end:
            event["end_date"] = end
        events_json.append(event)
    return {"title": {"text": {"headline": title, "text": ""}}, "events": events_json}


#: The two standard views: the months around the meeting, and the long view from recognition.
VIEWS = {"july-december-1940": ("1940-07-01", "1940-12-31"),
         "long": ("1933-01-01", "1942-12-31")}

_FONT = 10  # label size in points: legible at 1280 × 800 on a projector
_CHAR = 0.6  # average character width, as a fraction of the font size (conservative)


def _label_rows(shown: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp,
                axes_inches: float) -> tuple[list[int], list[str]]:
    """Give each event a sub-row of its lane so that no two labels overlap, and a placement.

    A label goes to the right of its mark ("right"), else to its left ("left"), else over its
    bar ("inside", for long spans): the first that fits in the first sub-row with room.
    """
    days_per_inch = (end - start).days / axes_inches
    pad = pd.Timedelta(days=0.15 * days_per_inch)
    rows, places, lanes = [], [], {}
    for row in shown.itertuples():
        x0 = max(row.date_lower, start)
        x1 = min(row.date_upper if pd.notna(row.date_upper) else end, end)
        width = pd.Timedelta(days=(len(row.label) + 2) * _FONT * _CHAR / 72 * days_per_inch)
        options = [("right", (x0 - pad, x1 + width + pad)), ("left", (x0 - width - pad, x1 + pad)),
                   ("inside", (x0 - pad, max(x1, x0 + width) + pad))]
        options = [(p, span) for p, span in options if span[0] >= start - pad and span[1] <= end + pad]
        options = options or [("inside", (x0, x1))]
        taken = lanes.setdefault(row.layer, [])
        for i in range(len(taken) + 1):
            if i == len(taken):
                taken.append([])
            fits = [(p, span) for p, span in options
                    if all(span[1] < a or b < span[0] for a, b in taken[i])]
            if fits:
                place, span = fits[0]
                taken[i].append(span)
                rows.append(i)
                places.append(place)
                break
    return rows, places


def plot_timeline(table: pd.DataFrame, view: str = "july-december-1940", *,
                  title: str | None = None):
    """A timeline figure: one lane per layer, ranges as bars, approximate dates hollow.

    ``view`` is a key of :data:`VIEWS` or a pair of dates ``(start, end)``. Events outside the
    view are listed under the figure, not silently dropped.
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .plots import PALETTE, new_figure

    start, end = (pd.Timestamp(d) for d in (VIEWS[view] if isinstance(view, str) else view))
    if not start < end:
        raise DocumentError("timeline", None, f"the view starts {start:%Y-%m-%d}, not before its end")
    shown = select_events(table, start=start, end=end).sort_values(
        ["layer", "date_lower", "event_id"], kind="stable").reset_index(drop=True)
    if shown.empty:
        raise DocumentError("timeline", None, "no events in this view: choose other layers or dates")
    hidden = table[~table["event_id"].isin(shown["event_id"])]
    width, left, right, bottom = 12.8, 1.5, 0.3, 1.3
    sub_rows, places = _label_rows(shown, start, end, width - left - right)
    layers = [layer for layer in LAYERS if layer in set(shown["layer"])]
    counts = {layer: 1 + max(r for r, l in zip(sub_rows, shown["layer"]) if l == layer)
              for layer in layers}
    step, gap = 0.3, 0.3  # inches per label row, between lanes
    height = bottom + 0.5 + sum(counts.values()) * step + len(layers) * gap
    fig, ax = new_figure(figsize=(width, height))
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - 0.55 / height,
                        bottom=bottom / height)
    base, ticks = {}, []
    y = 0.0
    for layer in layers:
        base[layer] = y
        ticks.append(y + (counts[layer] - 1) * step / 2)
        y += counts[layer] * step + gap
    day = pd.Timedelta(days=1)
    for row, sub, place in zip(shown.itertuples(), sub_rows, places):
        colour = PALETTE[LAYERS.index(row.layer)]
        yy = base[row.layer] + sub * step
        lower = max(row.date_lower, start)
        upper = min(row.date_upper if pd.notna(row.date_upper) else end, end)
        face = "white" if row.approximate else colour
        if row.precision == "day" and row.date_lower == row.date_upper:
            ax.plot([lower], [yy], "o", ms=9, mfc=face, mec=colour, mew=2, zorder=3)
        else:
            ax.barh(yy, (upper - lower) + day, left=lower, height=step * 0.55,
                    color=face, edgecolor=colour, linewidth=2, zorder=2,
                    hatch="//" if row.approximate else None)
            if row.date_lower < start:
                ax.plot([start], [yy], "<", ms=9, color=colour, zorder=3)
            if pd.isna(row.date_upper) or row.date_upper > end:
                ax.plot([end], [yy], ">", ms=9, color=colour, zorder=3)
        pad = pd.Timedelta(days=0.15 * (end - start).days / (width - left - right))
        x = {"right": upper + day + pad, "left": lower - pad, "inside": lower + 3 * pad}[place]
        box = {"facecolor": "white", "edgecolor": "none", "pad": 1} if place == "inside" else None
        ax.text(x, yy, row.label, ha="right" if place == "left" else "left", va="center",
                fontsize=_FONT, gid="label", bbox=box, zorder=4)
    frus = table.loc[table["event_id"] == "meeting-frus", "date_lower"]
    marked = not frus.empty and start <= frus.iat[0] <= end
    if marked:
        ax.axvline(frus.iat[0], color="#555555", linestyle="--", linewidth=1, zorder=1)
    ax.set_yticks(ticks, [_LANE_NAMES[layer] for layer in layers])
    for tick, layer in zip(ax.get_yticklabels(), layers):
        tick.set_color(PALETTE[LAYERS.index(layer)])
        tick.set_fontweight("bold")
    ax.set_ylim(y - gap + step * 0.2, -step * 0.8)
    ax.set_xlim(start, end)
    locator = mdates.AutoDateLocator(maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("Date")
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"The memorandum in time, {start:%B %Y} to {end:%B %Y}", fontsize=13)
    legend = [Line2D([], [], marker="o", ls="", ms=9, mfc="#444444", mec="#444444",
                     label="a day"),
              Line2D([], [], marker="o", ls="", ms=9, mfc="white", mec="#444444", mew=2,
                     label="approximate or uncertain"),
              Patch(facecolor="#bbbbbb", edgecolor="#444444", label="a span of days"),
              Patch(facecolor="white", edgecolor="#444444", hatch="//", label="approximate span"),
              Line2D([], [], color="#555555", ls="--", label="meeting, FRUS date")][:5 if marked else 4]
    fig.legend(handles=legend, loc="lower center", bbox_to_anchor=(0.5, 0.3 / height),
               ncol=len(legend), frameon=False, fontsize=_FONT)
    if not hidden.empty:
        names = ", ".join(f"{r.label} ({display_date(r.date_edtf)})" for r in hidden.itertuples())
        count = f"{len(hidden)} event" + ("s" if len(hidden) > 1 else "")
        note = f"Outside this view: {count}" + (f": {names}" if len(hidden) <= 2 else
                                                " (earlier or later; try another view)")
        fig.text(0.01, 0.08 / height, note, fontsize=_FONT, color="#444444")
    return fig
