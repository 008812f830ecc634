"""Pick a sentence or a claim of the memorandum; see what each other record says about it.

The callbacks only call :func:`helpers.corroboration.rows_by_sentence` (what
:func:`~helpers.corroboration.what_records_say` shows), :func:`~helpers.corroboration.echo_rows`
(what :func:`~helpers.corroboration.echoes` shows) and
:func:`~helpers.corroboration.side_by_side`, which a notebook also calls in ordinary, checked
cells.
"""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as widgets
import pandas as pd

from .. import corroboration as corr
from ..document import Document


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _claims() -> pd.DataFrame:
    """The argument key's claims (id, sentence, label), if the key exists."""
    if not corr.CLAIMS_FILE.exists():
        return pd.DataFrame(columns=["claim_id", "sent_id", "label"])
    return pd.read_csv(corr.CLAIMS_FILE, dtype=str, keep_default_na=False)[
        ["claim_id", "sent_id", "label"]].astype({"sent_id": int})


def records_html(rows: list[dict], found: list[dict]) -> str:
    """What the records say (the table's rows) and what echoes the words (the index), as HTML."""
    parts = []
    if not rows:
        parts.append("<p><i>No record in the corroboration table speaks to this sentence.</i></p>")
    for row in rows:
        said = f"“{html.escape(row['quote'])}”" if row["quote"] else "<i>(no words quoted)</i>"
        parts.append(f"<p><b>{html.escape(row['record'])}</b>: <b>{row['verdict']}</b>. {said}"
                     f"<br><span style='color:#555'>{html.escape(row['note'])}</span></p>")
    if found:
        parts.append("<p style='color:#555'>Sentences that share the most words (similarity "
                     "score, not a judgement):</p><ul>")
        parts += [f"<li>{html.escape(r['record'])}, sentence {r['sent_no']} ({r['score']}): "
                  f"{html.escape(_short(r['text'], 140))}</li>" for r in found]
        parts.append("</ul>")
    return "".join(parts)


class CorroborationExplorer:
    """A sentence menu, a claim menu, what each record says, and a side-by-side view."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sources = corr.load_sources()
        self.table = corr.load_corroboration(doc, sources=self.sources)
        self.index = corr.build_index(doc, self.sources)
        self.rows = corr.rows_by_sentence(self.table, self.sources)
        #: records to search for echoes: every held one but the memorandum's own second copy
        self.others = [s for s in self.index.sentences["record"].unique()
                       if s not in (corr.MEMORANDUM, "d264-page")]
        counts = self.table["sent_id"].value_counts()
        self.sentence = widgets.Dropdown(
            options=[(f"{s.sent_id}{' ✓' * (s.sent_id in counts.index)} · {_short(s.text)}",
                      int(s.sent_id)) for s in doc.sentences.itertuples()],
            description="Sentence", layout=widgets.Layout(width="95%"))
        claims = _claims()
        self.claim = widgets.Dropdown(
            options=[("(choose a claim)", "")] + [(f"{c.claim_id} · {c.label}", c.claim_id)
                                                  for c in claims.itertuples()],
            description="Claim", layout=widgets.Layout(width="95%"))
        self._claim_sentence = dict(zip(claims["claim_id"], claims["sent_id"]))
        self.echo = widgets.Dropdown(description="Compare", layout=widgets.Layout(width="95%"))
        self.said, self.pair = widgets.HTML(), widgets.HTML()
        self._views: dict[int, tuple[str, list]] = {}
        self.sentence.observe(self.show_sentence, names="value")
        self.claim.observe(self.pick_claim, names="value")
        self.echo.observe(self.show_pair, names="value")
        self.view = widgets.VBox([self.sentence, self.claim, self.said, self.echo, self.pair])
        self.show_sentence()

    def pick_claim(self, change=None) -> None:
        if self.claim.value:
            self.sentence.value = int(self._claim_sentence[self.claim.value])

    def _sentence_view(self, sent_id: int) -> tuple[str, list]:
        """The records' HTML and the echo menu for one sentence (computed once, then kept)."""
        if sent_id not in self._views:
            rows = self.rows.get(sent_id, [])
            found = corr.echo_rows(self.index, sent_id, self.others, top=1, min_score=0.2)[:3]
            menu = [(f"{r['record']}, sentence {r['sent_no']} ({r['score']})",
                     (r["record"], r["sent_no"])) for r in found]
            self._views[sent_id] = (records_html(rows, found), menu)
        return self._views[sent_id]

    def show_sentence(self, change=None) -> None:
        self.said.value, options = self._sentence_view(self.sentence.value)
        self.echo.options = options
        self.echo.index = 0 if options else None
        self.show_pair()

    def show_pair(self, change=None) -> None:
        if self.echo.value:
            record, sent_no = self.echo.value
            self.pair.value = corr.side_by_side(self.index, self.sentence.value, record,
                                                sent_no).html
        else:
            self.pair.value = ""


def corroboration_explorer(doc: Document) -> widgets.VBox:
    """Build the explorer and return its view (show it as the last line of a cell)."""
    return CorroborationExplorer(doc).view


def interactions(memo: Document) -> dict[str, Callable[[int], None]]:
    """Simulated learner steps for the benchmark: each performs the i-th interaction."""
    explorer = CorroborationExplorer(memo)
    sent_ids = list(memo.sentences["sent_id"])
    claims = [value for _, value in explorer.claim.options if value]

    def pick_sentence(i: int) -> None:
        explorer.sentence.value = sent_ids[i % len(sent_ids)]

    def pick_claim(i: int) -> None:
        if claims:
            explorer.claim.value = claims[i % len(claims)]

    def compare(i: int) -> None:
        options = [value for _, value in explorer.echo.options]
        if options:
            explorer.echo.value = options[i % len(options)]

    return {"pick_sentence": pick_sentence, "pick_claim": pick_claim, "compare": compare}
