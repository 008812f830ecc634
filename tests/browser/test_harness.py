"""The browser harness can say no. Small notebooks made here (in the server's temporary folder)
show that it operates a widget and sees the output change, notices a control nobody operated,
sees a traceback inside a widget's output, finds a callback's uncaught exception in the log
console, and sees "Error displaying widget"."""

from __future__ import annotations

import nbformat
from .lab_page import WIDGET_ERROR, NotebookPage
from nbclient import NotebookClient
from .test_notebooks_in_lab import operate_widgets, run_in_lab, shut_down_kernels

CELLS = [
    """import ipywidgets as widgets
shown = widgets.Output()
speaker = widgets.Dropdown(options=["Welles", "Oumansky"], description="Speaker")
def show(change=None):
    shown.clear_output()
    with shown:
        print("chosen:", speaker.value)
speaker.observe(show, "value")
show()
widgets.VBox([speaker, shown])""",
    """failed = widgets.Output()
button = widgets.Button(description="Fail")
def fail(_):
    with failed:
        raise ValueError("a deliberate error")
button.on_click(fail)
widgets.VBox([button, failed])""",
    """def crash(_):
    raise ValueError("an error in a callback")
crash_button = widgets.Button(description="Crash")
crash_button.on_click(crash)
crash_button""",
]


def make_notebook(folder, name, cells=CELLS, execute=True):
    """Write a notebook of ``cells`` (executed, as they are committed) into ``folder``."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    if execute:
        NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / name)
    return nb


def speaker_only(nb: NotebookPage) -> None:
    before, after = nb.expect_change(nb.output_area(0),
                                     lambda: nb.choose(0, "Speaker", "Oumansky"))
    assert "chosen: Welles" in before and "chosen: Oumansky" in after
    nb.screenshot("speaker-changed", nb.output_area(0))


def test_harness_operates_widgets_and_catches_failures(page, lab_server, screenshots):
    saved = make_notebook(lab_server.site / "harness", "harness-widgets.ipynb")
    try:
        nb = run_in_lab(page, lab_server, screenshots, "harness/harness-widgets.ipynb", saved)
        try:
            operate_widgets(nb, speaker_only)
        except AssertionError as error:
            untouched = str(error)
            assert "left controls untouched" in untouched
            assert "Fail" in untouched and "Crash" in untouched and "Speaker" not in untouched
        else:
            raise AssertionError("an untouched button went unnoticed")
        assert nb.error_outputs() == []
        nb.click_button(1, "Fail")
        nb.page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-output .jp-OutputArea-output')]"
            ".some(e => e.textContent.includes('ValueError'))", timeout=15_000)
        assert any("ValueError" in text for text in nb.error_outputs())
        assert nb.log_console() == ""
        nb.click_button(2, "Crash")
        nb.page.locator(".jp-LogConsoleStatusItem:not(.lm-mod-hidden)").wait_for(timeout=15_000)
        assert "an error in a callback" in nb.log_console()
        nb.screenshot("log-console")
    finally:
        shut_down_kernels(lab_server)


def test_harness_sees_error_displaying_widget(page, lab_server, screenshots):
    """A widget view whose model does not exist: JupyterLab says "Error displaying widget"."""
    make_notebook(lab_server.site / "harness", "harness-broken-widget.ipynb", execute=False, cells=[
        "from IPython.display import display\n"
        "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'no-such-model',"
        " 'version_major': 2, 'version_minor': 0}, 'text/plain': 'a widget'}, raw=True)"])
    lab = NotebookPage(page, lab_server, "harness/harness-broken-widget.ipynb", screenshots)
    try:
        lab.open()
        lab.clear_and_run_all()
        lab.page.get_by_text(WIDGET_ERROR).first.wait_for(timeout=15_000)
        assert lab.widget_errors() > 0
        lab.screenshot("error-displaying-widget", lab.output_area(0))
    finally:
        shut_down_kernels(lab_server)
