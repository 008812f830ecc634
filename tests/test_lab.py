"""`make lab` really starts a token-protected JupyterLab on loopback only."""

import importlib.util
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil  # in requirements.lock (via ipykernel)
import pytest

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "test-token-4f1c9a"
STARTUP_TIMEOUT = 90  # seconds


def _load_lab_script():
    spec = importlib.util.spec_from_file_location("lab_script", ROOT / "scripts" / "lab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lab = _load_lab_script()


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # hand the 3xx back to the caller


def _get(url: str, follow_redirects: bool = True):
    """(status, headers, body) for a GET; HTTP errors are returned, not raised."""
    opener = (urllib.request.build_opener() if follow_redirects
              else urllib.request.build_opener(_NoRedirect))
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


# -- the command line ---------------------------------------------------------

def test_lab_command_binds_loopback_with_token_and_venv_python():
    cmd = lab.lab_command(ROOT, 9999, "abc")
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ip=127.0.0.1" in cmd
    assert "--port=9999" in cmd
    assert "--IdentityProvider.token=abc" in cmd
    assert not any(arg.startswith("--ServerApp.token") for arg in cmd)
    assert f"--ServerApp.root_dir={ROOT}" in cmd
    assert "--LabApp.default_url=/lab/tree/notebooks/00-start-here.ipynb" in cmd
    assert "--no-browser" not in cmd
    assert "--no-browser" in lab.lab_command(ROOT, 9999, "abc", open_browser=False)


@pytest.mark.parametrize("euid, expected", [(0, True), (1000, False)])
def test_allow_root_only_for_root(monkeypatch, euid, expected):
    monkeypatch.setattr(lab.os, "geteuid", lambda: euid)
    assert ("--allow-root" in lab.lab_command(ROOT, 8888, "abc")) is expected


def test_allow_root_matches_this_process():
    cmd = lab.lab_command(ROOT, 8888, "abc")
    assert ("--allow-root" in cmd) is (os.geteuid() == 0)


def test_empty_token_is_refused():
    with pytest.raises(ValueError):
        lab.lab_command(ROOT, 8888, "")


def test_token_comes_from_environment_or_is_random():
    assert lab.choose_token({"JUPYTER_TOKEN": "mine"}) == "mine"
    first, second = lab.choose_token({}), lab.choose_token({})
    assert first != second and len(first) >= 24


def test_printed_url_opens_start_notebook_with_token():
    assert lab.lab_url(8890, "a/b") == (
        "http://127.0.0.1:8890/lab/tree/notebooks/00-start-here.ipynb?token=a%2Fb")


# -- a real server ------------------------------------------------------------

@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """Start JupyterLab exactly as `make lab` does; always stop it."""
    tmp = tmp_path_factory.mktemp("lab")
    env = dict(os.environ)
    for name, sub in [("HOME", "home"), ("JUPYTER_CONFIG_DIR", "config"),
                      ("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                      ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib")]:
        (tmp / sub).mkdir()
        env[name] = str(tmp / sub)
    env.pop("JUPYTER_TOKEN", None)
    port = _free_loopback_port()
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            lab.lab_command(ROOT, port, TOKEN, open_browser=False),
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        status, body = None, ""
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"server exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                status, _, body = _get(f"{base}/lab?token={TOKEN}")
            except OSError:
                status = None
            if status == 200 and "JupyterLab" in body:
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"no JupyterLab page within {STARTUP_TIMEOUT} s (last status {status}):\n"
                        f"{log_path.read_text()[-3000:]}")
        yield proc, base, body
    finally:
        stop_server(proc)


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started in its own process group: SIGTERM, then SIGKILL after 20 s."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_lab_page_served_with_token(lab_server):
    _, _, body = lab_server
    assert "JupyterLab" in body


def test_lab_page_refused_without_token(lab_server):
    _, base, _ = lab_server
    status, headers, body = _get(f"{base}/lab", follow_redirects=False)
    assert status != 200
    if 300 <= status < 400:
        assert "/login" in headers.get("Location", "")
    else:
        assert status in (401, 403)
    # Following the redirect lands on the login page, not on JupyterLab.
    status, _, body = _get(f"{base}/lab")
    assert "jupyter-config-data" not in body


def test_wrong_token_is_refused(lab_server):
    _, base, _ = lab_server
    status, _, _ = _get(f"{base}/api/status?token=wrong-{TOKEN}")
    assert status == 403


def test_server_listens_on_loopback_only(lab_server):
    proc, base, _ = lab_server
    port = int(base.rsplit(":", 1)[1])
    listening = [conn.laddr for conn in psutil.Process(proc.pid).net_connections(kind="inet")
                 if conn.status == psutil.CONN_LISTEN]
    assert any(addr.port == port for addr in listening), listening
    assert all(ipaddress.ip_address(addr.ip).is_loopback for addr in listening), listening
