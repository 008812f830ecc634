"""Close-reading helpers: keyword in context, word counts, distinctive words, stance, naming.

All of them work on a document whose sentences carry a ``speaker`` (see ``helpers.speakers``).
Each sentence of reported speech has two parts: Welles's *frame* ("The Ambassador merely stated
that") and the *reported words* that follow. Tables mark which part a word stands in
(``in_frame``), because the frame is always the narrator's choice of words, whoever speaks.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from .document import Document
from .errors import DocumentError

#: Function words left out of word counts (this module's list: articles, pronouns,
#: prepositions, conjunctions, auxiliaries, and the reporting verbs themselves).
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either even ever every
few for from further had has have having he her here hers herself him himself his how i if in
into is it its itself just may me might more most must my myself namely neither no nor not now
of off on once one only or other our ours ourselves out over own same shall she should so some
such than that the their theirs them themselves then there these they this those through thus
to too under until up upon very was we were what when where whether which while who whom why
will with within without would yet you your
said say stated state added replied remarked interjected assented told spoke went
""".split())

#: Stance markers: the phrase (a regular expression), its label and its kind. ``hedge`` softens
#: or personalizes a claim, ``booster`` hardens it, ``minimizer`` makes something small, and
#: ``inference`` marks the narrator's conclusion about what he saw.
STANCE_MARKERS: list[tuple[str, str, str]] = [
    (r"it seemed to (?:me|him)", "it seemed to me/him", "hedge"),
    (r"seemed", "seemed", "hedge"),
    (r"I believe|we believed|he (?:himself )?believed|was under the belief", "believe", "hedge"),
    (r"I feared", "I feared", "hedge"),
    (r"apparently", "apparently", "hedge"),
    (r"alleged", "alleged", "hedge"),
    (r"evidently", "evidently", "inference"),
    (r"merely", "merely", "minimizer"),
    (r"solely", "solely", "booster"),
    (r"whatever", "whatever", "booster"),
    (r"clearly|made it clear", "clearly", "booster"),
    (r"undoubtedly", "undoubtedly", "booster"),
    (r"obvious(?:ly)?", "obvious", "booster"),
    (r"necessarily", "necessarily", "booster"),
    (r"entirely|completely|fully", "entirely/completely/fully", "booster"),
    (r"not open to question", "not open to question", "booster"),
]
_STANCE = re.compile("|".join(rf"(?P<m{i}>\b(?:{p})\b)" for i, (p, _, _) in
                              enumerate(STANCE_MARKERS)))
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
#: Verbs that summarize speech instead of reporting its words ("assented to this
#: interpretation", "commenced the same type of statement"): the whole sentence is frame.
SUMMARY_VERBS = frozenset({"commence", "advance", "assent", "speak", "express", "refer"})
_FRAME_TAIL = re.compile(r"(?P<gap>(?:[\s,]+(?!I\b|he\b|we\b)\w+){0,4}?)[\s,]+that\b")


def _need_speakers(doc: Document) -> None:
    if "speaker" not in doc.sentences.columns:
        raise DocumentError(str(doc.metadata.get("source")), None,
                            "sentences have no speaker column: call attach_speakers first")


def frame_ends(doc: Document) -> pd.Series:
    """Where the narrator's frame ends in each sentence (offset into ``doc.text``).

    The frame runs to the reporting verb and on through a short "to the Ambassador that";
    narration, and speech summarized by a verb in :data:`SUMMARY_VERBS`, is all frame.

    >>> from helpers import load_memorandum
    >>> memo = load_memorandum()
    >>> s = memo.sentences.iloc[7]
    >>> memo.text[s["char_start"]:frame_ends(memo).iat[7]]
    'I stated to the Ambassador that'
    """
    _need_speakers(doc)
    ends = []
    for sent in doc.sentences.itertuples():
        if sent.act != "speech" or sent.speech_verb in SUMMARY_VERBS:
            ends.append(sent.char_end)
        elif pd.isna(sent.verb_end):
            ends.append(sent.char_start)
        else:
            end = int(sent.verb_end)
            tail = _FRAME_TAIL.match(doc.text, end, sent.char_end)
            ends.append(tail.end() if tail else end)
    return pd.Series(ends, index=doc.sentences.index, name="frame_end")


def words(doc: Document) -> pd.DataFrame:
    """Every word token with its sentence's speaker and act, and whether it is in the frame."""
    _need_speakers(doc)
    sents = doc.sentences.assign(frame_end=frame_ends(doc)).set_index("sent_id")
    table = doc.tokens.copy()
    for column in ("speaker", "act"):
        table[column] = table["sent_id"].map(sents[column]).astype(sents[column].dtype)
    table["in_frame"] = table["char_start"] < table["sent_id"].map(sents["frame_end"])
    table["is_stop"] = table["lower"].isin(STOPWORDS)
    return table


def kwic(doc: Document, keyword: str, window: int = 6, speaker: str | None = None,
         ) -> pd.DataFrame:
    """Keyword in context: each occurrence of a word or phrase with ``window`` words each side.

    Case is ignored; ``speaker`` (an id, or None/"both") keeps one speaker's sentences.
    The context stays inside the sentence, so each row has one speaker.

    >>> from helpers import load_memorandum
    >>> kwic(load_memorandum(), "merely", window=3)[["sent_id", "left", "match", "right"]].values.tolist()
    [[3, 'me, since he', 'merely', 'stated that the']]
    """
    _need_speakers(doc)
    if not keyword or not keyword.strip():
        raise DocumentError("kwic", None, "the keyword is empty")
    if window < 0:
        raise DocumentError("kwic", None, f"window {window} is negative")
    pattern = re.compile(rf"(?<!\w){re.escape(' '.join(keyword.split()))}(?!\w)", re.IGNORECASE)
    sents = doc.sentences.assign(frame_end=frame_ends(doc))
    if speaker not in (None, "both", "all"):
        if speaker not in sents["speaker"].cat.categories:
            raise DocumentError("kwic", None, f"no speaker {speaker!r}")
        sents = sents[sents["speaker"] == speaker]
    rows = []
    for sent in sents.itertuples():
        for match in pattern.finditer(sent.text):
            left_words = list(_WORD.finditer(sent.text, 0, match.start()))
            right_words = list(_WORD.finditer(sent.text, match.end()))
            left_from = left_words[-window:][0].start() if window and left_words else \
                match.start()
            right_to = right_words[:window][-1].end() if window and right_words else match.end()
            start = sent.char_start + match.start()
            rows.append({
                "sent_id": sent.sent_id, "para_id": sent.para_id, "page": sent.page,
                "speaker": sent.speaker, "left": sent.text[left_from:match.start()].strip(),
                "match": match.group(0), "right": sent.text[match.end():right_to].strip(),
                "in_frame": start < sent.frame_end, "char_start": start,
                "char_end": sent.char_start + match.end(),
            })
    columns = ["sent_id", "para_id", "page", "speaker", "left", "match", "right", "in_frame",
               "char_start", "char_end"]
    table = pd.DataFrame(rows, columns=columns)
    table["speaker"] = pd.Categorical(table["speaker"],
                                      categories=doc.sentences["speaker"].cat.categories)
    table["page"] = table["page"].astype("Int64")
    return table


def word_frequencies(doc: Document, include_frame: bool = False,
                     stopwords: frozenset[str] = STOPWORDS) -> pd.DataFrame:
    """Counts of content words per speaker in reported speech (``count``, ``per_1000``).

    Without ``include_frame``, only the reported words count, not "I stated to the Ambassador
    that"; narration never counts, since no one is speaking in it.

    >>> from helpers import load_memorandum
    >>> freq = word_frequencies(load_memorandum())
    >>> freq[freq["speaker"] == "oumansky"].head(2)[["word", "count"]].values.tolist()
    [['soviet', 8], ['states', 6]]
    """
    table = words(doc)
    table = table[(table["act"] == "speech") & ~table["is_stop"]
                  & ~table["lower"].str.fullmatch(r"\d+")]
    if not include_frame:
        table = table[~table["in_frame"]]
    counts = (table.groupby(["speaker", "lower"], observed=True).size()
              .rename("count").reset_index().rename(columns={"lower": "word"}))
    totals = words(doc)
    totals = totals[(totals["act"] == "speech") & (include_frame | ~totals["in_frame"])]
    sizes = totals.groupby("speaker", observed=True).size()
    counts["per_1000"] = (1000 * counts["count"] / counts["speaker"].map(sizes).astype(float)
                          ).round(1)
    counts = counts.sort_values(["speaker", "count", "word"], ascending=[True, False, True])
    return counts.reset_index(drop=True)


def log_odds(doc: Document, prior_weight: float = 1.0, include_frame: bool = False,
             stopwords: frozenset[str] = STOPWORDS) -> pd.DataFrame:
    """Distinctive words per speaker: weighted log-odds with an informative Dirichlet prior.

    Monroe, Colaresi and Quinn (2008), "Fightin' Words", *Political Analysis* 16(4): for each
    word and speaker, the log-odds of the word in that speaker's reported words minus in
    everyone else's, each smoothed by a prior taken from the pooled counts (``alpha_w`` =
    ``prior_weight`` x the word's pooled count), divided by its standard error (``z``).
    ``z`` above about 1.96 is distinctive at the usual 5 % level, but with a few hundred words
    treat it as a pointer for reading, not a test.
    """
    counts = word_frequencies(doc, include_frame, stopwords)
    wide = counts.pivot_table(index="word", columns="speaker", values="count", fill_value=0,
                              observed=False, aggfunc="sum")
    if wide.shape[1] < 2:
        raise DocumentError(str(doc.metadata.get("source")), None,
                            "distinctive words need at least two speakers with reported words")
    pooled = wide.sum(axis=1)
    alpha = prior_weight * pooled
    alpha0 = float(alpha.sum())
    rows = []
    for speaker in wide.columns:
        y_i, y_j = wide[speaker], pooled - wide[speaker]
        n_i, n_j = float(y_i.sum()), float(y_j.sum())
        for word in wide.index:
            a = alpha[word]
            omega_i = math.log((y_i[word] + a) / (n_i + alpha0 - y_i[word] - a))
            omega_j = math.log((y_j[word] + a) / (n_j + alpha0 - y_j[word] - a))
            delta = omega_i - omega_j
            sigma = math.sqrt(1 / (y_i[word] + a) + 1 / (y_j[word] + a))
            rows.append({"speaker": speaker, "word": word, "count": int(y_i[word]),
                         "count_others": int(y_j[word]), "log_odds": round(delta, 3),
                         "z": round(delta / sigma, 3)})
    table = pd.DataFrame(rows)
    table["speaker"] = pd.Categorical(table["speaker"],
                                      categories=doc.sentences["speaker"].cat.categories)
    table = table.sort_values(["speaker", "z", "word"], ascending=[True, False, True])
    return table.reset_index(drop=True)


def distinctive_words(doc: Document, n: int = 8, **options) -> pd.DataFrame:
    """The ``n`` words with the highest ``z`` for each speaker (see :func:`log_odds`)."""
    table = log_odds(doc, **options)
    return table.groupby("speaker", observed=True).head(n).reset_index(drop=True)


def stance_markers(doc: Document) -> pd.DataFrame:
    """Every hedge, booster, minimizer and inference marker, with speaker and frame.

    >>> from helpers import load_memorandum
    >>> stance_markers(load_memorandum()).head(2)[["sent_id", "marker", "in_frame"]].values.tolist()
    [[2, 'solely', False], [3, 'evidently', True]]
    """
    _need_speakers(doc)
    sents = doc.sentences.assign(frame_end=frame_ends(doc))
    rows = []
    for sent in sents.itertuples():
        for match in _STANCE.finditer(sent.text):
            _, label, kind = STANCE_MARKERS[int(match.lastgroup[1:])]
            start = sent.char_start + match.start()
            rows.append({"sent_id": sent.sent_id, "page": sent.page, "speaker": sent.speaker,
                         "marker": match.group(0), "label": label, "kind": kind,
                         "in_frame": start < sent.frame_end, "char_start": start,
                         "char_end": sent.char_start + match.end()})
    columns = ["sent_id", "page", "speaker", "marker", "label", "kind", "in_frame",
               "char_start", "char_end"]
    table = pd.DataFrame(rows, columns=columns)
    table["speaker"] = pd.Categorical(table["speaker"],
                                      categories=doc.sentences["speaker"].cat.categories)
    table["kind"] = pd.Categorical(table["kind"], categories=["hedge", "booster", "minimizer",
                                                              "inference"])
    table["page"] = table["page"].astype("Int64")
    return table


def stance_summary(doc: Document) -> pd.DataFrame:
    """How many stance markers of each kind stand in each speaker's reported words, and how
    many in the narrator's frames."""
    table = stance_markers(doc)
    narrator = str(doc.sentences["speaker"].cat.categories[0])
    whose = [f"{narrator} (frame)" if frame else f"{speaker} (reported)"
             for speaker, frame in zip(table["speaker"], table["in_frame"])]
    return pd.crosstab(pd.Series(whose, name="whose words"), table["kind"]).astype(int)


def naming(doc: Document, person_id: str) -> pd.DataFrame:
    """How often each speaker uses each of the people table's forms for ``person_id``.

    Longer forms win ("the Soviet Union" is not also counted as "the Soviet").

    >>> from helpers import load_memorandum
    >>> t = naming(load_memorandum(), "soviet_union")
    >>> int(t.loc["Russia", "oumansky"]), int(t.loc["Russia", "welles"])
    (2, 3)
    """
    _need_speakers(doc)
    people = doc.people.set_index("person_id")
    if person_id not in people.index:
        raise DocumentError("people table", None, f"no person_id {person_id!r}")
    forms = sorted(people.loc[person_id, "forms"], key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(f)}(?!\w)" for f in forms))
    speakers = list(doc.sentences["speaker"].cat.categories)
    counts = pd.DataFrame(0, index=pd.Index(forms, name="form"), columns=speakers)
    sents = doc.sentences.assign(frame_end=frame_ends(doc))
    for sent in sents.itertuples():
        for match in pattern.finditer(sent.text):
            if sent.char_start + match.start() >= sent.frame_end:
                counts.loc[match.group(0), str(sent.speaker)] += 1
    counts.columns.name = "speaker"
    return counts[counts.sum(axis=1) > 0]


def reporting_verbs(doc: Document) -> pd.DataFrame:
    """How Welles reports each speaker: counts of each reporting verb (lemma) by speaker.

    >>> from helpers import load_memorandum
    >>> reporting_verbs(load_memorandum()).loc["interject"].tolist()
    [0, 1]
    """
    _need_speakers(doc)
    speech = doc.sentences[doc.sentences["speech_verb"] != ""]
    table = pd.crosstab(speech["speech_verb"], speech["speaker"]).astype(int)
    table = table.reindex(columns=doc.sentences["speaker"].cat.categories, fill_value=0)
    table.index.name, table.columns.name = "reporting verb", "speaker"
    return table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]


def word_parts(doc: Document) -> pd.DataFrame:
    """Words per speaker's sentences, split into narration, the narrator's frame, and the
    reported words: how much of each man's share is the narrator's own wording.

    >>> from helpers import load_memorandum
    >>> word_parts(load_memorandum()).loc["oumansky"].tolist()
    [0, 127, 476, 603]
    """
    table = words(doc)
    part = pd.Series("reported", index=table.index)
    part[table["in_frame"]] = "frame"
    part[table["act"] == "narration"] = "narration"
    counts = pd.crosstab(table["speaker"], part).reindex(
        index=doc.sentences["speaker"].cat.categories,
        columns=["narration", "frame", "reported"], fill_value=0).astype(int)
    counts.index.name = "speaker"
    counts["total"] = counts.sum(axis=1)
    counts.columns.name = "part"
    return counts
