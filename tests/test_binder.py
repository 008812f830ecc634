"""Binder and JupyterHub: settings overrides, postBuild, and the README's launch links.

* ``jupyterlab-settings/overrides.json`` turns the "Jupyter news" prompt and the update check off,
  and is valid against the schemas of the installed JupyterLab;
* ``postBuild`` (run by repo2docker) installs it where JupyterLab reads it, the settings folder of
  its application directory; ``make lab`` points JupyterLab at the same file;
* repo2docker reads the root ``environment.yml`` and ``postBuild`` only if there is no
  ``binder/`` or ``.binder/`` folder;
* every Binder link in the README opens a notebook that exists (``labpath=``), every nbgitpuller
  link pulls this repository and opens a notebook that exists.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jsonschema  # in requirements.lock (via jupyter-events)
import pytest
from test_lab import lab  # scripts/lab.py, loaded by the `make lab` tests

ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "jupyterlab-settings" / "overrides.json"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"
# The repository's public address is not fixed yet: the README's links use OWNER/REPO and say
# so; whoever publishes the module replaces it there and here, and the links are checked against it.
REPO_URL = "https://github.com/OWNER/REPO"
START = "notebooks/00-start-here.ipynb"


# -- settings overrides ----------------------------------------------------------------------

def test_overrides_switch_the_news_prompt_off():
    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    assert overrides[NOTIFICATION]["fetchNews"] == "false"  # a string in the schema
    assert overrides[NOTIFICATION]["checkForUpdates"] is False


def test_overrides_are_valid_for_the_installed_jupyterlab():
    from jupyterlab.commands import get_app_dir

    overrides = json.loads(OVERRIDES.read_text(encoding="utf-8"))
    for plugin, values in overrides.items():
        package, name = plugin.split(":")
        schema_path = Path(get_app_dir()) / "schemas" / package / f"{name}.json"
        assert schema_path.is_file(), f"no schema for {plugin}: {schema_path}"
        jsonschema.validate(values, json.loads(schema_path.read_text(encoding="utf-8")))
    with pytest.raises(jsonschema.ValidationError):  # the check can say no
        jsonschema.validate({"fetchNews": False}, json.loads(schema_path.read_text()))


def test_make_lab_reads_the_same_overrides():
    cmd = lab.lab_command(ROOT, 8888, "abc")
    settings = [arg.split("=", 1)[1] for arg in cmd if arg.startswith("--LabApp.app_settings_dir=")]
    assert settings == [str(OVERRIDES.parent)]


def test_postbuild_installs_helpers_and_the_overrides(tmp_path):
    """Run postBuild with a stand-in `python`: pip only records its arguments, anything else is
    the real interpreter; JUPYTERLAB_DIR sends the application directory to a temporary one."""
    shim_dir = tmp_path / "bin"
    shim_dir.mkdir()
    pip_log = tmp_path / "pip.log"
    shim = shim_dir / "python"
    shim.write_text('#!/bin/bash\n'
                    'if [ "$1 $2" = "-m pip" ]; then echo "$@" >> "$PIP_LOG"; exit 0; fi\n'
                    f'exec "{sys.executable}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    app_dir = tmp_path / "app"
    env = dict(os.environ, PATH=f"{shim_dir}{os.pathsep}{os.environ['PATH']}",
               PIP_LOG=str(pip_log), JUPYTERLAB_DIR=str(app_dir))
    result = subprocess.run([str(ROOT / "postBuild")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert pip_log.read_text().split() == ["-m", "pip", "install", "--no-deps", "-e", "."]
    installed = app_dir / "settings" / "overrides.json"
    assert installed.read_bytes() == OVERRIDES.read_bytes()


def test_no_binder_folder_hides_the_root_configuration():
    for name in ("binder", ".binder"):
        assert not (ROOT / name).exists(), (
            f"repo2docker would read only {name}/ and ignore environment.yml and postBuild")
    assert os.access(ROOT / "postBuild", os.X_OK)


# -- launch links ---------------------------------------------------------------------------

def binder_link_problems(url: str, repo_url: str = REPO_URL, root: Path = ROOT) -> list[str]:
    """What is wrong with a mybinder.org link that should open a notebook of this repository."""
    parts = urlsplit(url)
    owner_repo = urlsplit(repo_url).path.strip("/")
    problems = []
    segments = parts.path.strip("/").split("/")
    if parts.scheme != "https" or parts.netloc != "mybinder.org":
        problems.append("not an https://mybinder.org link")
    if segments[:2] != ["v2", "gh"] or "/".join(segments[2:4]) != owner_repo or len(segments) != 5:
        problems.append(f"path is not /v2/gh/{owner_repo}/<branch or tag>")
    query = parse_qs(parts.query)
    if list(query) != ["labpath"] or len(query["labpath"]) != 1:
        problems.append("the query must be exactly one labpath=")
    else:
        problems += _notebook_problems(query["labpath"][0], root)
    return problems


def nbgitpuller_link_problems(url: str, repo_url: str = REPO_URL, root: Path = ROOT) -> list[str]:
    """What is wrong with a JupyterHub nbgitpuller link that should open a notebook of ours."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    problems = []
    if parts.scheme != "https" or not parts.path.endswith("/hub/user-redirect/git-pull"):
        problems.append("not an https://<hub>/hub/user-redirect/git-pull link")
    if query.get("repo") != [repo_url]:
        problems.append(f"repo= is not {repo_url}")
    if len(query.get("branch", [])) != 1:
        problems.append("no branch=")
    clone = urlsplit(repo_url).path.rstrip("/").rsplit("/", 1)[-1]
    prefix = f"lab/tree/{clone}/"
    urlpath = query.get("urlpath", [""])[0]
    if not urlpath.startswith(prefix):
        problems.append(f"urlpath= does not start with {prefix}")
    else:
        problems += _notebook_problems(urlpath[len(prefix):], root)
    return problems


def _notebook_problems(path: str, root: Path) -> list[str]:
    path = unquote(path)
    if not path.endswith(".ipynb") or not (root / path).is_file():
        return [f"{path} is not a notebook in the repository"]
    return []


def readme_links(host_marker: str) -> list[str]:
    """Every link target in README.md that contains ``host_marker``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [url for url in re.findall(r"\((https://[^)\s]+)\)|<(https://[^>\s]+)>", text)
            for url in url if url and host_marker in url]


def test_binder_link_checker():
    good = f"https://mybinder.org/v2/gh/OWNER/REPO/main?labpath={START.replace('/', '%2F')}"
    assert binder_link_problems(good) == []
    assert binder_link_problems(good.replace("%2F", "/")) == []
    assert binder_link_problems(good.replace("labpath", "urlpath")) == [
        "the query must be exactly one labpath="]
    assert binder_link_problems(good.replace("00-start", "99-gone"))[0].endswith(
        "is not a notebook in the repository")
    assert binder_link_problems(good.replace("OWNER/REPO/main", "OWNER/REPO")) == [
        "path is not /v2/gh/OWNER/REPO/<branch or tag>"]
    assert "not an https://mybinder.org link" in binder_link_problems(good.replace("https", "http"))


def test_nbgitpuller_link_checker():
    good = ("https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com"
            "%2FOWNER%2FREPO&urlpath=lab%2Ftree%2FREPO%2Fnotebooks%2F00-start-here.ipynb&branch=main")
    assert nbgitpuller_link_problems(good) == []
    assert nbgitpuller_link_problems(good.replace("tree%2FREPO", "tree%2Fother")) == [
        "urlpath= does not start with lab/tree/REPO/"]
    assert nbgitpuller_link_problems(good.replace("&branch=main", "")) == ["no branch="]
    assert nbgitpuller_link_problems(good.replace("00-start", "99-gone"))[0].endswith(
        "is not a notebook in the repository")


def test_readme_binder_and_hub_links_are_well_formed():
    problems = {url: binder_link_problems(url) for url in readme_links("mybinder.org/v2/")}
    problems |= {url: nbgitpuller_link_problems(url) for url in readme_links("git-pull")}
    assert {url: p for url, p in problems.items() if p} == {}


def test_readme_has_a_binder_and_an_nbgitpuller_link():
    assert readme_links("mybinder.org/v2/") and readme_links("git-pull")
