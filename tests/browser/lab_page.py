"""One notebook open in JupyterLab, driven through Playwright as a learner would.

``NotebookPage`` knows JupyterLab's menus, its status bar and its output areas, so that a
notebook's widget driver (see notebook_checks.py) only says what a learner does and what should
change: ``nb.expect_change(nb.output_area(4), lambda: nb.choose(4, "Speaker", "Oumansky"))``.
"""

from __future__ import annotations

import base64
import re
import struct
import time
import uuid
from pathlib import Path
from typing import Callable

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

RUN_TIMEOUT = 120_000  # ms for Run All on one notebook
IDLE = re.compile(r"\|\s*Idle$")
WIDGET_ERROR = "Error displaying widget"
STDERR_MIME = "application/vnd.jupyter.stderr"
# The mime type JupyterLab renders when an output offers several (most preferred first).
MIME_PREFERENCE = ["application/vnd.jupyter.widget-view+json", "text/html", "text/markdown",
                   "text/latex", "image/svg+xml", "image/png", "image/jpeg", "text/plain"]
# The interactive controls a widget driver must operate.
CONTROLS = (":is(.jupyter-widgets, .jupyter-widgets *)"
            ":is(select, input, textarea, button, .noUi-handle)")

_CELL_OUTPUTS_JS = """WIDGET_MIME => [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-CodeCell')]
  .map(cell => [...cell.querySelectorAll(
      '.jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output')]
    .map(out => ({
      // a live widget's output carries no data-mime-type, only the widget's own element
      mime: out.getAttribute('data-mime-type')
            || (out.querySelector(':scope > .jupyter-widgets') ? WIDGET_MIME : null),
      text: out.textContent,
      rows: [...out.querySelectorAll('table.dataframe')]
              .map(t => t.querySelectorAll(':scope > tbody > tr').length),
      images: [...out.querySelectorAll('img')]
              .map(i => [i.complete ? i.naturalWidth : 0, i.complete ? i.naturalHeight : 0]),
    })))"""

_MARK_CONTROLS_JS = """selector => {
  const controls = [...document.querySelectorAll(selector)].filter(el => !el.disabled);
  controls.forEach((el, i) => {
    el.dataset.testControl = String(i);
    const touched = () => { el.dataset.testTouched = '1'; };
    for (const kind of ['change', 'input', 'click', 'keydown', 'pointerdown'])
      el.addEventListener(kind, touched, true);
  });
  return controls.length;
}"""

_UNTOUCHED_JS = """() => [...document.querySelectorAll('[data-test-control]')]
  .filter(el => !el.dataset.testTouched)
  .map(el => {
    const box = el.closest('.jupyter-widgets:not(.jp-OutputArea-output)') || el;
    return `${el.tagName.toLowerCase()} ${(el.textContent || el.value || '').slice(0, 40)} `
         + `in "${(box.textContent || '').replace(/\\s+/g, ' ').slice(0, 60)}"`;
  })"""


def expected_mime(output: dict) -> str:
    """The mime type JupyterLab shows for one saved output."""
    if output["output_type"] == "stream":
        return f"application/vnd.jupyter.{output['name']}"
    if output["output_type"] == "error":
        return STDERR_MIME
    data = output.get("data", {})
    return next((mime for mime in MIME_PREFERENCE if mime in data), sorted(data)[0])


def png_size(b64: str) -> tuple[int, int]:
    """(width, height) of a base64-encoded PNG, from its header."""
    header = base64.b64decode(b64[:64])
    return struct.unpack(">II", header[16:24])


class NotebookPage:
    """A notebook (by its path under the server root) in a browser tab."""

    def __init__(self, page: Page, server, path: str, screenshots: Path):
        self.page, self.server, self.path = page, server, path
        self.name = Path(path).stem
        self.screenshots = screenshots
        self.shots: list[Path] = []

    # -- opening and running ---------------------------------------------------------------
    def open(self) -> None:
        workspace = f"test-{uuid.uuid4().hex[:8]}"  # a fresh layout, nothing restored
        self.page.goto(self.server.url(f"/lab/workspaces/{workspace}/tree/{self.path}"))
        self.page.locator(".jp-NotebookPanel").first.wait_for(state="visible", timeout=60_000)
        self.wait_idle(60_000)

    def wait_idle(self, timeout: float = RUN_TIMEOUT) -> None:
        """Wait until the status bar says the kernel is idle (the toolbar's circle says
        idle before a kernel even exists, the status bar names the kernel and its state)."""
        status = self.page.locator("#jp-main-statusbar").get_by_text(IDLE)
        status.wait_for(state="visible", timeout=timeout)

    def menu(self, menu: str, item: str) -> None:
        """Click a main-menu entry, e.g. ``menu("Run", "Run All Cells")``."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
        self.page.locator(".lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel",
                          has_text=re.compile(f"^{re.escape(item)}$")).click()

    def prompts(self) -> list[str]:
        return [t.strip() for t in self.page.locator(
            ".jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt").all_text_contents()]

    def clear_and_run_all(self) -> float:
        """Edit → Clear Outputs of All Cells, then Run → Run All Cells; wait until every code
        cell has run and the kernel is idle. Returns the seconds it took."""
        self.menu("Edit", "Clear Outputs of All Cells")
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell "
            ".jp-Cell-outputArea .jp-OutputArea-output')].length === 0")
        start = time.monotonic()
        self.menu("Run", "Run All Cells")
        try:
            self.page.wait_for_function(
                "() => { const p = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell "
                ".jp-InputArea-prompt')].map(e => e.textContent.trim());"
                " return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }",
                timeout=RUN_TIMEOUT)
        except PlaywrightTimeoutError:
            shot = self.screenshot("run-all-timeout")
            raise AssertionError(f"{self.name}: Run All did not finish in {RUN_TIMEOUT / 1000} s; "
                                 f"prompts {self.prompts()}; see {shot}") from None
        self.wait_idle()
        return time.monotonic() - start

    # -- what is on the page -------------------------------------------------------------
    def cell_outputs(self) -> list[list[dict]]:
        """For each code cell, its outputs: mime type, visible text, dataframe rows, images."""
        return self.page.evaluate(_CELL_OUTPUTS_JS, MIME_PREFERENCE[0])

    def code_cell(self, index: int) -> Locator:
        """The code cell ``index`` (counting code cells from 0)."""
        return self.page.locator(".jp-NotebookPanel .jp-CodeCell").nth(index)

    def output_area(self, index: int) -> Locator:
        return self.code_cell(index).locator(".jp-Cell-outputArea")

    def widget_errors(self) -> int:
        return self.page.get_by_text(WIDGET_ERROR).count()

    def error_outputs(self) -> list[str]:
        """Tracebacks shown anywhere, also inside widget Output areas."""
        texts = self.page.locator(
            f'.jp-OutputArea-output[data-mime-type="{STDERR_MIME}"]').all_text_contents()
        return [t for t in texts if re.search(r"Traceback|Error\b", t)]

    def log_console(self) -> str:
        """What the kernel sent to JupyterLab's log console ("" if nothing): output and
        errors that belong to no cell, such as a widget callback's uncaught exception."""
        item = self.page.locator(".jp-LogConsoleStatusItem:not(.lm-mod-hidden)")
        if item.count() == 0:
            return ""
        item.locator(".jp-StatusBar-GroupItem").click()  # opens the log console
        panel = self.page.locator(".jp-LogConsolePanel").last
        panel.wait_for(state="visible")
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-LogConsolePanel .jp-OutputArea-output')]"
            ".length > 0", timeout=5_000)
        return "\n".join(panel.locator(".jp-OutputArea-output").all_text_contents())

    def notification_count(self) -> int:
        return int(self.page.locator(".jp-Notification-Status-Text").inner_text() or 0)

    def toasts(self) -> list[str]:
        return self.page.locator(".Toastify__toast").all_inner_texts()

    # -- screenshots ---------------------------------------------------------------------
    def screenshot(self, label: str, target: Locator | None = None) -> Path:
        """Save ``<notebook>-<label>.png`` in the screenshots folder (an element or the tab)."""
        path = self.screenshots / f"{self.name}-{label}.png"
        if target is None:
            self.page.screenshot(path=str(path))
        else:
            target.scroll_into_view_if_needed()
            target.screenshot(path=str(path))
        self.shots.append(path)
        return path

    # -- operating widgets (for the drivers in notebook_checks.py) ----------------------------
    def mark_controls(self) -> int:
        """Note every enabled widget control now on the page; returns how many."""
        return self.page.evaluate(_MARK_CONTROLS_JS, CONTROLS)

    def untouched_controls(self) -> list[str]:
        """Controls noted by mark_controls that nothing has clicked, typed in or changed."""
        return self.page.evaluate(_UNTOUCHED_JS)

    def widget(self, cell: int, description: str) -> Locator:
        """The widget labelled ``description`` in code cell ``cell``."""
        return (self.output_area(cell).locator(".jupyter-widgets.widget-inline-hbox, "
                                               ".jupyter-widgets.widget-hbox")
                .filter(has=self.page.locator(".widget-label", has_text=description)).first)

    def choose(self, cell: int, description: str, option: str) -> None:
        """Pick ``option`` in the dropdown/select labelled ``description``."""
        self.widget(cell, description).locator("select").select_option(label=option)

    def type_text(self, cell: int, description: str, text: str) -> None:
        """Replace the text of the Text widget labelled ``description`` and press Enter."""
        box = self.widget(cell, description).locator("input, textarea").first
        box.fill(text)
        box.press("Enter")

    def click_button(self, cell: int, label: str) -> None:
        self.output_area(cell).get_by_role("button", name=label).click()

    def move_slider(self, cell: int, description: str, steps: int) -> None:
        """Move a slider ``steps`` steps with the arrow keys (negative: to the left)."""
        handle = self.widget(cell, description).locator(".noUi-handle").first
        handle.focus()
        for _ in range(abs(steps)):
            handle.press("ArrowRight" if steps > 0 else "ArrowLeft")

    def expect_change(self, target: Locator, action: Callable[[], None],
                      timeout: float = 15.0) -> tuple[str, str]:
        """Do ``action`` and wait until the text of ``target`` changes and the kernel is
        idle again; returns (before, after). Fails if nothing changes."""
        before = target.text_content()
        action()
        deadline = time.monotonic() + timeout
        while target.text_content() == before:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: nothing visible changed in {timeout} s "
                                     f"(still {before[:200]!r})")
            time.sleep(0.1)
        self.wait_idle()
        return before, target.text_content()
