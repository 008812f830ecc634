"""Interactive views (ipywidgets) for the notebooks, one module per concept.

Each widget's callback only calls a plain function from an analysis module (``helpers.speakers``,
``helpers.timeline``, ...), so that a notebook can call the same function in an ordinary,
checked cell and nbval verifies what the widget would show. Nothing outside this package
imports ipywidgets.
"""
