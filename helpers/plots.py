"""Figures for learners: titled, labelled, readable on a classroom projector."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from .document import Document

#: Okabe–Ito colours, distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def new_figure(**kwargs):
    """``plt.subplots(**kwargs)`` for a figure drawn once in a notebook.

    After each cell, pyplot asks IPython to redraw every changed figure (its hook for figure
    windows, ``post_execute``), and then the inline backend draws the same figures again to
    make their pictures. With the inline backend the first drawing is thrown away: it cost a
    quarter to half a second per figure here. This makes the figure, then removes that hook
    (pyplot installs it with the first figure; the pictures are unchanged).

    >>> fig, ax = new_figure(figsize=(2, 1)); fig.get_size_inches().tolist()
    [2.0, 1.0]
    >>> plt.close(fig)
    """
    made = plt.subplots(**kwargs)
    _no_redraw_after_cells()
    return made


def _no_redraw_after_cells() -> None:
    import matplotlib

    try:
        from IPython import get_ipython
    except ImportError:  # not in IPython: nothing draws after cells
        return
    shell = get_ipython()
    hook = getattr(plt, "_draw_all_if_interactive", None)
    if shell is None or hook is None or "inline" not in matplotlib.get_backend():
        return  # (a figure window, ipympl…: the hook is what keeps it up to date)
    try:
        shell.events.unregister("post_execute", hook)
    except ValueError:
        pass  # removed already


def words_per_paragraph(doc: Document) -> pd.DataFrame:
    """Words in each paragraph, with the page on which it starts.

    >>> from helpers import load_memorandum
    >>> words_per_paragraph(load_memorandum()).head(2)["words"].tolist()
    [80, 48]
    """
    counts = doc.tokens.groupby("para_id").size()
    table = doc.paragraphs[["para_id", "page"]].copy()
    table["words"] = table["para_id"].map(counts).fillna(0).astype(int)
    return table


def paragraph_lengths(doc: Document) -> Figure:
    """A bar chart of words per paragraph, one colour per printed page."""
    table = words_per_paragraph(doc)
    fig, ax = new_figure(figsize=(9, 4))
    for i, (page, group) in enumerate(table.groupby("page")):
        ax.bar(group["para_id"], group["words"], color=PALETTE[i % len(PALETTE)],
               label=f"starts on p. {page}")
    ax.set_title(f"Words per paragraph: {doc.metadata.get('title', 'document')}", fontsize=11)
    ax.set_xlabel("Paragraph number")
    ax.set_ylabel("Words")
    ax.set_xticks(table["para_id"])
    ax.legend(title="Printed page", fontsize=9, title_fontsize=9, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
