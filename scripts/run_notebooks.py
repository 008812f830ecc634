"""Execute notebooks in place, top to bottom, in a fresh kernel each (``make notebooks``).

Notebooks are committed executed; run this after changing a notebook or the helpers, then
commit. HOME and the Jupyter, IPython and Matplotlib folders point at a temporary folder so
that no personal configuration changes the outputs.

    python scripts/run_notebooks.py                   # every notebook in notebooks/
    python scripts/run_notebooks.py notebooks/00-start-here.ipynb
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def isolated_environment(folder: Path) -> dict[str, str]:
    """Point every per-user folder that Jupyter, IPython and Matplotlib write to at ``folder``.

    FRUS_WORK_DIR too (the learner's work folder, helpers.work): answer boxes then start
    empty, and a maintainer's own answers in ``notebooks/my-work/`` never reach a committed
    notebook.
    """
    names = ["HOME", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
             "IPYTHONDIR", "MPLCONFIGDIR", "FRUS_WORK_DIR"]
    env = {}
    for name in names:
        path = folder / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    return env


def execute(path: Path) -> None:
    """Run one notebook in a fresh kernel, in its own folder, and save it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    # Drop the saved widget state: JupyterLab would redraw saved widgets as dead copies, not
    # linked to any kernel (typing into such an answer box would save nothing). (Executing
    # with store_widget_state=False instead trips nbclient on Output widgets.)
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(notebook, path)


def main(args: list[str]) -> None:
    paths = [Path(a) for a in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(isolated_environment(Path(folder)))
        for path in paths:
            print(f"executing {path.relative_to(ROOT) if path.is_absolute() else path}")
            execute(path.resolve())


if __name__ == "__main__":
    main(sys.argv[1:])
