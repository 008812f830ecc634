"""Reader for FRUS volumes in TEI XML, as the Office of the Historian encodes them.

Two front doors lead to the same :class:`~helpers.document.Document`: ``helpers.text`` reads the
history.state.gov text layout, this module reads the TEI of a whole volume. It accepts both
encodings: the published one (``github.com/HistoryAtState/frus``: ``subtype``,
``frus:doc-dateTime-min/max``, the dateline inside ``<opener>``) and the earlier delivery (the
dateline directly in the document's ``<div>``, dates without a time zone).

How the TEI maps to the tables (the reading text never rewrites the words of the document):

* ``<note type="source">`` (the file number) becomes ``metadata["file_number"]`` (several source
  notes are joined with ``"; "``); ``<head>`` the title; the dateline (and, in the published
  encoding, any other ``<opener>`` line before the body, such as ``[Telegram.]``) goes to
  ``metadata``, not to the reading text.
* Every ``<p>`` is a paragraph. Material that is not a plain paragraph is also paragraphs, in the
  order printed: each list ``<item>`` (with its ``<label>``, e.g. ``1.``), each table ``<row>``
  (cells joined by `` | ``), each ``<p>`` of a block quotation or a postscript, and in an
  enclosure (``<frus:attachment>``) its source note, opener, heading, dateline, paragraphs and
  closer. A paragraph that holds a block quotation or a list is split around it.
* The closer that ends the document becomes ``metadata["signature"]`` (its whole text, e.g.
  ``For the Ambassador: Robert M. Scotten Counselor of Embassy``; ``metadata["signed"]`` lists the
  ``<signed>`` names). A closer followed by more text (a postscript, an enclosure) stays a
  paragraph where it was printed.
* ``<note n="…">`` is a footnote with its printed number; its anchor is glued to the word before
  it. A note in the heading belongs to the title (``where="title"``); one in the dateline or an
  opener line to that line (``where="dateline"``/``"opener"``, ``char`` into that metadata text).
* ``<pb n="…">`` is a page break: inside a paragraph an inline ``[Page N]`` marker, between
  paragraphs a standalone one. Page breaks after the document's last text belong to the next
  document. ``<lb/>`` is a space; ``<gap/>`` (an omission) is shown as ``[…]``.

>>> doc = load_document(FIXTURE, "d2")
>>> doc.metadata["file_number"], doc.paragraphs["text"].tolist()
('711.00/1', ['I spoke. He left.'])
"""

from __future__ import annotations

import hashlib
import os
import re
import urllib.error
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from lxml import etree

from .document import PARAGRAPH_BREAK, Anchor, Document, PageBreak, build_document
from .errors import DocumentError

TEI = "{http://www.tei-c.org/ns/1.0}"
FRUS = "{http://history.state.gov/frus/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
REPO = Path(__file__).resolve().parent.parent
#: Where fetched volumes are kept; ``FRUS_CACHE_DIR`` or the ``cache_dir`` argument overrides it.
DEFAULT_CACHE = REPO / ".cache" / "frus"
FIXTURE = REPO / "tests" / "fixtures" / "frus" / "tiny.xml"
TIMEOUT = 30.0
MAX_BYTES = 200_000_000
HISTORY_STATE_GOV = "https://history.state.gov/historicaldocuments/{volume}/{doc}"

_NOTE, _PB = "\ue000", "\ue001"  # placeholders for a footnote anchor and a page break
_WHITESPACE = re.compile(r"[ \t\r\n]+")
_CLUSTER = re.compile(r"[ \ue000\ue001]*[\ue000\ue001][ \ue000\ue001]*")
_MARK = re.compile(r"[\ue000\ue001]")
_OTHER_SPACE = re.compile(  # white space that str.split() knows but XML does not
    "[\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_PLACEHOLDER_REF = re.compile(rb"&#(?:[xX]0*[eE]00[01]|0*5734[45]);")
GAP = "[…]"
CELL_SEPARATOR = " | "
#: Elements that start and end paragraphs of the reading text; anything else is inline text.
_BLOCKS = {TEI + t for t in ("p", "item", "head", "opener", "dateline", "closer", "list", "table",
                             "row", "postscript", "ab", "lg", "l", "salute", "trailer",
                             "byline", "div", "label")} | {FRUS + "attachment"}

#: Descendants that need the slow walk (anything but plain inline text).
_SPECIAL = tuple(_BLOCKS | {TEI + t for t in ("note", "pb", "lb", "gap", "cell", "quote")}
                 | {etree.Comment, etree.PI})


#: Clark names of the TEI elements the walks compare most often.
(_PB_TAG, _NOTE_TAG, _LB_TAG, _GAP_TAG, _LABEL_TAG, _ITEM_TAG, _DATELINE_TAG, _QUOTE_TAG, _P_TAG,
 _LIST_TAG, _CELL_TAG, _HEAD_TAG, _OPENER_TAG, _SEG_TAG, _CLOSER_TAG) = (
    TEI + t for t in ("pb", "note", "lb", "gap", "label", "item", "dateline", "quote", "p",
                      "list", "cell", "head", "opener", "seg", "closer"))

_SPECIAL_TAGS = frozenset(_SPECIAL)
(_DATE_TAG, _PLACE_TAG) = (TEI + "date", TEI + "placeName")
_NAME_TAGS = frozenset(TEI + t for t in ("persName", "gloss", "orgName"))
#: What :func:`_plain_inline` cannot read with libxml2's text alone.
_INLINE_STOPS = frozenset({_NOTE_TAG, _LB_TAG, _PB_TAG, _GAP_TAG, etree.Comment, etree.PI,
                           etree.Entity})
#: What :func:`_count_body` does with an element, by its tag (any other tag: _AS_INLINE).
(_AS_INLINE, _AS_NOTE, _AS_BREAK, _AS_GAP, _AS_NOTHING, _AS_BLOCK, _AS_QUOTE, _AS_CELL,
 _AS_LABEL, _AS_ITEM, _AS_LIST) = range(11)  # the block-like ones last (>= _AS_BLOCK)
_ROLES = {**dict.fromkeys(_BLOCKS, _AS_BLOCK), _QUOTE_TAG: _AS_QUOTE, _CELL_TAG: _AS_CELL,
          _LABEL_TAG: _AS_LABEL, _ITEM_TAG: _AS_ITEM, _LIST_TAG: _AS_LIST, _NOTE_TAG: _AS_NOTE,
          _PB_TAG: _AS_BREAK, _GAP_TAG: _AS_GAP, _LB_TAG: _AS_NOTHING,
          etree.Comment: _AS_NOTHING, etree.PI: _AS_NOTHING, etree.Entity: _AS_NOTHING}
#: Where :meth:`_Extractor._inline` does not look for notes.
_UNWALKED = frozenset({_NOTE_TAG, _LB_TAG, _PB_TAG, _GAP_TAG})
_NUMBER = re.compile(r"^No\. \d+\.\s*")
_BY = re.compile(r"(?:Memorandum|Note|Letter|Aide-Mémoire|Statement)[^,]*?,? by (?:the )?"
                 r"(.+?)(?: to (?:the )?(.+))?$")
_TO = re.compile(r"(?:The )?(.+?) to (?:the )?(.+?)\.?$")
_TREATY = re.compile(r"(treaty|convention|protocol|agreement)\b")

DOCUMENT_COLUMNS = ["doc_id", "n", "head", "source_note", "date", "date_min", "date_max",
                    "place", "author", "recipient", "kind", "first_page", "last_page",
                    "n_paragraphs", "n_footnotes"]


# -- public API ----------------------------------------------------------------------------

def load_volume(path_or_url: str | Path, *, cache_dir: str | Path | None = None,
                timeout: float = TIMEOUT) -> pd.DataFrame:
    """One row per document of a FRUS volume (its ``<div type="document">``), in volume order.

    >>> load_volume(FIXTURE)[["doc_id", "kind", "first_page", "n_paragraphs"]].values.tolist()
    [['d1', 'telegram', 1, 1], ['d2', 'memorandum', 1, 1]]
    """
    volume = _volume(path_or_url, cache_dir, timeout)
    if volume.table is None:
        volume.table = _documents_table(volume)
    return volume.table.copy()  # (a copy: the caller may change it; the kept one must not)


def _documents_table(volume: _Volume) -> pd.DataFrame:
    rows = []  # tuples in DOCUMENT_COLUMNS order: built column by column below (faster)
    for doc_id in volume.order:
        rows.append(_row(volume, doc_id))
    columns = dict(zip(DOCUMENT_COLUMNS, map(list, zip(*rows))))
    for column in ("first_page", "last_page"):
        columns[column] = pd.array(columns[column], dtype="Int64")
    columns["kind"] = pd.Categorical(columns["kind"])
    table = pd.DataFrame(columns, columns=DOCUMENT_COLUMNS)
    table.attrs["volume_id"], table.attrs["title"] = volume.volume_id, volume.title
    return table


def _row(volume: _Volume, doc_id: str) -> tuple:
    """A document's row of :func:`load_volume`: :meth:`_Extractor.summarize`, or the whole walk
    where the text holds the reader's placeholders (the walk reports them)."""
    extractor = _Extractor(volume, doc_id)
    if volume.private_use:
        parts = extractor.extract()
        pages = [p for p in [parts.first_page] + [b[0] for b in parts.breaks] if p is not None]
        counts = (pages[0] if pages else None, pages[-1] if pages else None,
                  len(parts.paragraphs), len(parts.notes))
    else:
        parts, counts = extractor.summarize()
    dates = parts.dates
    return (doc_id, parts.div.get("n"), parts.title, parts.file_number, dates["date"],
            dates["date_min"], dates["date_max"], parts.place, parts.author, parts.recipient,
            parts.kind, *counts)


def load_document(path_or_url: str | Path, doc_id: str, *, cache_dir: str | Path | None = None,
                  timeout: float = TIMEOUT) -> Document:
    """One document of a FRUS volume, with the same tables as :func:`helpers.load_memorandum`.

    >>> doc = load_document(FIXTURE, "d1")
    >>> doc.footnotes[["n", "text", "sent_id"]].values.tolist()
    [[7, 'A note.', 2]]
    """
    volume = _volume(path_or_url, cache_dir, timeout)
    if doc_id not in volume.documents:
        known = f"{volume.order[0]} to {volume.order[-1]}" if volume.order else "none"
        raise DocumentError(volume.name, None, f"no document with xml:id {doc_id!r} in this "
                            f"volume ({len(volume.order)} documents: {known})")
    return _Extractor(volume, doc_id).extract().document(volume)


def clear_cache() -> None:
    """Forget the volumes parsed so far (they are kept in memory, keyed by file and time)."""
    _PARSED.clear()


# -- fetching and safe parsing --------------------------------------------------------------

def cache_path(url: str, cache_dir: str | Path | None = None) -> Path:
    """The file a URL is cached in: ``<cache>/<hash>-<file name>``.

    >>> cache_path("https://example.org/v/frus1934v05.xml", "/tmp/c").name
    '7764d98a5d09-frus1934v05.xml'
    """
    folder = Path(cache_dir or os.environ.get("FRUS_CACHE_DIR") or DEFAULT_CACHE)
    stem = re.sub(r"[^\w.-]", "_", url.rstrip("/").rsplit("/", 1)[-1])[-80:] or "volume.xml"
    return folder / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:12]}-{stem}"


def _local(path_or_url: str | Path, cache_dir, timeout: float) -> tuple[Path, str]:
    """A local file for a path or an http(s) URL (fetched once into the cache)."""
    text = str(path_or_url)
    if re.match(r"[a-zA-Z][\w+.-]*://", text):
        if not text.lower().startswith(("http://", "https://")):
            raise DocumentError(text, None, "only http:// and https:// addresses can be fetched")
        target = cache_path(text, cache_dir)
        if not target.is_file():
            _fetch(text, target, timeout)
        return target, text
    path = Path(path_or_url)
    if not path.is_file():
        raise DocumentError(str(path), None, "no such file (give the path of a FRUS TEI volume "
                            "or an http(s) address)")
    return path, path.name


def _fetch(url: str, target: Path, timeout: float) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
            size = 0
            while chunk := response.read(1 << 20):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise DocumentError(url, None, f"larger than {MAX_BYTES:,} bytes; not fetched")
                out.write(chunk)
        os.replace(partial, target)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        if isinstance(exc, urllib.error.HTTPError):
            reason = f"HTTP {exc.code} {exc.reason}"
        raise DocumentError(url, None, f"could not fetch ({reason}) and there is no cached copy "
                            f"at {target}") from None
    finally:
        partial.unlink(missing_ok=True)


def _parser() -> etree.XMLParser:
    """No entity expansion, no network, no DTD loading, no huge trees.

    (Not ``collect_ids=False``, although it parses a little faster: with it, lxml 6 makes
    libxml2 try to load an external DTD named in the DOCTYPE.)
    """
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False)


def _parse(path: Path, name: str) -> tuple[etree._ElementTree, bool]:
    """The parsed file, and whether the reader's placeholders (U+E000, U+E001) may occur in it."""
    data = path.read_bytes()
    doctype = data.find(b"<!DOCTYPE", 0, 1 << 16)
    if doctype >= 0:  # refuse entity declarations before libxml2 even reads them
        entity = data.find(b"<!ENTITY", doctype, max(data.find(b"]>", doctype), doctype))
        if entity >= 0:
            raise DocumentError(name, _line(data, entity), "the DOCTYPE declares entities; "
                                "entity declarations are refused, never expanded")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        raise DocumentError(name, line, f"not well-formed XML: {exc.msg}") from None
    info = tree.docinfo
    if info.internalDTD is not None and list(info.internalDTD.iterentities()):
        raise DocumentError(name, _line(data, doctype), "the DOCTYPE declares entities; entity "
                            "declarations are refused, never expanded")
    if info.system_url or info.public_id:
        raise DocumentError(name, _line(data, doctype), "the DOCTYPE points to an external DTD "
                            f"({info.system_url or info.public_id}), which is not fetched; FRUS "
                            "volumes need none")
    return tree, _may_hold_placeholders(data, info.encoding)


def _may_hold_placeholders(data: bytes, encoding: str | None) -> bool:
    """Whether U+E000 or U+E001 (the reader's placeholders) can be in the file's text.

    Searches single bytes (``memchr``, a fraction of a millisecond) before anything slower.

    >>> _may_hold_placeholders("a\\ue000".encode(), "UTF-8")
    True
    >>> [_may_hold_placeholders(b, e) for b, e in [(b"&#xE001;", None), (b"a &amp;", "utf-8")]]
    [True, False]
    """
    if (encoding or "UTF-8").upper().replace("_", "-") not in ("UTF-8", "UTF8", "US-ASCII",
                                                               "ASCII"):
        return True  # another encoding: assume they may be there (the full walk checks)
    if data.find(b"\xee") >= 0 and (b"\xee\x80\x80" in data or b"\xee\x80\x81" in data):
        return True
    at = data.find(b"&")
    while at >= 0:
        if _PLACEHOLDER_REF.match(data, at):
            return True
        at = data.find(b"&", at + 1)
    return False


def _line(data: bytes, index: int) -> int | None:
    return data.count(b"\n", 0, index) + 1 if index >= 0 else None


@dataclass
class _Volume:
    name: str
    volume_id: str
    title: str
    documents: dict
    order: list
    start_pages: dict
    private_use: bool = False  # U+E000/U+E001 in the text (the reader's own placeholders)
    table: pd.DataFrame | None = None  # load_volume's table, once made


_PARSED: OrderedDict = OrderedDict()


def _volume(path_or_url, cache_dir, timeout: float) -> _Volume:
    path, name = _local(path_or_url, cache_dir, timeout)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, name)
    if key in _PARSED:
        _PARSED.move_to_end(key)
        return _PARSED[key]
    volume = _index(*_parse(path, name), name)
    _PARSED[key] = volume
    while len(_PARSED) > 3:
        _PARSED.popitem(last=False)
    return volume


def _index(tree: etree._ElementTree, private_use: bool, name: str) -> _Volume:
    root = tree.getroot()
    if root.tag != TEI + "TEI":
        raise DocumentError(name, root.sourceline, f"not a TEI file: the root element is "
                            f"<{etree.QName(root).localname}> in namespace "
                            f"{etree.QName(root).namespace or '(none)'}, not TEI's <TEI>")
    documents, order, start_pages, page = {}, [], {}, None
    for elem in root.iter(_PB_TAG, TEI + "div"):
        if elem.tag == _PB_TAG:
            page = elem.get("n")
        elif elem.get("type") == "document":
            doc_id = elem.get(XML_ID)
            if not doc_id:
                raise DocumentError(name, elem.sourceline, '<div type="document"> without xml:id')
            if doc_id in documents:
                raise DocumentError(name, elem.sourceline, f"xml:id {doc_id!r} used twice (first "
                                    f"at line {documents[doc_id].sourceline})")
            documents[doc_id], start_pages[doc_id] = elem, page
            order.append(doc_id)
    if not documents:
        raise DocumentError(name, None, 'a TEI file, but not a FRUS volume: it has no <div '
                            'type="document"> (FRUS encodes each document so)')
    volume_id = root.get(XML_ID) or ""
    title = root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title[@type='complete']")
    title_text = _plain(title) if title is not None else ""
    return _Volume(name, volume_id, title_text, documents, order, start_pages, private_use)


def _plain(elem) -> str:
    return _squash(_all_text(elem))


def _all_text(elem) -> str:
    """The text of an element and its descendants (not comments, not its own tail).

    The same string as ``"".join(elem.itertext())``, serialised by libxml2 (ten times faster).

    >>> _all_text(etree.fromstring("<a>x<b>y<!-- no --></b>z</a>"))
    'xyz'
    """
    return etree.tostring(elem, method="text", encoding=str, with_tail=False)


def _squash(text: str) -> str:
    """XML white space runs to one space, ends trimmed; other spaces (no-break) are kept.

    >>> _squash("  a\\n   b\\xa0c ")
    'a b\\xa0c'
    """
    if text.isascii():  # the other spaces below U+0080 are control characters
        if "\x0b" not in text and "\x0c" not in text and "\x1c" not in text and \
                "\x1d" not in text and "\x1e" not in text and "\x1f" not in text:
            return " ".join(text.split())  # the same result, faster
    elif _OTHER_SPACE.search(text) is None:
        return " ".join(text.split())
    return _WHITESPACE.sub(" ", text).strip(" ")


# -- one document ---------------------------------------------------------------------------

@dataclass
class _Note:
    n: int | str
    where: str  # "title", "dateline", "opener" or "body"
    char: int  # offset in the title or metadata line; for "body", in paragraph `para`
    line: int
    text: str
    para: int = -1


@dataclass
class _Parts:
    div: object
    name: str
    title: str = ""
    file_number: str | None = None
    dates: dict = field(default_factory=dict)
    place: str | None = None
    dateline: str | None = None
    opener: str | None = None
    author: str | None = None
    recipient: str | None = None
    names_from: str | None = None
    kind: str = "other"
    first_page: int | None = None
    paragraphs: list = field(default_factory=list)  # [text, element line]
    notes: list = field(default_factory=list)  # _Note, in document order
    breaks: list = field(default_factory=list)  # (page, paragraph index, pos, kind, line)
    items: list = field(default_factory=list)  # ("paragraph", index) / ("page_marker", break)
    signature: str | None = None
    signed: list = field(default_factory=list)
    signature_line: int | None = None
    head_line: int | None = None
    source_line: int | None = None

    def document(self, volume: _Volume) -> Document:
        """Build the Document (tables, blocks and layout for the text rendering)."""
        starts, offset = [], 0
        for text, _ in self.paragraphs:
            starts.append(offset)
            offset += len(text) + len(PARAGRAPH_BREAK)
        end = max(offset - len(PARAGRAPH_BREAK), 0)
        anchors, note_texts = [], []
        for note in self.notes:
            char = starts[note.para] + note.char if note.where == "body" else note.char
            anchors.append(Anchor(note.n, char, note.line, note.where))
            note_texts.append(note.text)
        breaks = []
        for page, para, pos, kind, line in self.breaks:
            if kind == "inline":
                text = self.paragraphs[para][0]
                marker = f"[Page {page}] " if pos > 0 and text[pos - 1] == " " else f"[Page {page}]"
                breaks.append(PageBreak(page, starts[para] + pos, marker, kind, line))
            else:
                char = starts[para] if para < len(starts) else end
                breaks.append(PageBreak(page, char, f"[Page {page}]", kind, line))
        first_page, inferred = self.first_page, False
        if first_page is None and breaks:
            first_page, inferred = breaks[0].page - 1, True
        blocks = []

        def add(kind: str, line, ref=None) -> None:
            blocks.append({"block_id": len(blocks) + 1, "kind": kind, "line": line,
                           "sep_before": "\n\n" if blocks else "", "ref": ref})
        if self.file_number is not None:
            add("file_number", self.source_line)
        add("title", self.head_line)
        for kind, ref in self.items:
            if kind == "paragraph":
                add("paragraph", self.paragraphs[ref][1], ref + 1)
            else:
                add("page_marker", ref[4], ref[0])
        if self.signature is not None:
            add("signature", self.signature_line)
        for list_n, note in enumerate(self.notes, start=1):
            add("footnote", note.line, list_n)
            blocks[-1]["sep_before"] = "\n  "
        doc_id = self.div.get(XML_ID)
        metadata = {
            "file_number": self.file_number, "title": self.title, "signature": self.signature,
            "source": self.name, "first_page_inferred": inferred, "document_id": doc_id,
            "document_number": self.div.get("n"), "volume_id": volume.volume_id,
            "volume": volume.title, "signed": list(self.signed), "dateline": self.dateline,
            "opener": self.opener, "place": self.place, **self.dates, "author": self.author,
            "recipient": self.recipient, "names_from": self.names_from, "kind": self.kind,
            "url": HISTORY_STATE_GOV.format(volume=volume.volume_id, doc=doc_id)
            if volume.volume_id else None,
            "voices": {"file_number": "editors", "title": "editors", "author": "editors",
                       "recipient": "editors", "place": "editors", "date": "editors",
                       "dateline": "editors", "opener": "editors", "signature": "document",
                       "kind": "module", "url": "editors"},
        }
        return build_document([p for p, _ in self.paragraphs], anchors, note_texts, breaks,
                               first_page, metadata, blocks, {"prefix": "", "newline": "\n"})


class _Extractor:
    """Walk one ``<div type="document">`` once, collecting paragraphs, notes and page breaks."""

    def __init__(self, volume: _Volume, doc_id: str):
        self.div = volume.documents[doc_id]
        self.parts = _Parts(self.div, volume.name)
        self.parts.first_page = self._page_number(volume.start_pages[doc_id], self.div)
        self.buffer: list[str] = []
        self.buffer_notes: list[_Note] = []
        self.buffer_pbs: list[tuple[int, int]] = []
        self.buffer_line: int | None = None
        self.label_open = False
        self.pending_pbs: list[tuple[int, int]] = []  # page breaks between paragraphs
        self.counting = False  # summarize: count the dateline's notes, skip its text
        self.dateline_read = False

    def error(self, line, problem: str) -> DocumentError:
        return _document_error(self.parts.name, self.div, line, problem)

    def _page_number(self, n: str | None, elem) -> int | None:
        if n is None:
            return None
        if not n.isdigit():
            if elem is self.div:
                return None  # the page before the document is front matter ([XII])
            raise self.error(elem.sourceline, f'<pb n="{n}">: the page number is not a whole '
                             "number")
        return int(n)

    def extract(self) -> _Parts:
        children, body_start = self._begin()
        body_elems, closer = self._body(children, body_start)
        if closer is not None:
            self.parts.signature, _ = self._inline(closer, "signature")
            self.parts.signed = [_plain(s) for s in closer.iter(TEI + "signed")]
            self.parts.signature_line = closer.sourceline
        self._text(self.div.text if body_start == 0 else children[body_start - 1].tail)
        for child in body_elems:
            self._walk(child)
            self._text(child.tail)
        self._flush()
        for pb in self.pending_pbs:
            self._standalone(pb)
        self.pending_pbs = []
        self._classify()
        return self.parts

    def summarize(self) -> tuple[_Parts, tuple]:
        """The heading, and (first page, last page, paragraphs, footnotes) as :meth:`extract`
        finds them, without building any text: the body is counted by :func:`_count_body`,
        which follows :meth:`_walk` and only notes whether a paragraph holds words."""
        self.n_notes, self.counting = 0, True  # the dateline's notes are counted here
        children, body_start = self._begin()
        body_elems, _ = self._body(children, body_start)
        pages = [page for page, _ in self.pending_pbs]  # the heading's breaks come first
        text = self.div.text if body_start == 0 else children[body_start - 1].tail
        n_paragraphs, n_notes = _count_body(body_elems, bool(text and text.strip(" \t\r\n")),
                                            pages, self.parts.name, self.div)
        self._classify()
        first = self.parts.first_page
        if first is None and pages:
            first = pages[0]
        last = pages[-1] if pages else first
        return self.parts, (first, last, n_paragraphs,
                            len(self.parts.notes) + self.n_notes + n_notes)

    def _begin(self) -> tuple[list, int]:
        """The dates and the heading; the document's elements and where its body begins."""
        self.parts.dates = {"date": None, "date_min": self.div.get(FRUS + "doc-dateTime-min"),
                            "date_max": self.div.get(FRUS + "doc-dateTime-max")}
        children = [c for c in self.div if isinstance(c.tag, str)]
        return children, self._heading(children)

    @staticmethod
    def _body(children: list, body_start: int) -> tuple[list, object]:
        """The body's elements, and the closer that ends the document (the signature) if any."""
        body = children[body_start:]
        last = len(body) - 1
        while last >= 0 and body[last].tag == _PB_TAG:
            last -= 1  # page breaks after the last text begin the next document
        closer = body[last] if last >= 0 else None
        if closer is not None and closer.tag == _CLOSER_TAG and \
                not any(node.tag == _NOTE_TAG for node in closer.iter()):
            return body[:last], closer
        return body[:last + 1], None

    # the heading: source notes, notes, head, dateline, opener lines ------------------------

    def _heading(self, children: list) -> int:
        parts, title_notes, sources = self.parts, [], []
        index = 0
        for index, child in enumerate(children):
            tag = child.tag
            if tag == _NOTE_TAG and child.get("type") == "source":
                sources.append(_plain(child))
                parts.source_line = parts.source_line or child.sourceline
            elif tag == _NOTE_TAG:  # a note outside the head, before the body: on the title
                title_notes.append(_Note(self._note_number(child), "title", -1,
                                         child.sourceline, self._note_text(child)))
                parts.notes.append(title_notes[-1])
            elif tag == _HEAD_TAG and parts.head_line is None:
                parts.head_line = child.sourceline
                inside = list(child.iter())
                parts.title, notes = self._inline(child, "title", inside=inside)
                parts.notes.extend(notes)
                parts.author, parts.recipient, parts.names_from = _head_names(parts.title,
                                                                              inside)
            elif tag == _DATELINE_TAG and not self.dateline_read:
                self._dateline(child)
            elif tag == _OPENER_TAG and all(c.tag in (_DATELINE_TAG, _SEG_TAG)
                                               for c in child):
                for line in child:
                    if line.tag == _DATELINE_TAG and not self.dateline_read:
                        self._dateline(line)
                    else:
                        text, notes = self._inline(line, "opener", parts.opener)
                        parts.opener = f"{parts.opener} {text}" if parts.opener else text
                        parts.notes.extend(notes)
            elif tag == _PB_TAG:
                if parts.head_line is None:
                    parts.first_page = self._page_number(child.get("n"), child)
                else:
                    self.pending_pbs.append((self._page_number(child.get("n"), child),
                                             child.sourceline))
            else:
                break
        else:
            index = len(children)
        if parts.head_line is None:
            raise self.error(self.div.sourceline, "no <head> (every FRUS document has a heading)")
        for note in title_notes:
            note.char = len(parts.title)
        parts.file_number = "; ".join(sources) if sources else None
        return index

    def _dateline(self, elem) -> None:
        parts = self.parts
        self.dateline_read = True
        inside = list(elem.iter())
        if self.counting:  # load_volume needs the dateline's notes, not its text
            self.n_notes += self._count_inline_notes(elem, inside)
        else:
            parts.dateline, notes = self._inline(elem, "dateline", inside=inside)
            parts.notes.extend(notes)
        parts.place, parts.dates["date"] = _place_and_date(inside)

    def _classify(self) -> None:
        """The kind of document, from the head, source note and opener (this module's label)."""
        parts = self.parts
        parts.kind = _kind(parts.title, parts.file_number, parts.opener, parts.recipient)

    # inline text (title, dateline, signature, footnotes) ------------------------------------

    def _inline(self, elem, where: str, before: str | None = None,
                inside: list | None = None) -> tuple[str, list[_Note]]:
        """An element's text on one line, with its footnotes' offsets into that line.

        ``inside``, if given, lists the element and its descendants (``list(elem.iter())``).
        """
        if len(elem) == 0:
            text = _squash(elem.text or "")  # plain text: the walk below gives the same
            if _NOTE not in text and _PB not in text:
                return text, []
        else:
            text = _plain_inline(elem, elem.iter() if inside is None else inside)
            if text is not None and _NOTE not in text and _PB not in text:
                return text, []  # no note: the walk below gives the same
        pieces, notes = [], []

        def walk(node) -> None:  # node is an element (comments and PIs are never walked into)
            text = node.text
            if text:
                pieces.append(text)
            for child in node:
                tag = child.tag
                if tag == _NOTE_TAG:
                    pieces.append(_NOTE)
                    notes.append(child)
                elif tag == _LB_TAG or tag == _PB_TAG:
                    pieces.append(" ")
                elif tag == _GAP_TAG:
                    pieces.append(GAP)
                elif isinstance(tag, str):
                    if len(child):
                        walk(child)
                    elif text := child.text:
                        pieces.append(text)
                tail = child.tail
                if tail:
                    pieces.append(tail)
        walk(elem)
        text = _canonical(_squash("".join(pieces)))
        found = []
        shift = len(before) + 1 if before else 0
        for note, match in zip(notes, _MARK.finditer(text)):
            pos = match.start() - len(found)
            found.append(_Note(self._note_number(note), where, shift + pos, note.sourceline,
                               self._note_text(note)))
        out = text.replace(_NOTE, "").replace(_PB, "")
        if len(found) != len(notes):
            raise self.error(elem.sourceline, "a private-use character U+E000/U+E001 in the text")
        return out, found

    def _count_inline_notes(self, elem, inside: list) -> int:
        """How many notes :meth:`_inline` finds in an element (their numbers checked the same)."""
        count = 0
        for node in inside:
            if node.tag == _NOTE_TAG:
                parent = node.getparent()
                while parent is not elem:
                    if parent.tag in _UNWALKED:
                        break  # inside a note, a break or a gap: _inline does not look there
                    parent = parent.getparent()
                else:
                    self._note_number(node)
                    count += 1
        return count

    def _note_number(self, note) -> int | str:
        """The printed number: an int, or the mark as printed (``14a``, ``*``)."""
        n = note.get("n")
        if n is None or not n.strip():
            raise self.error(note.sourceline, f"a footnote (<note>) without a printed number "
                             f"(n={n!r})")
        return int(n) if n.isdigit() else n

    def _note_text(self, note) -> str:
        pieces = []

        def walk(node) -> None:
            if node.text and isinstance(node.tag, str):
                pieces.append(node.text)
            for child in node:
                if child.tag == _GAP_TAG:
                    pieces.append(GAP)
                elif child.tag in (_LB_TAG, _P_TAG, _PB_TAG):
                    pieces.append(" ")
                    if child.tag == _P_TAG:
                        walk(child)
                        pieces.append(" ")
                elif isinstance(child.tag, str):
                    walk(child)
                if child.tail:
                    pieces.append(child.tail)
        walk(note)
        return _squash("".join(pieces))

    # the body: paragraphs ------------------------------------------------------------------

    def _text(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)

    def _walk(self, elem) -> None:
        tag = elem.tag
        if not isinstance(tag, str):
            return  # a comment or processing instruction (its tail is read by the caller)
        if tag == _NOTE_TAG:
            if elem.get("type") == "source":  # an enclosure's own source note: printed as a line
                self._flush()
                self._text(_plain(elem))
                self.buffer_line = elem.sourceline
                self._flush()
                return
            self.buffer.append(_NOTE)
            self.buffer_notes.append(_Note(self._note_number(elem), "body", 0, elem.sourceline,
                                           self._note_text(elem)))
            return
        if tag == _PB_TAG:
            self.buffer.append(_PB)
            self.buffer_pbs.append((self._page_number(elem.get("n"), elem), elem.sourceline))
            return
        if tag == _LB_TAG:
            self.buffer.append(" ")
            return
        if tag == _GAP_TAG:
            self.buffer.append(GAP)
            return
        block = tag in _BLOCKS or (tag == _QUOTE_TAG and any(
            c.tag in _BLOCKS for c in elem))
        if tag == _CELL_TAG and elem.getprevious() is not None:
            self.buffer.append(CELL_SEPARATOR)
        if block and tag != _LABEL_TAG and not _holds_special(elem):
            if self.label_open and tag == _ITEM_TAG:
                self.label_open = False
            else:
                self._flush()
            self.buffer_line = self.buffer_line or elem.sourceline
            self.buffer.append(_all_text(elem))  # plain text only: the common case, fast
            self._flush()
            return
        if block:
            if self.label_open and tag == _ITEM_TAG:
                self.label_open = False  # "1." and its item make one paragraph
            else:
                self._flush()
            if self.buffer_line is None:
                self.buffer_line = elem.sourceline
        self._text(elem.text)
        for child in elem:
            self._walk(child)
            self._text(child.tail)
        if tag == _LABEL_TAG and elem.getparent().tag == _LIST_TAG:
            self.buffer.append(" ")
            self.label_open = True
        elif block:
            if tag == _LIST_TAG:
                self.label_open = False  # a label without its item ends with its list
            self._flush()

    def _flush(self) -> None:
        """End the paragraph being read: normalise its white space, place anchors and breaks."""
        if self.label_open:
            return
        raw, notes, pbs = "".join(self.buffer), self.buffer_notes, self.buffer_pbs
        line = self.buffer_line
        self.buffer, self.buffer_notes, self.buffer_pbs, self.buffer_line = [], [], [], None
        if not notes and not pbs:
            text = _squash(raw)
            if text:
                self._paragraph(text, line)
            return
        if raw.count(_NOTE) != len(notes) or raw.count(_PB) != len(pbs):
            raise self.error(line, "a private-use character U+E000/U+E001 in the text")
        text = _canonical(_squash(raw)).strip(" ")
        clean = _MARK.sub("", text)
        final = clean.strip(" ")
        notes_iter, pbs_iter = iter(notes), iter(pbs)
        marks = [(m.start(), m.group()) for m in _MARK.finditer(text)]
        if not final:  # no words: only page breaks (and stray notes)
            for _, mark in marks:
                if mark == _PB:
                    self.pending_pbs.append(next(pbs_iter))
                else:
                    self._orphan_note(next(notes_iter))
            return
        first_word = len(text) - len(text.lstrip(" \ue000\ue001"))
        last_word = len(text.rstrip(" \ue000\ue001"))
        lead_spaces = len(clean) - len(clean.lstrip(" "))
        leading = sum(1 for at, mark in marks if mark == _PB and at < first_word)
        self.pending_pbs.extend(next(pbs_iter) for _ in range(leading))
        index = self._paragraph(final, line)
        for count, (at, mark) in enumerate(marks):
            pos = min(max(at - count - lead_spaces, 0), len(final))
            if mark == _NOTE:
                note = next(notes_iter)
                note.para, note.char = index, pos
                self.parts.notes.append(note)
            elif at < first_word:
                continue  # queued above as a standalone break before the paragraph
            elif at >= last_word:
                self.pending_pbs.append(next(pbs_iter))  # the next page begins after it
            else:
                page, pb_line = next(pbs_iter)
                self.parts.breaks.append((page, index, pos, "inline", pb_line))

    def _paragraph(self, text: str | None, line) -> int:
        for pb in self.pending_pbs:
            self._standalone(pb)
        self.pending_pbs = []
        self.parts.paragraphs.append([text, line])
        index = len(self.parts.paragraphs) - 1
        self.parts.items.append(("paragraph", index))
        return index

    def _standalone(self, pb: tuple[int, int]) -> None:
        page, line = pb
        brk = (page, len(self.parts.paragraphs), 0, "standalone", line)
        self.parts.breaks.append(brk)
        self.parts.items.append(("page_marker", brk))

    def _orphan_note(self, note: _Note) -> None:
        """A note outside any paragraph text: glued to the end of the previous paragraph."""
        if self.parts.paragraphs:
            index = len(self.parts.paragraphs) - 1
            note.para, note.char = index, len(self.parts.paragraphs[index][0])
        else:
            note.where, note.char = "title", len(self.parts.title)
        self.parts.notes.append(note)


def _place_and_date(inside: list) -> tuple[str | None, str | None]:
    """A dateline's place (its first ``<placeName>``, no trailing comma) and date (its first
    ``<date>``: ``when``, else ``notBefore/notAfter``); ``inside`` lists the dateline's elements.

    >>> _place_and_date(list(etree.fromstring(f"<d xmlns='{TEI[1:-1]}'><placeName>Lima,"
    ...     "</placeName> <date notBefore='1934-02'>February</date></d>").iter()))
    ('Lima', '1934-02/')
    """
    place = date = None
    for found in inside:  # the first of each
        tag = found.tag
        if tag == _DATE_TAG:
            date = date if date is not None else found
        elif tag == _PLACE_TAG and place is None:
            place = found
    when = None
    if date is not None:
        when = date.get("when")
        if when is None and (date.get("notBefore") or date.get("notAfter")):
            when = f"{date.get('notBefore', '')}/{date.get('notAfter', '')}"
    return (_plain(place).rstrip(",") if place is not None else None), when


def _head_names(title: str, inside: list) -> tuple[str | None, str | None, str | None]:
    """Author, recipient and where they come from: the head's markup (``inside`` lists its
    elements), else the wording of its text.

    >>> _head_names("Mr. Seat to Mr. Gresham.", [])
    ('Mr. Seat', 'Mr. Gresham', 'head text')
    """
    found = {}
    for elem in inside:
        if elem.tag in _NAME_TAGS:
            role = elem.get("type")
            if role in ("from", "to") and role not in found:
                found[role] = _plain(elem)
    if found:
        return found.get("from"), found.get("to"), "markup"
    title = _NUMBER.sub("", title)
    match = _BY.match(title)
    if match is None:
        match = _TO.match(title)
    if match:
        return match.group(1), match.group(2), "head text"
    return None, None, None


def _kind(title: str, file_number: str | None, opener: str | None,
          recipient: str | None) -> str:
    """The kind of document, from the head, source note and opener (this module's label).

    >>> _kind("No. 3. Mr. Baker to Mr. Gresham.", "817.00/1", None, None)
    'letter'
    """
    head = _NUMBER.sub("", title).lower()
    if head.startswith("memorandum of conversation"):
        return "memorandum of conversation"
    if "telegram" in f"{file_number or ''} {opener or ''}".lower() or \
            head.startswith("telegram"):
        return "telegram"
    for kind in ("memorandum", "press release"):
        if head.startswith(kind):
            return kind
    if _TREATY.match(head) is not None:
        return "treaty"
    if recipient is not None or " to " in head:
        return "letter"
    return "other"


def _document_error(name: str, div, line, problem: str) -> DocumentError:
    return DocumentError(name, line, f"document {div.get(XML_ID)}: {problem}")


def _count_body(elems, words: bool, pages: list, name: str, div) -> tuple[int, int]:
    """The paragraphs and footnotes :meth:`_Extractor._walk` makes of a document's body
    elements, without building their text; the page breaks it reads are added to ``pages``.

    The walk's rules, step for step: a block (``<p>``, ``<item>``, ``<row>``, a quotation that
    holds paragraphs…) ends the paragraph before it and the one it holds; a label in a list and
    the item after it make one paragraph; a paragraph counts if it holds words (text beyond
    XML white space, a gap, a cell separator). Notes and page breaks are counted where the walk
    reads them, with the same checks. One loop over the tree, its state in local variables
    (what ``load_volume`` spends most of its time on). ``words``: whether text before the
    first element already holds words.

    >>> body = etree.fromstring(f"<div xmlns='{TEI[1:-1]}'><p>A<note n='1'>x</note> b</p>"
    ...     "<pb n='2'/><list><label>1.</label><item>one</item></list></div>")
    >>> pages = []
    >>> _count_body(list(body), False, pages, "test", body), pages
    ((2, 1), [2])
    """
    n_paragraphs = n_notes = 0
    label_open = False
    role_of = _ROLES.get
    levels = [(iter(elems), None, 0, False)]  # (children to read, element, role, block)
    while levels:
        for child in levels[-1][0]:
            role = role_of(child.tag, _AS_INLINE)
            if role == _AS_INLINE:  # <hi>, <persName>…: its text, then its children
                if not words:
                    text = child.text
                    words = bool(text) and (not text.isspace() or bool(text.strip(" \t\r\n")))
                if len(child):
                    levels.append((iter(child), child, role, False))
                    break
            elif role == _AS_BLOCK:  # <p>, <head>…: the general case below, in fewer steps
                if words and not label_open:
                    n_paragraphs, words = n_paragraphs + 1, False
                if not words:
                    text = child.text
                    words = bool(text) and (not text.isspace() or bool(text.strip(" \t\r\n")))
                if len(child):
                    levels.append((iter(child), child, role, True))
                    break
                if words and not label_open:
                    n_paragraphs, words = n_paragraphs + 1, False
            elif role > _AS_BLOCK:  # quotations, cells, labels, items, lists
                block = role != _AS_CELL and (role != _AS_QUOTE or any(
                    c.tag in _BLOCKS for c in child))  # a quotation of paragraphs is a block
                if role == _AS_CELL and child.getprevious() is not None:
                    words = True  # the cell separator
                if block:  # the paragraph before it ends (a label's item goes on with it)
                    if label_open and role == _AS_ITEM:
                        label_open = False
                    elif words and not label_open:
                        n_paragraphs, words = n_paragraphs + 1, False
                if not words:
                    text = child.text
                    words = bool(text) and (not text.isspace() or bool(text.strip(" \t\r\n")))
                if len(child):
                    levels.append((iter(child), child, role, block))
                    break  # its children first; its end and tail when they are read
                if role == _AS_LABEL and child.getparent().tag == _LIST_TAG:
                    label_open = True
                elif block and words and not label_open:
                    n_paragraphs, words = n_paragraphs + 1, False
            elif role == _AS_NOTE:
                if child.get("type") == "source":  # an enclosure's source note: a line
                    if words and not label_open:
                        n_paragraphs, words = n_paragraphs + 1, False
                    text = _all_text(child)
                    if text and text.strip(" \t\r\n"):
                        if label_open:
                            words = True
                        else:
                            n_paragraphs, words = n_paragraphs + 1, False
                else:
                    n = child.get("n")
                    if n is None or not n.strip():
                        raise _document_error(name, div, child.sourceline, "a footnote (<note>) "
                                              f"without a printed number (n={n!r})")
                    n_notes += 1
            elif role == _AS_BREAK:
                n = child.get("n")
                if n is not None and not n.isdigit():
                    raise _document_error(name, div, child.sourceline, f'<pb n="{n}">: the page '
                                          "number is not a whole number")
                pages.append(int(n) if n is not None else None)
            elif role == _AS_GAP:
                words = True
            # (a line break, a comment or a processing instruction: only the tail is read)
            if not words:
                text = child.tail
                words = bool(text) and (not text.isspace() or bool(text.strip(" \t\r\n")))
        else:
            _, elem, role, block = levels.pop()
            if elem is None:
                continue
            if role == _AS_LABEL and elem.getparent().tag == _LIST_TAG:
                label_open = True
            elif block:
                if role == _AS_LIST:
                    label_open = False  # a label without its item ends with its list
                if words and not label_open:
                    n_paragraphs, words = n_paragraphs + 1, False
            if not words:
                text = elem.tail
                words = bool(text) and (not text.isspace() or bool(text.strip(" \t\r\n")))
    if words and not label_open:
        n_paragraphs += 1
    return n_paragraphs, n_notes


def _plain_inline(elem, inside) -> str | None:
    """:meth:`_Extractor._inline`'s text of an element that holds no note, or None if it does.

    Line and page breaks are a space, a gap is ``[…]``; a comment, too, is left to the walk
    (None). ``inside`` lists the element's descendants (it may begin with the element itself).

    >>> d = etree.fromstring(f"<d xmlns='{TEI[1:-1]}'><a>x<lb/>y</a>z</d>")
    >>> _plain_inline(d, d.iter())
    'x yz'
    """
    holders = None  # the elements that hold a break or a gap (they are read piece by piece)
    for node in inside:
        tag = node.tag
        if tag in _INLINE_STOPS and node is not elem:
            if tag == _NOTE_TAG or tag.__class__ is not str:
                return None
            if holders is None:
                holders = set()
            parent = node.getparent()
            while parent is not elem and parent not in holders:
                holders.add(parent)
                parent = parent.getparent()
    if holders is None:
        return _squash(_all_text(elem))  # libxml2 joins the same text nodes the walk reads
    pieces: list[str] = []
    _break_pieces(elem, holders, pieces)
    return _squash("".join(pieces))


def _break_pieces(elem, holders: set, pieces: list) -> None:
    """The text of an element without notes, breaks and gaps read as ``_inline`` reads them."""
    if elem.text:
        pieces.append(elem.text)
    for child in elem:
        tag = child.tag
        if tag == _LB_TAG or tag == _PB_TAG:
            pieces.append(" ")
        elif tag == _GAP_TAG:
            pieces.append(GAP)
        elif child in holders:
            _break_pieces(child, holders, pieces)
        else:
            pieces.append(_all_text(child))
        if child.tail:
            pieces.append(child.tail)


def _holds_special(elem) -> bool:
    """Whether an element holds more than plain inline text (a note, a page break, a block…).

    >>> _holds_special(etree.fromstring(f'<p xmlns="{TEI[1:-1]}">a <hi>b</hi></p>'))
    False
    """
    if len(elem) == 0:
        return False
    found = elem.iter(*_SPECIAL)
    first = next(found, None)
    return first is not None and (first is not elem or next(found, None) is not None)


def _canonical(text: str) -> str:
    """Glue anchors to the word before them and put page breaks after any space.

    >>> _canonical("word \\ue000 \\ue001next").replace("\\ue000", "41").replace("\\ue001", "|")
    'word41 |next'
    """
    def fix(match: re.Match) -> str:
        cluster = match.group()
        notes = cluster.count(_NOTE) * _NOTE
        pbs = cluster.count(_PB) * _PB
        return notes + (" " if " " in cluster else "") + pbs
    return _CLUSTER.sub(fix, text)

