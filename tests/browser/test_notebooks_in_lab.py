"""Every notebook, opened in JupyterLab in a real browser, runs and shows what it should.

For each notebook (a temporary copy, served by JupyterLab started as `make lab` starts it):

1. it opens with no "Error displaying widget" (the saved outputs display as saved);
2. Edit → Clear Outputs of All Cells, then Run → Run All Cells; the status bar reaches "Idle"
   with every code cell numbered 1..n, i.e. run once each, in order, in one fresh kernel;
3. every code cell shows as many outputs as the saved notebook, each rendered as the same kind
   (HTML, image, text, widget ...); plain text and printed text read as saved; every pandas table
   has its rows; every figure is drawn at its saved size; no traceback anywhere, and nothing
   in JupyterLab's log console (where output and errors that belong to no cell go);
4. no "Jupyter news" prompt or other notification appeared;
5. the notebook's own content check (notebook_checks.CONTENT_CHECKS) passes;
6. if the notebook has widgets, its driver (notebook_checks.WIDGET_DRIVERS) operates every
   control and the visible output changes; still no widget error, no traceback, nothing in the
   log console (a widget callback's uncaught exception lands there).

Screenshots go to test-output/browser/.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from .lab_page import WIDGET_ERROR, NotebookPage, expected_mime, png_size
from lxml import html as lxml_html
from .notebook_checks import CONTENT_CHECKS, WIDGET_DRIVERS

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
ADDRESS = re.compile(r"\b0x[0-9a-f]+")


def normalized(text: str) -> str:
    """Text as compared between the saved notebook and the page: spacing and addresses aside."""
    return " ".join(ADDRESS.sub("0xADDRESS", text).split())


def saved_text(output: dict) -> str | None:
    """The text a stream or text/plain output shows, or None for richer outputs."""
    if output["output_type"] == "stream":
        return output["text"]
    if expected_mime(output) == "text/plain":
        return output["data"]["text/plain"]
    return None


def dataframe_rows(output: dict) -> list[int]:
    """Body rows of each pandas table in a saved HTML output."""
    markup = output.get("data", {}).get("text/html")
    if not markup:
        return []
    tree = lxml_html.fromstring(markup if isinstance(markup, str) else "".join(markup))
    return [len(t.xpath("./tbody/tr")) for t in tree.xpath(
        "descendant-or-self::table[contains(concat(' ', @class, ' '), ' dataframe ')]")]


def output_problems(saved: nbformat.NotebookNode, rendered: list[list[dict]]) -> list[str]:
    """Differences between the saved outputs and what the browser shows, cell by cell."""
    cells = [cell for cell in saved.cells if cell.cell_type == "code"]
    if len(cells) != len(rendered):
        return [f"{len(rendered)} code cells on the page, {len(cells)} in the notebook"]
    problems = []
    for number, (cell, shown) in enumerate(zip(cells, rendered), start=1):
        wanted = [expected_mime(output) for output in cell.outputs]
        if [out["mime"] for out in shown] != wanted:
            problems.append(f"cell {number}: shows {[o['mime'] for o in shown]}, saved {wanted}")
            continue
        for output, out in zip(cell.outputs, shown):
            text = saved_text(output)
            if text is not None and normalized(out["text"]) != normalized(text):
                problems.append(f"cell {number}: shows {out['text'][:200]!r}, saved {text[:200]!r}")
            if out["rows"] != dataframe_rows(output):
                problems.append(f"cell {number}: table rows {out['rows']}, "
                                f"saved {dataframe_rows(output)}")
            if out["mime"] == "image/png":
                size = list(png_size(output["data"]["image/png"]))
                if out["images"] != [size]:
                    problems.append(f"cell {number}: image {out['images']}, saved {size}")
    return problems


def has_widgets(saved: nbformat.NotebookNode) -> bool:
    return any(WIDGET_MIME in output.get("data", {})
               for cell in saved.cells if cell.cell_type == "code" for output in cell.outputs)


def shut_down_kernels(server) -> None:
    """End every session (and its kernel), so the next test opens the notebook afresh."""
    for session in json.loads(server.api("/api/sessions")):
        server.api(f"/api/sessions/{session['id']}", method="DELETE")
    for kernel in json.loads(server.api("/api/kernels")):
        server.api(f"/api/kernels/{kernel['id']}", method="DELETE")


def run_in_lab(page, server, screenshots, relative_path: str, saved) -> NotebookPage:
    """Steps 1-5 of the module docstring for one notebook; returns the page, still open."""
    nb = NotebookPage(page, server, relative_path, screenshots)
    opened = time.monotonic()
    nb.open()
    assert nb.widget_errors() == 0, f"{WIDGET_ERROR} when the saved notebook opens"
    seconds = nb.clear_and_run_all()
    print(f"{nb.name}: opened in {seconds and (time.monotonic() - opened - seconds):.1f} s, "
          f"Run All took {seconds:.1f} s")
    prompts = nb.prompts()
    assert prompts == [f"[{n}]:" for n in range(1, len(prompts) + 1)]
    assert output_problems(saved, nb.cell_outputs()) == []
    assert nb.error_outputs() == []
    assert nb.widget_errors() == 0
    assert nb.log_console() == ""
    assert nb.toasts() == [] and nb.notification_count() == 0, nb.toasts()
    nb.screenshot("after-run-all")
    return nb


def operate_widgets(nb: NotebookPage, driver) -> None:
    """Step 6: the driver operates every control; nothing breaks."""
    controls = nb.mark_controls()
    assert controls > 0, "the notebook has widget outputs but no control shows on the page"
    try:
        driver(nb)
    finally:  # a failing driver is often a callback error: show it
        assert nb.log_console() == "", "output or errors outside any cell (log console)"
    assert nb.untouched_controls() == [], "the widget driver left controls untouched"
    assert nb.error_outputs() == []
    assert nb.widget_errors() == 0


def test_every_driver_and_check_names_a_notebook():
    names = {path.name for path in NOTEBOOKS}
    assert set(WIDGET_DRIVERS) <= names and set(CONTENT_CHECKS) <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(path, page, lab_server, screenshots):
    saved = nbformat.read(lab_server.site / "notebooks" / path.name, as_version=4)
    driver = WIDGET_DRIVERS.get(path.name)
    try:
        nb = run_in_lab(page, lab_server, screenshots, f"notebooks/{path.name}", saved)
        if path.name in CONTENT_CHECKS:
            CONTENT_CHECKS[path.name](nb)
        if has_widgets(saved):
            assert driver is not None, (f"{path.name} has widgets: register a driver in "
                                        "tests/browser/notebook_checks.py (WIDGET_DRIVERS)")
        if driver is not None:
            operate_widgets(nb, driver)
        assert nb.toasts() == [] and nb.notification_count() == 0, nb.toasts()
    finally:
        shut_down_kernels(lab_server)
