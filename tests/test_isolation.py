"""A test run writes nothing outside the repository and a temporary folder.

tests/conftest.py (and `make test`) point HOME and every folder Jupyter, IPython and
Matplotlib write to at a fresh temporary folder. Checked twice:

* in this run: the variables, and the folders the libraries actually resolve, are in the
  temporary folder, away from the repository;
* in a separate small pytest run (a unit test file and the first notebook under nbval, as a
  bare ``python -m pytest`` without the variables `make test` sets), started with an empty
  stand-in HOME, stand-in XDG folders and its own TMPDIR: afterwards the stand-ins are still
  empty, and the temporary folder holds nothing but pytest's own ``pytest-of-<user>``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISOLATED = ["HOME", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
            "IPYTHONDIR", "MPLCONFIGDIR"]
XDG = ["XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"]
FIRST_NOTEBOOK = sorted((ROOT / "notebooks").glob("*.ipynb"))[0]


def is_inside(path: str | Path, folder: str | Path) -> bool:
    """True when ``path`` is ``folder`` or lies below it (symlinks resolved)."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def files_under(folder: Path) -> list[str]:
    """Every file and folder below ``folder``, as sorted relative paths."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_is_inside():
    assert is_inside("/tmp/a/b", "/tmp/a") and is_inside("/tmp/a", "/tmp/a")
    assert not is_inside("/tmp/ab", "/tmp/a") and not is_inside("/home/x", "/tmp")


def test_per_user_folders_point_into_a_temporary_folder():
    temp = tempfile.gettempdir()
    for name in ISOLATED:
        value = os.environ.get(name)
        assert value, f"{name} is not set"
        assert is_inside(value, temp), f"{name}={value} is not in {temp}"
        assert not is_inside(value, ROOT), f"{name}={value} is inside the repository"


def test_libraries_resolve_their_folders_into_the_temporary_folder():
    import jupyter_core.paths as jpaths
    import matplotlib
    from IPython.paths import get_ipython_dir
    from jupyterlab.commands import get_user_settings_dir, get_workspaces_dir

    temp = tempfile.gettempdir()
    resolved = {
        "jupyter config": jpaths.jupyter_config_dir(),
        "jupyter data": jpaths.jupyter_data_dir(),
        "jupyter runtime": jpaths.jupyter_runtime_dir(),
        "ipython": get_ipython_dir(),
        "matplotlib config": matplotlib.get_configdir(),
        "matplotlib cache": matplotlib.get_cachedir(),
        "jupyterlab user settings": get_user_settings_dir(),
        "jupyterlab workspaces": get_workspaces_dir(),
        "~": os.path.expanduser("~"),
    }
    outside = {what: path for what, path in resolved.items() if not is_inside(path, temp)}
    assert outside == {}


def test_a_bare_pytest_run_writes_only_to_its_temporary_folder(tmp_path):
    sandbox = {name: tmp_path / name.lower() for name in ["HOME", "TMPDIR", *XDG]}
    for folder in sandbox.values():
        folder.mkdir(mode=0o700)
    env = {key: value for key, value in os.environ.items()
           if key not in ISOLATED and key not in XDG and not key.startswith("JUPYTER")
           and key not in ("MPLBACKEND", "PYTEST_ADDOPTS")}
    env.update({name: str(folder) for name, folder in sandbox.items()})
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_text.py", str(FIRST_NOTEBOOK.relative_to(ROOT))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    written = {name: files_under(folder) for name, folder in sandbox.items() if name != "TMPDIR"}
    assert written == {name: [] for name in written}
    left_in_temp = [p for p in files_under(sandbox["TMPDIR"]) if not p.startswith("pytest-of-")]
    assert left_in_temp == []
