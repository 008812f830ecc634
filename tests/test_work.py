"""The learner's work: saved on every change, back after a kernel restart, damage reported,
exported whole, and collected by the instructor's command.

Every test uses its own temporary work folder; the learner's real ``my-work/`` is never touched.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import DocumentError, load_memorandum
from helpers import work
from helpers.work import Store, collect, notebook_for, read_export, read_work_file

ROOT = Path(__file__).resolve().parent.parent
CITATION = ("Memorandum of Conversation, by the Acting Secretary of State [Sumner Welles], "
            "July 27, 1940")


def ticking_clock():
    """A clock that gives a new, later time at every call (deterministic)."""
    times = iter(f"1999-01-01T00:{m:02d}:{s:02d}+00:00" for m in range(60) for s in range(60))
    return lambda: next(times)


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "my-work", clock=ticking_clock())


@pytest.fixture(autouse=True)
def no_questions_left_over():
    work.QUESTIONS.clear()
    yield
    work.QUESTIONS.clear()


# -- saving and loading ------------------------------------------------------------------------

def test_an_answer_is_saved_with_its_question_notebook_and_time(store):
    store.save_answer("00.sourcing.author", "Welles probably wrote this to warn.",
                      question="Author")
    saved = json.loads((store.folder / "00-start-here.json").read_text(encoding="utf-8"))
    assert saved["format"] == "frus-work/1"
    assert saved["entries"] == [{"kind": "answer", "id": "00.sourcing.author",
                                 "notebook": "00-start-here", "label": "Author",
                                 "value": "Welles probably wrote this to warn.",
                                 "saved": "1999-01-01T00:00:00+00:00"}]
    reopened = Store(store.folder)  # as after a kernel restart: a new object, same folder
    assert reopened.answer("00.sourcing.author") == "Welles probably wrote this to warn."
    assert reopened.answer("00.sourcing.audience") == ""


def test_the_folder_is_created_on_first_save_only(store):
    assert store.answers().empty and not store.folder.exists()
    store.save_answer("00.read.q1", "x")
    assert store.folder.is_dir()


def test_a_new_answer_replaces_the_old_and_keeps_a_backup(store):
    store.save_answer("00.read.q1", "first")
    store.save_answer("00.read.q2", "other")
    store.save_answer("00.read.q1", "second")
    table = store.answers()
    assert table[["question_id", "answer", "words"]].values.tolist() == [
        ["00.read.q1", "second", 1], ["00.read.q2", "other", 1]]
    backup = read_work_file(store.folder / "00-start-here.json.bak")
    assert [e["value"] for e in backup] == ["first", "other"]
    assert not [p for p in store.folder.iterdir() if p.name.startswith(".")]  # no temp files


def test_any_annotation_and_an_argument_map_round_trip(store):
    store.save("highlight", "01.note.3", {"sent_id": 3, "colour": "yellow"}, notebook="01-x")
    assert store.get("highlight", "01.note.3", notebook="01-x") == {"sent_id": 3,
                                                                    "colour": "yellow"}
    claims = pd.DataFrame({"claim_id": [1, 2], "char_start": [0, 70],
                           "text": ["The regulations apply to all.", "Welles said so."]})
    relations = pd.DataFrame({"source": [2], "target": [1], "relation": ["support"]})
    store.save_map("02.map.main", claims, relations, notebook="04-argument-mapping")
    back_claims, back_relations = store.load_map("02.map.main", notebook="04-argument-mapping")
    pd.testing.assert_frame_equal(back_claims, claims, check_dtype=False)
    pd.testing.assert_frame_equal(back_relations, relations, check_dtype=False)
    assert store.load_map("02.map.other", notebook="04-argument-mapping") is None
    assert store.notebooks() == ["01-x", "04-argument-mapping"]


def test_bad_names_and_values_are_refused_before_anything_is_written(store):
    with pytest.raises(DocumentError, match="must start with the notebook's number"):
        store.save_answer("sourcing.author", "x")
    with pytest.raises(DocumentError, match="not a usable file name"):
        store.save("note", "n", "x", notebook="../escape")
    with pytest.raises(TypeError):
        store.save("note", "00.n", object())
    assert not store.folder.exists()


def test_a_crash_mid_save_leaves_the_last_file_whole(store, monkeypatch):
    store.save_answer("00.read.q1", "kept")

    def crash(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        store.save_answer("00.read.q1", "lost")
    monkeypatch.undo()
    assert Store(store.folder).answer("00.read.q1") == "kept"
    assert sorted(p.name for p in store.folder.iterdir()) == ["00-start-here.json",
                                                              "00-start-here.json.bak"]


def test_work_folder_and_binder_detection():
    assert work.work_dir({"FRUS_WORK_DIR": "/elsewhere"}) == Path("/elsewhere")
    assert work.work_dir({}, cwd=ROOT / "notebooks") == ROOT / "notebooks" / "my-work"
    assert work.work_dir({}, cwd=ROOT / "data") == ROOT / "notebooks" / "my-work"
    assert work.on_binder({"BINDER_SERVICE_HOST": "10.0.0.1"})
    assert work.on_binder({"BINDER_REQUEST": "v2/gh/x/y/HEAD"})
    assert not work.on_binder({"HOME": "/home/x", "BINDER_REQUEST": ""})


def test_the_real_work_folder_is_ignored_by_git():
    ignored = subprocess.run(["git", "check-ignore", "-q", "notebooks/my-work/00-start-here.json"],
                             cwd=ROOT, capture_output=True)
    assert ignored.returncode == 0, "notebooks/my-work/ is not in .gitignore"


# -- damaged files -----------------------------------------------------------------------------

def test_a_corrupted_file_is_reported_and_the_rest_loads(store):
    store.save_answer("00.read.q1", "first answer")
    store.save_answer("00.read.q2", "second answer")
    store.save_answer("00.read.q1", "first answer, revised")  # .bak holds q1 "first answer"
    store.save_answer("01.close.q1", "in another notebook", notebook="02-close-reading")
    path = store.folder / "00-start-here.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"entries"', '"entries" ['),
                    encoding="utf-8")

    problems = store.check()
    assert len(problems) == 1
    assert str(path) in problems[0] and "line 4" in problems[0]
    assert "not valid JSON" in problems[0] and "00-start-here.json.bak" in problems[0]
    with pytest.raises(DocumentError, match=re.escape(str(path))):
        read_work_file(path)
    answers = store.answers().set_index("question_id")["answer"].to_dict()
    assert answers == {"00.read.q1": "first answer", "00.read.q2": "second answer",
                       "01.close.q1": "in another notebook"}

    # the next save keeps the damaged file for inspection and rebuilds from the backup
    store.save_answer("00.read.q3", "new")
    assert (store.folder / "00-start-here.json.damaged").exists()
    assert [e["id"] for e in read_work_file(path)] == ["00.read.q1", "00.read.q2", "00.read.q3"]
    assert any("set aside" in p for p in store.check())


def test_a_half_written_file_without_backup_is_reported_and_the_rest_loads(store):
    store.save_answer("01.close.q1", "safe", notebook="02-close-reading")
    half = store.folder / "00-start-here.json"
    half.write_text('{"format": "frus-work/1", "notebook": "00-start-here", "entries": [{"ki',
                    encoding="utf-8")
    (store.folder / "learner.json").write_text("", encoding="utf-8")
    problems = store.check()
    assert any(str(half) in p and "no readable backup" in p for p in problems)
    assert any("learner.json" in p and "empty" in p for p in problems)
    assert store.answers()["answer"].tolist() == ["safe"]
    assert store.learner() == ""


@pytest.mark.parametrize("text, problem", [
    ("[]", "not a work file"),
    ('{"format": "frus-work/1", "entries": {}}', "no list of 'entries'"),
    ('{"format": "frus-work/1", "entries": [{"kind": "answer", "id": "00.a", '
     '"notebook": "00-start-here", "saved": "t"}]}', "entry 1 (00.a) has no 'value'"),
    ('{"format": "frus-work/1", "entries": [{"kind": "answer"}]}', "entry 1 has no 'id'"),
])
def test_damaged_work_files_name_the_problem(tmp_path, text, problem):
    path = tmp_path / "00-start-here.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError, match=re.escape(problem)) as error:
        read_work_file(path)
    assert str(path) in str(error.value)


# -- saving from a widget, in the background ------------------------------------------------------

def test_the_box_saves_every_change_and_shows_it_again(store):
    from helpers.widgets.work import answer_box

    box = answer_box("00.sourcing.author", "Welles probably wrote this to …", question="Author",
                     store=store)
    assert box.text_area.placeholder == "Welles probably wrote this to …"
    assert box.value == ""
    for n in range(1, 41):  # typing, one keystroke at a time
        box.value = "Welles probably wrote this to warn"[:n]
    store.flush()
    assert Store(store.folder).answer("00.sourcing.author") == "Welles probably wrote this to warn"
    assert "my-work/00-start-here.json" in box.status.value
    again = answer_box("00.sourcing.author", "…", question="Author", store=Store(store.folder))
    assert again.value == "Welles probably wrote this to warn"


def test_the_box_shows_a_damaged_file(store):
    from helpers.widgets.work import answer_box

    store.save_answer("00.read.q1", "x")
    (store.folder / "00-start-here.json").write_text("{", encoding="utf-8")
    box = answer_box("00.read.q1", "", store=store)
    assert "A problem with your saved work" in box.status.value
    assert "00-start-here.json" in box.status.value


KERNEL_SAVE = """\
from helpers.widgets.work import answer_box
box = answer_box("00.sourcing.author", "Welles probably wrote this to …", question="Author")
box.value = "Welles wrote this to put his warning on file."
import os; print(os.getpid())
"""
KERNEL_LOAD = """\
from helpers.widgets.work import answer_box
box = answer_box("00.sourcing.author", "Welles probably wrote this to …", question="Author")
import os; print(os.getpid()); print(box.value)
"""


def _run(client, code: str) -> list[str]:
    lines, errors = [], []

    def hook(message):
        content = message["content"]
        if message["msg_type"] == "stream":
            lines.extend(content["text"].splitlines())
        elif message["msg_type"] == "error":
            errors.append("\n".join(content["traceback"]))

    reply = client.execute_interactive(code, output_hook=hook, timeout=120)
    assert reply["content"]["status"] == "ok", errors
    return lines


def test_an_answer_survives_a_kernel_restart(tmp_path):
    """A real kernel types an answer, is restarted (nothing flushed by hand), and finds it."""
    from jupyter_client.manager import KernelManager

    folder = tmp_path / "my-work"
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path), env={**os.environ, "FRUS_WORK_DIR": str(folder)})
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        first_pid = _run(client, KERNEL_SAVE)[0]
        manager.restart_kernel(now=False)
        client.wait_for_ready(timeout=120)
        second_pid, answer = _run(client, KERNEL_LOAD)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert second_pid != first_pid, "the kernel was not restarted"
    assert answer == "Welles wrote this to put his warning on file."
    assert Store(folder).answer("00.sourcing.author") == answer


# -- export -------------------------------------------------------------------------------------

ANSWERS = {
    "00.read.handed": ("What did Welles hand the Ambassador?",
                       "The President's proclamation, and he said it applied to all <nations>."),
    "00.read.evidently": ("Which words are Welles's judgement?", "“evidently” & “merely”."),
    "00.sourcing.author": ("Author", "Welles probably wrote this to put on file\nwhat he said."),
}


def test_the_export_holds_every_answer_the_map_and_the_citation(store):
    from helpers.widgets.work import answer_box

    memo = load_memorandum()
    for qid, (question, answer) in ANSWERS.items():
        store.save_answer(qid, answer, question=question)
    answer_box("00.sourcing.audience", "The memorandum was written for …", question="Audience",
               store=store)  # shown, never answered
    store.save_answer("01.close.q1", "Another notebook's answer.", notebook="02-close-reading")
    claims = pd.DataFrame({"claim_id": [1, 2], "text": ["Claim one", "Claim two"]})
    relations = pd.DataFrame({"source": [2], "target": [1], "relation": ["support"]})
    store.save_map("00.map", claims, relations, label="My map")
    store.set_learner("Ada Lovelace")

    path = store.export(memo, notebook="00-start-here")
    assert path == store.folder / "00-start-here-work-ada-lovelace.html"
    page = path.read_text(encoding="utf-8")
    assert "<h1>Work by Ada Lovelace</h1>" in page
    assert memo.metadata["citation"] in page
    for question, answer in ANSWERS.values():
        assert (f"<h3>{html.escape(question)}</h3>\n<div class=\"answer\">{html.escape(answer)}"
                "</div>") in page, question
    assert "<h3>Audience</h3>\n<p class=\"empty\">(not answered yet)</p>" in page
    assert "Another notebook" not in page  # this export is notebook 00's only
    png = re.search(r'src="data:image/png;base64,([^"]+)"', page)
    assert png and base64.b64decode(png.group(1)).startswith(b"\x89PNG")
    assert "claim_id,text\n1,Claim one\n2,Claim two" in page
    assert "source,target,relation\n2,1,support" in page
    table = read_export(path)
    assert table["answer"].tolist() == [a for _, a in ANSWERS.values()]
    assert set(table["learner"]) == {"Ada Lovelace"}
    everything = read_export(store.export(memo))
    assert len(everything) == len(ANSWERS) + 1


def test_a_map_can_be_drawn_by_a_function_passed_in(store):
    import matplotlib.pyplot as plt

    drawn = []

    def draw(amap):
        claims, relations = amap
        drawn.append((len(claims), len(relations)))
        fig, ax = plt.subplots()
        ax.set_title("map")
        return fig

    store.save_map("00.map", pd.DataFrame({"c": [1]}), pd.DataFrame({"r": []}))
    store.export(CITATION, draw_map=draw)
    assert drawn == [(1, 0)]

    def broken(amap):
        raise KeyError("issue")

    page = store.export(CITATION, draw_map=broken).read_text(encoding="utf-8")
    assert "could not be drawn (KeyError: &#x27;issue&#x27;)" in page
    assert "data:image/png;base64," in page


def test_the_download_button_writes_the_file_and_offers_it(store, monkeypatch):
    from helpers.widgets.work import download_button

    store.save_answer("00.sourcing.author", "Mine.")
    monkeypatch.delenv("BINDER_LAUNCH_HOST", raising=False)
    for name in work.BINDER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    panel = download_button("00-start-here", memo=load_memorandum(), store=store)
    assert "Binder" not in str([getattr(c, "value", "") for c in panel.children])
    panel.name.value = "Grace Hopper"
    panel.button.click()
    path = store.folder / "00-start-here-work-grace-hopper.html"
    assert path.exists() and Store(store.folder).learner() == "Grace Hopper"
    link = re.search(r'<a download="([^"]+)" href="data:text/html;base64,([^"]+)"',
                     panel.result.value)
    assert link.group(1) == path.name
    assert base64.b64decode(link.group(2)) == path.read_bytes()
    assert download_button("00-start-here", store=Store(store.folder)).name.value == "Grace Hopper"
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    on_binder = download_button("00-start-here", store=store)
    assert "Binder keeps nothing" in on_binder.children[0].value


def test_the_first_answer_box_on_binder_warns_once(store, monkeypatch):
    from helpers.widgets import work as work_widgets

    monkeypatch.setattr(work_widgets, "_told_about_binder", False)
    monkeypatch.setenv("BINDER_REQUEST", "v2/gh/owner/repo/HEAD")
    first = work_widgets.answer_box("00.read.q1", "", store=store)
    second = work_widgets.answer_box("00.read.q2", "", store=store)
    assert "Binder keeps nothing" in first.children[0].value
    assert not any("Binder" in getattr(c, "value", "") for c in second.children
                   if c is not second.text_area)


def test_a_map_from_the_argument_helpers_is_drawn_in_the_export(store):
    arguments = pytest.importorskip("helpers.arguments")
    memo = load_memorandum()
    claims, relations = arguments.load_key(memo)
    store.save_map("02.map.key", claims, relations, notebook="04-argument-mapping")
    back = store.load_map("02.map.key", notebook="04-argument-mapping")
    page = store.export(memo, notebook="04-argument-mapping").read_text(encoding="utf-8")
    assert "could not be drawn" not in page and "data:image/png;base64," in page
    assert len(back[0]) == len(claims) and len(back[1]) == len(relations)


def test_interactions_for_the_benchmark_run(store):
    from helpers.widgets.work import interactions

    steps = interactions(load_memorandum())
    assert set(steps) == {"answer_box_type", "answer_box_type_until_on_disk", "name_prompt_type",
                          "download_click"}
    for i in range(3):
        for step in steps.values():
            step(i)


# -- the instructor's collector ------------------------------------------------------------------

def make_exports(folder: Path, n: int) -> None:
    for i in range(n):
        learner = Store(folder / f"learner-{i}", clock=ticking_clock())
        learner.set_learner(f"Learner {i:02d}")
        learner.save_answer("00.sourcing.author", f"Welles wrote this to warn, says {i}.",
                            question="Author")
        learner.save_answer("00.sourcing.audience", "For the Department's files." * (i + 1),
                            question="Audience")
        (folder / "exports").mkdir(exist_ok=True)
        path = learner.export(CITATION, notebook="00-start-here")
        path.rename(folder / "exports" / path.name)


def test_the_collector_reads_ten_exports_and_names_the_broken_one(tmp_path):
    make_exports(tmp_path, 10)
    exports = tmp_path / "exports"
    good = sorted(exports.glob("*.html"))
    page = good[0].read_text(encoding="utf-8")
    (exports / "zz-cut-short.html").write_text(page[:page.index("</script>") - 10],
                                               encoding="utf-8")
    (exports / "notes.html").write_text("<p>my notes</p>", encoding="utf-8")
    out = tmp_path / "table.csv"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "collect_work.py"),
                             str(exports), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "20 answers from 10 learners in 10 readable files" in result.stderr
    assert f"{exports / 'zz-cut-short.html'}: no work data in it" in result.stderr
    assert f"{exports / 'notes.html'}: no work data in it" in result.stderr
    table = pd.read_csv(out)
    assert table.columns.tolist() == ["learner", "notebook", "question_id", "question", "answer",
                                      "words", "saved", "file"]
    assert sorted(table["learner"].unique()) == [f"Learner {i:02d}" for i in range(10)]
    audience = table[table["question_id"] == "00.sourcing.audience"].sort_values("learner")
    assert audience["words"].tolist() == [4 * (i + 1) for i in range(10)]


def test_the_collector_exit_code_is_zero_when_all_files_read(tmp_path):
    make_exports(tmp_path, 2)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "collect_work.py"),
                             str(tmp_path / "exports")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("learner,notebook,question_id,question,answer,words")


def test_damaged_export_data_is_named_with_its_line(tmp_path):
    make_exports(tmp_path, 1)
    path = next((tmp_path / "exports").glob("*.html"))
    page = path.read_text(encoding="utf-8")
    path.write_text(page.replace('"entries": [', '"entries": [[', 1), encoding="utf-8")
    table, failures = collect(tmp_path / "exports")
    assert table.empty and len(failures) == 1
    assert str(failures[0]).startswith(f"{path}, line ")
    assert "the work data is damaged" in str(failures[0])
    with pytest.raises(DocumentError, match="not a folder"):
        collect(tmp_path / "missing")


# -- the notebooks with exercises (issue 10: "extend it to every notebook with an exercise") ---

def _work_calls(path: Path) -> tuple[list[str], list[str]]:
    """Question ids of a notebook's answer boxes, and the notebook names of its download cells."""
    code = ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"]
    boxes = [m for source in code for m in re.findall(r'answer_box\("([^"]+)"', source)]
    downloads = [m for source in code for m in re.findall(r'download_button\("([^"]+)"', source)]
    return boxes, downloads


#: Every notebook: those with exercises must have answer boxes (issue 10), the others none.
WORK_NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
EXERCISE_MINUTES = re.compile(r"\*\*Minutes:\*\* \d+ \(\d+ teaching, (\d+) exercises\)")


@pytest.mark.parametrize("path", WORK_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_with_answer_boxes_offers_its_own_download(path):
    boxes, downloads = _work_calls(path)
    has_map = "map_builder(" in path.read_text(encoding="utf-8")
    if not boxes and not has_map:
        assert not downloads
        return
    assert downloads == [path.stem], f"{path.name}: one download_button({path.stem!r}) expected"
    assert len(set(boxes)) == len(boxes), f"{path.name}: a question id is used twice"
    for qid in boxes:
        assert work.QUESTION_ID.fullmatch(qid) and notebook_for(qid) == path.stem, qid


def test_notebooks_00_to_07_have_answer_boxes():
    numbers = [p.name[:2] for p in WORK_NOTEBOOKS]
    assert numbers[:8] == ["00", "01", "02", "03", "04", "05", "06", "07"], numbers
    for path in WORK_NOTEBOOKS[:8]:
        assert _work_calls(path)[0], f"{path.name} has no answer box"


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", WORK_NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_with_exercise_minutes_has_answer_boxes_and_a_download(path):
    minutes = EXERCISE_MINUTES.search("".join(_cells(path)[0]["source"]))
    assert minutes, f"{path.name}: no '**Minutes:** N (N teaching, N exercises)' line"
    if int(minutes[1]) > 0:
        boxes, downloads = _work_calls(path)
        assert boxes and downloads == [path.stem], \
            f"{path.name} has {minutes[1]} minutes of exercises: answer boxes and a download"


@pytest.mark.parametrize("path", WORK_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_historians_reading_comes_after_a_box_to_answer_in(path):
    """A cell tagged ``answer`` (left out of the student edition) follows at least one answer
    box since the previous one: the learner writes before reading the historian's answer."""
    boxed, unanswered = False, []
    for number, cell in enumerate(_cells(path)):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and re.search(r"answer_box\(|map_builder\(", source):
            boxed = True
        if "answer" in cell.get("metadata", {}).get("tags", []):
            if not boxed:
                unanswered.append(f"cell {number}: {source[:60]!r}")
            boxed = False
    assert not unanswered, f"{path.name}: a historian's reading with no answer box before it: " \
        + "; ".join(unanswered)


def test_the_exercise_and_reading_checks_can_fail(tmp_path):
    path = tmp_path / "99-x.ipynb"
    cells = [{"cell_type": "markdown", "source": ["**Minutes:** 20 (10 teaching, 10 exercises)"],
              "metadata": {}},
             {"cell_type": "markdown", "source": ["> reading"], "metadata": {"tags": ["answer"]}}]
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    with pytest.raises(AssertionError, match="cell 1"):
        test_every_historians_reading_comes_after_a_box_to_answer_in(path)
    with pytest.raises(AssertionError, match="10 minutes of exercises"):
        test_a_notebook_with_exercise_minutes_has_answer_boxes_and_a_download(path)


@pytest.fixture
def saved_builder(tmp_path):
    """A map builder (its work folder in tmp_path) with two claims and one relation, entered as
    a learner enters them, then saved with its Save button."""
    from helpers.widgets.arguments import MapBuilder

    builder = MapBuilder(load_memorandum(), folder=tmp_path / "my-work")
    for sent_id, words, speaker in [
            (11, "innumerable incidents of discrimination against American nationals", "welles"),
            (12, "he had never yet learned of any proven case", "oumansky")]:
        builder.sentence.value = sent_id
        builder.words.value = words
        builder.speaker.value, builder.issue.value = speaker, "nationals"
        builder.claim_type.value = "fact"
        builder.add_claim_button.click()
    builder.relation.value = "attack"
    builder.why.value = "never yet learned of any proven case"
    builder.add_relation_button.click()
    assert len(builder.map.claims) == 2 and len(builder.map.relations) == 1, builder.status.value
    builder.save_button.click()
    return builder


def _csv_link(page: str, file_name: str) -> pd.DataFrame:
    link = re.search(rf'download="{re.escape(file_name)}" href="data:text/csv;base64,([^"]+)"',
                     page)
    assert link, f"no {file_name} in the export"
    return pd.read_csv(io.BytesIO(base64.b64decode(link.group(1))))


def test_a_map_saved_in_the_map_builder_is_exported_as_png_and_csv(saved_builder):
    from helpers.widgets.work import download_button

    builder, memo, folder = saved_builder, saved_builder.doc, saved_builder.folder
    store = Store(folder)
    store.save_answer("04.licenses.c14", "Welles rephrases the complaint as one about Britain.",
                      question="C14")
    panel = download_button("04-argument-mapping", memo=memo, store=store)
    panel.name.value = "Map Maker"
    panel.button.click()
    page = (folder / "04-argument-mapping-work-map-maker.html").read_text(encoding="utf-8")

    assert "<h3>Argument map: My argument map</h3>" in page
    assert "could not be drawn" not in page  # drawn by helpers.arguments.draw_map, not as tables
    png = re.search(r'<img alt="argument map my-map" src="data:image/png;base64,([^"]+)"', page)
    image = base64.b64decode(png.group(1))
    assert image.startswith(b"\x89PNG") and int.from_bytes(image[16:20], "big") > 300
    claims = _csv_link(page, "my-map-claims.csv")
    relations = _csv_link(page, "my-map-relations.csv")
    assert claims["claim_id"].tolist() == builder.map.claims["claim_id"].tolist()
    assert claims["quote"].tolist() == builder.map.claims["quote"].tolist()
    assert claims["speaker"].tolist() == ["welles", "oumansky"]
    assert relations[["source", "target", "relation"]].values.tolist() == \
        builder.map.relations[["source", "target", "relation"]].astype(str).values.tolist()
    assert html.escape(claims.to_csv(index=False).splitlines()[0]) in page  # also shown as text
    assert read_export(folder / "04-argument-mapping-work-map-maker.html")["answer"].tolist() == [
        "Welles rephrases the complaint as one about Britain."]


def test_saving_the_map_again_replaces_it_in_the_export(saved_builder):
    saved_builder.undo_button.click()  # take back the relation, save again
    saved_builder.save_button.click()
    page = Store(saved_builder.folder).export(saved_builder.doc, notebook="04-argument-mapping"
                                              ).read_text(encoding="utf-8")
    assert page.count('<img alt="argument map my-map"') == 1
    assert _csv_link(page, "my-map-relations.csv").empty
    assert len(_csv_link(page, "my-map-claims.csv")) == 2
