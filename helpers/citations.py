"""Read the FRUS editors' footnote citations: proclamations, statements, cross-references.

FRUS footnotes cite in a compact, conventional form. This module reads the forms the editors use
in the memorandum's footnotes 41–43 and turns each item into a row:

- ``Proclamation No. 2417, issued by the President on July 26, 1940, Department of State
  Bulletin, July 27, 1940, p. 49`` (a proclamation, its date, where it was printed);
- ``No. 2423 of September 12, ibid., September 14, 1940, p. 213`` (a shorter form in a list:
  the year is carried over from earlier in the footnote, "ibid." repeats the last publication);
- ``Statement of July 23 regarding ...; for text, see vol. i, p. 401, or Department of State
  Bulletin, July 27, 1940, p. 48`` (a statement printed in two places);
- ``See footnote 25, p. 311.`` (a cross-reference to another footnote of the volume).

Anything that looks like a citation but does not fit these forms raises
:class:`~helpers.errors.DocumentError` naming the footnote and the problem: nothing is dropped.

>>> rows = parse_footnote("No. 2423 of September 12, Department of State Bulletin, "
...                       "September 14, 1940, p. 213.", 41)
>>> rows[0]["number"], rows[0]["issued"], rows[0]["bulletin_page"]
(2423, '1940-09-12', 213)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from .document import Document
from .errors import DocumentError

MONTHS = {name: i for i, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}

#: A date as FRUS prints it: "July 26, 1940" or, with the year left to the context, "July 26".
DATE = r"[A-Z][a-z]+ \d{1,2}(?:, \d{4})?"
BULLETIN = "Department of State Bulletin"

PATTERNS = {
    "proclamation": re.compile(
        rf"(?:Proclamation )?No\. (?P<number>\d+)(?:, issued by the President on| of) "
        rf"(?P<date>{DATE})"),
    "statement": re.compile(rf"Statement of (?P<date>{DATE}) regarding (?P<subject>[^;.]+)"),
    "cross-reference": re.compile(r"See footnote (?P<see_footnote>\d+), p\. (?P<see_page>\d+)"),
    "bulletin": re.compile(rf"(?P<where>{BULLETIN}|ibid\.), (?P<date>{DATE}), p\. (?P<page>\d+)"),
    "volume": re.compile(r"vol\. (?P<volume>[ivxlc]+), p\. (?P<page>\d+)"),
}
HEADS = ("proclamation", "statement", "cross-reference")

#: Words that show a citation is present: left over after matching, they mean a form we cannot read.
CITATION_WORDS = re.compile(r"\d|\bibid\b|Bulletin|Proclamation|Statement|\bNo\.|\bvol\.|\bfootnote\b|\bp\.")

COLUMNS = ["footnote", "item", "kind", "number", "subject", "issued", "issued_words", "year_from",
           "published", "bulletin_date", "bulletin_page", "frus_volume", "frus_page",
           "see_footnote", "see_page", "note_start", "note_end", "quote"]


@dataclass
class _Match:
    kind: str
    match: re.Match

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()


def read_date(words: str, year: int | None, where: str) -> tuple[dt.date, str]:
    """A FRUS date ("July 26, 1940", or "July 26" with ``year`` from the context) as a date.

    Returns the date and where its year came from ("stated" or "context").

    >>> read_date("September 12", 1940, "footnote 41")
    (datetime.date(1940, 9, 12), 'context')
    """
    match = re.fullmatch(r"(?P<month>[A-Z][a-z]+) (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?", words)
    if match is None:
        raise DocumentError(where, None, f"cannot read the date {words!r}")
    if match["month"] not in MONTHS:
        raise DocumentError(where, None, f"unknown month {match['month']!r} in {words!r}")
    stated = match["year"] is not None
    if not stated and year is None:
        raise DocumentError(where, None, f"the date {words!r} has no year, and none came before it")
    try:
        date = dt.date(int(match["year"]) if stated else year, MONTHS[match["month"]],
                       int(match["day"]))
    except ValueError:
        raise DocumentError(where, None, f"no such date: {words!r}") from None
    return date, "stated" if stated else "context"


def _matches(text: str, where: str) -> list[_Match]:
    """Every citation form in the text, in order; overlaps and unread citations are errors."""
    found = sorted((_Match(kind, m) for kind, pattern in PATTERNS.items()
                    for m in pattern.finditer(text)), key=lambda m: m.start)
    last_end = 0
    for item in found:
        if item.start < last_end:
            raise DocumentError(where, None, f"overlapping citations at {item.match[0]!r}")
        leftover = text[last_end:item.start]
        if CITATION_WORDS.search(leftover):
            raise DocumentError(where, None, f"cannot read the citation {leftover.strip()!r}")
        last_end = item.end
    if CITATION_WORDS.search(text[last_end:]):
        raise DocumentError(where, None, f"cannot read the citation {text[last_end:].strip()!r}")
    return found


def parse_footnote(text: str, n: int, *, context_year: int | None = 1940,
                   volume_year: int | None = None, ibid: str | None = None) -> list[dict]:
    """The citations in one footnote, one dict per proclamation, statement or cross-reference.

    ``context_year`` supplies the year of a date printed without one when no year comes before
    it in the footnote (the year of the document the footnote belongs to); ``volume_year`` is
    the year of the FRUS volume ("vol. i" means vol. I of the same year's volumes); ``ibid``
    is the publication a leading "ibid." refers to.

    >>> [r["see_page"] for r in parse_footnote("See footnote 25, p. 311.", 42)]
    [311]
    """
    where = f"footnote {n}"
    volume_year = volume_year or context_year
    rows: list[dict] = []
    year = None  # the last year printed in the footnote, carried over to dates without one
    for item in _matches(text, where):
        m = item.match
        if item.kind in HEADS:
            row = {column: pd.NA for column in COLUMNS}
            row.update(footnote=n, item=len(rows) + 1, kind=item.kind, note_start=m.start(),
                       note_end=m.end(), published=[])
            if item.kind == "cross-reference":
                row.update(see_footnote=int(m["see_footnote"]), see_page=int(m["see_page"]))
            else:
                date, year_from = read_date(m["date"], year or context_year, where)
                if year_from == "context":
                    year_from = "earlier in the footnote" if year else "the document's date"
                year = date.year
                row.update(issued=date.isoformat(), issued_words=m["date"], year_from=year_from)
                if item.kind == "proclamation":
                    row["number"] = int(m["number"])
                else:
                    row["subject"] = m["subject"].strip()
            rows.append(row)
            continue
        if not rows or rows[-1]["kind"] == "cross-reference":
            raise DocumentError(where, None, f"{m[0]!r} cites nothing before it")
        row = rows[-1]
        row["note_end"] = m.end()
        if item.kind == "volume":
            if volume_year is None:
                raise DocumentError(where, None, f"{m[0]!r}: the volume's year is unknown")
            row.update(frus_volume=f"FRUS {volume_year}, vol. {m['volume'].upper()}",
                       frus_page=int(m["page"]))
            row["published"].append(f"{row['frus_volume']}, p. {m['page']}")
            continue
        name = m["where"]
        if name == "ibid.":
            if ibid is None:
                raise DocumentError(where, None, f"'ibid.' in {m[0]!r} has no earlier publication")
            name = ibid
        ibid = name
        date, _ = read_date(m["date"], None, where)
        year = date.year
        if row["issued"] is not pd.NA and dt.date.fromisoformat(row["issued"]) > date:
            raise DocumentError(where, None, f"item {row['item']} is dated {row['issued']}, after "
                                f"its publication in {m[0]!r}")
        row.update(bulletin_date=date.isoformat(), bulletin_page=int(m["page"]))
        row["published"].append(f"{name}, {m['date']}, p. {m['page']}")
    for row in rows:
        if row["kind"] != "cross-reference" and not row["published"]:
            raise DocumentError(where, None, f"item {row['item']} ({text[row['note_start']:row['note_end']]!r}) "
                                "says nowhere where it was printed")
        row["published"] = "; ".join(row["published"]) or pd.NA
        row["quote"] = text[row["note_start"]:row["note_end"]]
    if not rows:
        raise DocumentError(where, None, "no citation found")
    return rows


def footnote_citations(doc: Document) -> pd.DataFrame:
    """Every citation in the document's footnotes, one row each, with the anchor's sentence.

    >>> from helpers import load_memorandum
    >>> footnote_citations(load_memorandum())["number"].dropna().tolist()
    [2417, 2423, 2428, 2449, 2451]
    """
    year = _year(doc.metadata.get("date"))
    volume_year = _year(re.sub(r"\D", "", doc.metadata.get("volume_id", ""))[:4] or None)
    rows: list[dict] = []
    ibid = None
    for note in doc.footnotes.itertuples():
        found = parse_footnote(note.text, int(note.n), context_year=year,
                               volume_year=volume_year or year, ibid=ibid)
        for row in found:
            row["sent_id"] = note.sent_id
            rows.append(row)
        if any(r["bulletin_date"] is not pd.NA for r in found):
            ibid = BULLETIN  # the only periodical these forms cite
    table = pd.DataFrame(rows, columns=COLUMNS + ["sent_id"])
    for column in ("number", "bulletin_page", "frus_page", "see_footnote", "see_page", "sent_id"):
        table[column] = table[column].astype("Int64")
    table["kind"] = pd.Categorical(table["kind"], categories=list(HEADS))
    return table


def _year(value) -> int | None:
    """The year at the start of an ISO date or a year string, or None."""
    if not value:
        return None
    match = re.match(r"\d{4}", str(value))
    return int(match[0]) if match else None
