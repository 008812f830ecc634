"""Which browser the browser tests use, how it is started, and what happens without it."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
INSTALL_HINT = ("Chromium is not installed at /usr/bin/chromium, so the browser tests are "
                "skipped. To run them, install Debian's Chromium: "
                "`sudo apt-get install chromium` (the tests never download a browser).")


def missing_browser(path: Path = CHROMIUM, environ=os.environ) -> tuple[str, str] | None:
    """None if Chromium is there; else ("fail" under CI=true, or "skip", and the message)."""
    if path.is_file() and os.access(path, os.X_OK):
        return None
    if environ.get("CI") == "true":
        return "fail", f"CI=true and {INSTALL_HINT}"
    return "skip", INSTALL_HINT
