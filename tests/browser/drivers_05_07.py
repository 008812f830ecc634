"""Browser drivers for notebooks 05 (timeline), 06 (a whole FRUS volume) and 07 (corroboration).

Each driver finds its widget cells by their source, operates every control as a learner would,
and checks what the page then shows against the plain analysis functions the widgets call
(``helpers.timeline``, ``helpers.volumes``, ``helpers.speakers``, ``helpers.corroboration``),
computed here afresh: the visible output must change, and change to the right thing. Then it
types into the notebook's answer boxes and downloads the work (``operate_work_widgets``).

Registered in notebook_checks.WIDGET_DRIVERS when notebook_checks.py imports this module.
"""

from __future__ import annotations

import time
from typing import Callable

import nbformat
import pandas as pd
from lxml import html as lxml_html
from playwright.sync_api import Locator

from helpers import load_memorandum
from helpers import corroboration as corr
from helpers.frus import load_volume
from helpers.speakers import turn_ids
from helpers.speakerview import turn_card
from helpers.timeline import LAYER_NAMES, LAYERS, events, evidence_for, select_events
from helpers.volumes import BUNDLED_VOLUME, document_days, filter_documents, open_document
from helpers.volumeview import documents_html
from helpers.widgets.corroboration import records_html
from helpers.widgets.volumes import months as volume_months

from .lab_page import NotebookPage
from .notebook_checks import widget_driver
from .work_checks import operate_work_widgets

STATE_TIMEOUT = 30.0  # seconds for the page to show what the kernel computed


# -- shared steps ------------------------------------------------------------------------------

def code_cell_with(nb: NotebookPage, needle: str) -> int:
    """The index (counting code cells from 0) of the one code cell whose source holds ``needle``."""
    saved = nbformat.read(nb.server.site / nb.path, as_version=4)
    code = [cell.source for cell in saved.cells if cell.cell_type == "code"]
    found = [i for i, source in enumerate(code) if needle in source]
    assert len(found) == 1, f"{nb.name}: {len(found)} code cells hold {needle!r}"
    return found[0]


def words(text: str | None) -> str:
    """Text with its spacing normalised, for comparing what the page shows."""
    return " ".join((text or "").split())


def html_text(markup: str) -> str:
    """The visible text of an HTML fragment, spacing normalised."""
    return words(lxml_html.fromstring(f"<div>{markup}</div>").text_content())


def wait_until(nb: NotebookPage, check: Callable[[], bool], what: str,
               timeout: float = STATE_TIMEOUT, shown: Locator | None = None) -> None:
    """Wait until ``check()`` holds and the kernel is idle; fail saying ``what`` was expected
    (and what ``shown`` shows instead)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                nb.wait_idle()
                if check():  # and still so once the kernel has finished
                    return
        except AssertionError:
            raise
        except Exception:  # an element being replaced while it is read: try again
            pass
        if time.monotonic() > deadline:
            shot = nb.screenshot("failed-state")
            instead = f"; shown instead: {words(shown.text_content())[:600]!r}" if shown else ""
            raise AssertionError(f"{nb.name}: not shown within {timeout} s: {what}{instead} "
                                 f"(see {shot})")
        time.sleep(0.1)


def option_labels(select: Locator) -> list[str]:
    return [words(t) for t in select.locator("option").all_text_contents()]


def selected_label(select: Locator) -> str:
    return words(select.evaluate("s => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text"))


def choose_option(select: Locator, wanted: Callable[[str], bool]) -> str:
    """Pick the first option whose label (spacing normalised) satisfies ``wanted``; returns it.
    (ipywidgets writes the spaces of option labels as no-break spaces.)"""
    raw = next(o for o in select.locator("option").all_text_contents() if wanted(words(o)))
    select.select_option(label=raw)
    return words(raw)


def assert_labels_fit(area: Locator) -> None:
    """No widget description in ``area`` is shown cut short ("Heading h…")."""
    cut = area.evaluate("""a => [...a.querySelectorAll('.widget-label')]
        .filter(l => l.offsetParent !== null && l.scrollWidth > l.clientWidth + 1)
        .map(l => l.textContent)""")
    assert cut == [], f"widget descriptions cut short: {cut}"


def screenshot_whole(nb: NotebookPage, label: str, target: Locator) -> None:
    """A screenshot of all of ``target``: the tab is made tall enough for it, then restored
    (JupyterLab scrolls inside its own panel, so a tall output would be cut at the window)."""
    size = nb.page.viewport_size
    height = int(target.bounding_box()["height"]) + 250
    if height > size["height"]:
        nb.page.set_viewport_size({"width": size["width"], "height": height})
    try:
        nb.screenshot(label, target)
    finally:
        nb.page.set_viewport_size(size)


def press(handle: Locator, key: str, times: int) -> None:
    """Focus a slider handle and press ``key`` ``times`` times (as with a keyboard)."""
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        handle.press(key)


def slider(container: Locator, description: str) -> Locator:
    """The slider widget labelled ``description`` inside ``container``."""
    return container.locator(".widget-slider").filter(
        has=container.page.locator(".widget-label", has_text=description)).first


# -- 05 · The timeline ---------------------------------------------------------------------------

def expected_events(table: pd.DataFrame, layers: list[str], start: str, end: str) -> list[str]:
    """The event menu's labels for these layers and months (``end``: its last day counts)."""
    shown = select_events(table, layers, pd.Timestamp(start),
                          pd.Timestamp(end) + pd.offsets.MonthEnd(0))
    return [words(f"{r.label} ({r.date_edtf})") for r in shown.itertuples()]


@widget_driver("05-timeline.ipynb")
def operate_timeline_explorer(nb: NotebookPage) -> None:
    """Timeline explorer: choosing an event shows its evidence; unticking a layer removes its
    events from the figure and the menu (ticking it brings them back); the two ends of the date
    slider narrow the view to August-September 1940. Then the answer boxes and the download."""
    memo = load_memorandum()
    table = events(memo)
    labels = dict(zip(table["event_id"], table["label"]))
    cell = code_cell_with(nb, "timeline_explorer(")
    area = nb.output_area(cell)
    area.scroll_into_view_if_needed()
    menu = nb.widget(cell, "Event").locator("select")
    outputs = area.locator(".widget-output")
    figure, evidence = outputs.nth(0), outputs.nth(1)
    dates = slider(area, "Dates")

    def figure_src() -> str:
        return figure.locator("img").first.get_attribute("src") or ""

    def shows(layers: list[str], start: str, end: str) -> Callable[[], bool]:
        wanted = expected_events(table, layers, start, end)
        return lambda: option_labels(menu) == wanted and figure.locator("img").count() == 1

    def shows_evidence(event_id: str) -> Callable[[], bool]:
        wanted = words(evidence_for(memo, table, event_id))
        return lambda: words(evidence.text_content()) == wanted

    # As it opens: every layer, July-December 1940, the first event's evidence.
    wait_until(nb, shows(LAYERS, "1940-07", "1940-12"), "every layer, Jul-Dec 1940")
    everything = option_labels(menu)
    first_id = select_events(table, LAYERS, "1940-07-01", "1940-12-31")["event_id"].iat[0]
    wait_until(nb, shows_evidence(first_id), f"the evidence for {first_id}",
               shown=evidence)
    assert "Jul 1940" in dates.text_content() and "Dec 1940" in dates.text_content()
    assert_labels_fit(area)
    screenshot_whole(nb, "timeline-explorer", area)

    # Choosing an event shows its evidence: the sentence, the phrase marked, the dating.
    statement = words(f"{labels['conv-statement']} (1940-07-24)")
    choose_option(menu, lambda label: label == statement)
    wait_until(nb, shows_evidence("conv-statement"), "the evidence for conv-statement")
    shown = evidence.text_content()
    assert "Sentence 19 (the memorandum)" in shown and "»three days before«" in shown, shown
    screenshot_whole(nb, "timeline-evidence", area)

    # Each layer's box: unticked, its events leave the menu and the figure; ticked, they return.
    for layer in LAYERS:
        box = area.locator(".widget-checkbox", has_text=LAYER_NAMES[layer]).locator("input")
        others = [other for other in LAYERS if other != layer]
        gone = set(expected_events(table, [layer], "1940-07", "1940-12"))
        assert gone, f"no {layer} event in Jul-Dec 1940 to remove"
        before = figure_src()
        box.click()
        wait_until(nb, shows(others, "1940-07", "1940-12"), f"no {layer} events")
        assert not gone & set(option_labels(menu)) and figure_src() != before
        if layer == "editors":
            screenshot_whole(nb, "timeline-without-editors", area)
        box.click()
        wait_until(nb, shows(LAYERS, "1940-07", "1940-12"), f"the {layer} events back")
        assert option_labels(menu) == everything

    # The date slider: its right end to September, its left end to August 1940.
    before = figure_src()
    press(dates.locator(".noUi-handle-upper"), "ArrowLeft", 3)
    wait_until(nb, shows(LAYERS, "1940-07", "1940-09"), "Jul-Sep 1940")
    press(dates.locator(".noUi-handle-lower"), "ArrowRight", 1)
    wait_until(nb, shows(LAYERS, "1940-08", "1940-09"), "Aug-Sep 1940")
    narrowed = option_labels(menu)
    assert set(narrowed) < set(everything) and statement not in narrowed, narrowed
    assert "Aug 1940" in dates.text_content() and "Sep 1940" in dates.text_content()
    assert figure_src() != before
    # ... and an event of the narrowed view shows its evidence (a footnote of the editors).
    choose_option(menu, lambda label: label.startswith(labels["fn41-2"]))
    wait_until(nb, shows_evidence("fn41-2"), "the evidence for fn41-2")
    assert "Footnote 41 (FRUS editors)" in evidence.text_content()
    screenshot_whole(nb, "timeline-aug-sep-1940", area)

    operate_work_widgets(nb)


# -- 06 · Beyond one document ---------------------------------------------------------------------

def document_choices(found: pd.DataFrame) -> list[str]:
    """The "Document" menu's labels for a filtered volume table (at most 200)."""
    return [words(f"{r.doc_id} · {r.day or 'undated'} · {str(r.head)[:80]}")
            for r in found.head(200).itertuples()]


def turn_heading(doc, speaker: str, step: int) -> tuple[str, str]:
    """What the speaker-turn explorer's heading and card say at ``step`` for ``speaker``."""
    ids = turn_ids(doc, speaker)
    card = turn_card(doc, ids[step - 1]).text.splitlines()[0]
    return words(f"{speaker}: turn {step} of {len(ids)} for this choice"), words(card)


def shows_turn(explorer: Locator, doc, speaker: str, step: int) -> Callable[[], bool]:
    heading, card = turn_heading(doc, speaker, step)
    return lambda: heading in words(explorer.text_content()) and card in words(
        explorer.text_content())


def operate_speaker_explorer(nb: NotebookPage, cell: int, doc) -> None:
    """next, previous, the turn slider and the speaker menu each show the turn they should."""
    area = nb.output_area(cell)
    area.scroll_into_view_if_needed()
    wait_until(nb, shows_turn(area, doc, "both", 1), "turn 1 of both speakers", shown=area)
    nb.click_button(cell, "next ▶")
    wait_until(nb, shows_turn(area, doc, "both", 2), "turn 2 after next", shown=area)
    nb.click_button(cell, "◀ previous")
    wait_until(nb, shows_turn(area, doc, "both", 1), "turn 1 after previous", shown=area)
    press(slider(area, "Turn no.:").locator(".noUi-handle"), "ArrowRight", 2)
    wait_until(nb, shows_turn(area, doc, "both", 3), "turn 3 from the slider", shown=area)
    speaker = str(doc.turns["speaker"].cat.categories[0])
    nb.choose(cell, "Speaker:", speaker)
    wait_until(nb, shows_turn(area, doc, speaker, 1), f"{speaker}'s first turn", shown=area)
    assert_labels_fit(area)
    screenshot_whole(nb, "speaker-explorer", area)


@widget_driver("06-beyond-one-document.ipynb")
def operate_volume_browser(nb: NotebookPage) -> None:
    """Volume browser: the kind menu, both ends of the months slider and the heading words each
    narrow the list to what filter_documents returns (all 639 documents, then the 24 memoranda,
    then d274 and d275 of May 1934, then Welles's d274); a chosen document opens in the
    speaker-turn explorer with its turns, which steps forward; words that match nothing empty
    the list and Open says so. Then the d220 speaker explorer, the answer boxes, the download."""
    volume = load_volume(BUNDLED_VOLUME)
    months = volume_months(document_days(volume))
    cell = code_cell_with(nb, "volume_browser()")
    area = nb.output_area(cell)
    area.scroll_into_view_if_needed()
    listing, message = area.locator(".widget-html").nth(0), area.locator(".widget-html").nth(1)
    choice = nb.widget(cell, "Document:").locator("select")
    nested = area.locator(".widget-vbox .widget-vbox").first  # the explorer, once a document opens

    def lists(**filters) -> Callable[[], bool]:
        found = filter_documents(volume, **filters)
        wanted_list, wanted_choices = html_text(documents_html(found)), document_choices(found)
        return lambda: (words(listing.text_content()) == wanted_list
                        and option_labels(choice) == wanted_choices)

    wait_until(nb, lists(), "the whole volume", shown=listing)
    assert f"{len(volume)} document(s) match" in words(listing.text_content())
    assert f"the other {len(volume) - 200}" in words(message.text_content())
    assert selected_label(choice) == document_choices(filter_documents(volume))[0]  # the first
    screenshot_whole(nb, "volume-browser", area)

    nb.choose(cell, "Kind:", "memorandum")
    wait_until(nb, lists(kind="memorandum"), "the volume's memoranda", shown=listing)
    assert words(message.text_content()) == ""  # fewer than 200: no "narrow the filters"

    may = months.index("1934-05")
    dates = slider(area, "Months:")
    press(dates.locator(".noUi-handle-lower"), "ArrowRight", may)
    press(dates.locator(".noUi-handle-upper"), "ArrowLeft", len(months) - 1 - may)
    wait_until(nb, lists(kind="memorandum", start="1934-05", end="1934-05"),
               "the memoranda of May 1934", shown=listing)
    assert [label.split()[0] for label in option_labels(choice)] == ["d274", "d275"]

    d275 = open_document(BUNDLED_VOLUME, "d275")
    choose_option(choice, lambda label: label.startswith("d275 "))
    nb.click_button(cell, "Open in the speaker-turn explorer")
    wait_until(nb, shows_turn(nested, d275, "both", 1), "d275 in the speaker explorer",
               shown=area)
    assert words(message.text_content()) == words(f"d275: {d275.metadata['title']}")
    nested.get_by_role("button", name="next ▶").click()
    wait_until(nb, shows_turn(nested, d275, "both", 2), "d275's second turn", shown=nested)
    assert_labels_fit(area)
    screenshot_whole(nb, "volume-browser-d275", area)

    nb.type_text(cell, "Heading has:", "Welles")
    wait_until(nb, lists(kind="memorandum", start="1934-05", end="1934-05", words="Welles"),
               "Welles's memorandum of May 1934", shown=listing)
    d274 = open_document(BUNDLED_VOLUME, "d274")
    nb.click_button(cell, "Open in the speaker-turn explorer")
    wait_until(nb, shows_turn(nested, d274, "both", 1), "d274 in the speaker explorer",
               shown=area)

    nb.type_text(cell, "Heading has:", "Welles nowhere-in-any-heading")
    wait_until(nb, lists(kind="memorandum", start="1934-05", end="1934-05",
                         words="Welles nowhere-in-any-heading"), "no document", shown=listing)
    assert option_labels(choice) == [] and "0 document(s) match" in listing.text_content()
    nb.click_button(cell, "Open in the speaker-turn explorer")
    wait_until(nb, lambda: words(message.text_content()) == "No document matches the filters.",
               "Open saying no document matches", shown=message)
    screenshot_whole(nb, "volume-browser-no-match", area)

    operate_speaker_explorer(nb, code_cell_with(nb, "speaker_explorer(d220)"),
                             open_document(BUNDLED_VOLUME, "d220"))
    operate_work_widgets(nb)


# -- 07 · Corroboration ---------------------------------------------------------------------------

@widget_driver("07-corroboration.ipynb")
def operate_corroboration_explorer(nb: NotebookPage) -> None:
    """Corroboration explorer: each sentence picked (one with records, one with none, one with
    no echo) shows the corroboration rows about it (record, verdict, quote, note) and the
    records' nearest sentences; a claim picks its sentence; Compare shows the side-by-side
    view of the memorandum's sentence and the chosen record's. Then answer boxes, download."""
    memo = load_memorandum()
    sources = corr.load_sources()
    table = corr.load_corroboration(memo, sources=sources)
    index = corr.build_index(memo, sources)
    rows = corr.rows_by_sentence(table, sources)
    others = [s for s in index.sentences["record"].unique()
              if s not in (corr.MEMORANDUM, "d264-page")]
    claims = pd.read_csv(corr.CLAIMS_FILE, dtype=str, keep_default_na=False)

    cell = code_cell_with(nb, "corroboration_explorer(")
    area = nb.output_area(cell)
    area.scroll_into_view_if_needed()
    sentence = nb.widget(cell, "Sentence").locator("select")
    claim = nb.widget(cell, "Claim").locator("select")
    compare = nb.widget(cell, "Compare").locator("select")
    said, pair = area.locator(".widget-html").nth(0), area.locator(".widget-html").nth(1)

    def echo_menu(sent_id: int) -> list[tuple[str, str, int]]:
        found = corr.echo_rows(index, sent_id, others, top=1, min_score=0.2)[:3]
        return [(words(f"{r['record']}, sentence {r['sent_no']} ({r['score']})"), r["record"],
                 r["sent_no"]) for r in found]

    def shows_sentence(sent_id: int, echo: int = 0) -> Callable[[], bool]:
        """The sentence chosen, what the records say, its echo menu, and echo ``echo`` compared."""
        found = corr.echo_rows(index, sent_id, others, top=1, min_score=0.2)[:3]
        wanted_said = html_text(records_html(rows.get(sent_id, []), found))
        menu = echo_menu(sent_id)
        wanted_pair = (html_text(corr.side_by_side(index, sent_id, menu[echo][1],
                                                   menu[echo][2]).html) if menu else "")
        return lambda: (selected_label(sentence).split()[0] == str(sent_id)
                        and words(said.text_content()) == wanted_said
                        and option_labels(compare) == [label for label, _, _ in menu]
                        and words(pair.text_content()) == wanted_pair)

    def pick_sentence(sent_id: int) -> None:
        choose_option(sentence, lambda label: label.split()[0] == str(sent_id))

    first = int(memo.sentences["sent_id"].iat[0])
    wait_until(nb, shows_sentence(first), f"sentence {first}", shown=area)
    assert_labels_fit(area)
    screenshot_whole(nb, "corroboration-explorer", area)

    # Sentence 2: six rows (doc. 637 agrees ..., Japan doc. 144 differs); echoes d637 and d142.
    pick_sentence(2)
    wait_until(nb, shows_sentence(2), "sentence 2", shown=area)
    shown = words(said.text_content())
    for row in rows[2]:
        assert words(f"{row['record']}: {row['verdict']}.") in shown, row
    assert "differs" in shown and "agrees" in shown
    assert len(compare.locator("option").all()) >= 2
    # Compare: the second echo, side by side (its shared words marked in the page).
    label, record, sent_no = echo_menu(2)[1]
    choose_option(compare, lambda option: option == label)
    wait_until(nb, shows_sentence(2, echo=1), f"sentence 2 beside {record} {sent_no}",
               shown=pair)
    assert pair.locator("mark, b, strong, span").count() > 0
    screenshot_whole(nb, "corroboration-compare", area)

    # A sentence no row speaks to (16), and one with no echo in any record (38).
    pick_sentence(16)
    wait_until(nb, shows_sentence(16), "sentence 16", shown=area)
    assert "No record in the corroboration table speaks to this sentence." in words(
        said.text_content())
    pick_sentence(38)
    wait_until(nb, shows_sentence(38), "sentence 38", shown=area)
    assert option_labels(compare) == [] and words(pair.text_content()) == ""

    # A claim of the argument key picks its sentence.
    c07 = claims[claims["claim_id"] == "C07"].iloc[0]
    choose_option(claim, lambda option: option.startswith("C07 "))
    wait_until(nb, shows_sentence(int(c07["sent_id"])), f"C07's sentence {c07['sent_id']}",
               shown=area)
    assert selected_label(claim) == words(f"C07 · {c07['label']}")
    screenshot_whole(nb, "corroboration-claim", area)

    operate_work_widgets(nb)
