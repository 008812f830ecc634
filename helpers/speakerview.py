"""Views of the speakers and close-reading tables: a turn card, a strip chart, a word chart.

The card keeps the voices apart: the memorandum's words in black, with Welles's reporting verbs
and the stance markers highlighted by this module (a legend says so), and the FRUS editors'
page numbers and footnotes in grey, labelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .document import Document
from .plots import PALETTE, new_figure
from .reading import stance_markers

CARD_STYLE = """<style>
.turn-card {border: 1px solid #bbb; padding: 0.5em 1em; max-width: 46em; background: #fff;
  color: #111; font-family: Georgia, serif; line-height: 1.5}
.turn-card .editors, .turn-card .module {color: #555; font-family: sans-serif; font-size: 0.85em}
.turn-card mark.verb {background: #cde4f7; color: #111}
.turn-card mark.stance {background: #fde2b8; color: #111}
</style>"""


@dataclass
class TurnCard:
    """One turn of the conversation, shown as HTML in a notebook and as plain text elsewhere."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _marked(doc: Document, start: int, end: int, spans: list[tuple[int, int, str]]) -> str:
    """HTML for ``doc.text[start:end]`` with the given spans wrapped in ``<mark>``."""
    out, last = [], start
    for s, e, kind in sorted(spans):
        if s < last or e > end:
            continue
        out.append(escape(doc.text[last:s]))
        out.append(f'<mark class="{kind}">{escape(doc.text[s:e])}</mark>')
        last = e
    out.append(escape(doc.text[last:end]))
    return "".join(out).replace("\n\n", "<br><br>")


def turn_card(doc: Document, turn_id: int) -> TurnCard:
    """The turn's text with reporting verbs and stance markers marked, its pages and footnotes.

    >>> from helpers import load_memorandum
    >>> print(repr(turn_card(load_memorandum(), 14)))
    Turn 14 of 15 · oumansky · sentence 35 · p. 330 · capacity: official · answers turn 13
    The Ambassador [assented] to this interpretation.
    """
    turns = doc.turns.set_index("turn_id")
    turn = turns.loc[turn_id]
    sents = doc.sentences[(doc.sentences["sent_id"] >= turn["sent_start"])
                          & (doc.sentences["sent_id"] <= turn["sent_end"])]
    spans = [(int(s), int(e), "verb") for s, e in zip(sents["verb_start"], sents["verb_end"])
             if not pd.isna(s)]
    stance = stance_markers(doc)
    stance = stance[stance["sent_id"].isin(sents["sent_id"])]
    spans += [(int(s), int(e), "stance") for s, e in zip(stance["char_start"], stance["char_end"])]
    first, last = int(turn["sent_start"]), int(turn["sent_end"])
    which = f"sentence {first}" if first == last else f"sentences {first}–{last}"
    pages = (f"p. {turn['page_start']}" if turn["page_start"] == turn["page_end"]
             else f"pp. {turn['page_start']}–{turn['page_end']}")
    answers = ("opens the conversation" if pd.isna(turn["reply_to"])
               else f"answers turn {int(turn['reply_to'])}")
    head = (f"Turn {turn_id} of {len(turns)} · {turn['speaker']} · {which} · {pages} · "
            f"capacity: {turn['capacity']} · {answers}")
    notes = doc.footnotes[doc.footnotes["sent_id"].isin(sents["sent_id"])]
    note_html = "".join(f'<div class="editors">Footnote {n} (FRUS editors): {escape(t)}</div>'
                        for n, t in zip(notes["n"], notes["text"]))
    html = (f'{CARD_STYLE}<div class="turn-card"><div class="module">{escape(head)}</div>'
            f'<p>{_marked(doc, int(turn["char_start"]), int(turn["char_end"]), spans)}</p>'
            f'{note_html}<div class="module">Highlighted by this module: '
            '<mark class="verb">reporting verb</mark> <mark class="stance">stance marker</mark>'
            '</div></div>')
    plain = doc.text[int(turn["char_start"]):int(turn["char_end"])]
    for s, e, kind in sorted(spans, reverse=True):
        if kind == "verb":
            start = s - int(turn["char_start"])
            plain = plain[:start] + "[" + plain[start:e - int(turn["char_start"])] + "]" + \
                plain[e - int(turn["char_start"]):]
    plain_notes = "".join(f"\nFootnote {n} (FRUS editors): {t}"
                          for n, t in zip(notes["n"], notes["text"]))
    return TurnCard(html, f"{head}\n{plain}{plain_notes}")


def turn_strip(doc: Document, highlight: int | None = None) -> Figure:
    """A strip chart of the conversation: one bar per turn, as long as its words."""
    turns = doc.turns
    speakers = list(turns["speaker"].cat.categories)
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(speakers)}
    fig, ax = new_figure(figsize=(10, 2.4))
    left = 0
    for turn in turns.itertuples():
        row = speakers.index(turn.speaker)
        edge = "black" if turn.turn_id == highlight else "white"
        ax.barh(row, turn.n_words, left=left, color=colours[turn.speaker], edgecolor=edge,
                linewidth=2.5 if turn.turn_id == highlight else 0.5, height=0.7)
        if turn.n_words >= 60:
            ax.text(left + turn.n_words / 2, row, str(turn.turn_id), ha="center", va="center",
                    fontsize=9, color="white")
        left += turn.n_words
    ax.set_yticks(range(len(speakers)), speakers)
    ax.set_ylim(len(speakers) - 0.4, -0.6)
    ax.set_xlim(0, left)
    ax.set_xlabel("Words into the memorandum (each bar is one turn; numbers are turn ids)")
    ax.set_ylabel("Speaker")
    title = "Turns of the conversation, in the order Welles records them"
    ax.set_title(title if highlight is None else f"{title} (turn {highlight} outlined)",
                 fontsize=11)
    ax.legend(handles=[Patch(color=colours[s], label=s) for s in speakers], frameon=False,
              fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def distinctive_words_chart(table: pd.DataFrame, title: str) -> Figure:
    """Side-by-side bar charts of each speaker's most distinctive words (``z`` from log-odds)."""
    speakers = [s for s in table["speaker"].cat.categories if (table["speaker"] == s).any()]
    fig, axes = new_figure(nrows=1, ncols=len(speakers), figsize=(10, 4), sharex=True)
    for i, (ax, speaker) in enumerate(zip(axes, speakers)):
        part = table[table["speaker"] == speaker].iloc[::-1]
        ax.barh(part["word"], part["z"], color=PALETTE[i % len(PALETTE)])
        ax.set_title(f"{speaker}'s reported words", fontsize=11)
        ax.set_xlabel("z-score of weighted log-odds")
        ax.axvline(1.96, color="grey", linestyle="--", linewidth=1)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_ylabel("Word")
    fig.suptitle(title, fontsize=12)
    fig.tight_layout()
    return fig


def turn_strip_svg(doc: Document, highlight: int | None = None, width: int = 720) -> str:
    """The strip chart of :func:`turn_strip` as a small SVG string (quick enough for a widget).

    >>> from helpers import load_memorandum
    >>> svg = turn_strip_svg(load_memorandum(), highlight=10)
    >>> svg.count("<rect"), "turn 10 outlined" in svg
    (15, True)
    """
    turns = doc.turns
    speakers = [str(s) for s in turns["speaker"].cat.categories]
    colours = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(speakers)}
    # room for the longest speaker id (about 7 px a character at 12 px) and the axis label
    left_margin = max(80, 34 + 7 * max((len(s) for s in speakers), default=0))
    top, row_height, bar = 30, 28, 20
    plot_width = width - left_margin - 10
    total = max(int(turns["n_words"].sum()), 1)
    title = "Turns of the conversation, in the order Welles records them"
    if highlight is not None:
        title += f" (turn {highlight} outlined)"
    height = top + row_height * len(speakers) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(title)}" style="font-family: sans-serif">',
             f'<text x="{width / 2:.0f}" y="16" text-anchor="middle" font-size="13">'
             f'{escape(title)}</text>',
             f'<text transform="translate(14 {top + row_height * len(speakers) / 2:.0f}) '
             'rotate(-90)" text-anchor="middle" font-size="11">Speaker</text>']
    for row, speaker in enumerate(speakers):
        y = top + row * row_height + row_height / 2
        parts.append(f'<text x="{left_margin - 6}" y="{y + 4:.0f}" text-anchor="end" '
                     f'font-size="12">{escape(speaker)}</text>')
    done = 0
    for turn in turns.itertuples():
        x = left_margin + plot_width * done / total
        w = plot_width * turn.n_words / total
        y = top + speakers.index(str(turn.speaker)) * row_height + (row_height - bar) / 2
        outline = ('stroke="black" stroke-width="2.5"' if turn.turn_id == highlight
                   else 'stroke="white" stroke-width="0.5"')
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar}" '
                     f'fill="{colours[str(turn.speaker)]}" {outline}>'
                     f'<title>turn {turn.turn_id}: {turn.n_words} words</title></rect>')
        if turn.n_words >= 60:
            parts.append(f'<text x="{x + w / 2:.1f}" y="{y + bar / 2 + 4:.1f}" '
                         f'text-anchor="middle" font-size="10" fill="white">{turn.turn_id}</text>')
        done += turn.n_words
    parts.append(f'<text x="{left_margin + plot_width / 2:.0f}" y="{height - 6}" '
                 'text-anchor="middle" font-size="11">Words into the memorandum (each bar is '
                 'one turn; numbers are turn ids)</text></svg>')
    return "".join(parts)
