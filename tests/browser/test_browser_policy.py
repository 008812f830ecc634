"""Without Chromium the browser tests skip on an instructor's machine and fail in CI."""

from .browser_env import CHROMIUM, CHROMIUM_ARGS, missing_browser


def test_missing_chromium_skips_with_install_hint_but_fails_in_ci(tmp_path):
    absent = tmp_path / "chromium"
    outcome, message = missing_browser(absent, {})
    assert outcome == "skip" and "apt-get install chromium" in message
    assert missing_browser(absent, {"CI": "false"})[0] == "skip"
    assert missing_browser(absent, {"CI": "true"})[0] == "fail"
    not_executable = tmp_path / "chromium-file"
    not_executable.write_text("")
    assert missing_browser(not_executable, {"CI": "true"})[0] == "fail"


def test_only_debian_chromium_offline_flags():
    assert CHROMIUM.as_posix() == "/usr/bin/chromium"
    assert {"--no-sandbox", "--disable-background-networking"} <= set(CHROMIUM_ARGS)
