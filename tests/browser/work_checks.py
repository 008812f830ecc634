"""Browser driver for the learner's-work widgets (answer boxes, "Download my work").

Registers the widget driver of 00-start-here.ipynb in notebook_checks.WIDGET_DRIVERS. It is a
separate module so the learner's-work engineer did not edit notebook_checks.py; it is imported
by test_work_in_lab.py (and notebook_checks.py may import it too: ``import work_checks``).

Any notebook whose only widgets are answer boxes and a download button can reuse
``operate_work_widgets``: register it with ``widget_driver("NN-name.ipynb")(operate_work_widgets)``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from .lab_page import NotebookPage
from .notebook_checks import widget_driver

ROOT = Path(__file__).resolve().parents[2]
SAVED_NOTE = "Saved on this computer in my-work/"


def work_cells(notebook: Path) -> tuple[dict[int, str], int | None]:
    """Code-cell indexes (from 0) of the answer boxes (with their question ids) and of the
    download button, read from the notebook's source."""
    nb = nbformat.read(notebook, as_version=4)
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    boxes = {i: source.split('answer_box("', 1)[1].split('"', 1)[0]
             for i, source in enumerate(code) if 'answer_box("' in source}
    button = next((i for i, source in enumerate(code) if "download_button(" in source), None)
    return boxes, button


def type_answer(nb: NotebookPage, cell: int, text: str) -> str:
    """Type ``text`` into the answer box of code cell ``cell``; returns what the cell then shows."""
    area = nb.output_area(cell)
    box = area.locator("textarea")
    if len(box.input_value().split()) == len(text.split()):
        box.fill("")  # the box says how many words it saved: make that change visibly
        nb.wait_idle()
    _, after = nb.expect_change(area, lambda: box.fill(text))
    return after


def download(nb: NotebookPage, cell: int, name: str) -> str:
    """Type the learner's name, press Download my work; returns what the cell then shows."""
    area = nb.output_area(cell)
    area.locator("input").fill(name)
    _, after = nb.expect_change(area, lambda: nb.click_button(cell, "Download my work"))
    return after


def operate_work_widgets(nb: NotebookPage) -> None:
    """Type an answer in every box (each says it is saved), then download the work file and
    check that it holds every answer."""
    boxes, button = work_cells(nb.server.site / nb.path)
    answers = {}
    for cell, question_id in boxes.items():
        answers[question_id] = f"Browser answer to {question_id}: Welles wrote it afterwards."
        shown = type_answer(nb, cell, answers[question_id])
        assert SAVED_NOTE in shown, shown
    if button is None:
        return
    shown = download(nb, button, "Browser Learner")
    file_name = f"{nb.name}-work-browser-learner.html"
    assert file_name in shown, shown
    nb.screenshot("download-my-work", nb.output_area(button))
    exported = (nb.server.site / Path(nb.path).parent / "my-work" / file_name).read_text(
        encoding="utf-8")
    for answer in answers.values():
        assert answer in exported


widget_driver("00-start-here.ipynb")(operate_work_widgets)
