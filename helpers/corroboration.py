"""Corroboration: the memorandum beside other records of the same conversation and the same day.

Three things live here, each tied to exact offsets so that every row can be checked:

* **the records** (:func:`load_sources`): ``data/sources.csv`` describes each record, and
  ``data/sources/`` holds the public-domain texts byte for byte as they were archived (most are
  only the *opening* of a document; see ``data/sources/README.md``);
* **the corroboration table** (:func:`load_corroboration`): a span of the memorandum, what
  another record says about it (its exact words and their offsets in the file), and this
  module's verdict, *agrees*, *differs* or *silent*, with a one-line note;
* **echoes** (:func:`build_index`, :func:`echoes`, :func:`echo_pairs`): passages of another
  record that use the same content words as a sentence of the memorandum, and a side-by-side
  view (:func:`side_by_side`) with the shared words marked.

**The similarity measure.** Each sentence becomes a bag of *content-word lemmas*: its words
(``helpers.sentences.split_words``), lower-cased, without the function words of
``helpers.reading.STOPWORDS``, one-letter words and page markers, each reduced by
:func:`lemma` (a few written-out suffix rules: ``licenses`` and ``licensed`` both give
``licens``). Every lemma is weighted by *TF-IDF*: how often it occurs in the sentence (TF) times
``ln((1 + N) / (1 + df)) + 1`` (IDF), where N is the number of sentences in all the records
together and df the number that contain the lemma, so that words found everywhere
("government", "ambassador") count for less than rare ones ("tetraethyl"). The score of two
sentences is the *cosine* of their weighted bags: 1 when they use the same words in the same
proportions, 0 when they share none. The *Jaccard* index (shared lemmas ÷ all lemmas of the
two) is given beside it, because it is easy to count by hand. A high score means shared
vocabulary, not the same meaning: a historian still reads both passages.

**Editions.** :func:`edition_differences` compares two copies of one text word by word
(``difflib``) and lists where they disagree, for the partial copies of Welles's statement of
July 23, 1940.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

import pandas as pd

from .csvrows import csv_rows
from .document import Document
from .errors import DocumentError
from .reading import STOPWORDS
from .sentences import split_sentences, split_words
from .timeline import edtf_bounds

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCES_FILE = DATA / "sources.csv"
SOURCES_DIR = DATA / "sources"
CORROBORATION_FILE = DATA / "corroboration.csv"
CLAIMS_FILE = DATA / "argument-key-claims.csv"

SOURCE_COLUMNS = ["source_id", "file", "title", "author", "date_edtf", "date_note", "kind",
                  "extent", "chars", "sha256", "citation", "url", "archived_copy", "relation"]
#: How much of a record this module holds: all of it, its opening only, or nothing (cited only).
EXTENTS = ["whole", "opening", "not held"]
CORROBORATION_COLUMNS = ["row_id", "sent_id", "char_start", "char_end", "memo_quote", "claim_id",
                         "source_id", "quote", "source_start", "source_end", "verdict", "note"]
#: agrees: the other record says the same or bears it out; differs: it says something that does
#: not fit, or puts it differently in a way that matters; silent: the part held says nothing.
VERDICTS = ["agrees", "differs", "silent"]
MEMORANDUM = "memorandum"
_PAGE = re.compile(r"\[Page \d+\]")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NOTE_LIMIT = 240


# -- reading the CSV files ----------------------------------------------------------------------

def _csv_rows(path: Path, columns: list[str]) -> list[tuple[int, dict]]:
    """Rows of a CSV file with the line each starts on; the header must hold ``columns`` (other
    columns are allowed). Values are stripped, but for quotations, which are kept as written."""
    return [(line, {k: v if k in ("quote", "memo_quote") else v.strip() for k, v in row.items()})
            for line, row in csv_rows(path, columns, exact=False)]


def _integer(value: str, name: str, line: int, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise DocumentError(name, line, f"{column} {value!r} is not a whole number") from None


def _check_url(value: str, name: str, line: int, column: str) -> None:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc:
        raise DocumentError(name, line, f"{column} {value!r} is not a web address")


# -- the records -----------------------------------------------------------------------------

def load_sources(path: Path | str = SOURCES_FILE, folder: Path | str | None = None
                 ) -> pd.DataFrame:
    """The other records: one row each, checked against the texts in ``data/sources/``.

    Every row needs a title, a citation and a URL. A record whose text is held (``extent``
    ``whole`` or ``opening``) names its file, whose size and sha256 must match, so the copy is
    known to be byte for byte the archived one; a record ``not held`` names no file.

    >>> s = load_sources()
    >>> s.set_index("source_id").loc["d637", ["extent", "date_edtf"]].tolist()
    ['opening', '1940-07-26/1940-07-27']
    """
    path = Path(path)
    folder = path.parent / "sources" if folder is None else Path(folder)
    name = path.name
    records, seen = [], set()
    for line, row in _csv_rows(path, SOURCE_COLUMNS):
        sid = row["source_id"]
        if not _ID.match(sid):
            raise DocumentError(name, line, f"source_id {sid!r} must be lower-case letters, "
                                            "digits and hyphens")
        if sid in seen or sid == MEMORANDUM:
            raise DocumentError(name, line, f"source_id {sid!r} is used twice or reserved")
        seen.add(sid)
        for column in ("title", "author", "date_edtf", "kind", "extent", "citation", "url",
                       "relation"):
            if not row[column]:
                raise DocumentError(name, line, f"{sid}: {column} is empty")
        _check_url(row["url"], name, line, "url")
        if row["archived_copy"]:
            _check_url(row["archived_copy"], name, line, "archived_copy")
        if row["extent"] not in EXTENTS:
            raise DocumentError(name, line, f"{sid}: extent {row['extent']!r} is not one of "
                                            f"{', '.join(EXTENTS)}")
        bounds = edtf_bounds(row["date_edtf"], f"{name}, line {line}")
        if row["extent"] == "not held":
            if row["file"] or row["chars"] or row["sha256"]:
                raise DocumentError(name, line, f"{sid}: a record not held has no file, chars "
                                                "or sha256")
            chars = pd.NA
        else:
            chars = _check_file(folder / row["file"], row, name, line)
        records.append({**row, "chars": chars, "date_lower": bounds["date_lower"],
                        "date_upper": bounds["date_upper"]})
    table = pd.DataFrame(records, columns=SOURCE_COLUMNS + ["date_lower", "date_upper"])
    table["chars"] = table["chars"].astype("Int64")
    table["extent"] = pd.Categorical(table["extent"], categories=EXTENTS)
    table["kind"] = table["kind"].astype("category")
    table.attrs["folder"] = str(folder)
    return table


def _check_file(file: Path, row: dict, name: str, line: int) -> int:
    sid = row["source_id"]
    if not row["file"]:
        raise DocumentError(name, line, f"{sid}: file is empty but extent is {row['extent']!r}")
    try:
        data = file.read_bytes()
    except OSError:
        raise DocumentError(name, line, f"{sid}: no file {file.name} in {file.parent.name}/") \
            from None
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise DocumentError(name, line, f"{sid}: {file.name} is not the archived copy "
                                        "(its sha256 differs)")
    text = data.decode("utf-8")
    if str(len(text)) != row["chars"]:
        raise DocumentError(name, line, f"{sid}: {file.name} has {len(text)} characters, "
                                        f"not {row['chars']}")
    return len(text)


@lru_cache(maxsize=64)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def source_text(sources: pd.DataFrame, source_id: str) -> str:
    """The text of one held record, exactly as in its file (offsets count characters in it).

    >>> source_text(load_sources(), "d142")[:31]
    'Press Release Issued by the Whi'
    """
    rows = sources[sources["source_id"] == source_id]
    if rows.empty:
        raise DocumentError(SOURCES_FILE.name, None, f"no source {source_id!r}")
    row = rows.iloc[0]
    if row["extent"] == "not held":
        raise DocumentError(SOURCES_FILE.name, None, f"{source_id}: the module holds no text "
                                                     "of this record (cited only)")
    return _read(str(Path(sources.attrs.get("folder", SOURCES_DIR)) / row["file"]))


def locate(text: str, quote: str, where: str = "<text>") -> tuple[int, int]:
    """Offsets of the one occurrence of ``quote`` in ``text``; an error if none or several.

    >>> locate("as soon as the Ambassador", "the Ambassador")
    (11, 25)
    """
    start = text.find(quote)
    if not quote or start < 0:
        raise DocumentError(where, None, f"{quote!r} is not in the text")
    if text.find(quote, start + 1) >= 0:
        raise DocumentError(where, None, f"{quote!r} occurs more than once: quote more words")
    return start, start + len(quote)


def compare_opening(doc: Document, sources: pd.DataFrame, source_id: str = "d264-page") -> dict:
    """How far a second copy of the memorandum's opening agrees with this module's text.

    Both are compared as printed (page markers and footnote digits included).

    >>> from helpers import load_memorandum
    >>> compare_opening(load_memorandum(), load_sources())
    {'chars_compared': 1998, 'identical': True, 'first_difference': None}
    """
    copy = source_text(sources, source_id).rstrip("\n")
    ours = doc.to_source_text()[:len(copy)]
    first = next((i for i, (a, b) in enumerate(zip(copy, ours)) if a != b), None)
    if first is None and len(ours) < len(copy):
        first = len(ours)
    return {"chars_compared": len(copy), "identical": first is None, "first_difference": first}


# -- the corroboration table ---------------------------------------------------------------------

def _claims(path: Path) -> dict[str, tuple[int, int, int]]:
    """Claim id → (sent_id, char_start, char_end) from the argument key, if it exists."""
    if not path.exists():
        return {}
    return {row["claim_id"]: (_integer(row["sent_id"], path.name, line, "sent_id"),
                              _integer(row["char_start"], path.name, line, "char_start"),
                              _integer(row["char_end"], path.name, line, "char_end"))
            for line, row in _csv_rows(path, ["claim_id", "sent_id", "char_start", "char_end"])}


def load_corroboration(doc: Document, path: Path | str = CORROBORATION_FILE,
                       sources: pd.DataFrame | None = None,
                       claims_path: Path | str = CLAIMS_FILE) -> pd.DataFrame:
    """The corroboration table, every quotation checked against its text by offsets.

    ``memo_quote`` must be ``doc.text[char_start:char_end]`` inside sentence ``sent_id``;
    ``quote`` must be the source file's text at ``source_start:source_end``. A ``silent``
    row, or a row about a record the module does not hold, has no quote; its note says what
    the record (or the part held) does or does not say.

    >>> from helpers import load_memorandum
    >>> t = load_corroboration(load_memorandum())
    >>> sorted(set(t.loc[t["source_id"] == "d637", "verdict"].astype(str)))
    ['agrees']
    """
    path = Path(path)
    name = path.name
    sources = load_sources() if sources is None else sources
    by_id = sources.set_index("source_id")
    claims = _claims(Path(claims_path))
    spans = doc.sentences.set_index("sent_id")[["char_start", "char_end"]]
    records, seen = [], set()
    for line, row in _csv_rows(path, CORROBORATION_COLUMNS):
        rid = _integer(row["row_id"], name, line, "row_id")
        if rid in seen:
            raise DocumentError(name, line, f"row_id {rid} is used twice")
        seen.add(rid)
        sent_id = _integer(row["sent_id"], name, line, "sent_id")
        if sent_id not in spans.index:
            raise DocumentError(name, line, f"the memorandum has no sentence {sent_id}")
        start = _integer(row["char_start"], name, line, "char_start")
        end = _integer(row["char_end"], name, line, "char_end")
        s_start, s_end = spans.loc[sent_id]
        if not s_start <= start < end <= s_end:
            raise DocumentError(name, line, f"offsets {start}–{end} are not inside sentence "
                                            f"{sent_id} ({s_start}–{s_end})")
        if doc.text[start:end] != row["memo_quote"]:
            raise DocumentError(name, line, f"memo_quote is not the memorandum's text at "
                                            f"{start}–{end}: {doc.text[start:end]!r}")
        _check_claim(row["claim_id"], claims, sent_id, start, end, name, line)
        sid = row["source_id"]
        if sid not in by_id.index:
            raise DocumentError(name, line, f"no source {sid!r} in {SOURCES_FILE.name}")
        if row["verdict"] not in VERDICTS:
            raise DocumentError(name, line, f"verdict {row['verdict']!r} is not one of "
                                            f"{', '.join(VERDICTS)}")
        quote_span = _check_quote(row, sources, by_id.loc[sid, "extent"], name, line)
        note = row["note"]
        if not note or "\n" in note or len(note) > NOTE_LIMIT:
            raise DocumentError(name, line, f"the note must be one line of 1–{NOTE_LIMIT} "
                                            "characters")
        records.append({**row, "row_id": rid, "sent_id": sent_id, "char_start": start,
                        "char_end": end, "source_start": quote_span[0],
                        "source_end": quote_span[1]})
    table = pd.DataFrame(records, columns=CORROBORATION_COLUMNS)
    for column in ("source_start", "source_end"):
        table[column] = table[column].astype("Int64")
    table["verdict"] = pd.Categorical(table["verdict"], categories=VERDICTS)
    table["source_id"] = pd.Categorical(table["source_id"], categories=list(sources["source_id"]))
    return table


def _check_claim(claim_id: str, claims: dict, sent_id: int, start: int, end: int, name: str,
                 line: int) -> None:
    if not claim_id:
        return
    if not claims:
        raise DocumentError(name, line, f"claim {claim_id} given but {CLAIMS_FILE.name} "
                                        "does not exist")
    if claim_id not in claims:
        raise DocumentError(name, line, f"no claim {claim_id} in {CLAIMS_FILE.name}")
    c_sent, c_start, c_end = claims[claim_id]
    if c_sent != sent_id or c_end <= start or end <= c_start:
        raise DocumentError(name, line, f"claim {claim_id} (sentence {c_sent}, {c_start}–{c_end}) "
                                        "does not overlap this row's span")


def _check_quote(row: dict, sources: pd.DataFrame, extent: str, name: str, line: int
                 ) -> tuple:
    sid, quote = row["source_id"], row["quote"]
    if extent == "not held" or row["verdict"] == "silent":
        if quote or row["source_start"] or row["source_end"]:
            why = "the module holds no text of it" if extent == "not held" else "it is silent"
            raise DocumentError(name, line, f"{sid}: no quote or offsets, since {why}")
        return pd.NA, pd.NA
    if not quote:
        raise DocumentError(name, line, f"{sid}: the quote is empty")
    start = _integer(row["source_start"], name, line, "source_start")
    end = _integer(row["source_end"], name, line, "source_end")
    text = source_text(sources, sid)
    if text[start:end] != quote:
        found = text.find(quote)
        hint = f" (it is at {found}–{found + len(quote)})" if found >= 0 else \
            " (it is nowhere in the file)"
        raise DocumentError(name, line, f"{sid}: the quote is not the file's text at "
                                        f"{start}–{end}{hint}")
    return start, end


SAY_COLUMNS = ["row_id", "memo_quote", "source_id", "record", "verdict", "quote", "note"]


def rows_by_sentence(table: pd.DataFrame, sources: pd.DataFrame) -> dict[int, list[dict]]:
    """The corroboration rows grouped by sentence, each with its record's short citation."""
    titles = {sid: cite.split(";")[0].split(" (")[0]
              for sid, cite in zip(sources["source_id"], sources["citation"])}
    grouped: dict[int, list[dict]] = {}
    for row in table.to_dict("records"):
        row = {**row, "source_id": str(row["source_id"]), "verdict": str(row["verdict"]),
               "record": titles[str(row["source_id"])]}
        grouped.setdefault(int(row["sent_id"]), []).append({c: row[c] for c in SAY_COLUMNS})
    return grouped


def what_records_say(doc: Document, sent_id: int, table: pd.DataFrame,
                     sources: pd.DataFrame) -> pd.DataFrame:
    """Every row of the corroboration table about one sentence, with each record's citation.

    >>> from helpers import load_memorandum
    >>> memo = load_memorandum()
    >>> what_records_say(memo, 38, load_corroboration(memo), load_sources())["source_id"].tolist()
    ['d266', 'd698']
    """
    if sent_id not in set(doc.sentences["sent_id"]):
        raise DocumentError("memorandum", None, f"no sentence {sent_id}")
    return pd.DataFrame(rows_by_sentence(table, sources).get(sent_id, []), columns=SAY_COLUMNS)


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """How many rows of each verdict each record has (records with no rows left out)."""
    counts = pd.crosstab(table["source_id"].astype(str), table["verdict"])
    return counts.reindex(columns=VERDICTS, fill_value=0)


# -- lemmas and the similarity measure -------------------------------------------------------------

def lemma(word: str) -> str:
    """A content word reduced by a few suffix rules, so that forms of one word meet.

    Rules, in order: lower-case; drop a possessive ``’s``; ``-ies``/``-ied`` → ``-y``;
    ``-sses`` → ``-ss``; ``-ches``/``-shes``/``-xes`` lose ``es``; a final ``s`` goes (not after
    ``s``, ``u`` or ``i``); then ``-ing`` or ``-ed`` goes (a doubled last consonant is undone);
    finally a silent ``e`` goes. Crude but written out: ``issue``, ``issues`` and ``issued`` all
    give ``issu``.

    >>> [lemma(w) for w in ["licenses", "licensed", "applied", "nations", "President’s", "planned"]]
    ['licens', 'licens', 'apply', 'nation', 'president', 'plan']
    """
    w = re.sub(r"[’']s$", "", word.lower())
    if len(w) > 4 and (w.endswith("ies") or w.endswith("ied")):
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ches", "shes", "xes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[:-len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsaeiou":
                w = w[:-1]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def content_words(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """``(start, end, lemma)`` for each content word (offsets shifted by ``offset``).

    >>> [c[2] for c in content_words("the regulations were general in character")]
    ['regulation', 'general', 'character']
    """
    masked = _PAGE.sub(lambda m: " " * len(m.group()), text)
    words = []
    for start, end in split_words(masked):
        word = masked[start:end].lower()
        if len(word) < 2 or word in STOPWORDS or re.sub(r"[’']s$", "", word) in STOPWORDS:
            continue
        words.append((start + offset, end + offset, lemma(word)))
    return words


def record_sentences(text: str, record: str) -> pd.DataFrame:
    """The sentences of a record's text, with offsets into the text.

    Each line is a paragraph, so a file number, a title or a line of a participants list counts
    as a sentence of its own; ``sent_no`` counts them from 1.

    >>> record_sentences("711.61/749\\nI saw him. He left.", "x")["text"].tolist()
    ['711.61/749', 'I saw him.', 'He left.']
    """
    rows, line_start = [], 0
    for line in text.split("\n"):
        for start, end in split_sentences(line):
            rows.append({"record": record, "char_start": line_start + start,
                         "char_end": line_start + end, "text": line[start:end]})
        line_start += len(line) + 1
    table = pd.DataFrame(rows, columns=["record", "char_start", "char_end", "text"])
    table.insert(1, "sent_no", range(1, len(table) + 1))
    return table


class EchoIndex(NamedTuple):
    """Every sentence of the memorandum and of the held records, with its weighted lemmas."""

    sentences: pd.DataFrame  # record, sent_no, char_start, char_end, text
    vectors: list  # one {lemma: weight} per sentence, unit length
    bags: list  # one {lemma: [words as written]} per sentence
    doc: Document
    sources: pd.DataFrame
    rows: list  # one dict per sentence (record, sent_no, char_start, char_end, text)
    lookup: dict  # (record, sent_no) -> position


def build_index(doc: Document, sources: pd.DataFrame | None = None) -> EchoIndex:
    """Index the memorandum's sentences and every held record's sentences for :func:`echoes`.

    >>> from helpers import load_memorandum
    >>> index = build_index(load_memorandum())
    >>> int(index.sentences["record"].value_counts()["memorandum"])
    38
    """
    sources = load_sources() if sources is None else sources
    memo = doc.sentences[["sent_id", "char_start", "char_end", "text"]].rename(
        columns={"sent_id": "sent_no"})
    parts = [memo.assign(record=MEMORANDUM)]
    for sid in sources.loc[sources["extent"] != "not held", "source_id"]:
        parts.append(record_sentences(source_text(sources, sid), sid))
    table = pd.concat(parts, ignore_index=True)[["record", "sent_no", "char_start", "char_end",
                                                  "text"]]
    bags = []
    for text in table["text"]:
        bag: dict[str, list[str]] = {}
        for start, end, lem in content_words(text):
            bag.setdefault(lem, []).append(text[start:end])
        bags.append(bag)
    n = len(bags)
    df = Counter(lem for bag in bags for lem in bag)
    idf = {lem: math.log((1 + n) / (1 + count)) + 1 for lem, count in df.items()}
    vectors = []
    for bag in bags:
        weights = {lem: len(forms) * idf[lem] for lem, forms in bag.items()}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        vectors.append({lem: v / norm for lem, v in weights.items()})
    rows = table.to_dict("records")
    lookup = {(row["record"], int(row["sent_no"])): i for i, row in enumerate(rows)}
    return EchoIndex(table, vectors, bags, doc, sources, rows, lookup)


def _row(index: EchoIndex, record: str, sent_no: int) -> int:
    position = index.lookup.get((record, int(sent_no)))
    if position is None:
        raise DocumentError(record, None, f"no sentence {sent_no}")
    return position


def _score(index: EchoIndex, a: int, b: int) -> tuple[float, float, list[str]]:
    va, vb = index.vectors[a], index.vectors[b]
    shared = sorted(set(va) & set(vb))
    cosine = sum(va[lem] * vb[lem] for lem in shared)
    union = len(set(va) | set(vb))
    words = [index.bags[a][lem][0] for lem in shared]
    return round(cosine, 3), round(len(shared) / union if union else 0.0, 3), words


ECHO_COLUMNS = ["record", "sent_no", "char_start", "char_end", "text", "score", "jaccard",
                "shared"]


def echo_rows(index: EchoIndex, sent_id: int, records: list[str] | None = None, top: int = 3,
              min_score: float = 0.1) -> list[dict]:
    """The rows of :func:`echoes` as plain dicts (quick enough for a widget)."""
    a = _row(index, MEMORANDUM, sent_id)
    wanted = set(records if records is not None else
                 {row["record"] for row in index.rows}) - {MEMORANDUM}
    found = []
    for b, row in enumerate(index.rows):
        if row["record"] in wanted and set(index.vectors[a]) & set(index.vectors[b]):
            cosine, jaccard, shared = _score(index, a, b)
            if cosine >= min_score:
                found.append((-cosine, row["record"], int(row["sent_no"]), b, jaccard, shared))
    found.sort(key=lambda f: f[:3])
    kept, per_record = [], Counter()
    for minus, record, sent_no, b, jaccard, shared in found:
        if per_record[record] < top:
            per_record[record] += 1
            row = index.rows[b]
            kept.append({"record": record, "sent_no": sent_no,
                         "char_start": int(row["char_start"]), "char_end": int(row["char_end"]),
                         "text": row["text"], "score": -minus, "jaccard": jaccard,
                         "shared": ", ".join(shared)})
    return kept


def echoes(index: EchoIndex, sent_id: int, records: list[str] | None = None, top: int = 3,
           min_score: float = 0.1) -> pd.DataFrame:
    """The sentences of other records that best echo sentence ``sent_id`` of the memorandum.

    ``score`` is the TF-IDF cosine, ``jaccard`` the share of lemmas in common, ``shared`` the
    shared words as the memorandum writes them. At most ``top`` per record, best first.

    >>> from helpers import load_memorandum
    >>> e = echoes(build_index(load_memorandum()), 2, ["d637"], top=1)
    >>> e.at[0, "text"][:46]
    'I told the Ambassador that the action taken by'
    """
    return pd.DataFrame(echo_rows(index, sent_id, records, top, min_score), columns=ECHO_COLUMNS)


def echo_pairs(index: EchoIndex, record: str, min_score: float = 0.3) -> pd.DataFrame:
    """Every pair (memorandum sentence, sentence of ``record``) scoring at least ``min_score``.

    >>> from helpers import load_memorandum
    >>> echo_pairs(build_index(load_memorandum()), "d637", 0.5)["sent_id"].tolist()[:1]
    [2]
    """
    memo_rows = index.sentences.index[index.sentences["record"] == MEMORANDUM]
    other = index.sentences.index[index.sentences["record"] == record]
    if len(other) == 0:
        raise DocumentError(SOURCES_FILE.name, None, f"no held record {record!r}")
    rows = []
    for a in memo_rows:
        for b in other:
            cosine, jaccard, shared = _score(index, a, b)
            if cosine >= min_score:
                rows.append({"sent_id": int(index.sentences.at[a, "sent_no"]),
                             "memorandum": index.sentences.at[a, "text"],
                             "sent_no": int(index.sentences.at[b, "sent_no"]),
                             record: index.sentences.at[b, "text"], "score": cosine,
                             "jaccard": jaccard, "shared": ", ".join(shared)})
    columns = ["sent_id", "memorandum", "sent_no", record, "score", "jaccard", "shared"]
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["score", "sent_id"], ascending=[False, True]).reset_index(drop=True)


# -- side by side ---------------------------------------------------------------------------------

STYLE = """<style>
.corr-pair {display: flex; gap: 1.2em; max-width: 60em; font-family: Georgia, serif;
  line-height: 1.5}
.corr-pair > div {flex: 1; border: 1px solid #bbb; padding: 0.5em 0.9em; background: #fff;
  color: #111}
.corr-pair .who {font-family: sans-serif; font-size: 0.85em; color: #555}
.corr-pair mark {background: #ffe08a; color: #111}
.corr-legend {font-family: sans-serif; font-size: 0.85em; color: #555}
</style>"""


class SideBySide(NamedTuple):
    """Two passages side by side (shows as HTML in a notebook)."""

    html: str
    shared: tuple

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<SideBySide: {len(self.shared)} shared words: {', '.join(self.shared)}>"


def _marked(text: str, shared: set[str]) -> str:
    out, last = [], 0
    for start, end, lem in content_words(text):
        if lem in shared:
            out += [html.escape(text[last:start]), f"<mark>{html.escape(text[start:end])}</mark>"]
            last = end
    return "".join(out) + html.escape(text[last:])


def side_by_side(index: EchoIndex, sent_id: int, record: str, sent_no: int) -> SideBySide:
    """Sentence ``sent_id`` of the memorandum beside sentence ``sent_no`` of ``record``.

    The words the two share (the same lemma) are marked in both.

    >>> from helpers import load_memorandum
    >>> side_by_side(build_index(load_memorandum()), 2, "d637", 11)
    <SideBySide: 4 shared words: Ambassador, copy, handed, regulations>
    """
    a, b = _row(index, MEMORANDUM, sent_id), _row(index, record, sent_no)
    shared = set(index.vectors[a]) & set(index.vectors[b])
    left, right = index.sentences.loc[a], index.sentences.loc[b]
    cite = index.sources.set_index("source_id").at[record, "citation"]
    cosine, _, words = _score(index, a, b)
    boxes = [(f"The memorandum, sentence {sent_id} (FRUS 1940, vol. III, doc. 264), characters "
              f"{left['char_start']}–{left['char_end']}", left["text"]),
             (f"{cite}, sentence {sent_no}, characters {right['char_start']}–{right['char_end']}"
              " of the file", right["text"])]
    body = "".join(f'<div><div class="who">{html.escape(who)}</div>{_marked(text, shared)}</div>'
                   for who, text in boxes)
    legend = (f'<div class="corr-legend">Marked: the {len(words)} content words the two '
              f"passages share (same lemma). Similarity (TF-IDF cosine): {cosine}.</div>")
    return SideBySide(f'{STYLE}<div class="corr-pair">{body}</div>{legend}', tuple(words))


# -- editions that disagree ---------------------------------------------------------------------

#: Kinds of difference between two copies, from the one that matters most.
EDITION_KINDS = ["wording", "capitals and punctuation", "capitals", "punctuation",
                 "quotation marks"]
_TOKEN = re.compile(r"\w+(?:[’'\-]\w+)*|[^\w\s]+")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _kind(a: str, b: str) -> str:
    if re.fullmatch(r"[`'\s]*", a) and re.fullmatch(r"[`'\s]*", b):
        return "quotation marks"
    words_a, words_b = re.findall(r"\w+", a), re.findall(r"\w+", b)
    if [w.lower() for w in words_a] != [w.lower() for w in words_b]:
        return "wording"
    marks_a, marks_b = re.findall(r"[^\w\s]+", a), re.findall(r"[^\w\s]+", b)
    if words_a != words_b:
        return "capitals" if marks_a == marks_b else "capitals and punctuation"
    return "punctuation"


def edition_differences(sources: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Where two copies of one text disagree, word by word, over the text they share.

    Words and punctuation marks are compared as tokens (``difflib.SequenceMatcher``). What
    stands before the first and after the last matching token (a heading one copy has, the
    paragraphs another lacks) is outside the overlap and not reported. ``kind`` says whether a
    difference is one of wording, capitals, punctuation or the Congressional Record's ``\u0060\u0060``
    quotation marks.

    >>> d = edition_differences(load_sources(), "statement-shimkus", "statement-wikisource")
    >>> d.loc[d["kind"] == "wording", ["statement-shimkus", "statement-wikisource"]].values[0].tolist()
    ['processes', 'process']
    """
    texts = [source_text(sources, sid) for sid in (first, second)]
    tokens = [_tokens(t) for t in texts]
    matcher = difflib.SequenceMatcher(None, [t[2] for t in tokens[0]], [t[2] for t in tokens[1]],
                                      autojunk=False)
    opcodes = matcher.get_opcodes()
    equal = [i for i, op in enumerate(opcodes) if op[0] == "equal"]
    rows = []
    for tag, i1, i2, j1, j2 in (opcodes[equal[0] + 1:equal[-1]] if equal else []):
        if tag == "equal":
            continue
        spans = []
        for toks, text, lo, hi in ((tokens[0], texts[0], i1, i2), (tokens[1], texts[1], j1, j2)):
            if lo < hi:
                spans.append((toks[lo][0], toks[hi - 1][1], text[toks[lo][0]:toks[hi - 1][1]]))
            else:
                at = toks[lo][0] if lo < len(toks) else len(text)
                spans.append((at, at, ""))
        (a0, a1, a), (b0, b1, b) = spans
        rows.append({first: a, second: b, "kind": _kind(a, b), f"{first}_start": a0,
                     f"{first}_end": a1, f"{second}_start": b0, f"{second}_end": b1})
    overlap = (tokens[0][opcodes[equal[0]][1]][0], tokens[0][opcodes[equal[-1]][2] - 1][1]) \
        if equal else (0, 0)
    table = pd.DataFrame(rows, columns=[first, second, "kind", f"{first}_start", f"{first}_end",
                                        f"{second}_start", f"{second}_end"])
    table["kind"] = pd.Categorical(table["kind"], categories=EDITION_KINDS)
    table.attrs["overlap"] = {first: overlap}
    return table
