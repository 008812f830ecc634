"""Test-session set-up shared by the unit tests and the nbval notebook runs.

Executed by pytest at start-up, before any notebook kernel is launched, so
the environment set here is inherited by every kernel (and by the JupyterLab
server that tests/test_lab.py starts). pytest loads it only when tests/ is part
of the run (the default, via testpaths); `make test` sets the same variables
itself, so `make test PYTEST_ARGS=notebooks/x.ipynb` is isolated too.

* HOME and the Jupyter, IPython and Matplotlib config/data/runtime dirs point
  into one fresh temporary folder (removed at exit): nobody's personal
  settings can change what a notebook prints. `make test` already does the
  same; this makes a bare `.venv/bin/python -m pytest` just as isolated.
* MPLBACKEND is removed if set: ipykernel then picks the inline backend, as
  in JupyterLab, which is what the saved notebook outputs were made with.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_ISOLATED_DIRS = {
    "HOME": "home",
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
}

_session_dir = Path(tempfile.mkdtemp(prefix="frus-tests-"))
atexit.register(shutil.rmtree, _session_dir, ignore_errors=True)
for _name, _sub in _ISOLATED_DIRS.items():
    (_session_dir / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_name] = str(_session_dir / _sub)
os.environ.pop("MPLBACKEND", None)


def pytest_configure(config):
    """Let pytest run from any folder: resolve the relative
    --nbval-sanitize-with path from pyproject.toml against the repo root."""
    cfg = getattr(config.option, "nbval_sanitize_with", None)
    if cfg and not os.path.isabs(cfg) and not os.path.exists(cfg):
        config.option.nbval_sanitize_with = str(config.rootpath / cfg)
