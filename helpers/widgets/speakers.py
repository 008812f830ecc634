"""Two explorers for notebook 01: step through the speakers' turns, and search for a word.

The callbacks only call plain functions (``helpers.speakers.turn_ids``,
``helpers.speakerview.turn_card`` and ``turn_strip``, ``helpers.reading.kwic``), which the
notebook also calls in ordinary cells, so that nbval checks what the widgets show.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from ..document import Document
from ..errors import DocumentError
from ..reading import kwic
from ..speakerview import turn_card, turn_strip
from ..speakers import turn_ids


def speaker_explorer(doc: Document) -> widgets.VBox:
    """Choose a speaker (or both) and step through the turns: text, pages, footnotes, strip."""
    choices = [("both", "both")] + [(s, s) for s in doc.turns["speaker"].cat.categories]
    who = widgets.Dropdown(options=choices, value="both", description="Speaker:")
    step = widgets.IntSlider(min=1, max=1, value=1, description="Turn no.:",
                             continuous_update=False)
    back, forward = widgets.Button(description="◀ previous"), widgets.Button(description="next ▶")
    out = widgets.Output()

    def show(*_):
        ids = turn_ids(doc, who.value)
        step.max = len(ids)
        turn = ids[min(step.value, len(ids)) - 1]
        out.clear_output(wait=True)
        with out:
            print(f"{who.value}: turn {step.value} of {len(ids)} for this choice")
            display(turn_card(doc, turn))
            fig = turn_strip(doc, highlight=turn)
            display(fig)
            plt.close(fig)

    def move(delta: int):
        step.value = max(step.min, min(step.max, step.value + delta))

    def restart(*_):
        step.value = 1
        show()

    who.observe(restart, names="value")
    step.observe(show, names="value")
    back.on_click(lambda _: move(-1))
    forward.on_click(lambda _: move(1))
    show()
    return widgets.VBox([widgets.HBox([who, back, forward]), step, out])


def keyword_explorer(doc: Document, keyword: str = "discrimination") -> widgets.VBox:
    """Type a word or phrase; see every occurrence in context, for one speaker or both."""
    word = widgets.Text(value=keyword, description="Keyword:", continuous_update=False)
    who = widgets.Dropdown(options=["both", *doc.turns["speaker"].cat.categories],
                           value="both", description="Speaker:")
    window = widgets.IntSlider(min=1, max=15, value=6, description="Words each side:",
                               style={"description_width": "initial"})
    out = widgets.Output()

    def show(*_):
        out.clear_output(wait=True)
        with out:
            try:
                table = kwic(doc, word.value, window=window.value, speaker=who.value)
            except DocumentError as error:
                print(error.problem)
                return
            print(f"{len(table)} occurrence(s) of {word.value!r}")
            if len(table):
                display(table[["sent_id", "page", "speaker", "left", "match", "right",
                               "in_frame"]])

    for control in (word, who, window):
        control.observe(show, names="value")
    show()
    return widgets.VBox([widgets.HBox([word, who]), window, out])
