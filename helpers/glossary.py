"""The glossary: words a 1940 reader needs, defined in this module's words, every entry sourced.

``data/glossary.csv`` is edited in a spreadsheet. Each row has a ``term``, other spellings in
``aliases`` (separated by ``; ``), a ``definition`` (this module's voice), ``in_memorandum`` (the
exact phrase as the memorandum file prints it, or empty when the memorandum does not use the
term), the ``voice`` of the definition, a full ``source`` citation and one or more ``url``
(separated by ``; ``).

>>> lookup("export license")["term"]
'export licence'
"""

from __future__ import annotations

import bisect
import difflib
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .csvrows import csv_rows
from .document import Document
from .errors import DocumentError
from .memorandum import DATA, SOURCE_FILE

GLOSSARY_FILE = DATA / "glossary.csv"
COLUMNS = ["term", "aliases", "definition", "in_memorandum", "voice", "source", "url"]
#: Whose words a definition is: this module's (the memorandum and the editors define nothing).
VOICES = ("module",)
#: A page or document reference in a citation ("p. 327", "pp. 2712–2713", "doc. 264").
_PAGE_OR_DOC = re.compile(r"\b(?:pp?|docs?)\.\s*\d")
_QUOTES = "\"'“”‘’"


def load_glossary(path: str | Path | None = None, source_text: str | None = None) -> pd.DataFrame:
    """Read and check a glossary CSV (by default the bundled one) against the memorandum file.

    Every ``in_memorandum`` phrase must occur in ``source_text`` (by default the text of
    ``data/frus1940v03-d264.txt``, heading and footnotes included); a bad row raises
    :class:`DocumentError` naming its line. ``aliases`` and ``url`` become lists, and ``line``
    keeps each entry's line in the file.

    >>> table = load_glossary()
    >>> table.loc[table["term"] == "Amtorg", "in_memorandum"].item()
    'Amtorg Corporation'
    """
    path = Path(path) if path is not None else GLOSSARY_FILE
    if source_text is None:
        source_text = SOURCE_FILE.read_text(encoding="utf-8")
    seen: dict[str, tuple[str, int]] = {}  # every name (folded) -> (term, line)
    rows = [_check_row(row, line, path.name, source_text, seen)
            for line, row in csv_rows(path, COLUMNS, ordered=False)]
    table = pd.DataFrame(rows, columns=COLUMNS + ["line"])
    table["voice"] = pd.Categorical(table["voice"], categories=VOICES)
    return table


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _fold(name: str) -> str:
    """The form used to compare names: case, surrounding quotes and spacing ignored."""
    return " ".join(name.strip().strip(_QUOTES).split()).casefold()


def _check_row(row: dict, line: int, name: str, source_text: str,
               seen: dict[str, tuple[str, int]]) -> dict:
    row = {key: value.strip() for key, value in row.items()}
    term = row["term"]
    if not term:
        raise DocumentError(name, line, "no term")
    for column in ("definition", "source"):
        if not row[column]:
            raise DocumentError(name, line, f"{term}: no {column}")
    if row["voice"] not in VOICES:
        raise DocumentError(name, line, f"{term}: voice {row['voice']!r} is not one of {VOICES}")
    urls = _split(row["url"])
    for url in urls:
        if not re.fullmatch(r"https?://\S+", url):
            raise DocumentError(name, line, f"{term}: {url!r} is not a web address (http:// or "
                                "https://)")
    if not urls and not _PAGE_OR_DOC.search(row["source"]):
        raise DocumentError(name, line, f"{term}: no URL, and the source gives no page or "
                            "document number")
    phrase = row["in_memorandum"]
    if phrase and phrase not in source_text:
        raise DocumentError(name, line, f"{term}: the phrase {phrase!r} does not occur in the "
                            "memorandum")
    aliases = _split(row["aliases"])
    for other in [term, *aliases]:
        key = _fold(other)
        if key in seen and seen[key][0] != term:
            first_term, first_line = seen[key]
            what = "term" if other == term else "alias"
            raise DocumentError(name, line, f"{what} {other!r} is already used by {first_term!r} "
                                f"(line {first_line})")
        if key in seen and other == term:
            raise DocumentError(name, line, f"term {term!r} appears twice (first on line "
                                f"{seen[key][1]})")
        seen.setdefault(key, (term, line))
    return {**row, "aliases": aliases, "url": urls, "line": line}


@lru_cache(maxsize=1)
def _bundled() -> pd.DataFrame:
    return load_glossary()


def _names(glossary: pd.DataFrame) -> dict[str, int]:
    """Every folded name (term or alias) -> the row position of its entry."""
    names = {}
    for position, (term, aliases) in enumerate(zip(glossary["term"], glossary["aliases"])):
        for name in [term, *aliases]:
            names.setdefault(_fold(name), position)
    return names


def lookup(term: str, glossary: pd.DataFrame | None = None) -> dict:
    """The glossary entry for a term or any of its aliases (case and quotation marks ignored).

    >>> lookup("SHORT OF WAR")["in_memorandum"]
    'short of war'
    >>> lookup("Amtork")
    Traceback (most recent call last):
    ...
    helpers.errors.DocumentError: glossary.csv: no entry for 'Amtork'; did you mean 'Amtorg'?
    """
    glossary = _bundled() if glossary is None else glossary
    names = _names(glossary)
    position = names.get(_fold(term))
    if position is None:
        close = difflib.get_close_matches(_fold(term), list(names), n=6, cutoff=0.6)
        suggestions = list(dict.fromkeys(glossary["term"].iat[names[c]] for c in close))[:3]
        hint = (f"did you mean {' or '.join(map(repr, suggestions))}?" if suggestions else
                f"the glossary has {len(glossary)} terms, listed by load_glossary()")
        raise DocumentError(GLOSSARY_FILE.name, None, f"no entry for {term!r}; {hint}")
    entry = glossary.iloc[position].to_dict()
    entry["aliases"] = list(entry["aliases"])
    entry["url"] = list(entry["url"])
    return entry


def _pattern(names: list[str]) -> re.Pattern:
    """One case-insensitive pattern for whole-word occurrences of any name, longest first."""
    alternatives = sorted({name for name in names if name}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)",
                      re.IGNORECASE)


TERMS_IN_COLUMNS = ["term", "matched", "sent_id", "para_id", "page", "char_start", "char_end"]


def terms_in(memo: Document, glossary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every place a glossary term (or alias, or its memorandum phrase) occurs in the reading text.

    Offsets are 0-based, end-exclusive into ``memo.text``; ``sent_id`` is the sentence holding the
    match. Terms found only in the heading or the footnotes (e.g. "Department of State Bulletin")
    are not in the reading text, so they are not listed.

    >>> from helpers import load_memorandum
    >>> memo = load_memorandum()
    >>> found = terms_in(memo)
    >>> row = found[found["matched"] == "short of war"].iloc[0]
    >>> int(row["sent_id"]), int(row["page"]), memo.text[row["char_start"]:row["char_end"]]
    (9, 328, 'short of war')
    """
    glossary = _bundled() if glossary is None else glossary
    sentences = memo.sentences
    starts = sentences["char_start"].tolist()
    page_starts, pages = memo.pages["char_start"].tolist(), memo.pages["page"].tolist()
    rows = []
    for entry in glossary.itertuples():
        names = [entry.term, *entry.aliases, entry.in_memorandum]
        for match in _pattern(names).finditer(memo.text):
            index = bisect.bisect_right(starts, match.start()) - 1
            sentence = sentences.iloc[index]
            page = bisect.bisect_right(page_starts, match.start()) - 1  # the match's own page
            rows.append({"term": entry.term, "matched": match.group(),
                         "sent_id": sentence["sent_id"], "para_id": sentence["para_id"],
                         "page": pages[page] if page >= 0 else pd.NA,
                         "char_start": match.start(), "char_end": match.end()})
    found = pd.DataFrame(rows, columns=TERMS_IN_COLUMNS)
    found = found.sort_values(["char_start", "term"], kind="stable").reset_index(drop=True)
    for column in ("sent_id", "para_id", "char_start", "char_end"):
        found[column] = found[column].astype("int64")
    found["page"] = found["page"].astype("Int64")
    found["term"] = pd.Categorical(found["term"], categories=list(glossary["term"]))
    return found


@dataclass(frozen=True)
class Definition:
    """A glossary entry shown in a notebook: plain text for ``repr``, a small box as HTML."""

    term: str
    definition: str
    in_memorandum: str
    source: str
    urls: tuple[str, ...]

    def __repr__(self) -> str:
        where = (f"In the memorandum: “{self.in_memorandum}”" if self.in_memorandum
                 else "Not a word the memorandum uses.")
        return "\n".join([f"{self.term} (definition: this module)", self.definition, where,
                          f"Source: {self.source}", *self.urls])

    def _repr_html_(self) -> str:
        esc = html.escape
        where = (f"In the memorandum: “{esc(self.in_memorandum)}”" if self.in_memorandum
                 else "Not a word the memorandum uses.")
        links = " ".join(f'<a href="{esc(url)}">{esc(url)}</a>' for url in self.urls)
        return (f'<div class="glossary-entry"><p><strong>{esc(self.term)}</strong> '
                f"<em>(definition: this module)</em></p><p>{esc(self.definition)}</p>"
                f"<p><small>{where}<br>Source: {esc(self.source)}<br>{links}</small></p></div>")


def define(term: str, glossary: pd.DataFrame | None = None) -> Definition:
    """A term's definition, ready to display in a notebook cell.

    >>> print(repr(define("belligerent")).splitlines()[0])
    belligerent (definition: this module)
    """
    entry = lookup(term, glossary)
    return Definition(entry["term"], entry["definition"], entry["in_memorandum"], entry["source"],
                      tuple(entry["url"]))
