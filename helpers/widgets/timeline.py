"""An explorer for the timeline: choose layers and dates, pick an event, read its evidence.

Every callback calls :func:`helpers.timeline.select_events`, :func:`helpers.timeline.plot_timeline`
and :func:`helpers.timeline.evidence_for`, which a notebook can also call in ordinary cells.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from ..document import Document
from ..errors import DocumentError
from ..timeline import LAYER_NAMES, LAYERS, evidence_for, events, plot_timeline, select_events


def timeline_explorer(doc: Document, table: pd.DataFrame | None = None) -> widgets.VBox:
    """Layer check boxes, a month-range slider, an event menu, the figure and the evidence."""
    table = events(doc) if table is None else table
    months = pd.date_range(table["date_lower"].min().to_period("M").to_timestamp(),
                           table["date_upper"].max(), freq="MS")
    layer_boxes = [widgets.Checkbox(value=True, description=LAYER_NAMES[layer], indent=False,
                                    layout=widgets.Layout(width="190px")) for layer in LAYERS]
    dates = widgets.SelectionRangeSlider(
        options=[(f"{m:%b %Y}", m) for m in months], description="Dates",
        index=(months.get_loc(pd.Timestamp("1940-07-01")), months.get_loc(pd.Timestamp("1940-12-01"))),
        layout=widgets.Layout(width="95%"))
    chooser = widgets.Dropdown(description="Event", layout=widgets.Layout(width="95%"))
    figure, evidence = widgets.Output(), widgets.Output()

    def chosen() -> pd.DataFrame:
        start, end = dates.value
        layers = [layer for layer, box in zip(LAYERS, layer_boxes) if box.value]
        return select_events(table, layers, start, end + pd.offsets.MonthEnd(0))

    def show_evidence(change=None) -> None:
        evidence.clear_output()
        with evidence:
            if chooser.value:
                print(evidence_for(doc, table, chooser.value))

    def redraw(change=None) -> None:
        shown = chosen()
        start, end = dates.value
        figure.clear_output(wait=True)
        with figure:
            try:
                fig = plot_timeline(shown, (start, end + pd.offsets.MonthEnd(0)))
            except DocumentError as error:
                print(error.problem)
            else:
                display(fig)
                plt.close(fig)
        chooser.options = [(f"{r.label} ({r.date_edtf})", r.event_id) for r in shown.itertuples()]
        if chooser.index is None and chooser.options:  # an empty menu selects nothing by itself
            chooser.index = 0
        show_evidence()

    for box in layer_boxes:
        box.observe(redraw, names="value")
    dates.observe(redraw, names="value")
    chooser.observe(show_evidence, names="value")
    redraw()
    return widgets.VBox([widgets.HBox(layer_boxes), dates, figure, chooser, evidence])
