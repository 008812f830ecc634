"""What the browser test does in each notebook beyond the checks every notebook gets.

Two registries, keyed by notebook file name:

* ``WIDGET_DRIVERS``: a function that operates EVERY widget control of the notebook as a learner
  would and asserts that the visible output changes as it should. A notebook whose saved
  outputs contain a widget and has no driver here fails the browser test, and so does a driver
  that leaves a control untouched. Write one with the ``NotebookPage`` helpers::

      @widget_driver("01-who-speaks.ipynb")
      def operate_speaker_explorer(nb: NotebookPage) -> None:
          cell = 7                                   # the widget's code cell, counting from 0
          before, after = nb.expect_change(
              nb.output_area(cell), lambda: nb.choose(cell, "Speaker", "Oumansky"))
          assert "Oumansky" in after
          nb.screenshot("speaker-explorer", nb.output_area(cell))

* ``CONTENT_CHECKS``: what must be visible after Run All (beyond the generic checks: every
  output rendered as the kind saved in the notebook, tables with their rows, figures drawn).
"""

from __future__ import annotations

from typing import Callable

from .lab_page import NotebookPage

from helpers import load_memorandum

WIDGET_DRIVERS: dict[str, Callable[[NotebookPage], None]] = {}
CONTENT_CHECKS: dict[str, Callable[[NotebookPage], None]] = {}


def widget_driver(notebook: str):
    """Register the function that operates the widgets of ``notebook``."""
    def register(function):
        WIDGET_DRIVERS[notebook] = function
        return function
    return register


def content_check(notebook: str):
    """Register a check of what ``notebook`` shows after Run All."""
    def register(function):
        CONTENT_CHECKS[notebook] = function
        return function
    return register


# -- 00 · Start here ----------------------------------------------------------------------------

@content_check("00-start-here.ipynb")
def check_start_here(nb: NotebookPage) -> None:
    """The page view shows every printed page with its words; a table and the figure show."""
    memo = load_memorandum()
    pages = nb.page.locator(".jp-OutputArea-output .frus-page")
    assert pages.count() == len(memo.pages)
    view_text = " ".join(pages.all_text_contents())
    for number in memo.pages["page"]:
        assert f"[Page {number}]" in view_text
    first_words = memo.paragraphs["text"].iloc[0][:60]
    last_words = memo.paragraphs["text"].iloc[-1][-40:]
    assert first_words in view_text and last_words in view_text
    assert pages.locator(".para-no").count() >= len(memo.paragraphs)
    first_page = pages.first
    first_page.scroll_into_view_if_needed()
    assert first_page.is_visible()
    nb.screenshot("page-view", first_page)

    table = nb.page.locator(".jp-OutputArea-output table.dataframe").first
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    nb.screenshot("table", table)

    figure = nb.page.locator('.jp-OutputArea-output[data-mime-type="image/png"] img').last
    figure.scroll_into_view_if_needed()
    assert figure.is_visible()
    assert figure.evaluate("img => img.naturalWidth") > 300
    nb.screenshot("figure", figure)


# Drivers kept in their own modules register themselves when imported (after the registries exist).
from . import work_checks  # noqa: E402,F401  (notebook 00: answer boxes, "Download my work")
from . import drivers_05_07  # noqa: E402,F401  (notebooks 05-07: timeline, volume, corroboration)
from . import drivers_01_04  # noqa: E402,F401  (notebooks 01-04: self-checks, explorers, map)
