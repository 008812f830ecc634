"""Every notebook is committed in the state a learner should find it in.

nbval (in the same `make test` run) re-executes each notebook and compares the outputs;
these checks cover what nbval does not see:

* executed top to bottom in one kernel: the code cells' execution counts are 1, 2, ..., n;
  no unexecuted (or empty) code cell, no error output;
* no code cell longer than 12 lines (logic belongs in helpers/);
* ``# NBVAL_IGNORE_OUTPUT`` only as the first line of a cell whose output is a live widget,
  and no other nbval marker that would switch a check off;
* the structure every lesson shares (title cell, the "New to notebooks?" box, the set-up
  cell, "Key points", "Sources" last);
* links to other notebooks point at files that exist.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_CODE_LINES = 12
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IGNORE_MARKER = "# NBVAL_IGNORE_OUTPUT"
# nbval markers that would hide a failure; the only one allowed is IGNORE_MARKER (widgets).
FORBIDDEN_MARKERS = ("NBVAL_SKIP", "NBVAL_RAISES_EXCEPTION", "NBVAL_CHECK_OUTPUT",
                     "nbval-skip", "nbval-ignore-output", "raises-exception")
# The set-up every notebook starts with (it may go on, e.g. to show `memo`).
FIRST_CODE = ["from helpers import load_memorandum, setup", "setup()", "memo = load_memorandum()"]
TITLE = re.compile(r"^# (?P<nn>\d\d) · \S.*$")
MINUTES = re.compile(r"^\*\*Minutes:\*\* (\d+) \((\d+) teaching, (\d+) exercises\)$", re.M)
NOTEBOOK_LINK = re.compile(r"\]\((?P<target>[^)\s]+\.ipynb)(?:#[^)]*)?\)")


def code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


# -- the checks, as functions that return a list of problems -----------------------------

def execution_problems(nb) -> list[str]:
    """Code cells not executed once each, in order, from a fresh kernel."""
    problems = []
    for number, cell in enumerate(code_cells(nb), start=1):
        if not cell.source.strip():
            problems.append(f"code cell {number} is empty (delete it)")
        elif cell.execution_count is None:
            problems.append(f"code cell {number} was never executed")
        elif cell.execution_count != number:
            problems.append(f"code cell {number} has execution count {cell.execution_count}, "
                            f"expected {number} (run the notebook top to bottom in a fresh "
                            "kernel: scripts/run_notebooks.py)")
    return problems


def error_problems(nb) -> list[str]:
    """Error outputs (tracebacks) saved in the notebook."""
    return [f"code cell {number} has an error output: {out.get('ename')}: {out.get('evalue')}"
            for number, cell in enumerate(code_cells(nb), start=1)
            for out in cell.outputs if out.output_type == "error"]


def length_problems(nb, limit: int = MAX_CODE_LINES) -> list[str]:
    """Code cells longer than ``limit`` lines."""
    return [f"code cell {number} has {len(cell.source.splitlines())} lines (at most {limit})"
            for number, cell in enumerate(code_cells(nb), start=1)
            if len(cell.source.splitlines()) > limit]


def marker_problems(nb) -> list[str]:
    """nbval markers used for anything but a live widget output."""
    problems = []
    for number, cell in enumerate(code_cells(nb), start=1):
        lines = cell.source.splitlines()
        tags = cell.get("metadata", {}).get("tags", [])
        for marker in FORBIDDEN_MARKERS:
            if marker in cell.source or marker in tags:
                problems.append(f"code cell {number} uses {marker}: checks must not be switched off")
        if IGNORE_MARKER in cell.source:
            if lines[0].strip() != IGNORE_MARKER:
                problems.append(f"code cell {number}: {IGNORE_MARKER} must be the first line")
            elif not any(WIDGET_MIME in out.get("data", {}) for out in cell.outputs):
                problems.append(f"code cell {number} ignores its output but shows no widget; "
                                "only live widget outputs may be ignored")
    return problems


def structure_problems(nb, name: str) -> list[str]:
    """The opening, the set-up cell, "Key points" and "Sources" every lesson shares."""
    problems = []
    cells = nb.cells
    if len(cells) < 4:
        return [f"only {len(cells)} cells"]
    first = cells[0]
    title = TITLE.match(first.source.splitlines()[0]) if first.source else None
    if first.cell_type != "markdown" or title is None:
        problems.append("first cell must be markdown starting '# NN · Title'")
    elif title["nn"] != name[:2]:
        problems.append(f"title number {title['nn']} does not match the file name {name}")
    for part in ("\n**Question:** ", "\n**Objectives:**\n- "):
        if part not in first.source:
            problems.append(f"first cell lacks {part.strip()!r}")
    minutes = MINUTES.search(first.source)
    if minutes is None:
        problems.append("first cell lacks '**Minutes:** N (N teaching, N exercises)'")
    elif int(minutes[1]) != int(minutes[2]) + int(minutes[3]):
        problems.append(f"minutes do not add up: {minutes[0]}")
    box = cells[1].source
    if cells[1].cell_type != "markdown" or "**New to notebooks?**" not in box \
            or "**On Binder?**" not in box:
        problems.append("second cell must be the 'New to notebooks? / On Binder?' box")
    code = code_cells(nb)
    first_lines = [line for line in code[0].source.splitlines() if line.strip()] if code else []
    if first_lines[:len(FIRST_CODE)] != FIRST_CODE:
        problems.append("first code cell must begin: " + " / ".join(FIRST_CODE))
    headings = [cell.source.splitlines()[0].strip() for cell in cells
                if cell.cell_type == "markdown" and cell.source.strip()]
    if "## Key points" not in headings:
        problems.append("no '## Key points' cell")
    if cells[-1].cell_type != "markdown" or not cells[-1].source.startswith("## Sources"):
        problems.append("the last cell must be '## Sources'")
    return problems


def link_problems(nb, folder: Path) -> list[str]:
    """Markdown links to notebooks that do not exist."""
    problems = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in NOTEBOOK_LINK.finditer(cell.source):
            target = match["target"]
            if urlsplit(target).scheme:
                continue
            if not (folder / unquote(target)).is_file():
                problems.append(f"link to a notebook that does not exist: {target}")
    return problems


# -- the checks can say no -----------------------------------------------------------------

def _nb(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def _code(source, count, outputs=()):
    return nbformat.v4.new_code_cell(source, execution_count=count, outputs=list(outputs))


def test_execution_order_is_checked():
    assert execution_problems(_nb(_code("a", 1), _code("b", 2))) == []
    assert execution_problems(_nb(_code("a", 1), _code("b", None))) == [
        "code cell 2 was never executed"]
    assert "expected 2" in execution_problems(_nb(_code("a", 1), _code("b", 3)))[0]
    assert "expected 1" in execution_problems(_nb(_code("a", 2), _code("b", 3)))[0]
    assert execution_problems(_nb(_code("  ", None))) == ["code cell 1 is empty (delete it)"]


def test_errors_lengths_and_markers_are_checked():
    error = nbformat.v4.new_output("error", ename="KeyError", evalue="'x'", traceback=[])
    assert error_problems(_nb(_code("d['x']", 1, [error]))) == [
        "code cell 1 has an error output: KeyError: 'x'"]
    assert length_problems(_nb(_code("\n".join("x"), 1)), limit=1) == []
    assert length_problems(_nb(_code("a\nb", 1)), limit=1) == [
        "code cell 1 has 2 lines (at most 1)"]
    plain = nbformat.v4.new_output("execute_result", data={"text/plain": "1"})
    widget = nbformat.v4.new_output("display_data", data={WIDGET_MIME: {"model_id": "m"}})
    assert marker_problems(_nb(_code(f"{IGNORE_MARKER}\nw", 1, [widget]))) == []
    assert "shows no widget" in marker_problems(_nb(_code(f"{IGNORE_MARKER}\n1", 1, [plain])))[0]
    assert "first line" in marker_problems(_nb(_code(f"w\n{IGNORE_MARKER}", 1, [widget])))[0]
    assert "NBVAL_SKIP" in marker_problems(_nb(_code("# NBVAL_SKIP\n1", 1)))[0]


def test_structure_and_links_are_checked(tmp_path):
    md = nbformat.v4.new_markdown_cell
    good = _nb(md("# 07 · A title\n\n**Question:** Why?\n\n**Objectives:**\n- One.\n\n"
                  "**Minutes:** 30 (20 teaching, 10 exercises)"),
               md("> **New to notebooks?** ...\n>\n> **On Binder?** ..."),
               _code("\n".join(FIRST_CODE), 1), md("## Key points\n\n- x"), md("## Sources\n\n1. y"))
    assert structure_problems(good, "07-a-title.ipynb") == []
    assert structure_problems(good, "08-a-title.ipynb") == [
        "title number 07 does not match the file name 08-a-title.ipynb"]
    wrong_sum = _nb(md(good.cells[0].source.replace("(20 teaching", "(25 teaching")),
                    *good.cells[1:])
    assert "minutes do not add up" in structure_problems(wrong_sum, "07-x.ipynb")[0]
    no_setup = _nb(*good.cells[:2], _code("memo = load_memorandum()", 1), *good.cells[3:])
    assert structure_problems(no_setup, "07-x.ipynb")[0].startswith("first code cell must begin")
    sources_not_last = _nb(*good.cells[:-1], md("## Sources"), md("More."))
    assert structure_problems(sources_not_last, "07-x.ipynb") == [
        "the last cell must be '## Sources'"]
    (tmp_path / "01-here.ipynb").write_text("{}")
    linked = _nb(md("See [01](01-here.ipynb#top), [02](02-gone.ipynb), "
                    "[web](https://example.org/x.ipynb)."))
    assert link_problems(linked, tmp_path) == ["link to a notebook that does not exist: 02-gone.ipynb"]


# -- the real notebooks ----------------------------------------------------------------------

def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_committed_executed_and_well_formed(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    problems = (execution_problems(nb) + error_problems(nb) + length_problems(nb)
                + marker_problems(nb) + structure_problems(nb, path.name)
                + link_problems(nb, path.parent))
    assert problems == [], f"{path.name}:\n  " + "\n  ".join(problems)
