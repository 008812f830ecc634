"""The package's one public error: bad input, named by source, line and problem."""

from __future__ import annotations


class DocumentError(Exception):
    """A source text or data file that cannot be read as it should be.

    The message names the source (a file name, or ``<text>`` for pasted text), the line
    (1-based) where the problem was found when there is one, and what is wrong.

    >>> str(DocumentError("memo.txt", 12, "footnote anchor 44 has no footnote"))
    'memo.txt, line 12: footnote anchor 44 has no footnote'
    """

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {problem}")
