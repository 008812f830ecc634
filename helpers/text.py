"""Reader for a FRUS document as history.state.gov renders it as plain text.

The layout, line by line: an optional file number (``711.61/749``), the title, the body
paragraphs (``[Page N]`` markers inside them or on lines of their own, footnote anchors glued to
the word or comma before them, as in ``scrap,41``), an optional signature (``S[umner] W[elles]``)
and the footnote list, indented and numbered from 1 (``  1. Proclamation No. 2417, ...``).

>>> doc = read_text("711.61/749\\n\\nA Title\\n\\nI spoke.41 He left.\\n\\nS. W.\\n  1. A note.")
>>> doc.sentences["text"].tolist(), int(doc.footnotes["n"].iat[0])
(['I spoke.', 'He left.'], 41)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .document import PARAGRAPH_BREAK, Anchor, Document, PageBreak, build_document
from .errors import DocumentError

FILE_NUMBER = re.compile(r"\d{2,}[A-Z]?(?:\.[\dA-Za-z]+)*[\d.]*(?:[ /][\w.()¼½¾ -]*)?"
                         r"(?:: [A-Z][\w ]*)?")  # 816.51c39/289, 865D.404/1, 816.01/368: Telegram
PAGE_MARKER = re.compile(r"\[Page (\d+)\]")
FOOTNOTE_ITEM = re.compile(r"(\d+)\. (.+)")
SIGNATURE_WORD = re.compile(r"[A-Z](?:[\w’'\-]|\[[\w’'\-]*\]|\.)*")
ANCHOR_CANDIDATE = re.compile(r"(?<=[^\s\d])(\d+)(?!\w)")
CLOSERS = "”’\"')]"
MAX_TITLE = 300


@dataclass
class _Block:
    """One non-blank line of the source: its text without surrounding white space."""

    text: str
    line: int
    sep_before: str
    indented: bool


@dataclass
class _Candidate:
    """Digits glued to the character before them: perhaps a footnote anchor."""

    n: int
    pos: int  # offset of the digits in the paragraph (page markers already removed)
    length: int
    strong: bool  # glued to a word, a quotation mark, or punctuation after a word
    unit: int  # index of the paragraph (or -1 for the title)
    line: int
    context: str


def read_text(source: str | bytes | Path, *, name: str | None = None,
              first_page: int | None = None) -> Document:
    """Read a document in the history.state.gov text layout from a path, text or bytes.

    ``first_page`` is the printed page on which the document begins; without it, it is taken
    as one before the first ``[Page N]`` marker.
    """
    raw, name = _load(source, name)
    text, layout = _decode(raw, name)
    blocks, suffix = _split_blocks(text)
    layout["suffix"] = suffix
    if not blocks:
        raise DocumentError(name, 1, "the text is empty (only white space)")
    return _Reader(name, blocks, layout, first_page).read()


def _load(source: str | bytes | Path, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "<text>"
    if isinstance(source, str) and ("\n" in source or not source.strip()):
        return source.encode("utf-8"), name or "<text>"
    path = Path(source)
    if not path.is_file():
        raise DocumentError(str(path), None, "no such file (pass the text itself or a path)")
    return path.read_bytes(), name or path.name


def _decode(raw: bytes, name: str) -> tuple[str, dict]:
    if not raw.strip():
        raise DocumentError(name, 1, "the text is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DocumentError(
            name, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        ) from None
    layout = {"prefix": "", "newline": "\n"}
    if text.startswith("\ufeff"):
        layout["prefix"], text = "\ufeff", text[1:]
    if "\r\n" in text:
        lone_lf = re.search(r"(?<!\r)\n", text)
        if lone_lf:
            line = text.count("\n", 0, lone_lf.start()) + 1
            raise DocumentError(name, line, "mixed line endings (this line ends in LF, "
                                "earlier ones in CRLF)")
        text = text.replace("\r\n", "\n")
        layout["newline"] = "\r\n"
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        raise DocumentError(name, line, "a lone carriage return (CR) in the text")
    return text, layout


def _split_blocks(text: str) -> tuple[list[_Block], str]:
    """Split into non-blank lines, keeping the exact white space between them."""
    blocks, sep = [], ""
    for number, line in enumerate(text.split("\n"), start=1):
        if number > 1:
            sep += "\n"
        core = line.strip()
        if not core:
            sep += line
            continue
        lead = line[: len(line) - len(line.lstrip())]
        blocks.append(_Block(core, number, sep + lead, bool(lead)))
        sep = line[len(line.rstrip()):]
    return blocks, sep


class _Reader:
    def __init__(self, name: str, blocks: list[_Block], layout: dict, first_page: int | None):
        self.name, self.blocks, self.layout, self.first_page = name, blocks, layout, first_page

    def error(self, line: int | None, problem: str) -> DocumentError:
        return DocumentError(self.name, line, problem)

    def read(self) -> Document:
        body_blocks, notes = self._split_footnote_list()
        file_number, title, rest = self._head(body_blocks)
        signature = None
        if len(rest) > 1 and _is_signature(rest[-1].text):
            signature, rest = rest[-1], rest[:-1]
        if not any(PAGE_MARKER.fullmatch(b.text) is None for b in rest):
            line = rest[0].line if rest else title.line
            raise self.error(line, "no body paragraphs after the title")

        units, breaks_raw = self._body(rest)
        candidates = self._candidates(title, units)
        anchors = self._select_anchors(candidates)
        self._match_footnotes(anchors, notes)
        paragraphs, anchor_rows, title_text, breaks = self._strip(title, units, anchors, breaks_raw)
        first_page = self._check_pages(breaks)

        layout_blocks = []
        def add(kind, block, ref=None):
            layout_blocks.append({"block_id": len(layout_blocks) + 1, "kind": kind,
                                  "line": block.line, "sep_before": block.sep_before, "ref": ref})
        if file_number is not None:
            add("file_number", file_number)
        add("title", title)
        para_id = 0
        for block in rest:
            marker = PAGE_MARKER.fullmatch(block.text)
            if marker:
                add("page_marker", block, int(marker.group(1)))
            else:
                para_id += 1
                add("paragraph", block, para_id)
        if signature is not None:
            add("signature", signature)
        for list_n, block in enumerate(notes, start=1):
            add("footnote", block, list_n)

        metadata = {
            "file_number": file_number.text if file_number else None,
            "title": title_text,
            "signature": signature.text if signature else None,
            "source": self.name,
            "first_page_inferred": self.first_page is None and first_page is not None,
        }
        note_texts = [FOOTNOTE_ITEM.fullmatch(b.text).group(2) for b in notes]
        return build_document(paragraphs, anchor_rows, note_texts, breaks, first_page,
                              metadata, layout_blocks, self.layout)

    # -- structure -------------------------------------------------------------------------

    def _split_footnote_list(self) -> tuple[list[_Block], list[_Block]]:
        start = next((i for i, b in enumerate(self.blocks)
                      if b.indented and FOOTNOTE_ITEM.fullmatch(b.text)), len(self.blocks))
        notes = self.blocks[start:]
        for expected, block in enumerate(notes, start=1):
            item = FOOTNOTE_ITEM.fullmatch(block.text) if block.indented else None
            if item is None:
                raise self.error(block.line, "text after the footnote list that is not an "
                                 f"indented, numbered footnote: {_clip(block.text)!r}")
            if int(item.group(1)) != expected:
                raise self.error(block.line, f"footnote list item numbered {item.group(1)}, "
                                 f"expected {expected}")
        return self.blocks[:start], notes

    def _head(self, blocks: list[_Block]) -> tuple[_Block | None, _Block, list[_Block]]:
        file_number = None
        if blocks and FILE_NUMBER.fullmatch(blocks[0].text):
            file_number, blocks = blocks[0], blocks[1:]
        if not blocks:
            line = file_number.line + 1 if file_number else 1
            raise self.error(line, "no title: the text ends before its title")
        title = blocks[0]
        if PAGE_MARKER.search(title.text) or len(title.text) > MAX_TITLE or \
                title.text.rstrip(CLOSERS)[-1] in ".;:,?!":
            raise self.error(title.line, "no title: expected the document's title here (one "
                             f"line without a final full stop), found {_clip(title.text)!r}")
        return file_number, title, blocks[1:]

    def _body(self, blocks: list[_Block]):
        """Paragraphs (page markers inside them removed) and the page breaks found."""
        units, breaks = [], []
        for block in blocks:
            standalone = PAGE_MARKER.fullmatch(block.text)
            if standalone:
                # a marker on a line of its own: the page begins with the next paragraph
                breaks.append((int(standalone.group(1)), len(units), 0, block.text,
                               "standalone", block.line))
                continue
            kept, last = [], 0
            for marker in PAGE_MARKER.finditer(block.text):
                start, end = marker.span()
                if block.text[end:end + 1] == " ":
                    end += 1
                elif block.text[start - 1:start] == " ":
                    start -= 1
                kept.append(block.text[last:start])
                pos = sum(len(k) for k in kept)
                breaks.append((int(marker.group(1)), len(units), pos, block.text[start:end],
                               "inline", block.line))
                last = end
            kept.append(block.text[last:])
            units.append((block, "".join(kept)))
        return units, breaks

    # -- footnote anchors ------------------------------------------------------------------

    def _candidates(self, title: _Block, units) -> list[_Candidate]:
        found = []
        for index, (block, text) in [(-1, (title, title.text))] + list(enumerate(units)):
            for match in ANCHOR_CANDIDATE.finditer(text):
                digits, pos = match.group(1), match.start()
                if digits.startswith("0"):
                    continue
                before = text[pos - 1]
                word = re.search(r"[A-Za-z]+$", text[:pos])
                if before.isalpha():
                    strong = len(word.group(0)) > 1 if word else True
                elif before in CLOSERS:
                    strong = True
                elif before in ",.;:":
                    strong = pos < 2 or not text[pos - 2].isdigit()
                else:
                    continue
                found.append(_Candidate(int(digits), pos, len(digits), strong, index,
                                        block.line, text[max(pos - 12, 0):match.end() + 1]))
        return found

    def _select_anchors(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Anchors run 41, 42, 43 ...: glued numbers that break the run are ordinary text,
        unless they are glued to a word (then the run itself is broken: an error)."""
        first = next((i for i, c in enumerate(candidates) if c.strong), None)
        if first is None:
            return []
        chosen, expected = [], candidates[first].n - 1
        for cand in reversed(candidates[:first]):
            if cand.n == expected and expected > 0:
                chosen.insert(0, cand)
                expected -= 1
        expected = candidates[first].n
        for cand in candidates[first:]:
            if cand.n == expected:
                chosen.append(cand)
                expected += 1
            elif cand.strong:
                raise self.error(cand.line, f"footnote anchor {cand.n} in {cand.context!r} is "
                                 f"out of sequence (expected {expected} after {expected - 1})")
        return chosen

    def _match_footnotes(self, anchors: list[_Candidate], notes: list[_Block]) -> None:
        if anchors and not notes:
            a = anchors[0]
            raise self.error(a.line, f"footnote anchor {a.n} in {a.context!r}, but the text "
                             "has no footnote list at its end")
        if notes and not anchors:
            raise self.error(notes[0].line, f"a footnote list of {len(notes)} but no footnote "
                             "anchors in the text")
        if len(anchors) > len(notes):
            a = anchors[len(notes)]
            raise self.error(a.line, f"footnote anchor {a.n} in {a.context!r} has no footnote: "
                             f"the list at line {notes[0].line} has only {len(notes)}")
        if len(notes) > len(anchors):
            block = notes[len(anchors)]
            raise self.error(block.line, f"footnote {len(anchors) + 1} of the list has no "
                             f"anchor in the text (anchors found: {anchors[0].n}–{anchors[-1].n})")

    # -- the reading text ------------------------------------------------------------------

    def _strip(self, title: _Block, units, anchors: list[_Candidate], breaks_raw):
        """Remove anchor digits; return paragraphs, anchors and breaks with reading offsets."""
        by_unit: dict[int, list[_Candidate]] = {}
        for cand in anchors:
            by_unit.setdefault(cand.unit, []).append(cand)

        def remove(text: str, unit: int):
            cands = by_unit.get(unit, [])
            out, last = [], 0
            for cand in cands:
                out.append(text[last:cand.pos])
                last = cand.pos + cand.length
            out.append(text[last:])
            def shift(pos: int) -> int:
                return pos - sum(c.length for c in cands if c.pos < pos)
            return "".join(out), cands, shift

        title_text, title_cands, title_shift = remove(title.text, -1)
        rows = [Anchor(c.n, title_shift(c.pos), c.line, "title") for c in title_cands]
        paragraphs, starts, shifts, offset = [], [], [], 0
        for index, (_, text) in enumerate(units):
            para, cands, shift = remove(text, index)
            rows += [Anchor(c.n, offset + shift(c.pos), c.line) for c in cands]
            paragraphs.append(para)
            starts.append(offset)
            shifts.append(shift)
            offset += len(para) + len(PARAGRAPH_BREAK)

        breaks = []
        for page, unit, pos, marker, kind, line in breaks_raw:
            if kind == "standalone":
                char = starts[unit] if unit < len(starts) else offset - len(PARAGRAPH_BREAK)
            else:
                char = starts[unit] + shifts[unit](pos)
            breaks.append(PageBreak(page, char, marker, kind, line))
        return paragraphs, rows, title_text, breaks

    def _check_pages(self, breaks: list[PageBreak]) -> int | None:
        seen: dict[int, int] = {}
        for previous, brk in zip([None] + breaks[:-1], breaks):
            if brk.page in seen:
                raise self.error(brk.line, f"[Page {brk.page}] repeated (first at line "
                                 f"{seen[brk.page]})")
            seen[brk.page] = brk.line
            if previous is not None and brk.page < previous.page:
                raise self.error(brk.line, f"[Page {brk.page}] out of order: it comes after "
                                 f"[Page {previous.page}] (line {previous.line})")
            if previous is not None and brk.page != previous.page + 1:
                raise self.error(brk.line, f"[Page {brk.page}] follows [Page {previous.page}]: "
                                 f"page {previous.page + 1} is missing")
        if self.first_page is not None:
            if breaks and breaks[0].page != self.first_page + 1:
                raise self.error(breaks[0].line, f"[Page {breaks[0].page}] cannot follow the "
                                 f"first page given, {self.first_page}")
            return self.first_page
        return breaks[0].page - 1 if breaks else None


def _is_signature(text: str) -> bool:
    """A signature is a few capitalised words or initials: ``S[umner] W[elles]``, ``Hull``."""
    words = text.split()
    if not 0 < len(words) <= 6 or PAGE_MARKER.search(text):
        return False
    if text.endswith(".") and not re.fullmatch(r"[A-Z]\.", words[-1]):
        return False  # a one-line paragraph ("Agreed."), not initials ("J. C. G.")
    return all(SIGNATURE_WORD.fullmatch(w) for w in words)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
