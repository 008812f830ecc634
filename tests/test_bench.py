"""scripts/bench.py (``make bench``): the floors it measures against and the table it prints.

The benchmark itself is not run here (it takes half an hour); these tests check that its floor
notebooks import what the notebooks import, that a volume is measured even without
``../shared``, and that the table says plainly which targets are missed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402


def notebook(*sources: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def test_floor_runs_the_notebooks_imports_then_what_it_loaded():
    nb = notebook("from helpers import load_memorandum\nmemo = load_memorandum()",
                  "import fractions\nfractions.Fraction(1, 3)")
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("Prose is not a cell to run."))
    floor = bench.floor_notebook(nb, ["difflib", "no_such_module_here"])
    assert [cell.source for cell in floor.cells[1:]] == ["pass"]  # as many code cells
    source = floor.cells[0].source
    assert source.startswith("from helpers import load_memorandum\nimport fractions\n")
    assert "importlib.import_module('difflib')" in source
    assert "load_memorandum()" not in source and "Fraction(1, 3)" not in source
    compile(source, "floor", "exec")  # it is valid Python


def test_loaded_modules_are_found_by_running_the_notebook(tmp_path):
    nb = notebook("import difflib", "from helpers.sentences import split_sentences")
    modules = bench.loaded_modules(nb, tmp_path)
    assert "difflib" in modules  # the notebook loaded it; a fresh kernel does not have it
    assert not any(name == "helpers" or name.startswith("helpers.") for name in modules)
    assert "sys" not in modules  # already there when the kernel started


def test_volumes_fall_back_to_the_bundled_one(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(bench, "VOLUMES", tmp_path / "absent")
    rows = bench.bench_volumes(runs=1)
    assert [r["measure"] for r in rows] == ["load_volume(frus1934v05.xml), cold"]
    assert rows[0]["floor"] > 0 and rows[0]["ratio"] == rows[0]["value"] / rows[0]["floor"]
    assert "measuring the bundled volume only" in capsys.readouterr().err


@pytest.mark.parametrize("met, shown", [(True, "| yes |"), (False, "| **no** |"), (None, "|  |")])
def test_table_rows(met, shown):
    text = bench.table([bench.row("notebook x", 2.6, 2.0, "≤ 1.3× floor", met)])
    header, rule, line = text.splitlines()
    assert header.startswith("| measure | median | floor | ratio |")
    assert line == f"| notebook x | 2.60 s | 2.00 s | 1.30× | ≤ 1.3× floor {shown}"
