"""Browser drivers for notebooks 01-04: self-checks, the keyword and speaker explorers, the map
builder, then the answer boxes and "Download my work" (``work_checks.operate_work_widgets``).

Registered in notebook_checks.WIDGET_DRIVERS / CONTENT_CHECKS when notebook_checks imports this
module. Every widget cell is found by its source (``self_check(memo, "…")``,
``keyword_explorer(``, ``speaker_explorer(``, ``map_builder(``), never by a fixed index, and
what each widget should show is computed from the memorandum with the same plain functions
the widgets call (``question``, ``kwic``, ``turn_ids``, ``turn_card``), never typed in here.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from functools import cache

import nbformat
import pandas as pd
from playwright.sync_api import Locator, expect

from helpers import load_memorandum
from helpers.arguments import (ISSUES, add_claim, add_relation, compare, empty_map, load_key,
                              scores)
from helpers.document import Document
from helpers.reading import kwic
from helpers.selfcheck import Question, question
from helpers.speakers import turn_ids
from helpers.speakerview import turn_card

from .lab_page import NotebookPage
from .notebook_checks import content_check, widget_driver
from .work_checks import operate_work_widgets

SELF_CHECK = re.compile(r'self_check\(memo, "([^"]+)"\)')


@cache
def memo() -> Document:
    return load_memorandum()


# -- finding cells and controls -----------------------------------------------------------------

def code_sources(nb: NotebookPage) -> list[str]:
    """The source of each code cell of the notebook being driven (counting from 0)."""
    saved = nbformat.read(nb.server.site / nb.path, as_version=4)
    return [cell.source for cell in saved.cells if cell.cell_type == "code"]


def cell_with(nb: NotebookPage, text: str) -> int:
    """The one code cell whose source contains ``text``."""
    found = [i for i, source in enumerate(code_sources(nb)) if text in source]
    assert len(found) == 1, f"{nb.name}: {len(found)} code cells contain {text!r}"
    return found[0]


def self_check_cells(nb: NotebookPage) -> dict[int, str]:
    """Code-cell index -> question id of every self-check widget cell."""
    return {i: match.group(1) for i, source in enumerate(code_sources(nb))
            if (match := SELF_CHECK.search(source))}


def control(area: Locator, label: str, kind: str = "select") -> Locator:
    """The ``kind`` element of the widget whose description is exactly ``label``."""
    name = area.page.locator(".widget-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    box = area.locator(".widget-inline-hbox").filter(has=name)
    assert box.count() == 1, f"{box.count()} widgets labelled {label!r}"
    return box.locator(kind)


def shown(area: Locator) -> str:
    """The visible text of an output area, spacing normalized."""
    return " ".join((area.text_content() or "").split())


def change(nb: NotebookPage, area: Locator, action) -> str:
    """Do ``action``; wait until ``area`` visibly changes; return its new text (normalized)."""
    _, after = nb.expect_change(area, action)
    return " ".join(after.split())


def settled(nb: NotebookPage, area: Locator, action, timeout: float = 15.0) -> str:
    """Like :func:`change`, for actions of several steps (a slider moved by several keys): wait
    until ``area`` has stopped changing (the same text twice, half a second apart)."""
    after = change(nb, area, action)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = shown(area)
        if now == after:
            return now
        after = now
    return after


# -- self-checks --------------------------------------------------------------------------------

def wrong_answers(q: Question) -> list[str]:
    """Answers the check must call wrong: the other choices, or a neighbouring number or day."""
    right = q.answer.values[0]
    if q.kind == "choice":
        accepted = {v.casefold() for v in q.answer.values}
        return [c for c in q.choices if c.casefold() not in accepted]
    if q.kind == "number":
        return [str(int(right) + 1)]
    return [(dt.date.fromisoformat(right) + dt.timedelta(days=1)).isoformat()]


def answer(area: Locator, q: Question, value: str) -> None:
    """Choose (radio button) or type an answer, and press Check."""
    if q.kind == "choice":
        area.get_by_role("radio", name=value, exact=True).check()
    else:
        area.locator("input[type=text]").fill(value)
    area.get_by_role("button", name="Check").click()


def operate_self_check(nb: NotebookPage, cell: int, qid: str) -> None:
    """Check with no answer (asks for one), every wrong answer (a hint, no "Right"), then the
    right one ("Right" with the reason and the place in the text). Every choice is clicked."""
    q = question(memo(), qid)
    area = nb.output_area(cell)
    before = shown(area)
    assert q.prompt in before, f"{qid}: prompt not shown: {before[:300]!r}"
    if q.kind == "choice":
        radios = area.get_by_role("radio")
        assert radios.count() == len(q.choices), radios.all_inner_texts()
        for choice in q.choices:
            assert area.get_by_role("radio", name=choice, exact=True).count() == 1, choice
    after = change(nb, area, lambda: area.get_by_role("button", name="Check").click())
    assert "Choose or type an answer first" in after, after
    for wrong in wrong_answers(q):
        after = change(nb, area, lambda: answer(area, q, wrong))
        assert f"Not yet: “{wrong}” is not it. {q.hint}" in after, after
        assert q.answer.where in after and "Right" not in after, after
    right = next(c for c in q.choices if c.casefold() in {v.casefold() for v in q.answer.values}) \
        if q.kind == "choice" else q.answer.values[0]
    after = change(nb, area, lambda: answer(area, q, right))
    assert f"Right: {q.answer.because} ({q.answer.cite})." in after, after
    assert "Not yet" not in after, after
    nb.screenshot(f"self-check-{qid}", area)


def operate_self_checks(nb: NotebookPage, expected: int) -> None:
    cells = self_check_cells(nb)
    assert len(cells) == expected, f"{nb.name}: self-checks {cells}"
    for cell, qid in cells.items():
        operate_self_check(nb, cell, qid)


# -- 01 · Sourcing ------------------------------------------------------------------------------

@widget_driver("01-sourcing.ipynb")
def operate_sourcing(nb: NotebookPage) -> None:
    """Three self-checks (whose date, the internal date, whose frame); answer boxes, download."""
    operate_self_checks(nb, expected=3)
    operate_work_widgets(nb)


# -- 02 · Close reading -------------------------------------------------------------------------

def kwic_rows(area: Locator) -> list[list[str]]:
    """The body rows of the keyword explorer's table, cell texts."""
    return area.locator(".widget-html table tr:has(td)").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent))")


def expect_kwic(area: Locator, text: str, keyword: str, speaker: str, window: int) -> None:
    """The explorer shows exactly the occurrences ``kwic`` finds, each with its context."""
    table = kwic(memo(), keyword, window=window, speaker=speaker)
    assert f"{len(table)} occurrence(s) of “{keyword}”" in text, text[:300]
    rows = kwic_rows(area)
    assert len(rows) == len(table), (rows, len(table))
    wanted = table[["sent_id", "page", "speaker", "left", "match", "right"]].astype(str)
    for row, values in zip(rows, wanted.itertuples(index=False)):
        assert row[:6] == list(values), (row, list(values))
        assert row[4].casefold() == keyword.casefold()
        if speaker != "both":
            assert row[2] == speaker


@widget_driver("02-close-reading.ipynb")
def operate_close_reading(nb: NotebookPage) -> None:
    """Keyword explorer: a new word, one speaker, a narrower window, a word not in the text and
    an empty box; three self-checks; answer boxes and download."""
    cell = cell_with(nb, "keyword_explorer(memo")
    start = re.search(r'keyword_explorer\(memo, "([^"]+)"\)', code_sources(nb)[cell]).group(1)
    area = nb.output_area(cell)
    word = control(area, "Keyword:", "input")
    speaker = control(area, "Speaker:")
    window = 6
    expect_kwic(area, shown(area), start, "both", window)

    after = change(nb, area, lambda: (word.fill("discrimination"), word.press("Enter")))
    expect_kwic(area, after, "discrimination", "both", window)
    after = change(nb, area, lambda: speaker.select_option("oumansky"))
    expect_kwic(area, after, "discrimination", "oumansky", window)
    nb.screenshot("keyword-explorer-oumansky", area)
    after = change(nb, area, lambda: speaker.select_option("welles"))
    expect_kwic(area, after, "discrimination", "welles", window)
    after = settled(nb, area, lambda: nb.move_slider(cell, "Words each side:", -4))
    window -= 4
    expect_kwic(area, after, "discrimination", "welles", window)
    nb.screenshot("keyword-explorer-window", area)

    after = change(nb, area, lambda: (word.fill("Moscow"), word.press("Enter")))
    assert not kwic(memo(), "Moscow", speaker="welles").shape[0]
    assert "0 occurrence(s) of “Moscow”" in after and kwic_rows(area) == [], after
    after = change(nb, area, lambda: (word.fill(""), word.press("Enter")))
    assert "the keyword is empty" in after, after

    operate_self_checks(nb, expected=3)
    operate_work_widgets(nb)


# -- 03 · Speaker turns -------------------------------------------------------------------------

def expect_turn(text: str, choice: str, step: int) -> None:
    """The explorer shows the ``step``-th turn of ``choice``: heading, card, outlined strip."""
    ids = turn_ids(memo(), choice)
    turn = ids[step - 1]
    card = turn_card(memo(), turn).text.splitlines()
    assert f"{choice}: turn {step} of {len(ids)} for this choice" in text, text[:300]
    assert card[0] in text, (card[0], text[:400])
    first_words = " ".join(card[1].replace("[", "").replace("]", "").split()[:8])
    assert first_words in text, (first_words, text[:600])


@widget_driver("03-speaker-turns.ipynb")
def operate_speaker_turns(nb: NotebookPage) -> None:
    """Speaker explorer: next, previous, Oumansky only, the slider, Welles only; three
    self-checks; answer boxes and download."""
    cell = cell_with(nb, "speaker_explorer(memo)")
    area = nb.output_area(cell)
    speaker = control(area, "Speaker:")
    expect_turn(shown(area), "both", 1)
    after = change(nb, area, lambda: nb.click_button(cell, "next ▶"))
    expect_turn(after, "both", 2)
    after = change(nb, area, lambda: nb.click_button(cell, "◀ previous"))
    expect_turn(after, "both", 1)

    after = change(nb, area, lambda: speaker.select_option("oumansky"))
    expect_turn(after, "oumansky", 1)
    assert "· oumansky ·" in after and "· welles ·" not in after
    nb.screenshot("speaker-explorer-oumansky", area)
    after = settled(nb, area, lambda: nb.move_slider(cell, "Turn no.:", 2))
    expect_turn(after, "oumansky", 3)
    outlined = area.locator("svg[aria-label]").get_attribute("aria-label")
    assert outlined.endswith(f"(turn {turn_ids(memo(), 'oumansky')[2]} outlined)"), outlined
    nb.screenshot("speaker-explorer-slider", area)
    after = change(nb, area, lambda: speaker.select_option("welles"))
    expect_turn(after, "welles", 1)

    operate_self_checks(nb, expected=3)
    operate_work_widgets(nb)


@content_check("03-speaker-turns.ipynb")
def check_turn_card(nb: NotebookPage) -> None:
    """The turn card shows its heading, the reporting verb and stance markers highlighted."""
    cell = cell_with(nb, "turn_card(memo, ")
    turn = int(re.search(r"turn_card\(memo, (\d+)\)", code_sources(nb)[cell]).group(1))
    card = nb.output_area(cell).locator(".turn-card")
    card.scroll_into_view_if_needed()
    assert card.is_visible()
    assert turn_card(memo(), turn).text.splitlines()[0] in shown(card)
    verbs = card.locator("p mark.verb").all_text_contents()
    assert verbs and all(v in memo().text for v in verbs), verbs
    colour = card.locator("p mark.verb").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour == "rgb(205, 228, 247)", colour  # #cde4f7: the highlight is styled, not plain
    nb.screenshot("turn-card", card)


# -- 04 · Argument mapping ----------------------------------------------------------------------

COMPLAINT = "innumerable incidents of discrimination against American nationals"  # sentence 11
DENIAL = "he had never yet learned of any proven case"  # sentence 12


def sentence_index(sent_id: int) -> int:
    return list(memo().sentences["sent_id"]).index(sent_id)


def sentence_text(sent_id: int) -> str:
    sents = memo().sentences
    return str(sents.loc[sents["sent_id"] == sent_id, "text"].item())


def expected_comparison() -> pd.DataFrame:
    """The scores (and, in ``attrs``, the feedback) that the map the driver builds must get,
    computed with the plain functions the buttons call."""
    doc = memo()
    mine = add_claim(empty_map(doc), doc, 11, COMPLAINT, speaker="welles", issue="nationals",
                     claim_type="fact", label="complaint")
    mine = add_claim(mine, doc, 12, DENIAL, speaker="oumansky", issue="nationals",
                     claim_type="fact", label="denial")
    mine = add_relation(mine, "L2", "L1", "attack", DENIAL)
    result = compare(mine, load_key(doc), issues=["nationals"])
    table = scores(result)
    table.attrs["feedback"] = list(result["feedback"])
    return table


@widget_driver("04-argument-mapping.ipynb")
def operate_map_builder(nb: NotebookPage) -> None:
    """Map builder: mark claims (one refused: words not in the sentence), undo one, link two,
    draw, save, reload and compare with the key; answer boxes and download."""
    cell = cell_with(nb, "map_builder(memo")
    area = nb.output_area(cell)
    sentence, words = control(area, "Sentence"), control(area, "Words", "textarea")
    speaker, matter = control(area, "Speaker"), control(area, "Matter")
    kind = control(area, "Type")
    name, framing = control(area, "Name it", "input"), area.locator("input[type=checkbox]")
    add_claim = area.get_by_role("button", name="Add claim")

    def mark(sent_id: int, quote: str, who: str, claim_type: str, label: str) -> None:
        sentence.select_option(index=sentence_index(sent_id))
        expect(words).to_have_value(sentence_text(sent_id))  # the sentence's words come in
        words.fill(quote)
        speaker.select_option(who)
        matter.select_option(label=ISSUES["nationals"])
        kind.select_option(claim_type)
        name.fill(label)

    mark(11, "words that are not in this sentence", "welles", "fact", "complaint")
    after = change(nb, area, lambda: add_claim.click())
    assert "Not done:" in after and "is not in sentence 11" in after, after
    words.fill(COMPLAINT)
    after = change(nb, area, lambda: add_claim.click())
    assert "Claim added. Your map: 1 claims, 0 relations." in after, after
    assert "L1welles" in after.replace(" ", "") and "complaint" in after, after

    mark(12, DENIAL, "oumansky", "fact", "denial")
    after = change(nb, area, lambda: add_claim.click())
    assert "Your map: 2 claims, 0 relations." in after and "denial" in after, after

    mark(13, "", "welles", "proposal", "sit down")
    framing.check()
    after = change(nb, area, lambda: add_claim.click())
    assert "Your map: 3 claims, 0 relations." in after and "sit down" in after, after
    after = change(nb, area, lambda: area.get_by_role("button", name="Undo").click())
    assert "Undone. Your map: 2 claims, 0 relations." in after and "sit down" not in after, after
    framing.uncheck()

    control(area, "From").select_option("L2")
    control(area, "Relation").select_option("attack")
    control(area, "To").select_option("L1")
    control(area, "Because", "input").fill(DENIAL)
    after = change(nb, area, lambda: area.get_by_role("button", name="Add relation").click())
    assert "Relation added. Your map: 2 claims, 1 relations." in after, after
    assert "L2attackL1" in after.replace(" ", ""), after
    nb.screenshot("map-builder-claims", area)

    area.get_by_role("button", name="Draw map").click()
    figure = area.locator(".widget-output img")
    figure.wait_for(state="visible", timeout=15_000)
    nb.wait_idle()
    assert figure.evaluate("img => img.naturalWidth") > 300
    nb.screenshot("map-builder-drawn", figure)

    after = change(nb, area, lambda: area.get_by_role("button", name="Save").click())
    assert "Saved to my-map-claims.csv and my-map-relations.csv" in after, after
    saved = nb.server.site / "notebooks" / "my-work" / "my-map-claims.csv"
    text = saved.read_text(encoding="utf-8")
    assert COMPLAINT in text and DENIAL in text and "sit down" not in text
    after = change(nb, area, lambda: area.get_by_role("button", name="Reload").click())
    assert "Reloaded. Your map: 2 claims, 1 relations." in after, after

    area.get_by_role("button", name="Compare with key").click()
    scores = area.locator(".widget-output table.dataframe")
    scores.wait_for(state="visible", timeout=15_000)
    nb.wait_idle()
    result = shown(area.locator(".widget-output"))
    expected = expected_comparison()
    for score, value in zip(expected["score"], expected["value"]):
        assert f"{score} {value:.3f}" in result, (score, value, result[:500])
    for line in expected.attrs["feedback"]:
        assert f"• {' '.join(line.split())}" in result, (line, result)
    nb.screenshot("map-builder-compared", area.locator(".widget-output"))

    operate_work_widgets(nb)
