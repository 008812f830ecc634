"""Splitting a paragraph into sentences and words, as a careful reader would.

The rules are few and written out here so that a historian can check them: a sentence ends at
``.``, ``?`` or ``!`` (with any closing quotation mark or bracket) followed by white space and a
capital letter, digit or opening quotation mark, unless the word before the full stop is an
abbreviation (``Mr.``, ``No.``, ``p.``, ``vol.``, ``ibid.``, ...) or a single capital initial
(``James C. Dunn``). Sentences never run across paragraphs.
"""

from __future__ import annotations

import re

#: Abbreviations (lower case, without the final full stop) that do not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs messrs dr no nos p pp vol vols ibid id st gen col lt capt adm sen rep hon jr sr
    ft art arts sec secs ch chap cf ed eds ff op cit viz e.g i.e u.s u.s.s.r u.k""".split()
)

_BOUNDARY = re.compile(r"[.?!][”’\"')\]]*(?=\s+[“‘\"(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the full stop at ``text[stop]`` ends a sentence (not an abbreviation or initial)."""
    if text[stop] != ".":
        return True
    match = _WORD_BEFORE.search(text, 0, stop + 1)
    if match is None:
        return True
    word = match.group(1)
    if word.lower() in ABBREVIATIONS:
        return False
    return not (len(word) == 1 and word.isupper())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in one paragraph, white space trimmed.

    >>> split_sentences("I saw Mr. Litvinov. He left.")
    [(0, 19), (20, 28)]
    """
    spans = []
    start = len(text) - len(text.lstrip())
    for match in _BOUNDARY.finditer(text):
        if match.end() <= start or not _ends_sentence(text, match.start()):
            continue
        spans.append((start, match.end()))
        rest = text[match.end():]
        start = match.end() + len(rest) - len(rest.lstrip())
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


def split_words(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the word tokens in ``text``.

    A word is a run of letters or digits, with inner apostrophes and hyphens kept
    (``world’s``, ``re-armament``); punctuation is not a token.

    >>> split_words("the world’s history, 20 years")
    [(0, 3), (4, 11), (12, 19), (21, 23), (24, 29)]
    """
    return [match.span() for match in _WORD.finditer(text)]
