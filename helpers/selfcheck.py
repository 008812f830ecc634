"""Self-check questions: a factual question, its answer computed from the memorandum's tables,
and feedback that cites the paragraph and sentence.

The question banks (:data:`BANK`, one list per notebook) are data: the prompt, the choices, a
hint, and the *name* of the computation that finds the answer (:data:`COMPUTATIONS`). No answer
is typed in: "How many turns does Oumansky take?" is answered by counting ``memo.turns``, so if
the rules or the text change, the answer changes with them.

>>> from helpers import load_memorandum
>>> memo = load_memorandum()
>>> q = question(memo, "03.turns.oumansky")
>>> check(q, "seven").correct, check(q, "8").correct
(True, False)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .document import Document
from .errors import DocumentError
from .reading import frame_ends, naming
from .timeline import NUMBER_WORDS, find_phrase, meeting_evidence

BANK_NAME = "self-check bank (helpers/selfcheck.py)"
KINDS = ("choice", "number", "date")
VOICE_ANSWERS = {"document": "Welles, in the memorandum", "editors": "the FRUS editors",
                 "module": "this module"}
VOICE_OWNERS = {"document": "the memorandum's own words", "editors": "the FRUS editors' work",
                "module": "this module's addition"}


@dataclass(frozen=True)
class Answer:
    """A computed answer: the accepted values, where it stands, and why it is right."""

    values: tuple[str, ...]  # every accepted answer (normalized as the question's kind says)
    cite: str  # where the answer stands in the text, shown with a right answer
    where: str  # where to look, shown with a wrong answer (does not give the answer away)
    because: str  # one clause saying why it is right


@dataclass(frozen=True)
class Question:
    """One self-check question, with its answer computed for a document."""

    qid: str
    prompt: str
    kind: str
    choices: tuple[str, ...]
    hint: str
    answer: Answer


@dataclass(frozen=True)
class Feedback:
    """Whether an answer is right, and one feedback sentence citing the text."""

    correct: bool
    message: str

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__


# -- helpers for the computations ------------------------------------------------------------

def _sentence(doc: Document, sent_id: int) -> pd.Series:
    rows = doc.sentences[doc.sentences["sent_id"] == sent_id]
    if rows.empty:
        raise DocumentError(BANK_NAME, None, f"no sentence {sent_id}")
    return rows.iloc[0]


def _place(doc: Document, sent_id: int) -> str:
    """'sentence 23 (paragraph 10, p. 329)'."""
    s = _sentence(doc, sent_id)
    return f"sentence {sent_id} (paragraph {s['para_id']}, p. {s['page']})"


def _numbers(values) -> str:
    """'2, 4 and 6'."""
    items = [str(v) for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _span(label: str, first, last) -> str:
    """'paragraph 4' or 'paragraphs 2–3'; 'p. 327' or 'pp. 327–328'."""
    if first == last:
        return f"{label} {first}"
    plural = "pp." if label == "p." else label + "s"
    return f"{plural} {first}–{last}"


def _sentences(ids: list[int]) -> str:
    """'sentence 7' or 'sentences 7 and 19'."""
    ids = sorted(set(ids))
    return f"sentence{'s' if len(ids) > 1 else ''} {_numbers(ids)}"


def _short_name(doc: Document, person_id: str) -> str:
    names = doc.people.set_index("person_id")["name"]
    return str(names.get(person_id, person_id)).split()[-1]


# -- the computations ------------------------------------------------------------------------

def date_voice(doc: Document, field: str = "date") -> Answer:
    """Whose statement a metadata field is (``metadata["voices"]``)."""
    voice = doc.metadata.get("voices", {}).get(field)
    if voice not in VOICE_ANSWERS:
        raise DocumentError("memorandum.json", None, f"voices: no valid voice for {field!r}")
    morning = find_phrase(doc, "this morning")["sent_id"]
    return Answer((VOICE_ANSWERS[voice],),
                  cite=f"the heading; the memorandum itself says only “this morning”, "
                       f"{_place(doc, morning)}",
                  where=f"{_place(doc, morning)}, and the table of sourcing facts",
                  because=f"the {field} {doc.metadata.get('date_display', '')} stands in the "
                          f"heading, which is {VOICE_OWNERS[voice]}")


def internal_date(doc: Document) -> Answer:
    """The day "three days before" and the editors' footnote give (helpers.timeline)."""
    evidence = meeting_evidence(doc)
    row = evidence[evidence["evidence"].str.startswith("\u201cthree days before\u201d")].iloc[0]
    place = find_phrase(doc, "three days before")
    return Answer((str(row["date_edtf"]),),
                  cite=f"{_place(doc, place['sent_id'])} and the editors' footnote 43",
                  where=f"{_place(doc, place['sent_id'])}, then footnote 43",
                  because=row["reasoning"].rstrip("."))


def frame_speaker(doc: Document, sent_id: int, phrase: str) -> Answer:
    """Whose words a phrase is: the narrator's when it stands in his frame, else the speaker's."""
    sent = _sentence(doc, sent_id)
    start = str(sent["text"]).find(phrase)
    if start < 0:
        raise DocumentError(BANK_NAME, None, f"{phrase!r} is not in sentence {sent_id}")
    end_of_frame = int(frame_ends(doc).loc[sent.name])
    narrator = str(doc.sentences["speaker"].cat.categories[0])
    in_frame = int(sent["char_start"]) + start < end_of_frame
    whose = narrator if in_frame else str(sent["speaker"])
    part = "Welles's frame, the words that report" if in_frame else "the words reported from"
    return Answer((_short_name(doc, whose),),
                  cite=_place(doc, sent_id),
                  where=_place(doc, sent_id),
                  because=f"“{phrase}” stands in {part} "
                          f"{_short_name(doc, str(sent['speaker']))}")


def turn_count(doc: Document, speaker: str) -> Answer:
    """How many turns a speaker takes (``doc.turns``)."""
    turns = doc.turns[doc.turns["speaker"] == speaker]
    return Answer((str(len(turns)),),
                  cite=f"turns {_numbers(turns['turn_id'])}, sentences "
                       f"{int(turns['sent_start'].min())}–{int(turns['sent_end'].max())}",
                  where="the turns table: one row per turn, with its speaker",
                  because=f"{_short_name(doc, speaker)} takes {len(turns)} of the "
                          f"{len(doc.turns)} turns")


def longest_turn(doc: Document, speaker: str) -> Answer:
    """A speaker's longest turn, in words."""
    turns = doc.turns[doc.turns["speaker"] == speaker]
    turn = turns.loc[turns["n_words"].idxmax()]
    spans = [_span("sentence", int(turn["sent_start"]), int(turn["sent_end"])),
             _span("paragraph", turn["para_start"], turn["para_end"]),
             _span("p.", turn["page_start"], turn["page_end"])]
    return Answer((str(int(turn["turn_id"])),), cite=", ".join(spans),
                  where="the n_words column of the turns table, or the strip chart",
                  because=f"turn {int(turn['turn_id'])} has {int(turn['n_words'])} words, "
                          f"more than any other turn of {_short_name(doc, speaker)}'s")


def capacity_of(doc: Document, sent_id: int) -> Answer:
    """The capacity the rules give a sentence (``sentences.capacity``)."""
    sent = _sentence(doc, sent_id)
    return Answer((str(sent["capacity"]),), cite=_place(doc, sent_id),
                  where=f"{_place(doc, sent_id)} and rule 5 in helpers/speakers.py",
                  because=f"the rules give sentence {sent_id} the capacity "
                          f"“{sent['capacity']}”")


def verb_sentence(doc: Document, lemma: str) -> Answer:
    """The sentence(s) whose reporting verb is ``lemma``."""
    hits = doc.sentences[doc.sentences["speech_verb"] == lemma]
    if hits.empty:
        raise DocumentError(BANK_NAME, None, f"no sentence has the reporting verb {lemma!r}")
    first = hits.iloc[0]
    who = _short_name(doc, str(first["speaker"]))
    form = doc.text[int(first["verb_start"]):int(first["verb_end"])]
    times = "once" if len(hits) == 1 else f"{len(hits)} times"
    return Answer(tuple(str(int(s)) for s in hits["sent_id"]),
                  cite=_place(doc, int(first["sent_id"])),
                  where=f"the reporting verbs table, then the sentences that report {who}",
                  because=f"Welles writes “{form}” {times}, to report {who}")


def only_one_side(doc: Document, person_id: str, speaker: str) -> Answer:
    """The forms for ``person_id`` that only ``speaker``'s reported words use."""
    table = naming(doc, person_id)
    others = [c for c in table.columns if c != speaker]
    only = table[(table[speaker] > 0) & (table[others].sum(axis=1) == 0)]
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(f)}(?!\w)" for f in
                                  sorted(table.index, key=len, reverse=True)))
    places: dict[str, list[int]] = {form: [] for form in only.index}
    sents = doc.sentences.assign(frame_end=frame_ends(doc))
    for sent in sents[sents["speaker"] == speaker].itertuples():
        for match in pattern.finditer(sent.text):
            if match.group(0) in places and sent.char_start + match.start() >= sent.frame_end:
                places[match.group(0)].append(int(sent.sent_id))
    cite = "; ".join(f"“{form}” in {_sentences(ids)}" for form, ids in places.items())
    return Answer(tuple(only.index), cite=cite,
                  where="the naming table: one row per form, one column per speaker",
                  because=f"only {_short_name(doc, speaker)}'s reported words use "
                          f"{_numbers(f'“{f}”' for f in only.index)}")


#: The computations a bank may name, with the arguments each takes.
COMPUTATIONS: dict[str, Callable[..., Answer]] = {
    "date_voice": date_voice, "internal_date": internal_date, "frame_speaker": frame_speaker,
    "turn_count": turn_count, "longest_turn": longest_turn, "capacity_of": capacity_of,
    "verb_sentence": verb_sentence, "only_one_side": only_one_side,
}

#: The question banks, one per notebook: what to ask, and which computation answers it.
BANK: dict[str, list[dict]] = {
    "01": [
        {"qid": "01.date.whose", "kind": "choice",
         "prompt": "Whose statement is the date July 27, 1940?",
         "choices": ["Welles, in the memorandum", "the FRUS editors", "this module"],
         "compute": ("date_voice", "date"),
         "hint": "Find the first sentence: what does the memorandum itself say about the day?"},
        {"qid": "01.date.internal", "kind": "date",
         "prompt": "Footnote 43 dates Welles's statement July 23, 1940. Counting exactly, which "
                   "day is “three days” after it? (for example 1940-07-30)",
         "choices": [], "compute": ("internal_date",),
         "hint": "Add three days to July 23."},
        {"qid": "01.frame.said", "kind": "choice",
         "prompt": "Sentence 12 reports the Ambassador. Whose words are “The Ambassador said "
                   "that”?",
         "choices": ["Welles", "Oumansky", "the FRUS editors"],
         "compute": ("frame_speaker", 12, "The Ambassador said that"),
         "hint": "Who wrote the memorandum, and who chose how to report each remark?"},
    ],
    "02": [
        {"qid": "02.verbs.interject", "kind": "number",
         "prompt": "In which sentence does the Ambassador “interject”? (a sentence number)",
         "choices": [], "compute": ("verb_sentence", "interject"),
         "hint": "Find “interject” in the reporting verbs table, then search the text."},
        {"qid": "02.stance.evidently", "kind": "choice",
         "prompt": "Sentence 3: “The Ambassador was evidently fully informed …”. "
                   "Whose word is “evidently”?",
         "choices": ["Welles", "Oumansky", "the FRUS editors"],
         "compute": ("frame_speaker", 3, "evidently"),
         "hint": "Does “evidently” come before or after the words Welles reports?"},
        {"qid": "02.naming.only", "kind": "choice",
         "prompt": "Which name for the Soviet Union stands in the Ambassador's reported words "
                   "but never in Welles's own?",
         "choices": ["the Soviet Union", "the Soviet Government", "Soviet Russia", "Russia"],
         "compute": ("only_one_side", "soviet_union", "oumansky"),
         "hint": "Look for a row of the naming table with 0 in the welles column."},
    ],
    "03": [
        {"qid": "03.turns.oumansky", "kind": "number",
         "prompt": "How many turns does Oumansky take?",
         "choices": [], "compute": ("turn_count", "oumansky"),
         "hint": "Count the rows of the turns table whose speaker is oumansky."},
        {"qid": "03.turns.longest", "kind": "number",
         "prompt": "Which of the Ambassador's turns is his longest? (a turn number)",
         "choices": [], "compute": ("longest_turn", "oumansky"),
         "hint": "Compare the n_words of the Ambassador's turns."},
        {"qid": "03.capacity.interjection", "kind": "choice",
         "prompt": "What capacity do the rules give the Ambassador's interjection, sentence 23?",
         "choices": ["official", "personal", "unclear"],
         "compute": ("capacity_of", 23),
         "hint": "Read the rule: when does a personal request stop counting?"},
    ],
}


# -- questions and checking ------------------------------------------------------------------

def _normalize(kind: str, value: str) -> str:
    """An answer in comparable form: choices casefolded, numbers as digits, dates as ISO."""
    text = " ".join(str(value).strip().strip("“”\"'.").split())
    if kind == "number":
        words = text.casefold().removeprefix("turn ").removeprefix("sentence ")
        if words in NUMBER_WORDS:
            return str(NUMBER_WORDS[words])
        return str(int(words)) if words.isdigit() else words
    if kind == "date":
        for form in ("%Y-%m-%d", "%B %d, %Y", "%B %d %Y", "%d %B %Y"):
            try:
                return dt.datetime.strptime(text, form).date().isoformat()
            except ValueError:
                continue
        return text.casefold()
    return text.casefold()


def _row(qid: str) -> dict:
    for rows in BANK.values():
        for row in rows:
            if row["qid"] == qid:
                return row
    raise DocumentError(BANK_NAME, None, f"no question {qid!r}")


def question(doc: Document, qid: str) -> Question:
    """The question ``qid`` with its answer computed from ``doc``'s tables.

    >>> from helpers import load_memorandum
    >>> question(load_memorandum(), "02.verbs.interject").answer.values
    ('23',)
    """
    row = _row(qid)
    if row["kind"] not in KINDS:
        raise DocumentError(BANK_NAME, None, f"{qid}: kind {row['kind']!r} is not one of {KINDS}")
    name, *args = row["compute"]
    if name not in COMPUTATIONS:
        raise DocumentError(BANK_NAME, None, f"{qid}: no computation {name!r}")
    answer = COMPUTATIONS[name](doc, *args)
    if not answer.values:
        raise DocumentError(BANK_NAME, None, f"{qid}: the text gives no answer")
    choices = tuple(row["choices"])
    if row["kind"] == "choice":
        right = [c for c in choices if _normalize("choice", c) in
                 {_normalize("choice", v) for v in answer.values}]
        if len(right) != 1:
            raise DocumentError(BANK_NAME, None, f"{qid}: {len(right)} of the choices are "
                                f"right ({', '.join(right) or 'none'}); exactly one must be")
    return Question(qid, row["prompt"], row["kind"], choices, row["hint"], answer)


def questions(doc: Document, notebook: str) -> list[Question]:
    """Every question of one notebook's bank (``"01"``, ``"02"``, ...)."""
    if notebook not in BANK:
        raise DocumentError(BANK_NAME, None, f"no bank for notebook {notebook!r}")
    return [question(doc, row["qid"]) for row in BANK[notebook]]


def check(q: Question, answer: str | None) -> Feedback:
    """Check a learner's answer; the feedback cites where the answer stands in the text.

    >>> from helpers import load_memorandum
    >>> q = question(load_memorandum(), "03.capacity.interjection")
    >>> check(q, "personal")  # doctest: +NORMALIZE_WHITESPACE
    Not yet: “personal” is not it. Read the rule: when does a personal request stop counting?
    Look again at sentence 23 (paragraph 10, p. 329) and rule 5 in helpers/speakers.py.
    """
    given = " ".join(str(answer or "").split())
    if not given:
        return Feedback(False, "Choose or type an answer first, then press Check.")
    if q.kind == "choice" and _normalize("choice", given) not in \
            {_normalize("choice", c) for c in q.choices}:
        return Feedback(False, f"Choose one of: {'; '.join(q.choices)}.")
    if _normalize(q.kind, given) in {_normalize(q.kind, v) for v in q.answer.values}:
        return Feedback(True, f"Right: {q.answer.because} ({q.answer.cite}).")
    return Feedback(False, f"Not yet: “{given}” is not it. {q.hint} "
                           f"Look again at {q.answer.where}.")
