"""Lessons and notebooks agree; the student edition and handout are current; links resolve."""

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
HEADER = re.compile(
    r"\*\*Question:\*\* (?P<question>.+?)\n\n\*\*Objectives:\*\*\n(?P<objectives>(?:- .+\n)+)\n"
    r"\*\*Minutes:\*\* (?P<minutes>\d+) \((?P<teaching>\d+) teaching, (?P<exercises>\d+) exercises\)")


def header(text: str, where: str) -> dict:
    """Question, objectives and minutes from a notebook's first cell or a lesson plan."""
    match = HEADER.search(text)
    assert match, f"{where}: no Question / Objectives / Minutes header in the agreed form"
    fields = match.groupdict()
    fields["objectives"] = fields["objectives"].strip().split("\n")
    return fields


def key_points(text: str, where: str) -> list[str]:
    match = re.search(r"^## Key points\n+((?:- .+\n?)+)", text, re.M)
    assert match, f"{where}: no '## Key points' list"
    return match.group(1).strip().split("\n")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def markdown(path: Path) -> str:
    return "\n\n".join("".join(c["source"]) for c in cells(path) if c["cell_type"] == "markdown")


def test_the_agreement_checks_can_fail():
    good = "**Question:** Why?\n\n**Objectives:**\n- One.\n\n**Minutes:** 20 (10 teaching, 10 exercises)"
    assert header(good, "x")["objectives"] == ["- One."]
    with pytest.raises(AssertionError):
        header(good.replace("**Minutes:**", "Minutes:"), "x")
    with pytest.raises(AssertionError):
        key_points("## Key point\n- a", "x")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_header_and_footer_agree_with_the_lesson_plan(notebook):
    lesson = ROOT / "lessons" / f"{notebook.stem}.md"
    assert lesson.exists(), f"no lesson plan {lesson.relative_to(ROOT)} for {notebook.name}"
    plan = lesson.read_text(encoding="utf-8")
    first = "".join(cells(notebook)[0]["source"])
    assert header(first, notebook.name) == header(plan, lesson.name)
    fields = header(plan, lesson.name)
    assert int(fields["teaching"]) + int(fields["exercises"]) == int(fields["minutes"])
    assert key_points(markdown(notebook), notebook.name) == key_points(plan, lesson.name)


def test_every_lesson_plan_has_its_notebook_and_is_listed():
    index = (ROOT / "lessons" / "README.md").read_text(encoding="utf-8")
    plans = sorted(p for p in (ROOT / "lessons").glob("[0-9][0-9]-*.md"))
    assert [p.stem for p in plans] == [n.stem for n in NOTEBOOKS]
    total = 0
    for plan in plans:
        minutes = header(plan.read_text(encoding="utf-8"), plan.name)["minutes"]
        row = re.search(rf"\]\({re.escape(plan.name)}\).*\| (\d+) \|", index)
        assert row and row.group(1) == minutes, f"lessons/README.md: {plan.name} row or minutes"
        total += int(minutes)
    stated = re.search(r"\*\*In total:\*\* (\d+) minutes", index)
    assert stated and int(stated.group(1)) == total, f"lessons/README.md: total is {total}"


def test_student_edition_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "student_edition.py"),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_student_edition_leaves_out_the_answers_only():
    sys.path.insert(0, str(ROOT / "scripts"))
    from student_edition import is_answer, student_notebook

    for path in NOTEBOOKS:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        edition = student_notebook(notebook)
        answers = [c for c in notebook["cells"] if is_answer(c)]
        assert answers, f"{path.name}: no cell tagged 'answer' (a historian's reading)"
        assert len(edition["cells"]) == len(notebook["cells"]) - len(answers) + 1
        assert not any("historian's reading" in "".join(c["source"]).lower()
                       for c in edition["cells"] if c["cell_type"] == "markdown"
                       and c.get("id") != "student-edition-notice")


def test_handout_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "handout.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)|<(https?://[^>\s]+)>|(?<![(<])(https?://[^\s)>\]|*]+)")


def documents() -> list[tuple[Path, str]]:
    docs = [(p, p.read_text(encoding="utf-8")) for p in
            [ROOT / "README.md", *sorted((ROOT / "lessons").glob("*.md")),
             *sorted((ROOT / "data").glob("*.md"))]]
    return docs + [(p, markdown(p)) for p in NOTEBOOKS]


def links(text: str) -> list[str]:
    """Link targets in Markdown text; code (fenced blocks, `inline`) holds examples, not links."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    found = []
    for match in LINK.finditer(text):
        target = next(g for g in match.groups() if g)
        found.append(target.rstrip(".,;:'\""))
    return found


def test_link_finder_finds_both_kinds():
    assert links("see [a](../x.md) and https://example.org/a. Or <https://b.org/c>.") == [
        "../x.md", "https://example.org/a", "https://b.org/c"]
    assert links("an `https://` address, and ```\n[x](nowhere.md)\n```") == []


@pytest.mark.parametrize("path, text", documents(), ids=[str(p.relative_to(ROOT)) for p, _ in
                                                        documents()])
def test_every_link_resolves(path, text):
    """Local links must name an existing file; web links must be complete URLs.

    The module runs offline, so web addresses are checked for form here, not fetched."""
    for target in links(text):
        parsed = urlparse(target)
        if parsed.scheme in ("http", "https"):
            assert parsed.netloc and "." in parsed.netloc, f"{path.name}: bad URL {target}"
        elif parsed.scheme in ("", "file") and not target.startswith("#"):
            local = (path.parent / parsed.path).resolve()
            assert local.exists(), f"{path.relative_to(ROOT)}: broken link {target}"
        else:
            assert parsed.scheme == "mailto", f"{path.name}: unexpected link {target}"
