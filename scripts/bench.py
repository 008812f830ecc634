"""Benchmarks: what learners wait for, each beside the floor the stack sets (``make bench``).

Prints one Markdown table. Every figure is the median of ``--runs`` runs (at least five):

1. each notebook's execution (nbclient, fresh kernel) against a *floor notebook* that only
   imports the same libraries, in a fresh kernel too: the notebook's own import statements, then
   every module outside this project that the notebook ends up loading (matplotlib's, loaded
   by a helper when it draws, for instance), in the order it loaded them, followed by as many
   empty (``pass``) code cells as the notebook has;
2. ``load_memorandum()`` in a fresh process, beyond ``import pandas``, against pandas' import;
3. every widget interaction (p50 and p95 over 100 simulated interactions);
4. a whole FRUS volume loaded by ``helpers.frus.load_volume`` against lxml's bare parse;
5. ``make test`` wall time (warm) against pytest collecting the same tests, and the size of
   ``.venv`` against a venv holding only the core packages.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from run_notebooks import isolated_environment  # noqa: E402

CORE_PACKAGES = ["jupyterlab", "pandas", "matplotlib", "ipywidgets"]
VOLUMES = ROOT.parent / "shared" / "frus"  # the three test volumes, where ../shared is present
BUNDLED_VOLUME = ROOT / "data" / "frus" / "frus1934v05.xml"


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def row(measure: str, value: float, floor: float | None, target: str, met: bool | None,
        unit: str = "s") -> dict:
    return {"measure": measure, "value": value, "floor": floor,
            "ratio": value / floor if floor else None, "target": target, "met": met,
            "unit": unit}


# -- 1. notebooks ---------------------------------------------------------------------------

def import_lines(notebook) -> list[str]:
    """The notebook's own import statements, in order (what its floor notebook runs)."""
    lines = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        lines += [line for line in cell.source.splitlines()
                  if line.startswith(("import ", "from "))]
    return lines


#: Run first and last in a copy of the notebook: which modules the notebook itself loaded.
_BEFORE = "import sys as _bench_sys\n_bench_before = set(_bench_sys.modules)"
_AFTER = f"""import json as _bench_json, os as _bench_os
_bench_root = {str(ROOT / 'helpers')!r} + _bench_os.sep  # this project's own code
def _bench_outside(name, module):
    where = str(getattr(module, "__file__", "") or "")
    return (name != "helpers" and not name.startswith(("helpers.", "_bench"))
            and not where.startswith(_bench_root))
print(_bench_json.dumps([name for name, module in list(_bench_sys.modules.items())
                         if name not in _bench_before and _bench_outside(name, module)]))
"""


def loaded_modules(notebook, folder: Path) -> list[str]:
    """The modules outside this project that the notebook loads, in the order it loaded them."""
    import nbformat
    from nbclient import NotebookClient

    probe = copy.deepcopy(notebook)
    probe.cells = [nbformat.v4.new_code_cell(_BEFORE), *probe.cells,
                   nbformat.v4.new_code_cell(_AFTER)]
    NotebookClient(probe, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    return json.loads("".join(out.get("text", "") for out in probe.cells[-1].outputs))


def floor_notebook(notebook, modules: list[str]):
    """A notebook that imports what the notebook imports, and does nothing else, in as many
    code cells: the first imports, the others only ``pass`` (each cell costs a round trip to
    the kernel, about 10 ms here, whatever it holds)."""
    import nbformat

    lines = import_lines(notebook) + ["import importlib"]
    lines += [f"try:\n    importlib.import_module({name!r})\nexcept Exception:\n    pass"
              for name in modules]  # (a few private modules cannot be imported on their own)
    floor = nbformat.v4.new_notebook(metadata=copy.deepcopy(notebook.metadata))
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    floor.cells = [nbformat.v4.new_code_cell("\n".join(lines))]
    floor.cells += [nbformat.v4.new_code_cell("pass") for _ in range(code_cells - 1)]
    return floor


def execute_seconds(notebook, folder: Path) -> float:
    from nbclient import NotebookClient

    client = NotebookClient(copy.deepcopy(notebook), timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def bench_notebooks(runs: int) -> list[dict]:
    import nbformat

    rows = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        floor = floor_notebook(notebook, loaded_modules(notebook, path.parent))
        full, bare = [], []
        for _ in range(runs):
            full.append(execute_seconds(notebook, path.parent))
            bare.append(execute_seconds(floor, path.parent))
        value, base = median(full), median(bare)
        rows.append(row(f"notebook {path.name}", value, base, "≤ 1.3× floor",
                        value <= 1.3 * base))
    return rows


# -- 2. loading the memorandum --------------------------------------------------------------

LOAD_SCRIPT = """
import time, json
t0 = time.perf_counter()
import pandas
t1 = time.perf_counter()
from helpers import load_memorandum
memo = load_memorandum()
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""


def bench_load(runs: int) -> list[dict]:
    pandas_s, extra_s = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", LOAD_SCRIPT], capture_output=True,
                             text=True, check=True, cwd=ROOT).stdout
        first, second = json.loads(out)
        pandas_s.append(first)
        extra_s.append(second)
    value, base = median(extra_s), median(pandas_s)
    return [row("load_memorandum() beyond import pandas (fresh process)", value, base,
                "≤ 0.3× pandas import", value <= 0.3 * base)]


# -- 3. widgets -----------------------------------------------------------------------------

def bench_widgets(interactions: int = 100) -> list[dict]:
    """Each widget module may expose ``interactions(doc) -> {name: step(i)}``; time each step.

    The volume browser's steps work on a whole FRUS volume (the bundled 1934 vol. V), so their
    target is the issue's 100 ms; every other widget works on this memorandum (20 ms).
    """
    import importlib
    import pkgutil

    import helpers.widgets
    from helpers import load_memorandum

    memo = load_memorandum()
    rows = []
    for info in pkgutil.iter_modules(helpers.widgets.__path__):
        module = importlib.import_module(f"helpers.widgets.{info.name}")
        cases = getattr(module, "interactions", None)
        if cases is None:
            continue
        for name, step in cases(memo).items():
            times = []
            for i in range(interactions):
                start = time.perf_counter()
                step(i)
                times.append(time.perf_counter() - start)
            p95 = percentile(times, 95)
            # the targets: 20 ms on this memorandum, 100 ms on a whole FRUS volume
            limit = 0.100 if info.name == "volumes" else 0.020
            rows.append(row(f"widget {info.name}.{name}: p50", percentile(times, 50), None,
                            "", None, "ms"))
            rows.append(row(f"widget {info.name}.{name}: p95", p95, None,
                            f"p95 ≤ {limit * 1000:.0f} ms", p95 <= limit, "ms"))
    return rows


# -- 4. a whole FRUS volume -----------------------------------------------------------------

def bench_volumes(runs: int) -> list[dict]:
    """Each volume loaded cold (``frus.clear_cache()`` first) against lxml's bare parse of the
    same file, interleaved (parse, load, parse, load…) so that both meet the same machine."""
    import gc

    from lxml import etree

    from helpers import frus

    def settle() -> None:
        # Freeing a parsed tree leaves glibc work that it does at the next large allocation;
        # done here, outside the timings, no run pays for the tree the run before it freed.
        gc.collect()
        bytearray(1 << 20)

    rows = []
    paths = sorted(VOLUMES.glob("*.xml")) or [BUNDLED_VOLUME]
    if paths == [BUNDLED_VOLUME]:
        print(f"{VOLUMES} not found: measuring the bundled volume only", file=sys.stderr)
    for path in paths:
        frus.load_volume(path)  # once, untimed: imports, compiled patterns
        ours, bare = [], []
        for _ in range(runs):
            settle()
            start = time.perf_counter()
            etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
            bare.append(time.perf_counter() - start)
            frus.clear_cache()  # cold: the volume is parsed again
            settle()
            start = time.perf_counter()
            frus.load_volume(path)
            ours.append(time.perf_counter() - start)
        frus.clear_cache()
        value, base = median(ours), median(bare)
        rows.append(row(f"load_volume({path.name}), cold", value, base, "≤ 2× lxml parse",
                        value <= 2 * base, "ms"))
    return rows


# -- 5. make test and .venv -----------------------------------------------------------------

def bench_make_test(runs: int) -> list[dict]:
    env = {**os.environ, "PYTEST_ARGS": "-q"}
    full, collect = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["make", "test"], cwd=ROOT, env=env, check=True, capture_output=True)
        full.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(["make", "test", "PYTEST_ARGS=--collect-only -q"], cwd=ROOT, check=True,
                       capture_output=True)
        collect.append(time.perf_counter() - start)
    return [row("make test (warm)", median(full), median(collect),
                "floor: make test --collect-only", None)]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def bench_venv() -> list[dict]:
    lock = ROOT / "requirements.lock"
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder) / "core"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", "--root-user-action=ignore",
                        "-c", str(lock), *CORE_PACKAGES], check=True, capture_output=True)
        core = folder_size(venv)
    ours = folder_size(ROOT / ".venv")
    return [row(".venv size", ours / 2**20, core / 2**20, "floor: venv of " +
                ", ".join(CORE_PACKAGES), None, "MiB")]


# -- report ---------------------------------------------------------------------------------

def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:.2f} s"


def table(rows: list[dict]) -> str:
    lines = ["| measure | median | floor | ratio | target | met |", "|---|---|---|---|---|---|"]
    for r in rows:
        met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] else ""
        lines.append(f"| {r['measure']} | {fmt(r['value'], r['unit'])} | "
                     f"{fmt(r['floor'], r['unit'])} | {ratio} | {r['target']} | {met} |")
    return "\n".join(lines)


def machine() -> str:
    cpus = os.cpu_count()
    memory = ""
    try:
        kb = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
        memory = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (f"{platform.machine()}, {cpus} cores{memory}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (at least 5)")
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["notebooks", "load", "widgets", "volumes", "make-test", "venv"])
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs must be at least 5: the table reports medians of five or more")
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(isolated_environment(Path(folder)))
        parts = {"notebooks": bench_notebooks, "load": bench_load,
                 "widgets": lambda runs: bench_widgets(), "volumes": bench_volumes,
                 "make-test": bench_make_test, "venv": lambda runs: bench_venv()}
        rows, failed = [], []
        for name, function in parts.items():
            if name not in args.skip:
                print(f"measuring {name} …", file=sys.stderr, flush=True)
                try:
                    rows += function(args.runs)
                except (subprocess.CalledProcessError, OSError, RuntimeError) as exc:
                    # one part failing must not lose the others' figures; say so loudly
                    output = getattr(exc, "stdout", b"") or b""
                    tail = output[-3000:].decode(errors="replace") if isinstance(output, bytes) \
                        else str(output)[-3000:]
                    print(f"{name} FAILED: {exc}\n{tail}", file=sys.stderr, flush=True)
                    failed.append(name)
    print(f"Machine: {machine()}; medians of {args.runs} runs.\n")
    print(table(rows))
    if failed:
        print(f"\nNot measured, because they failed: {', '.join(failed)} (see the messages above).")
        sys.exit(1)


if __name__ == "__main__":
    main()
