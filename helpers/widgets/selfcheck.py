"""A self-check question as a widget: choices or a text box, a Check button, and feedback.

The button only calls :func:`helpers.selfcheck.check`, which a notebook's checked cell also
calls with a wrong and a right answer, so nbval verifies the feedback the widget shows::

    # NBVAL_IGNORE_OUTPUT
    from helpers.widgets.selfcheck import self_check
    self_check(memo, "03.turns.oumansky")
"""

from __future__ import annotations

from html import escape
from typing import Callable

import ipywidgets as widgets

from ..document import Document
from ..selfcheck import Feedback, check, question


def feedback_html(feedback: Feedback) -> str:
    """The feedback sentence, green when right and dark orange when not."""
    colour, mark = ("#1b7837", "✓") if feedback.correct else ("#8a3b00", "✗")
    return f"<span style='color: {colour}'>{mark} {escape(feedback.message)}</span>"


class SelfCheck(widgets.VBox):
    """One question: its prompt, an answer control, a Check button and the feedback line."""

    def __init__(self, doc: Document, qid: str) -> None:
        self.question = question(doc, qid)
        q = self.question
        if q.kind == "choice":
            self.answer = widgets.RadioButtons(options=list(q.choices), value=None,
                                               layout=widgets.Layout(width="auto"))
        else:
            self.answer = widgets.Text(placeholder="your answer",
                                       layout=widgets.Layout(width="16em"))
        self.button = widgets.Button(description="Check", button_style="primary")
        self.feedback = widgets.HTML("")
        self.button.on_click(self._check)
        prompt = widgets.HTML(f"<b>Check yourself.</b> {escape(q.prompt)}")
        super().__init__(children=[prompt, widgets.HBox([self.answer, self.button]),
                                   self.feedback])

    def _check(self, _=None) -> None:
        self.feedback.value = feedback_html(check(self.question, self.answer.value))

    def __repr__(self) -> str:
        return f"Self-check {self.question.qid}: run this cell (Shift+Enter) to answer."


def self_check(doc: Document, qid: str) -> SelfCheck:
    """The self-check widget for question ``qid`` (see ``helpers.selfcheck.BANK``)."""
    return SelfCheck(doc, qid)


def interactions(memo: Document) -> dict[str, Callable[[int], None]]:
    """Steps for ``make bench``: choosing or typing an answer and pressing Check."""
    choice = SelfCheck(memo, "03.capacity.interjection")
    text = SelfCheck(memo, "03.turns.oumansky")
    typed = ["7", "8", "seven", "", "14"]

    def check_choice(i: int) -> None:
        choice.answer.value = choice.question.choices[i % len(choice.question.choices)]
        choice.button.click()

    def check_text(i: int) -> None:
        text.answer.value = typed[i % len(typed)]
        text.button.click()

    return {"check_choice": check_choice, "check_text": check_text}
