"""The volume browser for notebook 06: filter a FRUS volume's documents, open one in the
speaker-turn explorer.

Each control only calls plain functions (``helpers.volumes.filter_documents`` and
``open_document``, ``helpers.volumeview.documents_html``), which the notebook also calls in
ordinary cells, so that nbval checks what the browser shows.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Callable

import ipywidgets as widgets
import pandas as pd

from ..document import Document
from ..errors import DocumentError
from ..frus import load_volume
from ..volumes import BUNDLED_VOLUME, document_days, filter_documents, open_document
from ..volumeview import documents_html
from .speakers import SpeakerExplorer

#: At most this many documents are offered in the "Document" list (the count says how many match).
MAX_CHOICES = 200


def months(days: pd.Series) -> list[str]:
    """Every month (``YYYY-MM``) from the first dated document's to the last's.

    >>> months(pd.Series(["1933-11-07", None, "1934-02-01"]))
    ['1933-11', '1933-12', '1934-01', '1934-02']
    """
    dated = sorted(d[:7] for d in days.dropna())
    if not dated:
        return []
    return [str(p) for p in pd.period_range(dated[0], dated[-1], freq="M")]


class VolumeBrowser(widgets.VBox):
    """Filter a volume's documents by kind, months and words in the heading; open one."""

    def __init__(self, path: str | Path = BUNDLED_VOLUME) -> None:
        self.path = path
        self.kind = widgets.Dropdown(description="Kind:")
        self.dates = widgets.SelectionRangeSlider(options=["-"], description="Months:",
                                                  continuous_update=False,
                                                  layout=widgets.Layout(width="36em"))
        self.words = widgets.Text(description="Heading has:", placeholder="e.g. Welles",
                                  continuous_update=False,
                                  style={"description_width": "initial"})  # else cut short
        self.listing, self.message = widgets.HTML(), widgets.HTML()
        self.choice = widgets.Dropdown(description="Document:",
                                       layout=widgets.Layout(width="46em"))
        self.open_button = widgets.Button(description="Open in the speaker-turn explorer",
                                   layout=widgets.Layout(width="22em"))
        self.explorer = widgets.VBox()
        self.load(path)
        for control in (self.kind, self.dates, self.words):
            control.observe(self._show, names="value")
        self.open_button.on_click(lambda _: self.open_selected())
        super().__init__(children=[self.kind, self.dates, self.words, self.listing,
                                   widgets.HBox([self.choice, self.open_button]), self.message,
                                   self.explorer])

    def load(self, path: str | Path) -> None:
        """Read a whole volume (a path or URL) and show all its documents."""
        table = load_volume(path)
        self.path, self.table = path, table.assign(day=document_days(table))
        self._months = months(self.table["day"]) or ["-"]
        with _Quiet(self):
            self.kind.options = ["any", *[str(k) for k in table["kind"].cat.categories]]
            self.kind.value = "any"
            self.dates.options = self._months
            self.dates.index = (0, len(self._months) - 1)
            self.words.value = ""
        self._show()

    def current(self) -> pd.DataFrame:
        """The documents the controls select (the months slider at both ends: no date filter)."""
        first, last = self.dates.index
        whole = (first, last) == (0, len(self._months) - 1)
        return filter_documents(self.table, kind=self.kind.value,
                                start=None if whole else self._months[first],
                                end=None if whole else self._months[last],
                                words=self.words.value)

    def _show(self, *_) -> None:
        if getattr(self, "_quiet", False):
            return
        found = self.current()
        self.listing.value = documents_html(found)
        self.choice.options = [(f"{row.doc_id} · {row.day or 'undated'} · "
                                f"{str(row.head)[:80]}", row.doc_id)
                               for row in found.head(MAX_CHOICES).itertuples()]
        if self.choice.value is None and self.choice.options:
            self.choice.value = self.choice.options[0][1]
        more = len(found) - MAX_CHOICES
        self.message.value = (f"<p>The list offers the first {MAX_CHOICES}: narrow the filters "
                              f"to reach the other {more}.</p>" if more > 0 else "")

    def open_selected(self) -> Document | None:
        """Open the chosen document in the speaker-turn explorer (or say why it cannot be)."""
        if self.choice.value is None:
            self.message.value = "<p>No document matches the filters.</p>"
            return None
        try:
            doc = open_document(self.path, self.choice.value)
            self.explorer.children = [SpeakerExplorer(doc)]
        except (DocumentError, ValueError) as error:
            problem = error.problem if isinstance(error, DocumentError) else str(error)
            self.message.value = (f"<p>{escape(self.choice.value)} cannot be shown as a "
                                  f"conversation: {escape(problem)}</p>")
            self.explorer.children = []
            return None
        self.message.value = (f"<p>{escape(self.choice.value)}: "
                              f"{escape(str(doc.metadata.get('title')))}</p>")
        return doc

    def __repr__(self) -> str:
        return "Volume browser: run this cell (Shift+Enter) to filter the volume's documents."


class _Quiet:
    """Set several controls without redrawing after each one."""

    def __init__(self, browser: VolumeBrowser) -> None:
        self.browser = browser

    def __enter__(self) -> None:
        self.browser._quiet = True

    def __exit__(self, *_) -> None:
        self.browser._quiet = False


def volume_browser(path: str | Path = BUNDLED_VOLUME) -> VolumeBrowser:
    """The volume browser (show it as the last line of a cell)."""
    return VolumeBrowser(path)


def interactions(memo: Document) -> dict[str, Callable[[int], None]]:
    """Simulated learner steps for ``make bench``: each performs the i-th interaction."""
    browser = VolumeBrowser()
    kinds = list(browser.kind.options)
    words = ["Welles", "memorandum", "Salvador", "Minister to", "conversation", ""]
    last = len(browser._months) - 1
    ranges = [(0, last), (2, 3), (4, 9), (0, 1), (5, 5)]
    ids = ["d220", "d274", "d275", "d55", "d1"]

    def choose_kind(i: int) -> None:
        browser.kind.value = kinds[(i + 1) % len(kinds)]

    def move_months(i: int) -> None:
        browser.kind.value = "any"
        browser.dates.index = ranges[i % len(ranges)]

    def type_words(i: int) -> None:
        browser.words.value = words[i % len(words)]

    def open_document_step(i: int) -> None:
        browser.choice.options = [(doc_id, doc_id) for doc_id in ids]
        browser.choice.value = ids[i % len(ids)]
        browser.open_button.click()

    def whole_volume(i: int) -> None:
        browser.load(BUNDLED_VOLUME)  # read the whole volume again and list every document

    return {"choose_kind": choose_kind, "move_months": move_months, "type_words": type_words,
            "open_document": open_document_step, "whole_volume": whole_volume}
