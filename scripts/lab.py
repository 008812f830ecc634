#!/usr/bin/env python3
"""Start JupyterLab for this module (what `make lab` runs).

The server listens on 127.0.0.1 only, asks for a token (``$JUPYTER_TOKEN``
if set, otherwise a fresh random one), serves the repository root and opens
``notebooks/00-start-here.ipynb``.

    python scripts/lab.py [--port 8888] [--port-retries 50] [--no-browser] [JUPYTER OPTIONS...]

Unknown options are passed on to JupyterLab unchanged.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START_NOTEBOOK = "notebooks/00-start-here.ipynb"
# JupyterLab settings overrides (no "Jupyter news" prompt); postBuild installs the
# same file for Binder.
SETTINGS_DIR = REPO_ROOT / "jupyterlab-settings"


def lab_command(repo_root, port: int, token: str, open_browser: bool = True,
                port_retries: int = 0) -> list[str]:
    """Return the argv that starts JupyterLab for this module.

    Uses the interpreter running this script (the project's .venv under
    `make lab`), so the right JupyterLab and kernel are used.
    """
    if not token:
        raise ValueError("an empty token would switch authentication off")
    cmd = [
        sys.executable, "-m", "jupyterlab",
        f"--ip={HOST}",
        f"--port={int(port)}",
        f"--ServerApp.port_retries={int(port_retries)}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={Path(repo_root).resolve()}",
        f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
        f"--LabApp.app_settings_dir={SETTINGS_DIR}",
    ]
    if not open_browser:
        cmd.append("--no-browser")
    if os.geteuid() == 0:
        # Jupyter refuses to run as root without it (CI, containers).
        cmd.append("--allow-root")
    return cmd


def choose_token(environ=os.environ) -> str:
    """$JUPYTER_TOKEN if set and non-empty, else a new random token."""
    return environ.get("JUPYTER_TOKEN") or secrets.token_urlsafe(24)


def lab_url(port: int, token: str) -> str:
    """The URL that opens the start notebook, with the token."""
    return (f"http://{HOST}:{port}/lab/tree/{START_NOTEBOOK}"
            f"?token={urllib.parse.quote(token, safe='')}")


def first_free_port(port: int, retries: int) -> int:
    """First port in [port, port + retries] that can be bound on HOST."""
    for candidate in range(port, port + retries + 1):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            # Like Jupyter's own server socket, so a port left in TIME_WAIT
            # by an earlier session counts as free.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((HOST, candidate))
            except OSError:
                continue
            return candidate
    raise SystemExit(f"No free port in {port}..{port + retries} on {HOST}.")


def _banner(title: str, url: str) -> None:
    line = "=" * 72
    print(f"\n{line}\n  {title}\n\n    {url}\n\n"
          f"  Stop the server with Ctrl-C (twice).\n{line}\n", flush=True)


def _wait_until_ready(proc: subprocess.Popen, port: int, token: str,
                      timeout: float = 120.0) -> bool:
    status_url = f"http://{HOST}:{port}/api/status"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        request = urllib.request.Request(
            status_url, headers={"Authorization": f"token {token}"})
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8888,
                        help="first port to try (default: 8888)")
    parser.add_argument("--port-retries", type=int, default=50,
                        help="how many following ports to try if it is busy "
                             "(default: 50)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a web browser")
    args, jupyter_args = parser.parse_known_args(argv)

    token = choose_token()
    # Pick the port here and tell Jupyter not to move, so the URL printed
    # below is the one the server really uses.
    port = first_free_port(args.port, max(args.port_retries, 0))
    cmd = lab_command(REPO_ROOT, port, token,
                      open_browser=not args.no_browser, port_retries=0)
    cmd += jupyter_args
    url = lab_url(port, token)

    _banner("Starting JupyterLab; it will be at:", url)
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT)
    try:
        if _wait_until_ready(proc, port, token):
            _banner("JupyterLab is ready. Open this address in your browser:", url)
        return proc.wait()
    except KeyboardInterrupt:
        # Jupyter got the same Ctrl-C and asks/finishes shutting down itself.
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                continue


if __name__ == "__main__":
    sys.exit(main())
