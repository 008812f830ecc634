"""Derive the student edition: every notebook without its "A historian's reading" answers.

Answer cells are markdown cells tagged ``answer`` (cell metadata ``tags``). The student edition
keeps everything else, outputs included, so it runs and reads the same.

    python scripts/student_edition.py          # write student-edition/NN-….ipynb
    python scripts/student_edition.py --check  # exit 1 if the committed edition is out of date

``make student-edition`` runs the first; ``make test`` runs the check (tests/test_lessons.py).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "notebooks"
EDITION = ROOT / "student-edition"
ANSWER_TAG = "answer"
NOTICE = ("> **Student edition.** The historian's readings are left out of this copy; your "
          "instructor has them.")


def is_answer(cell: dict) -> bool:
    return ANSWER_TAG in cell.get("metadata", {}).get("tags", [])


def student_notebook(notebook: dict) -> dict:
    """The notebook without its answer cells, with a one-line notice after the title cell."""
    if any(is_answer(c) and c["cell_type"] != "markdown" for c in notebook["cells"]):
        raise ValueError("only markdown cells may be tagged 'answer' (code must keep running)")
    edition = copy.deepcopy(notebook)
    cells = [c for c in edition["cells"] if not is_answer(c)]
    notice = {"cell_type": "markdown", "id": "student-edition-notice",
              "metadata": {"tags": ["student-edition"]}, "source": NOTICE}
    edition["cells"] = cells[:1] + [notice] + cells[1:]
    return edition


def render(notebook: dict) -> str:
    """Serialise as Jupyter does (indent 1, trailing newline) so diffs stay small."""
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def expected_files() -> dict[Path, str]:
    files = {}
    for path in sorted(SOURCE.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        files[EDITION / path.name] = render(student_notebook(notebook))
    return files


def out_of_date() -> list[str]:
    """Names of edition files that are missing, stale, or no longer have a source notebook."""
    expected = expected_files()
    problems = [p.name for p, text in expected.items()
                if not p.exists() or p.read_text(encoding="utf-8") != text]
    problems += [p.name + " (no source notebook)" for p in EDITION.glob("*.ipynb")
                 if p not in expected]
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        stale = out_of_date()
        if stale:
            print("student edition out of date: " + ", ".join(stale) +
                  "\nrun: make student-edition", file=sys.stderr)
            return 1
        return 0
    EDITION.mkdir(exist_ok=True)
    for stale in EDITION.glob("*.ipynb"):
        stale.unlink()
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
