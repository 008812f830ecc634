"""The JupyterLab that `make lab` starts applies the repository's settings overrides.

Needs no browser: JupyterLab's settings API serves each plugin's schema with the overrides
applied as its defaults, which the page then uses. (The browser tests check that no
"Jupyter news" prompt or other notification appears.)
"""

import json

NOTIFICATION = "@jupyterlab/apputils-extension:notification"


def test_news_prompt_and_update_check_are_off(lab_server):
    settings = json.loads(lab_server.api(f"/lab/api/settings/{NOTIFICATION}"))
    defaults = {name: spec["default"] for name, spec in settings["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false"  # JupyterLab's own default is "none": ask
    assert defaults["checkForUpdates"] is False
    assert json.loads(settings["raw"] or "{}") == {}  # no user setting stands in for it
