"""Answer boxes, the learner's name, "Download my work" and the Binder notice.

One short cell adds a box; it saves on every change and shows the saved answer again after a
re-run or a kernel restart::

    # NBVAL_IGNORE_OUTPUT
    from helpers.widgets.work import answer_box
    answer_box("01.close.evidently", "I think Welles chose “evidently” in order to …",
               question="Why does Welles write “evidently”?")

and one cell, near the end of a notebook with exercises, offers the export::

    # NBVAL_IGNORE_OUTPUT
    from helpers.widgets.work import download_button
    download_button("02-close-reading", memo=memo)

The work itself (saving, loading, exporting) is done by :mod:`helpers.work`; a notebook's
checked cells call those functions with ``Store.temporary()``, never the learner's own folder.
"""

from __future__ import annotations

from html import escape
from typing import Any, Callable

import ipywidgets as widgets

from ..errors import DocumentError
from ..work import (LEARNER, Store, download_link, notebook_for, on_binder, register_question,
                    word_count)

#: Whether this kernel has shown the Binder warning beside an answer box yet (once is enough).
_told_about_binder = False

BINDER_NOTICE = (
    "<div style='border-left: 4px solid #D55E00; padding: 0.3em 0.8em; background: #fff4ec'>"
    "<b>You are on Binder.</b> Binder keeps nothing: when this session ends (you close the tab, "
    "or leave it idle for a while) your answers and the <code>my-work</code> folder disappear. "
    "Before you leave, press <b>Download my work</b> (near the end of the notebook) and keep "
    "the file it gives you.</div>")


def _warning(problems: list[str]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return (f"<div style='color: #8a3b00'><b>A problem with your saved work:</b><ul>{items}"
            "</ul></div>")


def _where(store: Store, notebook: str) -> str:
    return f"{store.folder.name}/{store.path_for(notebook).name}"


class AnswerBox(widgets.VBox):
    """A question, a text box with its sentence starter, and a line saying where it is saved."""

    def __init__(self, question_id: str, starter: str = "", question: str = "",
                 notebook: str | None = None, store: Store | None = None) -> None:
        self.store = store or Store()
        self.question_id, self.question = question_id, question
        self.notebook = notebook or notebook_for(question_id)
        register_question(question_id, question, starter, self.notebook)
        entries, problems = self.store.read(self.notebook)
        saved = next((e["value"] for e in entries
                      if e["kind"] == "answer" and e["id"] == question_id), "")
        self.text_area = widgets.Textarea(value=saved, placeholder=starter,
                                          layout=widgets.Layout(width="95%", height="7em"))
        self.status = widgets.HTML(_warning(problems) or self._saved_note(bool(saved)))
        self.text_area.observe(self._save, names="value")
        label = [widgets.HTML(f"<b>{escape(question)}</b>")] if question else []
        super().__init__(children=[*_first_binder_notice(), *label, self.text_area,
                                   self.status])

    def _saved_note(self, saved: bool) -> str:
        if not saved:
            return "<small>Your answer is saved on this computer as you type.</small>"
        words = word_count(self.text_area.value)
        return (f"<small>Saved on this computer in {escape(_where(self.store, self.notebook))}"
                f" ({words} word{'' if words == 1 else 's'}).</small>")

    def _save(self, change: dict) -> None:
        self.store.save_soon("answer", self.question_id, change["new"], notebook=self.notebook,
                             label=self.question, done=self._saved)

    def _saved(self, error: Exception | None) -> None:
        if error is None:
            self.status.value = self._saved_note(True)
        else:
            self.status.value = _warning([f"Not saved: {error}"])

    def __repr__(self) -> str:  # what a notebook shows before the cell is run
        return f"Answer box {self.question_id}: run this cell (Shift+Enter) to write your answer."

    @property
    def value(self) -> str:
        return self.text_area.value

    @value.setter
    def value(self, text: str) -> None:
        self.text_area.value = text


def _first_binder_notice() -> list[widgets.HTML]:
    """The Binder warning, above the first answer box of the session only."""
    global _told_about_binder
    notice = binder_notice()
    if notice is None or _told_about_binder:
        return []
    _told_about_binder = True
    return [notice]


def answer_box(question_id: str, starter: str = "", question: str = "",
               notebook: str | None = None, store: Store | None = None) -> AnswerBox:
    """A box for one interpretive question; ``starter`` is shown greyed until the learner types.

    ``question_id`` is ``"NN.section.name"`` (NN: the notebook's number); ``question`` is the
    question as the export prints it above the answer.
    """
    return AnswerBox(question_id, starter, question=question, notebook=notebook, store=store)


def name_prompt(store: Store | None = None) -> widgets.Text:
    """A box for the learner's name, asked once and kept in the work folder."""
    store = store or Store()
    box = widgets.Text(value=store.learner(), placeholder="Type your name",
                       description="Your name:", style={"description_width": "initial"})

    def save(change: dict) -> None:
        store.save_soon("learner", "name", change["new"].strip(), notebook=LEARNER,
                        label="Name")

    box.observe(save, names="value")
    return box


def binder_notice() -> widgets.HTML | None:
    """The warning that Binder keeps nothing, when running on Binder; None elsewhere."""
    return widgets.HTML(BINDER_NOTICE) if on_binder() else None


class WorkDownload(widgets.VBox):
    """Name, the "Download my work" button, and the link to the file it writes."""

    def __init__(self, notebook: str | None = None, memo: Any = None,
                 store: Store | None = None, draw_map: Callable | None = None) -> None:
        self.store = store or Store()
        self.notebook, self.memo, self.draw_map = notebook, memo, draw_map
        self.name = name_prompt(self.store)
        self.button = widgets.Button(description="Download my work", icon="download",
                                     button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self.result = widgets.HTML(_warning(self.store.check(notebook)))
        self.button.on_click(self._export)
        notice = binder_notice()
        super().__init__(children=[*([notice] if notice else []), self.name, self.button,
                                   self.result])

    def __repr__(self) -> str:  # what a notebook shows before the cell is run
        return "Download my work: run this cell (Shift+Enter) to show the button."

    def _export(self, _button: Any = None) -> None:
        if self.memo is None:
            from .. import load_memorandum
            self.memo = load_memorandum()
        try:
            path = self.store.export(self.memo, notebook=self.notebook,
                                     learner=self.name.value.strip(), draw_map=self.draw_map)
        except (OSError, DocumentError) as exc:
            self.result.value = _warning([f"Could not write the file: {exc}"])
            return
        self.result.value = (f"<p>{download_link(path)}<br><small>Also saved on this computer "
                             f"as {escape(self.store.folder.name)}/{escape(path.name)}."
                             "</small></p>" + _warning(self.store.check(self.notebook)))


def download_button(notebook: str | None = None, memo: Any = None, store: Store | None = None,
                    draw_map: Callable | None = None) -> WorkDownload:
    """The "Download my work" panel: the work of ``notebook`` (or of all notebooks) in one file.

    ``draw_map((claims, relations)) -> Figure`` draws argument maps; by default
    ``helpers.arguments.draw_map``, or the map's two tables when that module is absent.
    """
    return WorkDownload(notebook, memo=memo, store=store, draw_map=draw_map)


def interactions(memo: Any) -> dict[str, Callable[[int], None]]:
    """Steps for ``make bench``: typing into an answer box (the keystroke alone; and until its
    save is on disk), typing a name, pressing Download."""
    store = Store.temporary()
    box = answer_box("00.bench.answer", "Welles probably wrote this to …", question="Bench",
                     notebook="00-bench", store=store)
    panel = download_button("00-bench", memo=memo, store=store)

    def type_answer(i: int) -> None:
        box.value = f"Welles probably wrote this to put his warning on file ({i})."

    def type_name(i: int) -> None:
        panel.name.value = f"Learner {i}"

    def type_answer_until_on_disk(i: int) -> None:  # the keystroke and its fsync'd save
        box.value = f"Welles probably wrote this to put his view on file ({i})."
        store.flush()

    def download(i: int) -> None:
        panel.button.click()

    return {"answer_box_type": type_answer, "answer_box_type_until_on_disk":
            type_answer_until_on_disk, "name_prompt_type": type_name, "download_click": download}
