"""Checking quotations: every quotation in the notebooks and lessons must be found verbatim.

**What counts as a quotation.** Text between “curly” double quotation marks, or between straight
``"`` marks on one paragraph, in the Markdown of a notebook (its markdown cells) or a lesson
plan, with at least :data:`MIN_WORDS` words (pieces between spaces that hold a letter or a
digit; an ellipsis or a bracketed insertion is not a word). Code is not prose: fenced blocks and ``inline code`` are left out. Shorter quotations
(a word or a phrase: "merely", "short of war") are not checked, because a short phrase proves
little and is usually a term under discussion.

**Where it must be found.** In the memorandum (its file ``data/frus1940v03-d264.txt`` or its
reading text, without page markers and footnote digits), in a text in ``data/sources/``, or in a
FRUS volume bundled in ``data/frus/`` (TEI; its text with and without the editors' footnotes).
Anything else must be listed, with its citation, in ``data/quotations-allowlist.csv``, as one of
three kinds: ``record not held`` (the words of a record the module cites but does not hold, such
as a FRUS document cited by URL: a URL is then required, so that a reader can check it),
``title`` (the title of a cited work) or ``module's words`` (the module's own words in quotation
marks: a label, a writing prompt).

**Not a quotation of a record**, and not checked:

* a quotation set in italics, ``*"…"*`` or ``*“…”*``: the module's convention for a voiced
  example (a learner's misreading, a sentence starter);
* a quotation that ends with a question mark: a question put to learners (a writing prompt).
  The memorandum and the texts in ``data/sources/`` ask no question (they hold no ``?``; a test
  keeps it so), so this cannot let a misquoted line of theirs through. A question quoted from a
  bundled FRUS volume is not checked: quote such a question without its question mark, or
  check it by hand.

**What "verbatim" allows**, so that ordinary typography does not fail a true quotation:

* curly and straight quotation marks and apostrophes are the same (a quotation inside a
  quotation is printed ‘…’, the source may have “…”); runs of white space are one space;
* Markdown emphasis (``*``) is not part of the words; a full stop or comma just inside the
  closing mark is not either (“… this morning.”); the first letter's case may differ;
* an ellipsis (``…`` or ``...``) or an editorial insertion in square brackets (``[Welles]``)
  splits the quotation into pieces, which must all occur, in order, in one text;
* page markers (``[Page 341]``) and footnote digits glued to a word (``proclamation24``) in a
  source do not count.

Nothing else is forgiven: a changed, added or missing word fails.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .csvrows import csv_rows
from .errors import DocumentError
from .sentences import split_words

ROOT = Path(__file__).resolve().parent.parent
MEMORANDUM_FILE = ROOT / "data" / "frus1940v03-d264.txt"
SOURCES_DIR = ROOT / "data" / "sources"
VOLUMES_DIR = ROOT / "data" / "frus"
ALLOWLIST_FILE = ROOT / "data" / "quotations-allowlist.csv"
ALLOWLIST_COLUMNS = ["quote", "kind", "citation", "url", "note"]
ALLOWLIST_KINDS = ["record not held", "title", "module's words"]
#: The shortest quotation checked, in words.
MIN_WORDS = 4

_QUOTE = re.compile(r"“(?P<curly>[^”]*)”|\"(?P<straight>[^\"]*?)\"")
_SPLIT = re.compile(r"\s*(?:…|\.\s?\.\s?\.|\[[^\]]*\])\s*")
_QUOTES = str.maketrans({c: "'" for c in "‘’`´\"“”"})


class Quotation(NamedTuple):
    """One quotation found in prose: where it stands and its words."""

    where: str  # file, and the cell for a notebook
    line: int  # line in the file (lesson) or in the cell (notebook), 1-based
    quote: str


def normalise(text: str) -> str:
    """Quotation marks and apostrophes made one mark, white space one space, ``*`` dropped.

    >>> normalise("the  President’s “proclamation”")
    "the President's 'proclamation'"
    """
    return re.sub(r"\s+", " ", text.translate(_QUOTES).replace("*", "")).strip()


def _strip_code(text: str) -> str:
    """Blank out fenced code blocks and inline code (keeping line numbers)."""
    text = re.sub(r"```.*?```", lambda m: re.sub(r"[^\n]", " ", m.group()), text, flags=re.S)
    return re.sub(r"`[^`\n]*`", lambda m: " " * len(m.group()), text)


def _word_count(quote: str) -> int:
    """Words in a quotation: white-space-separated pieces with a letter or digit (so that a
    web address in an HTML attribute is one word, not seven), ellipses and brackets left out."""
    return len([w for w in _SPLIT.sub(" ", quote).split() if re.search(r"\w", w)])


def find_quotations(text: str, where: str, min_words: int = MIN_WORDS) -> list[Quotation]:
    """The quotations of at least ``min_words`` words in a Markdown text.

    >>> [q.quote for q in find_quotations('He said “we agreed to disagree” and "no".', "x")]
    ['we agreed to disagree']
    """
    text = _strip_code(text)
    found = []
    for paragraph in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        for match in _QUOTE.finditer(paragraph.group()):
            before = paragraph.group()[match.start() - 1:match.start()]
            if before == "*" and paragraph.group()[match.end():match.end() + 1] == "*":
                continue  # an italic quotation: the module's voiced example
            quote = match.group("curly") if match.group("curly") is not None \
                else match.group("straight")
            if _word_count(quote) >= min_words and not quote.rstrip(" *_").endswith("?"):
                line = text.count("\n", 0, paragraph.start() + match.start()) + 1
                found.append(Quotation(where, line, quote))
    return found


def _variants(text: str) -> list[str]:
    """A text as printed, and without page markers and footnote digits glued to words."""
    plain = re.sub(r"\s*\[Page \d+\]\s*", " ", text)
    plain = re.sub(r"(?<=[A-Za-z,.;’])\d{1,3}(?=[\s,.;:)]|$)", "", plain)
    return [normalise(text), normalise(plain)]


def _volume_variants(path: Path) -> list[str]:
    """A bundled FRUS TEI volume as text: all of it, and without the editors' footnotes."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    whole = normalise("".join(root.itertext()))
    etree.strip_elements(root, "{http://www.tei-c.org/ns/1.0}note", with_tail=False)
    return [whole, normalise("".join(root.itertext()))]


def corpus(memorandum: Path = MEMORANDUM_FILE, folder: Path = SOURCES_DIR,
           reading_text: str | None = None, volumes: Path | None = VOLUMES_DIR
           ) -> dict[str, list[str]]:
    """The texts quotations may come from, by name, each in its normalised variants.

    Besides the memorandum and ``data/sources/``, the FRUS volumes bundled in ``data/frus/``
    (TEI, public domain) count as sources: a notebook may quote any of their documents.

    >>> sorted(corpus(volumes=None))[:2]
    ['data/frus1940v03-d264.txt', 'data/sources/frus1931-41v02-d142.txt']
    """
    texts = {"data/frus1940v03-d264.txt": _variants(memorandum.read_text(encoding="utf-8"))}
    if reading_text is None:
        from .memorandum import load_memorandum

        reading_text = load_memorandum().text
    texts["data/frus1940v03-d264.txt"].append(normalise(reading_text))
    for path in sorted(folder.glob("*.txt")):
        texts[f"data/sources/{path.name}"] = _variants(path.read_text(encoding="utf-8"))
    for path in sorted(volumes.glob("*.xml")) if volumes is not None else []:
        texts[f"data/frus/{path.name}"] = _volume_variants(path)
    return texts


def _pieces(quote: str) -> list[str]:
    pieces = []
    for piece in _SPLIT.split(normalise(quote)):
        piece = piece.strip(" ,;:.'")
        if split_words(piece):
            pieces.append(piece)
    return pieces


def _in_order(pieces: list[str], text: str) -> bool:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        if found < 0:
            first = piece[:1].swapcase() + piece[1:]
            found = text.find(first, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def locate_quotation(quote: str, texts: dict[str, list[str]]) -> str | None:
    """The name of the first text that holds the quotation verbatim, or None.

    >>> locate_quotation("“general in character … without any discrimination”", corpus())
    'data/frus1940v03-d264.txt'
    """
    pieces = _pieces(quote)
    if not pieces:
        return None
    for name, variants in texts.items():
        if any(_in_order(pieces, variant) for variant in variants):
            return name
    return None


def closest(quote: str, texts: dict[str, list[str]]) -> tuple[str, str, float]:
    """The passage most like a quotation that was not found: (text name, passage, ratio)."""
    target = normalise(quote).strip(" ,;:.'")
    size = len(target.split())
    best = ("", "", 0.0)
    for name, variants in texts.items():
        if name.startswith("data/frus/"):
            continue  # a whole volume: too long to search word by word
        words = variants[-1].split()
        for i in range(max(1, len(words) - size + 1)):
            window = " ".join(words[i:i + size])
            matcher = difflib.SequenceMatcher(None, target, window, autojunk=False)
            if matcher.real_quick_ratio() > best[2] and matcher.ratio() > best[2]:
                best = (name, window, round(matcher.ratio(), 2))
    return best


def load_allowlist(path: Path | str = ALLOWLIST_FILE) -> pd.DataFrame:
    """Quotations of titles and of records not held, each with its citation and URL."""
    path = Path(path)
    name = path.name
    rows = []
    for number, row in csv_rows(path, ALLOWLIST_COLUMNS):
        for column in ("quote", "kind", "citation"):
            if not row[column].strip():
                raise DocumentError(name, number, f"{column} is empty")
        if row["kind"] not in ALLOWLIST_KINDS:
            raise DocumentError(name, number, f"kind {row['kind']!r} is not one of "
                                              f"{', '.join(ALLOWLIST_KINDS)}")
        if row["kind"] == "record not held" and not row["url"]:
            raise DocumentError(name, number, "a record not held needs a url")
        if row["url"] and not re.match(r"https?://[^/\s]+\.[^/\s]+", row["url"]):
            raise DocumentError(name, number, f"url {row['url']!r} is not a web address")
        rows.append({**row, "normalised": normalise(row["quote"]).strip(" ,;:.'")})
    return pd.DataFrame(rows, columns=ALLOWLIST_COLUMNS + ["normalised"])


def markdown_texts(root: Path = ROOT) -> list[tuple[str, str]]:
    """The prose to check: each notebook's markdown cells and each lesson plan."""
    texts = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, start=1):
            if cell["cell_type"] == "markdown":
                texts.append((f"notebooks/{path.name}, cell {number}", "".join(cell["source"])))
    for path in sorted((root / "lessons").glob("*.md")):
        texts.append((f"lessons/{path.name}", path.read_text(encoding="utf-8")))
    return texts


def check_quotations(texts: list[tuple[str, str]], sources: dict[str, list[str]],
                     allowlist: pd.DataFrame) -> pd.DataFrame:
    """Every quotation with where it was found, or why it fails.

    ``found_in`` names the text, or ``allowlist: <kind>``; a failing row has ``found_in`` empty
    and ``closest`` (the most similar passage in the texts, with its similarity).

    >>> bad = "Welles said “the regulations were aimed at Japan alone” to Oumansky."
    >>> check_quotations([("planted", bad)], corpus(), load_allowlist())["found_in"].tolist()
    ['']
    """
    allowed = dict(zip(allowlist["normalised"], allowlist["kind"]))
    rows = []
    for where, text in texts:
        for quote in find_quotations(text, where):
            found = locate_quotation(quote.quote, sources)
            if found is None and normalise(quote.quote).strip(" ,;:.'") in allowed:
                found = f"allowlist: {allowed[normalise(quote.quote).strip(' ,;:.' + chr(39))]}"
            near = "" if found else "{0}: “{1}” ({2})".format(*closest(quote.quote, sources))
            rows.append({"where": quote.where, "line": quote.line, "quote": quote.quote,
                         "found_in": found or "", "closest": near})
    return pd.DataFrame(rows, columns=["where", "line", "quote", "found_in", "closest"])
