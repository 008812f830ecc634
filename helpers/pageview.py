"""A readable page view of a document: printed pages, paragraph numbers, footnotes.

The view keeps the three voices apart: the memorandum's words in black; what the FRUS editors
added (page numbers, footnotes, the heading) in grey and labelled; nothing else is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .document import Document

STYLE = """<style>
.frus-page {border: 1px solid #bbb; padding: 0.6em 1.2em; margin: 0.8em 0; max-width: 46em;
  font-family: Georgia, serif; line-height: 1.5; background: #fff; color: #111}
.frus-page .editors {color: #555; font-family: sans-serif; font-size: 0.85em}
.frus-page .para-no {color: #555; font-family: sans-serif; font-size: 0.8em; margin-right: 0.4em}
.frus-page sup {color: #555; font-family: sans-serif}
.frus-page h3, .frus-page h4 {margin: 0.3em 0}
.frus-page ol.footnotes {border-top: 1px solid #ccc; padding-top: 0.3em}
</style>"""


@dataclass
class PageView:
    """The document laid out page by page; shows as HTML in a notebook."""

    html: str
    n_pages: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<PageView: {self.n_pages} printed pages>"


def page_view(doc: Document, pages: list[int] | None = None) -> PageView:
    """Lay out ``doc`` as its printed pages (all of them, or only those in ``pages``).

    >>> from helpers import load_memorandum
    >>> page_view(load_memorandum(), pages=[327])
    <PageView: 1 printed pages>
    """
    chosen = [p for p in doc.pages.itertuples() if pages is None or p.page in pages]
    body = [_page_html(doc, page, first=page.Index == 0) for page in chosen]
    return PageView(STYLE + "\n".join(body), len(chosen))


def _page_html(doc: Document, page, first: bool) -> str:
    parts = [f'<div class="frus-page"><div class="editors">[Page {page.page}] '
             '— page number of the printed volume (FRUS editors)</div>']
    if first:
        meta = doc.metadata
        if meta.get("file_number"):
            parts.append(f'<div class="editors">File {escape(meta["file_number"])}</div>')
        parts.append(f'<h3>{escape(doc.title_source())}</h3>')
    notes = []
    for para in doc.paragraphs.itertuples():
        start = max(para.char_start, page.char_start)
        end = min(para.char_end, page.char_end)
        if start >= end and not (para.char_start == para.char_end == start):
            continue
        label = f"¶{para.para_id}" if start == para.char_start else f"¶{para.para_id} (cont.)"
        text, found = _with_anchors(doc, start, end)
        notes += found
        parts.append(f'<p><span class="para-no">{label}</span>{text}</p>')
    last_page = doc.pages["page"].iloc[-1]
    if page.page == last_page and doc.metadata.get("signature"):
        parts.append(f'<p style="text-align:right">{escape(doc.metadata["signature"])}</p>')
    if notes:
        items = "".join(f'<li value="{n}">{escape(text)}</li>' for n, text in notes)
        parts.append(f'<ol class="footnotes editors">{items}</ol>')
    parts.append("</div>")
    return "\n".join(parts)


def _with_anchors(doc: Document, start: int, end: int) -> tuple[str, list[tuple[int, str]]]:
    """HTML for ``doc.text[start:end]`` with footnote anchors as superscripts."""
    notes = doc.footnotes[(doc.footnotes["where"] == "body") & (doc.footnotes["char"] > start)
                          & (doc.footnotes["char"] <= end)]
    out, last, found = [], start, []
    for n, char, text in zip(notes["n"], notes["char"], notes["text"]):
        out.append(escape(doc.text[last:char]))
        out.append(f"<sup>{n}</sup>")
        found.append((int(n), text))
        last = char
    out.append(escape(doc.text[last:end]))
    return "".join(out), found


PRINT_STYLE = """<style>
@page {size: auto; margin: 18mm 16mm}
body {margin: 0 auto; max-width: 48em}
.handout-head {font-family: sans-serif; font-size: 0.85em; color: #333; margin-bottom: 1em}
.frus-page {border: none; border-bottom: 1px dashed #999; max-width: none; padding: 0 0 1em 0}
@media print {.frus-page {page-break-after: always; border-bottom: none}
  .frus-page:last-child {page-break-after: auto}}
</style>"""


def handout_html(doc: Document) -> str:
    """A printable, self-contained HTML page of the document: one printed page per sheet.

    >>> from helpers import load_memorandum
    >>> handout_html(load_memorandum()).startswith("<!DOCTYPE html>")
    True
    """
    meta = doc.metadata
    title = escape(meta.get("title") or "Document")
    citation = escape(meta.get("citation") or meta.get("source") or "")
    head = (f'<div class="handout-head"><strong>{title}</strong><br>{citation}<br>'
            "Black: the memorandum. Grey: added by the FRUS editors (page numbers, footnotes). "
            "¶ numbers: added by this module.</div>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n{PRINT_STYLE}\n</head>\n<body>\n{head}\n"
            f"{page_view(doc).html}\n</body>\n</html>\n")
