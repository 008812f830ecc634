"""Executing every notebook opens no network connection (the module runs offline).

Each notebook runs top to bottom in a fresh kernel whose IPython start-up file (in a temporary
IPYTHONDIR) installs a guard before the first cell: ``socket.socket.connect``/``connect_ex``/
``sendto`` refuse any address that is not loopback or a Unix socket, and ``socket.getaddrinfo``
refuses to look up any host name but ``localhost``. Every refused attempt is written to a log;
the test fails if the log records one, or if the guard never loaded. The kernel's own messaging
(ZeroMQ over 127.0.0.1, outside Python's socket module) is unaffected.

The guard itself is tested first: a small notebook that does try to go online must be caught,
and a loopback connection must still work.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
INSTALLED = "guard installed"

GUARD = '''\
"""Refuse and record any network access that is not loopback (installed by tests/test_offline.py)."""
import ipaddress as _ipaddress
import json as _json
import os as _os
import socket as _socket

_LOG = _os.environ["FRUS_NETWORK_LOG"]


def _record(kind, target):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(_json.dumps([kind, repr(target)]) + "\\n")


def _is_local_host(host):
    if host in (None, "", "localhost", b"localhost"):
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        return _ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _is_local(sock, address):
    if sock.family == getattr(_socket, "AF_UNIX", object()):
        return True
    return isinstance(address, tuple) and _is_local_host(address[0])


def _guard(name, real):
    def guarded(self, *args):
        address = args[-1]
        if not _is_local(self, address):
            _record(name, address)
            raise ConnectionRefusedError(f"offline test: {name} to {address!r} refused")
        return real(self, *args)
    return guarded


for _name in ("connect", "connect_ex", "sendto"):
    setattr(_socket.socket, _name, _guard(_name, getattr(_socket.socket, _name)))

_real_getaddrinfo = _socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    if not _is_local_host(host):
        try:
            _ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host)
        except ValueError:
            _record("getaddrinfo", host)
            raise _socket.gaierror(f"offline test: lookup of {host!r} refused")
    return _real_getaddrinfo(host, *args, **kwargs)


_socket.getaddrinfo = _getaddrinfo
_record("INSTALLED", None)
'''


def run_guarded(nb, folder: Path, tmp_path: Path, monkeypatch) -> list[list[str]]:
    """Execute ``nb`` (in ``folder``) in a guarded kernel; return the log's records."""
    ipython_dir = tmp_path / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-offline-guard.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network.log"
    log.touch()
    monkeypatch.setenv("IPYTHONDIR", str(ipython_dir))
    monkeypatch.setenv("FRUS_NETWORK_LOG", str(log))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    finally:
        records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert records[:1] == [["INSTALLED", "None"]], f"the guard did not load: {records}"
    return records[1:]


def test_guard_catches_network_access_and_allows_loopback(tmp_path, monkeypatch):
    cells = [
        # loopback still works: a server and a client in the same cell
        "import socket\n"
        "server = socket.create_server(('127.0.0.1', 0))\n"
        "client = socket.create_connection(server.getsockname(), timeout=5)\n"
        "client.close(); server.close()\n"
        "print('loopback ok')",
        # TEST-NET-1 (RFC 5737): never routed, so nothing leaves even if the guard failed
        "try:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
        "except OSError as error:\n    print(type(error).__name__)",
        "try:\n    socket.getaddrinfo('example.org', 443)\n"
        "except OSError as error:\n    print(type(error).__name__)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    records = run_guarded(nb, tmp_path, tmp_path, monkeypatch)
    outputs = ["".join(o.get("text", "") for o in cell.outputs).strip() for cell in nb.cells]
    assert outputs == ["loopback ok", "ConnectionRefusedError", "gaierror"]
    assert records == [["connect", "('192.0.2.1', 80)"], ["getaddrinfo", "'example.org'"]]


def test_a_notebook_that_goes_online_fails(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import urllib.request\nurllib.request.urlopen('http://192.0.2.1/', timeout=1)")])
    with pytest.raises(CellExecutionError, match="refused"):
        run_guarded(nb, tmp_path, tmp_path, monkeypatch)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_offline(path, tmp_path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    records = run_guarded(nb, path.parent, tmp_path, monkeypatch)
    assert records == [], f"{path.name} tried to use the network: {records}"
