"""The map builder: a learner marks claims in the memorandum, links them, and compares with the key.

Every button only calls a plain function of :mod:`helpers.arguments` (``add_claim``,
``add_relation``, ``remove_claim``, ``save_map``, ``read_map``, ``compare``, ``draw_map``), which a
checked notebook cell can call too.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
import pandas as pd

from .. import arguments as arg
from ..document import Document
from ..errors import DocumentError
from ..work import Store, work_dir


class MapBuilder:
    """The widget and the learner's map it edits (``builder.map``; ``builder.view`` to show)."""

    def __init__(self, doc: Document, key: arg.ArgumentMap | None = None,
                 folder: str | Path | None = None, name: str = "my-map") -> None:
        self.doc, self.key, self.name = doc, key, name
        self.folder = Path(folder) if folder is not None else work_dir()
        self.map = arg.empty_map(doc)
        self.history: list[arg.ArgumentMap] = []
        sents = doc.sentences
        self.sentence = w.Dropdown(
            description="Sentence", layout=w.Layout(width="95%"),
            options=[(f"¶{p} · s{s}: {arg._short(t, 90)}", int(s))
                     for s, p, t in zip(sents["sent_id"], sents["para_id"], sents["text"])])
        self.words = w.Textarea(description="Words", layout=w.Layout(width="95%", height="70px"))
        speakers = [str(s) for s in arg._speaker_order(doc, [])] or ["welles", "oumansky"]
        self.speaker = w.Dropdown(description="Speaker", options=speakers)
        self.issue = w.Dropdown(description="Matter",
                                options=[(label, key) for key, label in arg.ISSUES.items()])
        self.claim_type = w.Dropdown(description="Type", options=list(arg.CLAIM_TYPES))
        self.framing = w.Checkbox(description="Welles's framing, not a claim in the talk")
        self.label = w.Text(description="Name it", placeholder="a short name for the map")
        self.add_claim_button = w.Button(description="Add claim", button_style="primary")
        self.source = w.Dropdown(description="From")
        self.relation = w.Dropdown(description="Relation", options=list(arg.RELATIONS))
        self.target = w.Dropdown(description="To")
        self.why = w.Text(description="Because", layout=w.Layout(width="95%"),
                          placeholder="the words of the text that make the link")
        self.add_relation_button = w.Button(description="Add relation", button_style="primary")
        self.undo_button = w.Button(description="Undo")
        self.draw_button = w.Button(description="Draw map")
        self.save_button = w.Button(description="Save")
        self.load_button = w.Button(description="Reload")
        self.compare_button = w.Button(description="Compare with key")
        self.status = w.HTML()
        self.table = w.HTML()
        self.output = w.Output()
        self.sentence.observe(self._on_sentence, names="value")
        self.add_claim_button.on_click(lambda _: self.add_claim())
        self.add_relation_button.on_click(lambda _: self.add_relation())
        self.undo_button.on_click(lambda _: self.undo())
        self.draw_button.on_click(lambda _: self.draw())
        self.save_button.on_click(lambda _: self.save())
        self.load_button.on_click(lambda _: self.reload())
        self.compare_button.on_click(lambda _: self.compare())
        self._on_sentence({"new": self.sentence.value})
        self.view = w.VBox([
            w.HTML("<b>1. Mark a claim</b>: pick a sentence, keep or trim its words"),
            self.sentence, self.words,
            w.HBox([self.speaker, self.issue, self.claim_type]),
            w.HBox([self.label, self.framing]), self.add_claim_button,
            w.HTML("<b>2. Link two claims</b>"),
            w.HBox([self.source, self.relation, self.target]), self.why, self.add_relation_button,
            w.HBox([self.undo_button, self.draw_button, self.save_button, self.load_button,
                    self.compare_button]),
            self.status, self.table, self.output])

    # -- the steps a learner takes ---------------------------------------------------------------

    def _on_sentence(self, change: dict) -> None:
        """A new sentence: show its words, and guess its speaker if the speakers table has one."""
        row = self.doc.sentences.loc[self.doc.sentences["sent_id"] == change["new"]].iloc[0]
        self.words.value = row["text"]
        speaker = row.get("speaker") if "speaker" in row.index else None
        if isinstance(speaker, str) and speaker in self.speaker.options:
            self.speaker.value = speaker

    def _apply(self, change: Callable[[], arg.ArgumentMap], done: str) -> None:
        try:
            new = change()
        except DocumentError as exc:
            self.status.value = f"<span style='color:#D55E00'>Not done: {exc}</span>"
            return
        self.history.append(self.map)
        self.map = new
        self._refresh(done)

    def add_claim(self) -> None:
        self._apply(lambda: arg.add_claim(
            self.map, self.doc, self.sentence.value, self.words.value, speaker=self.speaker.value,
            issue=self.issue.value, claim_type=self.claim_type.value,
            framing=self.framing.value, label=self.label.value),
            "Claim added.")

    def add_relation(self) -> None:
        self._apply(lambda: arg.add_relation(self.map, self.source.value, self.target.value,
                                             self.relation.value, self.why.value),
                    "Relation added.")

    def undo(self) -> None:
        if not self.history:
            self.status.value = "Nothing to undo."
            return
        self.map = self.history.pop()
        self._refresh("Undone.")

    def draw(self) -> None:
        import matplotlib.pyplot as plt

        self.output.clear_output(wait=True)
        with self.output:
            fig = arg.draw_map(self.map, title="My argument map")
            plt.show(fig)

    def save(self) -> None:
        paths = arg.save_map(self.map, self.folder, self.name)
        # also into the work store, so that "Download my work" includes the map
        Store(self.folder).save_map(self.name, self.map.claims, self.map.relations,
                                    notebook="04-argument-mapping", label="My argument map")
        self.status.value = f"Saved to {paths[0].name} and {paths[1].name} in {self.folder}."

    def reload(self) -> None:
        if not (self.folder / f"{self.name}-claims.csv").exists():
            self.status.value = f"No saved map yet in {self.folder}."
            return
        self._apply(lambda: arg.read_map(self.doc, self.folder, self.name), "Reloaded.")

    def compare(self) -> None:
        key = self.key if self.key is not None else arg.load_key(self.doc)
        issues = sorted(set(self.map.claims["issue"].astype(str))) or None
        result = arg.compare(self.map, key, issues=issues)
        self.output.clear_output(wait=True)
        with self.output:
            from IPython.display import display

            display(arg.scores(result))
            for line in result["feedback"]:
                print("•", line)

    def _refresh(self, done: str) -> None:
        ids = list(self.map.claims["claim_id"])
        self.source.options, self.target.options = ids, ids
        if len(ids) > 1:
            self.source.value, self.target.value = ids[-1], ids[-2]
        claims = self.map.claims
        self.table.value = _html_table(
            ["claim", "speaker", "matter", "type", "name"],
            zip(ids, claims["speaker"], claims["issue"], claims["claim_type"], claims["label"])) \
            + _html_table(["from", "relation", "to"], self.map.relations[
                ["source", "relation", "target"]].itertuples(index=False))
        self.status.value = (f"{done} Your map: {len(ids)} claims, "
                             f"{len(self.map.relations)} relations.")


def _html_table(header: list[str], rows) -> str:
    """A small HTML table (quicker than ``DataFrame.to_html`` on every click)."""
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                    for row in rows)
    head = "".join(f"<th>{h}</th>" for h in header)
    return f"<table><tr>{head}</tr>{cells}</table>"


def map_builder(doc: Document, key: arg.ArgumentMap | None = None) -> MapBuilder:
    """Build the map builder for a document (show ``builder.view`` in a notebook)."""
    return MapBuilder(doc, key)


def interactions(memo: Document) -> dict[str, Callable[[int], None]]:
    """Simulated learner steps for the benchmark: each performs the i-th interaction."""
    builder = MapBuilder(memo)
    sent_ids = list(memo.sentences["sent_id"])
    relations = list(arg.RELATIONS)

    def pick_sentence(i: int) -> None:
        builder.sentence.value = sent_ids[i % len(sent_ids)]

    def add_claim(i: int) -> None:
        builder.sentence.value = sent_ids[i % len(sent_ids)]
        builder.add_claim_button.click()

    def add_relation(i: int) -> None:
        ids = list(builder.map.claims["claim_id"])
        builder.source.value, builder.target.value = ids[i % len(ids)], ids[(i + 1) % len(ids)]
        builder.relation.value = relations[i % len(relations)]
        builder.add_relation_button.click()

    def undo(i: int) -> None:
        builder.undo_button.click()

    return {"pick_sentence": pick_sentence, "add_claim": add_claim,
            "add_relation": add_relation, "undo": undo}
