"""Two explorers for notebooks 02 and 03: step through the speakers' turns, and search for a word.

The callbacks only call plain functions (``helpers.speakers.turn_ids``,
``helpers.speakerview.turn_card`` and ``turn_strip_svg``, ``helpers.reading.kwic``), which the
notebooks also call in ordinary cells, so that nbval checks what the widgets show. The widgets
write HTML into ``widgets.HTML`` views (no ``Output`` capture, no figure rendering on a click),
so that each step answers within a few milliseconds.
"""

from __future__ import annotations

from html import escape
from typing import Callable

import ipywidgets as widgets
import pandas as pd

from ..document import Document
from ..errors import DocumentError
from ..reading import kwic
from ..speakerview import TurnCard, turn_card, turn_strip_svg
from ..speakers import turn_ids

KWIC_COLUMNS = ["sent_id", "page", "speaker", "left", "match", "right", "in_frame"]


def kwic_html(table: pd.DataFrame, columns: list[str] = KWIC_COLUMNS) -> str:
    """A keyword-in-context table as plain HTML, the keyword in bold (quicker than ``to_html``)."""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    rows = []
    for values in table[columns].itertuples(index=False):
        cells = [f"<td><b>{escape(str(v))}</b></td>" if c == "match" else
                 f"<td style='text-align: {'right' if c == 'left' else 'left'}'>"
                 f"{escape(str(v))}</td>" for c, v in zip(columns, values)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


class SpeakerExplorer(widgets.VBox):
    """Choose a speaker (or both) and step through the turns: text, pages, footnotes, strip."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._cards: dict[int, TurnCard] = {}
        self._strips: dict[int, str] = {}
        speakers = [str(s) for s in doc.turns["speaker"].cat.categories]
        self.who = widgets.Dropdown(options=["both", *speakers], value="both",
                                    description="Speaker:")
        self.step = widgets.IntSlider(min=1, max=len(turn_ids(doc)), value=1,
                                      description="Turn no.:", continuous_update=False)
        self.back = widgets.Button(description="◀ previous")
        self.forward = widgets.Button(description="next ▶")
        self.heading, self.card, self.strip = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.who.observe(self._restart, names="value")
        self.step.observe(self._show, names="value")
        self.back.on_click(lambda _: self.move(-1))
        self.forward.on_click(lambda _: self.move(1))
        self._show()
        super().__init__(children=[widgets.HBox([self.who, self.back, self.forward]),
                                   self.step, self.heading, self.card, self.strip])

    def current_turn(self) -> int:
        """The turn id shown now."""
        ids = turn_ids(self.doc, self.who.value)
        return ids[min(self.step.value, len(ids)) - 1]

    def move(self, delta: int) -> None:
        """One turn back (``-1``) or forward (``1``), stopping at either end."""
        self.step.value = max(self.step.min, min(self.step.max, self.step.value + delta))

    def _restart(self, *_) -> None:
        ids = turn_ids(self.doc, self.who.value)
        if self.step.value == 1:
            self.step.max = len(ids)
            self._show()
        else:
            self.step.value = 1  # shows the first turn through _show
            self.step.max = len(ids)

    def _show(self, *_) -> None:
        ids = turn_ids(self.doc, self.who.value)
        turn = self.current_turn()
        if turn not in self._cards:
            self._cards[turn] = turn_card(self.doc, turn)
            self._strips[turn] = turn_strip_svg(self.doc, highlight=turn)
        self.heading.value = (f"<b>{escape(self.who.value)}</b>: turn {self.step.value} of "
                              f"{len(ids)} for this choice")
        self.card.value = self._cards[turn].html
        self.strip.value = self._strips[turn]

    def __repr__(self) -> str:
        return "Speaker-turn explorer: run this cell (Shift+Enter) to step through the turns."


class KeywordExplorer(widgets.VBox):
    """Type a word or phrase; see every occurrence in context, for one speaker or both."""

    def __init__(self, doc: Document, keyword: str = "discrimination") -> None:
        self.doc = doc
        self.word = widgets.Text(value=keyword, description="Keyword:", continuous_update=False)
        self.who = widgets.Dropdown(options=["both", *doc.turns["speaker"].cat.categories],
                                    value="both", description="Speaker:")
        self.window = widgets.IntSlider(min=1, max=15, value=6, description="Words each side:",
                                        style={"description_width": "initial"})
        self.result = widgets.HTML()
        for control in (self.word, self.who, self.window):
            control.observe(self._show, names="value")
        self._show()
        super().__init__(children=[widgets.HBox([self.word, self.who]), self.window,
                                   self.result])

    def _show(self, *_) -> None:
        try:
            table = kwic(self.doc, self.word.value, window=self.window.value,
                         speaker=self.who.value)
        except DocumentError as error:
            self.result.value = f"<p>{escape(error.problem)}</p>"
            return
        count = f"<p>{len(table)} occurrence(s) of “{escape(self.word.value)}”</p>"
        self.result.value = count + (kwic_html(table) if len(table) else "")

    def __repr__(self) -> str:
        return "Keyword-in-context explorer: run this cell (Shift+Enter) to search."


def speaker_explorer(doc: Document) -> SpeakerExplorer:
    """The speaker-turn explorer (show it as the last line of a cell)."""
    return SpeakerExplorer(doc)


def keyword_explorer(doc: Document, keyword: str = "discrimination") -> KeywordExplorer:
    """The keyword-in-context explorer, starting with ``keyword``."""
    return KeywordExplorer(doc, keyword)


def interactions(memo: Document) -> dict[str, Callable[[int], None]]:
    """Simulated learner steps for ``make bench``: each performs the i-th interaction."""
    turns = SpeakerExplorer(memo)
    words = KeywordExplorer(memo)
    speakers = list(turns.who.options)
    keywords = ["Russia", "friendly", "Baltic", "trade", "official", "discrimination",
                "it seemed to me", "Soviet Government", "nowhere-in-the-text"]

    def next_turn(i: int) -> None:
        if turns.step.value == turns.step.max:
            turns.step.value = 1
        else:
            turns.forward.click()

    def change_speaker(i: int) -> None:
        turns.who.value = speakers[(i + 1) % len(speakers)]

    def change_keyword(i: int) -> None:
        words.word.value = keywords[i % len(keywords)]

    def change_kwic_speaker(i: int) -> None:
        words.who.value = speakers[(i + 1) % len(speakers)]

    def change_window(i: int) -> None:
        words.window.value = 1 + (i * 4) % 15

    return {"next_turn": next_turn, "change_speaker": change_speaker,
            "change_keyword": change_keyword, "change_kwic_speaker": change_kwic_speaker,
            "change_window": change_window}
