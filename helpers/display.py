"""One set-up call at the top of every notebook: readable tables and projector-sized figures."""

from __future__ import annotations

import pandas as pd

#: Settings for pandas tables: show whole sentences, not "..." after 50 characters.
PANDAS_OPTIONS = {"display.max_colwidth": 120, "display.width": 120,
                  "display.max_rows": 60}

#: Matplotlib settings legible on a classroom projector.
FIGURE_STYLE = {"font.size": 12, "axes.titlesize": 13, "axes.labelsize": 12,
                "figure.dpi": 100}


def setup() -> None:
    """Apply the module's table and figure settings (call once, at the top of a notebook).

    >>> setup(); pd.get_option("display.max_colwidth")
    120
    """
    import matplotlib as mpl  # here, not at the top: loading a memorandum needs no matplotlib

    for option, value in PANDAS_OPTIONS.items():
        pd.set_option(option, value)
    mpl.rcParams.update(FIGURE_STYLE)
