"""The three environment files agree, and the running interpreter matches them.

requirements.in   direct pins (what we chose)
requirements.lock every package, name==version (what `make lock` froze)
environment.yml   Binder's conda environment (same direct pins)
"""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml  # PyYAML is in requirements.lock (via jupyter-events)

ROOT = Path(__file__).resolve().parent.parent
EXACT_PIN = re.compile(r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)"
                       r"==(?P<version>[A-Za-z0-9][A-Za-z0-9.+!_-]*)$")
# Conda specs here are only ever "name" or "name=version".
CONDA_SPEC = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)(?:=(?P<version>[^=<>!\s]+))?$")


def normalize(name: str) -> str:
    """Compare project names the way PyPI does (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def is_exact_pin(line: str) -> bool:
    return EXACT_PIN.match(line) is not None


def parse_pins(text: str) -> dict[str, str]:
    """name==version lines -> {normalized name: version}; skips blanks and
    comments; any other line is an error."""
    pins = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = EXACT_PIN.match(line)
        if match is None:
            raise ValueError(f"not an exact name==version pin: {line!r}")
        pins[normalize(match["name"])] = match["version"]
    return pins


def parse_environment_yml(text: str) -> dict[str, str | None]:
    """conda dependencies (and its pip: section) -> {normalized name: version or None}."""
    data = yaml.safe_load(text)
    specs = {}
    for dep in data["dependencies"]:
        if isinstance(dep, dict) and list(dep) == ["pip"]:
            specs.update(parse_pins("\n".join(dep["pip"])))
            continue
        if not isinstance(dep, str):
            raise ValueError(f"unexpected entry in dependencies: {dep!r}")
        match = CONDA_SPEC.match(dep.strip())
        if match is None:
            raise ValueError(f"not 'name' or 'name=version': {dep!r}")
        specs[normalize(match["name"])] = match["version"]
    return specs


def disagreements(wanted: dict, found: dict) -> list[str]:
    """Every package of `wanted` missing from `found` or at another version."""
    problems = []
    for name, version in sorted(wanted.items()):
        if name not in found:
            problems.append(f"{name}: {version} wanted, missing")
        elif found[name] != version:
            problems.append(f"{name}: {version} wanted, {found[name]} found")
    return problems


@pytest.fixture(scope="module")
def lock():
    return parse_pins((ROOT / "requirements.lock").read_text())


@pytest.fixture(scope="module")
def direct():
    return parse_pins((ROOT / "requirements.in").read_text())


@pytest.fixture(scope="module")
def dev():
    return parse_pins((ROOT / "requirements-dev.in").read_text())


@pytest.fixture(scope="module")
def conda():
    specs = parse_environment_yml((ROOT / "environment.yml").read_text())
    return {n: v for n, v in specs.items() if n not in ("python", "pip")}


# -- the checking functions themselves can say no ---------------------------

def test_disagreements_reports_wrong_and_missing_versions():
    assert disagreements({"pandas": "3.1.1"}, {"pandas": "3.1.1"}) == []
    assert disagreements({"pandas": "3.1.1"}, {"pandas": "3.1.0"}) == [
        "pandas: 3.1.1 wanted, 3.1.0 found"]
    assert disagreements({"nbval": "0.11.0"}, {}) == ["nbval: 0.11.0 wanted, missing"]


@pytest.mark.parametrize("line", [
    "pandas>=3", "pandas", "pandas==3.*", "-e .", "pandas == 3.1.1",
    "helpers @ file:///work/main", "pandas==3.1.1 ; python_version>'3'",
])
def test_loose_lines_are_not_exact_pins(line):
    assert not is_exact_pin(line)
    with pytest.raises(ValueError):
        parse_pins(line)


def test_names_are_normalized():
    assert parse_pins("Jupyter_Server==2.0\nruamel.yaml==1\n") == {
        "jupyter-server": "2.0", "ruamel-yaml": "1"}
    assert parse_environment_yml("dependencies: [python=3.11, pip, Jupyter_Lab=4]") == {
        "python": "3.11", "pip": None, "jupyter-lab": "4"}
    assert parse_environment_yml("dependencies: [pip, {pip: [Foo_Bar==1.0]}]") == {
        "pip": None, "foo-bar": "1.0"}
    with pytest.raises(ValueError):
        parse_environment_yml("dependencies: [{pip: [foo>=1]}]")


# -- the real files ----------------------------------------------------------

def test_every_lock_line_is_name_equals_version():
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    assert lines, "requirements.lock is empty"
    bad = [line for line in lines if not is_exact_pin(line)]
    assert bad == []


def test_lock_has_no_duplicates_and_no_installer_tools(lock):
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    assert len(lock) == len(lines)
    assert {"pip", "setuptools", "frus-welles-oumansky-1940"}.isdisjoint(lock)


def test_environment_yml_is_conda_forge_only_python_311():
    data = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert data["channels"] == ["conda-forge", "nodefaults"]
    specs = parse_environment_yml((ROOT / "environment.yml").read_text())
    assert specs["python"] == "3.11"
    assert "pip" in specs
    assert "matplotlib-base" not in specs


def test_environment_yml_pins_match_lock(conda, lock):
    assert all(version for version in conda.values()), "unpinned conda package"
    assert disagreements(conda, lock) == []


def test_direct_pins_are_in_lock_and_environment_yml(direct, lock, conda):
    assert direct, "requirements.in has no pins"
    assert disagreements(direct, lock) == []
    assert disagreements(direct, conda) == []
    assert set(conda) == set(direct), "environment.yml and requirements.in list different packages"


def test_test_tools_are_locked_but_not_on_binder(dev, lock, conda, direct):
    assert disagreements(dev, lock) == []
    assert set(dev).isdisjoint(conda) and set(dev).isdisjoint(direct)


def test_installed_versions_equal_lock(lock):
    installed = {}
    for name in lock:
        try:
            installed[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    assert disagreements(lock, installed) == [], (
        "this interpreter does not match requirements.lock; run `make test`")


def test_pytest_runs_notebooks_strictly():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    options = config["tool"]["pytest"]["ini_options"]
    assert {"tests", "notebooks"} <= set(options["testpaths"])
    addopts = options["addopts"]
    assert "--nbval" in addopts and "--nbval-lax" not in addopts
    assert "--nbval-current-env" in addopts
    sanitize = addopts[addopts.index("--nbval-sanitize-with") + 1]
    assert (ROOT / sanitize).is_file()
