"""A learner's answer survives a kernel restart in JupyterLab, and the work file downloads.

In a real browser (see conftest.py): open notebook 00, run it, type an answer into the first
answer box, choose Kernel → Restart Kernel and Run All Cells, and find the answer in the box
again; then type a name, press "Download my work" and download the file from its link.
"""

from __future__ import annotations

import re

from . import work_checks  # noqa: F401  (registers the driver of notebook 00's widgets)
from .lab_page import NotebookPage
from .test_notebooks_in_lab import shut_down_kernels
from .work_checks import download, type_answer, work_cells

NOTEBOOK = "notebooks/00-start-here.ipynb"


def restart_and_run_all(nb: NotebookPage) -> None:
    nb.menu("Kernel", "Restart Kernel and Run All Cells…")
    nb.page.locator(".jp-Dialog .jp-mod-accept").click()
    nb.page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell "
        ".jp-InputArea-prompt')].map(e => e.textContent.trim());"
        " return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }", timeout=120_000)
    nb.wait_idle()


def test_an_answer_typed_in_lab_survives_restart_and_is_downloaded(page, lab_server,
                                                                    screenshots):
    boxes, button = work_cells(lab_server.site / NOTEBOOK)
    first = min(boxes)
    answer = "Typed in the browser: Welles probably wrote this to put his warning on file."
    nb = NotebookPage(page, lab_server, NOTEBOOK, screenshots)
    try:
        nb.open()
        nb.clear_and_run_all()
        assert "Saved on this computer" in type_answer(nb, first, answer)
        restart_and_run_all(nb)
        box = nb.output_area(first).locator("textarea")
        box.scroll_into_view_if_needed()
        assert box.input_value() == answer
        nb.screenshot("answer-after-restart", nb.output_area(first))

        shown = download(nb, button, "Restart Tester")
        assert "00-start-here-work-restart-tester.html" in shown
        link = nb.output_area(button).locator("a[download]")
        with page.expect_download() as info:
            link.click()
        downloaded = info.value
        assert downloaded.suggested_filename == "00-start-here-work-restart-tester.html"
        text = open(downloaded.path(), encoding="utf-8").read()
        assert answer in text and "Work by Restart Tester" in text
        assert re.search(r"Foreign Relations of the United States.*document 264", text)
    finally:
        shut_down_kernels(lab_server)
