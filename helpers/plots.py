"""Figures for learners: titled, labelled, readable on a classroom projector."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from .document import Document

#: Okabe–Ito colours, distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


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
    fig, ax = plt.subplots(figsize=(9, 4))
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
