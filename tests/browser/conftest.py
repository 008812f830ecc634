"""Fixtures for the real-browser tests: a JupyterLab server started as `make lab` starts it,
serving temporary copies of the notebooks, and Debian's Chromium driven by Playwright.

* Chromium: /usr/bin/chromium only; a browser is never downloaded. Without it the tests skip
  with a message saying how to install it; under CI=true a missing browser is a failure.
* The server: ``scripts/lab.py``'s ``lab_command`` (loopback, a token, the repository's
  JupyterLab settings overrides) on a free port, with its root in a temporary folder that holds
  a copy of ``notebooks/`` and links to the rest of the repository, so that autosave can never
  touch a committed notebook. User settings and workspaces are in that temporary folder too.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_lab import lab, stop_server  # scripts/lab.py, loaded by the `make lab` tests

from .browser_env import CHROMIUM, CHROMIUM_ARGS, missing_browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "browser"
STARTUP_TIMEOUT = 90  # seconds
TOKEN = "browser-test-token-8d2e"


@dataclass
class LabServer:
    """A running JupyterLab: where it is, and the folder it serves."""

    base: str
    token: str
    site: Path
    log: Path

    def api(self, path: str, method: str = "GET") -> bytes:
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def url(self, path: str) -> str:
        return f"{self.base}{path}?token={self.token}"


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_site(folder: Path) -> Path:
    """A stand-in repository: a copy of notebooks/ and symbolic links to everything else."""
    site = folder / "site"
    site.mkdir()
    shutil.copytree(ROOT / "notebooks", site / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for entry in ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in ("notebooks", "test-output"):
            continue
        (site / entry.name).symlink_to(entry)
    return site


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    missing = missing_browser()
    if missing is None:
        return str(CHROMIUM)
    outcome, message = missing
    if outcome == "fail":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> LabServer:
    """JupyterLab started exactly as `make lab` starts it; always stopped afterwards."""
    tmp = tmp_path_factory.mktemp("browser-lab")
    site = make_site(tmp)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp / "user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    env.pop("JUPYTER_TOKEN", None)
    # as for a learner: work is saved in my-work/ beside the (copied) notebooks, whatever the
    # caller's FRUS_WORK_DIR (scripts/run_notebooks.py and the benchmark set one)
    env.pop("FRUS_WORK_DIR", None)
    port = _free_loopback_port()
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(lab.lab_command(site, port, TOKEN, open_browser=False),
                                cwd=site, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = LabServer(f"http://127.0.0.1:{port}", TOKEN, site, log_path)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n"
                            f"{log_path.read_text()[-3000:]}")
            try:
                server.api("/api/status")
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab not ready within {STARTUP_TIMEOUT} s:\n"
                                f"{log_path.read_text()[-3000:]}")
                time.sleep(0.3)
        yield server
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def browser(chromium_executable):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_executable,
                                              headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-output/browser/ (git-ignored; each run overwrites its screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies and storage) at a classroom-laptop size."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()
