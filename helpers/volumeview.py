"""Views of a FRUS volume's documents and of memoranda compared: an HTML list and a chart."""

from __future__ import annotations

from html import escape

import pandas as pd
from matplotlib.figure import Figure

from .plots import PALETTE, new_figure


def _pages(first, last) -> str:
    if pd.isna(first):
        return ""
    return f"{first}" if pd.isna(last) or first == last else f"{first}–{last}"


def documents_html(table: pd.DataFrame, limit: int = 12) -> str:
    """The first ``limit`` documents of a (filtered) volume table as an HTML list, with a line
    saying how many there are in all and whose words each column is.

    >>> t = pd.DataFrame({"doc_id": ["d1"], "day": ["1934-01-05"], "kind": ["telegram"],
    ...                   "head": ["A <b> to B"], "first_page": [1], "last_page": [2]})
    >>> "A &lt;b&gt; to B" in documents_html(t) and "1–2" in documents_html(t)
    True
    """
    rows = []
    for row in table.head(limit).itertuples():
        rows.append(f"<tr><td>{escape(str(row.doc_id))}</td><td>{escape(str(row.day or ''))}"
                    f"</td><td>{escape(str(row.kind))}</td><td style='text-align: left'>"
                    f"{escape(str(row.head))}</td><td>{_pages(row.first_page, row.last_page)}"
                    "</td></tr>")
    shown = f"the first {limit}" if len(table) > limit else "all"
    count = (f"<p><b>{len(table)}</b> document(s) match; {shown} shown. Heading, date and pages "
             "are the FRUS editors'; the kind is this module's label.</p>")
    if not len(table):
        return count
    head = "".join(f"<th>{c}</th>" for c in ("doc", "date", "kind", "heading", "pages"))
    return f"{count}<table><tr>{head}</tr>{''.join(rows)}</table>"


def share_chart(words: pd.DataFrame, title: str) -> Figure:
    """Stacked horizontal bars: each document's words in the narrator's and the others' turns.

    ``words`` is :func:`helpers.volumes.words_by_speaker`'s table.
    """
    documents = list(dict.fromkeys(words["document"]))
    shares = words.pivot_table(index="document", columns="role", values="share", aggfunc="sum")
    shares = shares.reindex(index=documents, columns=["narrator", "other"]).fillna(0) * 100
    fig, ax = new_figure(figsize=(9, 0.9 * len(documents) + 1.6))
    left = pd.Series(0.0, index=documents)
    labels = {"narrator": "the writer (narrator)", "other": "the other participant(s)"}
    for i, role in enumerate(["narrator", "other"]):
        ax.barh(documents, shares[role], left=left, color=PALETTE[i], label=labels[role])
        for y, (x0, width) in enumerate(zip(left, shares[role])):
            if width >= 8:
                ax.text(x0 + width / 2, y, f"{width:.0f}%", ha="center", va="center",
                        color="white", fontsize=10)
        left = left + shares[role]
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel("Share of the words in the speakers' turns (%)")
    ax.set_ylabel("Memorandum")
    ax.set_title(title, fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
