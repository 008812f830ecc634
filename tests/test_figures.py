"""helpers.plots.new_figure: in a notebook, each figure is drawn once and still shown."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

HOOKED = ("import matplotlib.pyplot as plt\n"
          "plt.close(plt.figure())  # pyplot installs its hook with the first figure\n"
          "hooks = get_ipython().events.callbacks['post_execute']\n"
          "print(plt._draw_all_if_interactive in hooks)")


def run(*sources: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return nb.cells


def test_the_redraw_after_each_cell_is_removed_and_figures_still_show():
    cells = run(HOOKED,
                "from helpers.plots import new_figure\n"
                "fig, ax = new_figure(figsize=(3, 2))\nax.plot([1, 2])\nax.set_title('x')",
                "fig, ax = new_figure(figsize=(3, 2))\nax.plot([2, 1])",
                "plt.plot([1, 3])",  # a learner's own figure, after the hook is gone
                HOOKED)
    assert cells[0].outputs[0]["text"] == "True\n"  # pyplot's hook, before
    for cell in cells[1:4]:  # each figure shown once, as a picture
        pictures = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(pictures) == 1
    assert cells[4].outputs[-1]["text"] == "False\n"  # gone, and only once: no error the 2nd time


def test_outside_ipython_it_is_plain_subplots():
    import matplotlib.pyplot as plt

    from helpers.plots import new_figure

    fig, axes = new_figure(nrows=1, ncols=2, figsize=(4, 2))
    assert len(axes) == 2 and plt.fignum_exists(fig.number)
    plt.close(fig)
