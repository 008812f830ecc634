"""Write the printable handout of the memorandum (``make handout``).

    python scripts/handout.py              # writes handout/frus1940v03-d264.html
    python scripts/handout.py --check      # exit 1 if the committed handout is out of date

Open the HTML file in a browser and print it (one printed FRUS page per sheet, paragraph
numbers, page numbers and the editors' footnotes at the foot of the page they belong to).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "handout" / "frus1940v03-d264.html"


def build() -> str:
    from helpers import load_memorandum
    from helpers.pageview import handout_html

    return handout_html(load_memorandum())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    html = build()
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != html:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run make handout", file=sys.stderr)
            return 1
        return 0
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(html, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
