"""The loaded document: one reading text and the tables that point into it.

Every table keeps 0-based, end-exclusive character offsets into :attr:`Document.text`, and
1-based ids as a reader counts them (paragraph 1, sentence 1, the printed footnote number 41).
A reader (``helpers.text`` for the history.state.gov layout) builds the parts; this module turns
them into pandas DataFrames and can rebuild the source text from them byte for byte.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import pandas as pd

from .sentences import split_sentences, split_words

#: The separator between paragraphs in the reading text.
PARAGRAPH_BREAK = "\n\n"


@dataclass
class Anchor:
    """A footnote anchor removed from the text: printed number, offset and source line."""

    n: int
    char: int
    line: int
    where: str = "body"  # "body" (offset into the reading text) or "title" (offset into the title)


@dataclass
class PageBreak:
    """A ``[Page N]`` marker removed from the text."""

    page: int
    char: int  # where it stood in the reading text
    marker: str  # exactly what was removed, e.g. "[Page 328] "
    kind: str  # "inline" (inside a paragraph) or "standalone" (a line of its own)
    line: int


@dataclass
class Document:
    """A document loaded into pandas tables that all index one reading text.

    Attributes are plain DataFrames (``paragraphs``, ``sentences``, ``pages``, ``footnotes``,
    ``tokens``, ``people``, ``blocks``, ``turns``, ``speakers``), the reading ``text`` and a
    ``metadata`` dict. ``blocks`` and ``layout`` record the source's layout, so that
    :meth:`to_source_text` can rebuild it exactly.
    """

    text: str
    metadata: dict
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    pages: pd.DataFrame
    footnotes: pd.DataFrame
    tokens: pd.DataFrame
    blocks: pd.DataFrame
    people: pd.DataFrame = field(default_factory=pd.DataFrame)
    layout: dict = field(default_factory=dict)
    #: speaker turns and per-speaker summary, filled by ``helpers.speakers`` (empty until then)
    turns: pd.DataFrame = field(default_factory=pd.DataFrame)
    speakers: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __repr__(self) -> str:
        title = self.metadata.get("title", "untitled")
        return (
            f"<Document {title!r}: {len(self.paragraphs)} paragraphs, "
            f"{len(self.sentences)} sentences, {len(self.footnotes)} footnotes, "
            f"pages {self.metadata.get('first_page')}–{self.metadata.get('last_page')}>"
        )

    def paragraph_source(self, para_id: int) -> str:
        """The paragraph as the source prints it: page markers and anchor digits put back."""
        row = self.paragraphs.loc[self.paragraphs["para_id"] == para_id].iloc[0]
        start, end = int(row["char_start"]), int(row["char_end"])
        inserts = []
        body = self.footnotes[self.footnotes["where"] == "body"]
        for n, char in zip(body["n"], body["char"]):
            if start <= char <= end:
                inserts.append((int(char), 0, str(n)))
        inline = self.pages[self.pages["marker_kind"] == "inline"]
        for marker, char in zip(inline["marker"], inline["marker_char"]):
            if start <= char <= end:
                inserts.append((int(char), 1, marker))
        return _insert(self.text[start:end], [(c - start, k, s) for c, k, s in inserts])

    def title_source(self) -> str:
        """The title as printed, with any footnote anchors put back."""
        title = self.footnotes[self.footnotes["where"] == "title"]
        inserts = [(int(c), 0, str(n)) for n, c in zip(title["n"], title["char"])]
        return _insert(self.metadata["title"], inserts)

    def to_source_text(self) -> str:
        """Rebuild the source text, byte for byte, from the tables (the proof nothing was lost)."""
        parts = [self.layout.get("prefix", "")]
        footnotes = self.footnotes.set_index("list_n")
        for block in self.blocks.itertuples():
            parts.append(block.sep_before)
            if block.kind == "file_number":
                parts.append(self.metadata["file_number"])
            elif block.kind == "title":
                parts.append(self.title_source())
            elif block.kind == "paragraph":
                parts.append(self.paragraph_source(int(block.ref)))
            elif block.kind == "page_marker":
                parts.append(f"[Page {int(block.ref)}]")
            elif block.kind == "signature":
                parts.append(self.metadata["signature"])
            elif block.kind == "footnote":
                parts.append(f"{int(block.ref)}. {footnotes.loc[int(block.ref), 'text']}")
        parts.append(self.layout.get("suffix", ""))
        source = "".join(parts)
        newline = self.layout.get("newline", "\n")
        return source.replace("\n", newline) if newline != "\n" else source


def _insert(text: str, inserts: list[tuple[int, int, str]]) -> str:
    """Insert strings at offsets (anchors before page markers at the same offset)."""
    out, last = [], 0
    for char, _, string in sorted(inserts):
        out.append(text[last:char])
        out.append(string)
        last = char
    out.append(text[last:])
    return "".join(out)


def build_document(
    paragraphs: list[str],
    anchors: list[Anchor],
    footnote_texts: list[str],
    breaks: list[PageBreak],
    first_page: int | None,
    metadata: dict,
    blocks: list[dict],
    layout: dict,
) -> Document:
    """Assemble the tables of a :class:`Document` from what a reader found."""
    text = PARAGRAPH_BREAK.join(paragraphs)
    para_starts = []
    offset = 0
    for para in paragraphs:
        para_starts.append(offset)
        offset += len(para) + len(PARAGRAPH_BREAK)

    pages = _pages_table(text, breaks, first_page)
    page_starts = pages["char_start"].tolist()
    page_numbers = pages["page"].tolist()

    def page_at(char: int):
        if not page_numbers:
            return pd.NA
        return page_numbers[max(bisect.bisect_right(page_starts, char) - 1, 0)]

    para_rows, sent_rows, tok_rows = [], [], []
    for para_id, (para, start) in enumerate(zip(paragraphs, para_starts), start=1):
        para_rows.append(
            {"para_id": para_id, "page": page_at(start), "text": para,
             "char_start": start, "char_end": start + len(para)}
        )
        for s_start, s_end in split_sentences(para):
            sent_id = len(sent_rows) + 1
            sent_rows.append(
                {"sent_id": sent_id, "para_id": para_id, "page": page_at(start + s_start),
                 "text": para[s_start:s_end], "char_start": start + s_start,
                 "char_end": start + s_end}
            )
            sentence = para[s_start:s_end]
            for w_start, w_end in split_words(sentence):
                char = start + s_start + w_start
                tok_rows.append(
                    {"tok_id": len(tok_rows) + 1, "sent_id": sent_id, "para_id": para_id,
                     "page": page_at(char), "text": sentence[w_start:w_end],
                     "lower": sentence[w_start:w_end].lower(), "char_start": char,
                     "char_end": start + s_start + w_end}
                )

    sentences = _frame(sent_rows, ["sent_id", "para_id", "page", "text", "char_start", "char_end"])
    sent_starts = sentences["char_start"].tolist()

    note_rows = []
    for list_n, (anchor, note) in enumerate(zip(anchors, footnote_texts), start=1):
        row = {"n": anchor.n, "list_n": list_n, "text": note, "where": anchor.where,
               "char": anchor.char, "sent_id": pd.NA, "para_id": pd.NA, "page": pd.NA}
        if anchor.where == "body":
            # an anchor right after a sentence's last character belongs to that sentence
            index = bisect.bisect_left(sent_starts, anchor.char) - 1
            if index >= 0:
                row["sent_id"] = int(sentences["sent_id"].iat[index])
                row["para_id"] = int(sentences["para_id"].iat[index])
            row["page"] = page_at(max(anchor.char - 1, 0))
        row.update(_cross_reference(note))
        note_rows.append(row)
    footnotes = _frame(
        note_rows,
        ["n", "list_n", "text", "where", "char", "sent_id", "para_id", "page",
         "see_footnote", "see_page"],
    )
    footnotes["voice"] = "editors"
    for column in ("sent_id", "para_id", "page", "see_footnote", "see_page"):
        footnotes[column] = footnotes[column].astype("Int64")
    tokens = _frame(
        tok_rows,
        ["tok_id", "sent_id", "para_id", "page", "text", "lower", "char_start", "char_end"],
    )
    paragraphs_frame = _frame(para_rows, ["para_id", "page", "text", "char_start", "char_end"])
    for table in (paragraphs_frame, sentences, tokens):
        table["page"] = table["page"].astype("Int64")

    metadata = dict(metadata)
    metadata["first_page"] = page_numbers[0] if page_numbers else None
    metadata["last_page"] = page_numbers[-1] if page_numbers else None
    return Document(
        text=text, metadata=metadata, paragraphs=paragraphs_frame, sentences=sentences,
        pages=pages, footnotes=footnotes, tokens=tokens,
        blocks=_blocks_table(blocks), layout=layout,
    )


def _blocks_table(blocks: list[dict]) -> pd.DataFrame:
    """The source's layout: each non-blank line, its kind and the exact white space before it."""
    table = _frame(blocks, ["block_id", "kind", "line", "sep_before", "ref"])
    table["ref"] = table["ref"].astype("Int64")
    return table


def _pages_table(text: str, breaks: list[PageBreak], first_page: int | None) -> pd.DataFrame:
    rows = []
    if first_page is not None:
        rows.append({"page": first_page, "char_start": 0, "marker_kind": "none",
                     "marker_char": pd.NA, "marker": "", "line": pd.NA})
    for brk in breaks:
        start = brk.char
        while start < len(text) and text[start].isspace():
            start += 1
        rows.append({"page": brk.page, "char_start": start, "marker_kind": brk.kind,
                     "marker_char": brk.char, "marker": brk.marker, "line": brk.line})
    pages = _frame(rows, ["page", "char_start", "marker_kind", "marker_char", "marker", "line"])
    pages.insert(2, "char_end", pages["char_start"].shift(-1, fill_value=len(text)).astype(int))
    pages["marker_char"] = pages["marker_char"].astype("Int64")
    pages["line"] = pages["line"].astype("Int64")
    pages["voice"] = "editors"
    return pages


def _cross_reference(note: str) -> dict:
    """Read an editors' cross-reference such as "See footnote 25, p. 311."."""
    match = re.fullmatch(r"See footnote (\d+), p\. (\d+)\.", note.strip())
    if match is None:
        return {"see_footnote": pd.NA, "see_page": pd.NA}
    return {"see_footnote": int(match.group(1)), "see_page": int(match.group(2))}


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)
