"""Collect learners' exported work into one table, for reading and grading.

Each learner presses "Download my work" in a notebook and hands in the HTML file it gives them.
Put those files in one folder and run:

    python scripts/collect_work.py FOLDER                 # the table as CSV on the screen
    python scripts/collect_work.py FOLDER -o answers.csv  # ... or into a file

One row per answer: learner, notebook, question_id, question, answer, words, saved (UTC), file.
A file that cannot be read is named, with what is wrong, and the others are still collected;
the exit code is then 1. Nothing is sent anywhere: the command only reads the folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helpers.errors import DocumentError  # noqa: E402
from helpers.work import collect  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of exported work files (*.html)")
    parser.add_argument("-o", "--output", type=Path, help="write the table to this CSV file")
    args = parser.parse_args(argv)
    try:
        table, failures = collect(args.folder)
    except DocumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.output:
        table.to_csv(args.output, index=False)
    else:
        table.to_csv(sys.stdout, index=False)
    learners = table["learner"].nunique()
    files = len(list(args.folder.glob("*.html"))) - len(failures)
    print(f"{len(table)} answers from {learners} learners in {files} readable files"
          + (f", written to {args.output}" if args.output else ""), file=sys.stderr)
    if failures:
        print(f"{len(failures)} file(s) could not be read:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
