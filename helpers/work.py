"""The learner's work: answers, argument maps and notes, saved on this computer and exported.

Everything is kept in a *work folder* (``my-work/``, beside the notebooks, ignored by git), one
JSON file per notebook, so that one damaged file never costs the work in the others. Each save
writes a temporary file in the same folder, flushes it to disk and renames it over the old file
(an atomic replace), keeping the version before it as ``<file>.bak``: a crash mid-save loses
nothing, and a damaged file is reported and replaced by its last good copy.

Nothing here leaves the machine. ``Store.export`` writes one self-contained HTML file (answers
under their questions, argument maps as an image and as CSV, the memorandum's citation) that a
learner hands in; :func:`collect` reads a folder of those files back into one table.

>>> with Store.temporary() as store:
...     _ = store.save_answer("00.sourcing.author", "Welles probably wrote this to warn.",
...                           question="Author")
...     Store(store.folder).answer("00.sourcing.author")
'Welles probably wrote this to warn.'
"""

from __future__ import annotations

import atexit
import base64
import functools
import html
import io
import json
import os
import re
import shutil
import tempfile
import threading
import unicodedata
import weakref
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from .errors import DocumentError

ROOT = Path(__file__).resolve().parent.parent
#: Set this environment variable to keep the work somewhere else (tests, benchmarks, a USB stick).
WORK_DIR_ENV = "FRUS_WORK_DIR"
WORK_FOLDER = "my-work"
STORE_FORMAT = "frus-work/1"
EXPORT_FORMAT = "frus-work-export/1"
#: The file (notebook key) that holds the learner's name.
LEARNER = "learner"
#: Environment variables BinderHub sets in a session (binderhub's spawner; the Kubernetes service).
BINDER_VARIABLES = ("BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_PERSISTENT_REQUEST",
                    "BINDER_REPO_URL", "BINDER_REF_URL", "BINDER_SERVICE_HOST")
QUESTION_ID = re.compile(r"\d\d\.[A-Za-z0-9_.-]+")
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
DATA_BLOCK = re.compile(r'<script type="application/json" id="frus-work-data">(.*?)</script>',
                        re.S)
ANSWER_COLUMNS = ["learner", "notebook", "question_id", "question", "answer", "words", "saved"]

#: Questions shown in this session, in the order their boxes were built:
#: question id -> (question, sentence starter, notebook).
QUESTIONS: dict[str, tuple[str, str, str]] = {}


# -- where the work lives -------------------------------------------------------------------

def work_dir(environ: dict | None = None, cwd: Path | None = None) -> Path:
    """The work folder: ``$FRUS_WORK_DIR``, else ``my-work/`` beside the running notebook.

    A kernel runs in its notebook's folder; elsewhere (a script, a console) the folder is the
    repository's ``notebooks/my-work``.

    >>> work_dir({"FRUS_WORK_DIR": "/tmp/w"})
    PosixPath('/tmp/w')
    >>> work_dir({}, cwd=ROOT / "notebooks") == ROOT / "notebooks" / "my-work"
    True
    """
    environ = os.environ if environ is None else environ
    if environ.get(WORK_DIR_ENV):
        return Path(environ[WORK_DIR_ENV])
    cwd = Path.cwd() if cwd is None else cwd
    if any(cwd.glob("*.ipynb")):
        return cwd / WORK_FOLDER
    return ROOT / "notebooks" / WORK_FOLDER


def on_binder(environ: dict | None = None) -> bool:
    """True in a Binder session, where nothing survives the end of the session.

    >>> on_binder({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}), on_binder({})
    (True, False)
    """
    environ = os.environ if environ is None else environ
    return any(environ.get(name) for name in BINDER_VARIABLES)


@functools.lru_cache(maxsize=None)
def notebook_for(question_id: str) -> str:
    """The notebook a question id belongs to, from its two-digit prefix.

    >>> notebook_for("00.sourcing.author")
    '00-start-here'
    """
    if not QUESTION_ID.fullmatch(question_id):
        raise DocumentError("<question id>", None, f"{question_id!r} must start with the "
                            "notebook's number and a dot, e.g. '00.sourcing.author'")
    prefix = question_id[:2]
    matches = sorted((ROOT / "notebooks").glob(f"{prefix}-*.ipynb"))
    return matches[0].stem if matches else prefix


def word_count(text: str) -> int:
    """Words in an answer, counted as a reader would (runs of letters and digits).

    >>> word_count("Welles's record, written afterwards - 1940.")
    5
    """
    return len(re.findall(r"\w+(?:['’]\w+)*", text))


def now_iso() -> str:
    """The time now, in UTC, as ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- reading and writing one file -----------------------------------------------------------

def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that the file is always whole: temp file, fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _keep_backup(path: Path, backup: Path) -> None:
    """Make ``backup`` the current (good) version of ``path``: a hard link, or else a copy."""
    link = backup.with_name(f".{backup.name}.link")
    try:
        link.unlink(missing_ok=True)
        os.link(path, link)
        os.replace(link, backup)
    except OSError:
        write_atomic(backup, path.read_text(encoding="utf-8"))


def _check_entry(entry: Any, number: int, source: str) -> None:
    if not isinstance(entry, dict):
        raise DocumentError(source, None, f"entry {number} is not an object")
    for key in ("kind", "id", "notebook", "saved"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise DocumentError(source, None, f"entry {number} has no {key!r}")
    if "value" not in entry:
        raise DocumentError(source, None, f"entry {number} ({entry['id']}) has no 'value'")


def read_work_file(path: Path) -> list[dict]:
    """The entries of one work file; a damaged file raises DocumentError naming it."""
    source = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(source, None, f"not UTF-8 text ({exc.reason})") from None
    if not raw.strip():
        raise DocumentError(source, None, "the file is empty (a save was cut off?)")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DocumentError(source, exc.lineno, f"not valid JSON, the file is damaged or "
                            f"half-written ({exc.msg}, column {exc.colno})") from None
    if not isinstance(data, dict) or data.get("format") != STORE_FORMAT:
        raise DocumentError(source, None, f"not a work file (expected format {STORE_FORMAT!r})")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise DocumentError(source, None, "no list of 'entries'")
    for number, entry in enumerate(entries, start=1):
        _check_entry(entry, number, source)
    return entries


def render_work_file(notebook: str, entries: list[dict]) -> str:
    return json.dumps({"format": STORE_FORMAT, "notebook": notebook, "entries": entries},
                      indent=1, ensure_ascii=False) + "\n"


# -- saving in the background --------------------------------------------------------------

class _Writer:
    """One background thread that runs saves in order, so typing never waits for the disk.

    A newer save of the same item replaces one still waiting (the latest text wins); ``flush``
    waits until everything submitted is on disk. Python runs ``flush`` at exit, so a kernel that
    is restarted or shut down writes its last answer first.
    """

    def __init__(self) -> None:
        self.pending: dict[tuple, Callable[[], None]] = {}
        self.busy = False
        self.changed = threading.Condition()
        self.thread: threading.Thread | None = None

    def submit(self, key: tuple, job: Callable[[], None]) -> None:
        with self.changed:
            self.pending.pop(key, None)
            self.pending[key] = job
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="frus-work-saver",
                                               daemon=True)
                self.thread.start()
            self.changed.notify_all()

    def _run(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.pending)
                job = self.pending.pop(next(iter(self.pending)))
                self.busy = True
            try:
                job()
            finally:
                with self.changed:
                    self.busy = False
                    self.changed.notify_all()

    def flush(self, timeout: float | None = 30) -> bool:
        """Wait until every submitted save is written; False if ``timeout`` ran out first."""
        if threading.current_thread() is self.thread:
            return True
        with self.changed:
            return self.changed.wait_for(lambda: not self.pending and not self.busy, timeout)


_WRITER = _Writer()
_SAVING = threading.RLock()  # one read-modify-write of a work file at a time in this process
atexit.register(_WRITER.flush)


# -- the store ------------------------------------------------------------------------------

class Store:
    """A learner's work folder: ``save``/``get`` any value; answers and maps on top of them.

    ``Store()`` is the learner's real folder (see :func:`work_dir`); ``Store(path)`` any other;
    ``Store.temporary()`` a throwaway folder, removed when Python exits.
    """

    def __init__(self, folder: str | Path | None = None, clock: Callable[[], str] = now_iso):
        self.folder = Path(folder) if folder is not None else work_dir()
        self.clock = clock

    @classmethod
    def temporary(cls) -> Store:
        """A store in a new temporary folder, deleted at the end of a ``with`` block, with the
        store, or when Python exits.

        >>> with Store.temporary() as practice:
        ...     _ = practice.save("note", "00.n", "x")
        >>> practice.folder.exists()
        False
        """
        store = cls(tempfile.mkdtemp(prefix="frus-work-"))
        store._cleanup = weakref.finalize(store, shutil.rmtree, str(store.folder),
                                          ignore_errors=True)
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        """Leaving a ``with`` block deletes a temporary store (after its last save)."""
        self.flush()
        cleanup = getattr(self, "_cleanup", None)
        if cleanup is not None:
            cleanup()

    def __repr__(self) -> str:
        return f"Store({str(self.folder)!r})"

    def path_for(self, notebook: str) -> Path:
        if not SAFE_KEY.fullmatch(notebook):
            raise DocumentError("<notebook>", None, f"{notebook!r} is not a usable file name")
        return self.folder / f"{notebook}.json"

    def notebooks(self) -> list[str]:
        """Notebooks with a work file (or only its backup) in the folder, sorted."""
        if not self.folder.is_dir():
            return []
        names = {p.name.removesuffix(".bak").removesuffix(".json")
                 for p in self.folder.iterdir()
                 if not p.name.startswith(".") and p.name.endswith((".json", ".json.bak"))}
        return sorted(names)

    # reading ---------------------------------------------------------------------------

    def flush(self, timeout: float | None = 30) -> bool:
        """Wait until the saves started by answer boxes (in the background) are on disk."""
        return _WRITER.flush(timeout)

    def read(self, notebook: str) -> tuple[list[dict], list[str]]:
        """One notebook's entries and the problems met: a damaged file falls back to ``.bak``."""
        self.flush()
        return self._read(notebook)

    def _read(self, notebook: str) -> tuple[list[dict], list[str]]:
        path = self.path_for(notebook)
        backup = path.with_name(path.name + ".bak")
        try:
            return read_work_file(path), []
        except FileNotFoundError:
            if not backup.exists():
                return [], []
            error = DocumentError(str(path), None, "missing, but its backup exists")
        except (DocumentError, OSError) as exc:
            error = exc
        try:
            entries = read_work_file(backup)
            return entries, [f"{error}. Your work was restored from the last good copy, "
                             f"{backup.name}; only your latest change may be missing."]
        except (DocumentError, OSError):
            return [], [f"{error}. There is no readable backup ({backup.name}), so the work "
                        "in this file could not be loaded; the other files are unaffected."]

    def entries(self, notebook: str | None = None) -> list[dict]:
        """Every entry, of one notebook or of all, damaged files skipped (see :meth:`check`)."""
        names = [notebook] if notebook else self.notebooks()
        return [entry for name in names for entry in self.read(name)[0]]

    def check(self, notebook: str | None = None) -> list[str]:
        """Problems with the work files (all, or one notebook's), as sentences; [] if none."""
        names = [notebook] if notebook else self.notebooks()
        problems = [p for name in names for p in self.read(name)[1]]
        if self.folder.is_dir():
            problems += [f"{p}: a damaged work file, set aside; the work was restored from its "
                         "backup." for p in sorted(self.folder.glob("*.damaged*"))
                         if notebook is None or p.name.startswith(f"{notebook}.json")]
        return problems

    def get(self, kind: str, id: str, notebook: str | None = None, default: Any = None) -> Any:
        """The saved value of ``kind``/``id``, or ``default``."""
        notebook = notebook or notebook_for(id)
        for entry in self.read(notebook)[0]:
            if entry["kind"] == kind and entry["id"] == id:
                return entry["value"]
        return default

    # writing ---------------------------------------------------------------------------

    def save(self, kind: str, id: str, value: Any, notebook: str | None = None,
             label: str = "") -> dict:
        """Save any JSON value as ``kind``/``id`` in the notebook's file, atomically."""
        notebook = notebook or notebook_for(id)
        path = self.path_for(notebook)
        entry = {"kind": kind, "id": id, "notebook": notebook, "label": label,
                 "value": value, "saved": self.clock()}
        json.dumps(entry)  # fails here, before anything is written, if value is not JSON
        self.flush()  # saves still waiting in the background go first (no-op in the saver)
        with _SAVING:
            try:
                entries, good = read_work_file(path), True
            except FileNotFoundError:
                entries, good = self._read(notebook)[0], False
            except (DocumentError, OSError):
                entries, good = self._read(notebook)[0], False
                _set_aside(path)
            places = [i for i, e in enumerate(entries) if e["kind"] == kind and e["id"] == id]
            if places:
                entries[places[0]] = entry
            else:
                entries.append(entry)
            if good:
                _keep_backup(path, path.with_name(path.name + ".bak"))
            write_atomic(path, render_work_file(notebook, entries))
        return entry

    def save_soon(self, kind: str, id: str, value: Any, notebook: str | None = None,
                  label: str = "", done: Callable[[Exception | None], None] | None = None
                  ) -> None:
        """Save in the background (what widgets call on every keystroke); ``done(error)`` after.

        Saves of the same item are written in order, and a newer one replaces one still waiting.
        """
        notebook = notebook or notebook_for(id)

        def job() -> None:
            try:
                self.save(kind, id, value, notebook=notebook, label=label)
            except Exception as exc:  # reported to the widget, which shows it
                if done is None:
                    raise
                done(exc)
            else:
                if done is not None:
                    done(None)

        _WRITER.submit((str(self.folder), notebook, kind, id), job)

    # answers ---------------------------------------------------------------------------

    def save_answer(self, question_id: str, text: str, question: str = "",
                    notebook: str | None = None) -> dict:
        """Save the answer to one question (the box calls this on every change)."""
        return self.save("answer", question_id, text, notebook=notebook, label=question)

    def answer(self, question_id: str, notebook: str | None = None) -> str:
        """The saved answer to a question, or ``""``."""
        return self.get("answer", question_id, notebook=notebook, default="")

    def answers(self, notebook: str | None = None) -> pd.DataFrame:
        """Every saved answer: notebook, question_id, question, answer, words, saved."""
        rows = [{"learner": "", "notebook": e["notebook"], "question_id": e["id"],
                 "question": e.get("label", ""), "answer": e["value"],
                 "words": word_count(e["value"]), "saved": e["saved"]}
                for e in self.entries(notebook) if e["kind"] == "answer"]
        return _answer_table(rows).drop(columns="learner")

    # argument maps ---------------------------------------------------------------------

    def save_map(self, map_id: str, claims: pd.DataFrame, relations: pd.DataFrame,
                 notebook: str | None = None, label: str = "") -> dict:
        """Save an argument map (its claims and relations tables) as records."""
        value = {"claims": _records(claims), "relations": _records(relations)}
        return self.save("argument_map", map_id, value, notebook=notebook, label=label)

    def load_map(self, map_id: str, notebook: str | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """The saved map as (claims, relations) DataFrames, or None."""
        value = self.get("argument_map", map_id, notebook=notebook)
        if value is None:
            return None
        return _frame(value["claims"]), _frame(value["relations"])

    # the learner -----------------------------------------------------------------------

    def learner(self) -> str:
        """The learner's name, as typed once; ``""`` until then."""
        return self.get("learner", "name", notebook=LEARNER, default="")

    def set_learner(self, name: str) -> dict:
        return self.save("learner", "name", name.strip(), notebook=LEARNER, label="Name")

    # export ----------------------------------------------------------------------------

    def export(self, source: Any, notebook: str | None = None, learner: str | None = None,
               draw_map: Callable | None = None) -> Path:
        """Write the work (of one notebook, or all) as one HTML file in the folder; its path."""
        learner = self.learner() if learner is None else learner
        text = export_html(self, source, notebook=notebook, learner=learner, draw_map=draw_map)
        path = self.folder / export_name(notebook, learner)
        write_atomic(path, text)
        return path


def _set_aside(path: Path) -> Path:
    """Rename a damaged file to ``<name>.damaged[-N]`` so that it is kept, not overwritten."""
    target, n = path.with_name(path.name + ".damaged"), 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{n}")
    os.replace(path, target)
    return target


def _records(frame: pd.DataFrame) -> dict:
    return {"columns": [str(c) for c in frame.columns],
            "records": json.loads(frame.to_json(orient="records", force_ascii=False))}


def _frame(value: dict) -> pd.DataFrame:
    return pd.DataFrame.from_records(value["records"], columns=value["columns"])


def _answer_table(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    return table.astype({"words": "int64"})


def register_question(question_id: str, question: str = "", starter: str = "",
                      notebook: str | None = None) -> None:
    """Remember a question shown in this session, so an export lists it even if unanswered."""
    QUESTIONS[question_id] = (question, starter, notebook or notebook_for(question_id))


# -- export ---------------------------------------------------------------------------------

def export_name(notebook: str | None, learner: str) -> str:
    """The export's file name: notebook, then the learner's name as plain letters.

    >>> export_name("00-start-here", "Zoë O'Brien")
    '00-start-here-work-zoe-o-brien.html'
    """
    ascii_name = unicodedata.normalize("NFKD", learner).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "no-name"
    return f"{notebook or 'all-notebooks'}-work-{slug}.html"


def citation_of(source: Any) -> str:
    """The memorandum's citation from a loaded Document (or a citation given as text)."""
    if isinstance(source, str):
        return source
    return source.metadata["citation"]


EXPORT_STYLE = """<style>
body {font-family: Georgia, serif; max-width: 46em; margin: 2em auto; line-height: 1.5;
  color: #111; padding: 0 1em}
h1, h2, h3, .meta {font-family: sans-serif} .meta {color: #555; font-size: 0.9em}
.answer {white-space: pre-wrap; border-left: 3px solid #0072B2; padding-left: 0.8em}
.empty {color: #888; font-style: italic} pre {background: #f4f4f4; padding: 0.5em; overflow-x: auto}
img {max-width: 100%}
</style>"""


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _ordered_answers(entries: list[dict], notebook: str | None) -> list[dict]:
    """Answers in the order their questions were shown, unanswered questions as empty text."""
    answers = {e["id"]: e for e in entries if e["kind"] == "answer"}
    ordered = []
    for qid, (question, _starter, nb) in QUESTIONS.items():
        if notebook is None or nb == notebook:
            ordered.append(answers.pop(qid, {"kind": "answer", "id": qid, "notebook": nb,
                                             "label": question, "value": "", "saved": ""}))
    return ordered + list(answers.values())


def map_figure(amap: tuple[pd.DataFrame, pd.DataFrame], title: str = "Argument map"):
    """A plain picture of a map ``(claims, relations)``: its two tables (a matplotlib Figure)."""
    import matplotlib.pyplot as plt

    tables = [("Claims", amap[0]), ("Relations", amap[1])]
    heights = [max(len(t), 1) + 1 for _, t in tables]
    fig, axes = plt.subplots(2, 1, figsize=(9, 0.35 * sum(heights) + 1.2),
                             gridspec_kw={"height_ratios": heights})
    for ax, (name, table) in zip(axes, tables):
        ax.axis("off")
        ax.set_title(name, loc="left", fontsize=11)
        cells = [[str(v)[:70] for v in row] for row in table.astype(str).to_numpy()]
        if cells and len(table.columns):
            shown = ax.table(cellText=cells, colLabels=[str(c) for c in table.columns],
                             loc="upper left", cellLoc="left")
            shown.auto_set_font_size(False)
            shown.set_fontsize(8)
        else:
            ax.text(0, 0.5, "(none)", fontsize=9)
    fig.suptitle(title, fontsize=12)
    return fig


def _map_drawer(draw_map: Callable | None) -> Callable:
    """The function that draws a map: the one given, else ``helpers.arguments.draw_map``."""
    if draw_map is not None:
        return draw_map
    try:
        from . import arguments
        return arguments.draw_map
    except (ImportError, AttributeError):
        return map_figure


def _map_html(entry: dict, draw_map: Callable | None) -> str:
    import matplotlib.pyplot as plt

    claims, relations = _frame(entry["value"]["claims"]), _frame(entry["value"]["relations"])
    title = entry.get("label") or entry["id"]
    note = ""
    try:
        fig = _map_drawer(draw_map)((claims, relations))
    except Exception as exc:  # a map the drawing cannot show is still exported, as tables
        note = (f"<p class=\"meta\">(The map could not be drawn ({_esc(type(exc).__name__)}: "
                f"{_esc(exc)}); here are its tables instead.)</p>")
        fig = map_figure((claims, relations), f"Argument map: {title}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    parts = [f"<h3>Argument map: {_esc(title)}</h3>", note,
             f'<img alt="argument map {_esc(entry["id"])}" '
             f'src="{_data_uri(buffer.getvalue(), "image/png")}">']
    for name, table in (("claims", claims), ("relations", relations)):
        csv = table.to_csv(index=False)
        parts.append(f"<p>{name.capitalize()} (CSV, <a download=\"{_esc(entry['id'])}-{name}"
                     f".csv\" href=\"{_data_uri(csv.encode('utf-8'), 'text/csv')}\">save as a "
                     f"file</a>):</p><pre>{_esc(csv)}</pre>")
    return "\n".join(p for p in parts if p)


def export_html(store: Store, source: Any, notebook: str | None = None, learner: str = "",
                draw_map: Callable | None = None, exported: str | None = None) -> str:
    """The learner's work as one self-contained HTML page, with its data embedded as JSON."""
    entries = [e for e in store.entries(notebook) if e["kind"] != "learner"]
    citation = citation_of(source)
    exported = exported or store.clock()
    answers = _ordered_answers(entries, notebook)
    body = [f"<h1>Work by {_esc(learner or '(no name given)')}</h1>",
            f"<p class=\"meta\">On the memorandum: {_esc(citation)}</p>",
            f"<p class=\"meta\">Notebook: {_esc(notebook or 'all notebooks')}. Exported "
            f"{_esc(exported)} (UTC) from the work folder on the learner's own computer.</p>"]
    current = None
    for entry in answers:
        if entry["notebook"] != current:
            current = entry["notebook"]
            body.append(f"<h2>{_esc(current)}</h2>")
        body.append(f"<h3>{_esc(entry.get('label') or entry['id'])}</h3>")
        if entry["value"].strip():
            body.append(f"<div class=\"answer\">{_esc(entry['value'])}</div>")
        else:
            body.append("<p class=\"empty\">(not answered yet)</p>")
        body.append(f"<p class=\"meta\">question {_esc(entry['id'])}</p>")
    maps = [e for e in entries if e["kind"] == "argument_map"]
    body += [_map_html(e, draw_map) for e in maps]
    others = [e for e in entries if e["kind"] not in ("answer", "argument_map")]
    if others:
        body.append("<h2>Other notes</h2>")
        body += [f"<h3>{_esc(e['kind'])}: {_esc(e.get('label') or e['id'])}</h3>"
                 f"<pre>{_esc(json.dumps(e['value'], ensure_ascii=False, indent=1))}</pre>"
                 for e in others]
    data = {"format": EXPORT_FORMAT, "learner": learner, "notebook": notebook,
            "citation": citation, "exported": exported,
            "entries": [e for e in answers if e["value"].strip()] + maps + others}
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    title = f"Work by {learner or '(no name given)'}: {notebook or 'all notebooks'}"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_esc(title)}</title>\n{EXPORT_STYLE}\n</head>\n<body>\n"
            + "\n".join(body) +
            f'\n<script type="application/json" id="frus-work-data">{payload}</script>\n'
            "</body>\n</html>\n")


def download_link(path: Path, text: str = "Download my work") -> str:
    """An HTML link that downloads the file at ``path`` (its bytes are in the link itself)."""
    return (f'<a download="{_esc(path.name)}" href="{_data_uri(path.read_bytes(), "text/html")}"'
            f'>{_esc(text)} ({_esc(path.name)})</a>')


# -- reading exports (the instructor's side) ------------------------------------------------

def read_export(path: str | Path) -> pd.DataFrame:
    """The answers in one exported file: learner, notebook, question, answer, words, saved.

    Raises DocumentError naming the file when it is not a readable export.
    """
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(source, None, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise DocumentError(source, None, f"cannot be read ({exc.strerror})") from None
    match = DATA_BLOCK.search(raw)
    if match is None:
        raise DocumentError(source, None, "no work data in it: not a file saved with "
                            "'Download my work', or cut short")
    line = raw.count("\n", 0, match.start(1)) + 1
    try:
        data = json.loads(match.group(1))
    except json.JSONDecodeError as exc:
        raise DocumentError(source, line + exc.lineno - 1,
                            f"the work data is damaged ({exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise DocumentError(source, line, f"unknown format (expected {EXPORT_FORMAT!r})")
    if not isinstance(data.get("entries"), list):
        raise DocumentError(source, line, "the work data has no list of 'entries'")
    rows = []
    for number, entry in enumerate(data["entries"], start=1):
        _check_entry(entry, number, source)
        if entry["kind"] == "answer":
            rows.append({"learner": data.get("learner") or "", "notebook": entry["notebook"],
                         "question_id": entry["id"], "question": entry.get("label", ""),
                         "answer": entry["value"], "words": word_count(entry["value"]),
                         "saved": entry["saved"]})
    return _answer_table(rows)


def collect(folder: str | Path) -> tuple[pd.DataFrame, list[DocumentError]]:
    """Every export (``*.html``) in ``folder`` as one table, and the files that could not be read.

    A bad file never stops the others; the table has a ``file`` column naming each row's file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DocumentError(str(folder), None, "not a folder")
    tables, failures = [], []
    for path in sorted(folder.glob("*.html")):
        try:
            table = read_export(path)
        except DocumentError as exc:
            failures.append(exc)
            continue
        tables.append(table.assign(file=path.name))
    columns = [*ANSWER_COLUMNS, "file"]
    if not tables:
        return _answer_table([]).assign(file=pd.Series(dtype="str"))[columns], failures
    return pd.concat(tables, ignore_index=True)[columns], failures
