"""Who speaks each sentence of a memorandum of conversation, and the turns of the conversation.

The rules read each sentence as a historian would, and are written out here so that they can be
checked:

1. **The reporting verb.** The first reporting verb of the sentence (``said``, ``stated``,
   ``added``, ``replied``, ``remarked``, ``interjected``, ``assented``, ``told``, ``to say`` ...,
   see :data:`REPORTING_VERBS`) makes it reported *speech*; its lemma is ``speech_verb``.
2. **Its subject.** The words just before the verb (adverbs such as ``then`` or ``merely``
   skipped) name the speaker: ``I`` is the narrator; a form from the people table (``the
   Ambassador``) is that person; ``he``/``she`` is the participant named last. After ``and`` or
   ``to`` (``went on to say``), or when no subject stands there, the sentence's own subject is
   used.
3. **Quotations.** A sentence without a reporting verb that continues an open quotation, or
   follows a sentence ending in a colon, belongs to the previous speaker.
4. **Narration.** Every other sentence is the narrator's narration (``act`` = ``narration``).
5. **Capacity.** Participants speak ``official``-ly when the document gives them an office,
   else ``unclear``. A sentence marked ``his personal`` or ``personally`` is ``personal``. A
   *request* to speak personally (``would like to ... speak to me personally``, ``divest
   himself of his official role``) makes the same speaker's following sentences in that
   paragraph ``personal``; his next turn after the paragraph is ``unclear``, because the record
   never says when he resumed his office.

Only participants (the narrator and the people he talks with) can speak: "the President" or
"the Secretary of State" are talked about, not present. For a document without a people table,
:func:`derive_people` finds the participants from the heading and the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .document import Document
from .errors import DocumentError

#: Reporting verbs: a regular expression for the form(s) as written, and the lemma recorded.
REPORTING_VERBS: list[tuple[str, str]] = [
    (r"said|to say", "say"),
    (r"stated|to state", "state"),
    (r"added|to add", "add"),
    (r"replied|to reply", "reply"),
    (r"remarked", "remark"),
    (r"interjected", "interject"),
    (r"assented", "assent"),
    (r"told", "tell"),
    (r"spoke|to speak", "speak"),
    (r"expressed", "express"),
    (r"referred", "refer"),
    (r"answered", "answer"),
    (r"asked|inquired", "ask"),
    (r"observed", "observe"),
    (r"declared", "declare"),
    (r"explained", "explain"),
    (r"insisted|was insistent", "insist"),
    (r"to advance", "advance"),
    (r"commenced(?= (?:the|a|an) (?:\w+ ){0,4}statement)", "commence"),
]
_VERB = re.compile(
    "|".join(rf"(?P<v{i}>\b(?:{pattern})\b)" for i, (pattern, _) in enumerate(REPORTING_VERBS))
)

#: Words that may stand between a subject and its verb ("He then stated", "he merely stated").
SKIPPABLE = r"then|further|furthermore|immediately|merely|however|also|first|second|likewise|again"
_TRAILING_SKIPS = re.compile(rf"(?:[\s,]+|\b(?:{SKIPPABLE})\b)*$", re.IGNORECASE)
_LEADING_ADVERBIAL = re.compile(r"^(?:(?:First|Second|Third|Then|Finally|However)\s*,\s*)?")

#: Personal capacity: a request to speak personally, and a marker on the sentence itself.
PERSONAL_REQUEST = re.compile(
    r"\b(?:would like to|wished to|asked to|desired to)\b[^.;]*"
    r"\b(?:personally|unofficially|privately|divest \w+ of \w+ official role)\b")
PERSONAL_MARK = re.compile(r"\b(?:his|her|my) personal\b|\bpersonally\b|\bunofficially\b")

CAPACITIES = ["official", "personal", "unclear"]
ACTS = ["speech", "narration"]
PRONOUNS_3RD = {"he", "she"}


@dataclass
class Participants:
    """Who takes part in the conversation: the narrator and the others, with their forms."""

    narrator: str
    others: list[str]
    forms: dict[str, list[str]]  # person_id -> noun forms (no pronouns), longest first
    offices: dict[str, bool]  # person_id -> whether the document gives them an office

    @property
    def ids(self) -> list[str]:
        return [self.narrator, *self.others]


# -- participants ----------------------------------------------------------------------------

_PRONOUN_FORMS = {"i", "me", "myself", "my", "he", "him", "himself", "his", "she", "her",
                  "herself", "we", "our", "ourselves", "us"}


def participants_from_people(people: pd.DataFrame, narrator: str,
                             others: list[str], source: str = "people table") -> Participants:
    """Participants from a people table (``person_id``, ``role``, ``forms``) and their ids.

    >>> people = pd.DataFrame({"person_id": ["welles", "gilson"], "role": ["", ""],
    ...                        "forms": [["I"], ["Mr. Gilson"]]})
    >>> participants_from_people(people, "welles", ["gilson"]).forms["gilson"]
    ['Mr. Gilson']
    """
    table = people.set_index("person_id")
    forms, offices = {}, {}
    for pid in [narrator, *others]:
        if pid not in table.index:
            raise DocumentError(source, None, f"participant {pid!r} is not in the people table")
        row = table.loc[pid]
        nouns = [f for f in row["forms"] if f.lower() not in _PRONOUN_FORMS and "[" not in f]
        forms[pid] = sorted(nouns, key=len, reverse=True)
        offices[pid] = bool(str(row.get("role", "") or "").strip())
    return Participants(narrator, list(others), forms, offices)


_HEAD = re.compile(r"Memorandum(?: of Conversation)?,? by (?:the )?(?P<role>[^()]+?)\s*"
                   r"\((?P<name>[A-Z][\w’'-]+)\)")
_MR = r"Mr\. (?:[A-Z]\. )*(?:[A-Z][a-z]+ )*[A-Z][a-z]+"
_TITLED = (r"[Tt]he (?:[A-Z][a-z]+ )?(?:Minister|Ambassador|Chargé d’Affaires|Counselor|"
           r"Consul|Chairman|Secretary|Envoy)(?: of [A-Z][a-z]+)?")
_CALLED = r"called to see me|called on me|came to see me|telephoned me|called me"
_PARTICIPANT_SUBJECT = re.compile(
    rf"^(?:(?:First|Second|Then|However)\s*,\s*)?(?P<np>{_MR}|{_TITLED})"
    rf"(?:, (?P<appos>[^,]+),)?(?: then| further(?:more)?)? "
    rf"(?:{_CALLED}|{'|'.join(p for p, _ in REPORTING_VERBS)})\b")


def derive_people(doc: Document) -> tuple[pd.DataFrame, Participants]:
    """A people table of the participants, for a document that has none of its own.

    The narrator comes from the heading ("Memorandum by the Assistant Secretary of State
    (Welles)") or, failing that, the signature; the others are the named subjects of
    "... called to see me", "... telephoned me" or of a reporting verb at the start of a
    sentence ("Mr. Gilson said", "The Guatemalan Minister stated"). Forms with the same surname
    ("Mr. J. Lawrence Gilson", "Mr. Gilson") or the same title ("The Minister of Guatemala",
    "The Minister") are one person; an apposition ("Mr. Gilson, Chairman of ...,") is the role.
    """
    title = str(doc.metadata.get("title") or "")
    head = _HEAD.search(" ".join(title.split()))
    source = str(doc.metadata.get("source") or "<document>")
    if head:
        narrator, name, role = head["name"].lower(), head["name"], head["role"].strip()
    else:
        signature = re.sub(r"[\[\]]", "", str(doc.metadata.get("signature") or "")).split()
        if not signature:
            raise DocumentError(source, None, "cannot tell who wrote the memorandum: no "
                                "'Memorandum by the ... (Name)' heading and no signature")
        narrator, name, role = signature[-1].lower().strip("."), signature[-1], ""
    rows = {narrator: {"person_id": narrator, "name": name, "kind": "person", "role": role,
                       "forms": ["I", "me", "my", "myself"], "named_by": "editors",
                       "note": "The narrator, from the FRUS heading or signature.",
                       "source": title or source}}
    for sentence in doc.sentences["text"]:
        match = _PARTICIPANT_SUBJECT.search(sentence)
        if match is None:
            continue
        form = match["np"]
        if form.startswith("Mr. "):
            pid = form.split()[-1].lower()
        else:
            key = re.search(r"Minister|Ambassador|Chargé d’Affaires|Counselor|Consul|Chairman|"
                            r"Secretary|Envoy", form).group(0)
            pid = next((p for p, r in rows.items() if r.get("title_key") == key), None)
            pid = pid or re.sub(r"\W+", "_", form.lower().removeprefix("the ")).strip("_")
        row = rows.setdefault(pid, {"person_id": pid, "name": form.removeprefix("The "),
                                    "kind": "person", "role": "", "forms": [],
                                    "named_by": "document",
                                    "note": "A participant found in the text by the rules.",
                                    "source": title or source})
        if not form.startswith("Mr. "):
            row["title_key"] = key
            row["role"] = row["role"] or form.removeprefix("The ").removeprefix("the ")
        if match["appos"]:
            row["role"] = row["role"] or match["appos"]
        for variant in (form, form[0].lower() + form[1:], form[0].upper() + form[1:]):
            if variant not in row["forms"]:
                row["forms"].append(variant)
    columns = ["person_id", "name", "kind", "role", "forms", "named_by", "note", "source"]
    people = pd.DataFrame([{c: r[c] for c in columns} for r in rows.values()], columns=columns)
    others = [pid for pid in rows if pid != narrator]
    return people, participants_from_people(people, narrator, others, source)


# -- attribution -----------------------------------------------------------------------------

def first_reporting_verb(sentence: str) -> tuple[str, int, int] | None:
    """The lemma and span of the first reporting verb in a sentence, or None.

    >>> first_reporting_verb("The Ambassador went on to say that the action ...")
    ('say', 23, 29)
    """
    match = _VERB.search(sentence)
    if match is None:
        return None
    index = int(match.lastgroup[1:])
    return REPORTING_VERBS[index][1], match.start(), match.end()


def _mentions(sentence: str, parts: Participants) -> list[tuple[int, str]]:
    """Where participants other than the narrator are named in a sentence (offset, id)."""
    found = []
    for pid in parts.others:
        for form in parts.forms[pid]:
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", sentence):
                found.append((match.start(), pid))
    return sorted(found)


def _named(text: str, parts: Participants, last_named: str | None, at_end: bool) -> str | None:
    """The participant named by the words that end (or begin) ``text``: a verb's subject."""
    anchor = (lambda p: rf"(?<!\w){p}$") if at_end else (lambda p: rf"^{p}(?!\w)")
    if re.search(anchor("I"), text):
        return parts.narrator
    if re.search(anchor("(?:he|He|she|She)"), text):
        return last_named
    for pid in parts.others:
        for form in parts.forms[pid]:
            if re.search(anchor(re.escape(form)), text, re.IGNORECASE):
                return pid
    return None


def attribute(sentences: pd.DataFrame, parts: Participants) -> pd.DataFrame:
    """Add ``speaker``, ``act``, ``speech_verb``, ``capacity`` and the verb's offsets.

    ``verb_start``/``verb_end`` are offsets into the reading text, like ``char_start``.
    """
    rows, last_named, previous = [], None, None
    for sent in sentences.itertuples():
        text = sent.text
        mentions = _mentions(text, parts)
        found = first_reporting_verb(text)
        row = {"speaker": parts.narrator, "act": "narration", "speech_verb": "",
               "verb_start": pd.NA, "verb_end": pd.NA}
        if found is not None:
            lemma, start, end = found
            named_before = [pid for pos, pid in mentions if pos < start]
            here = named_before[-1] if named_before else last_named
            before = text[:start]
            trimmed = before[:_TRAILING_SKIPS.search(before).start()]
            speaker = None
            if not re.search(r"(?:\band|\bto|,)$", trimmed.rstrip()):
                speaker = _named(trimmed.rstrip(), parts, here, at_end=True)
            if speaker is None:
                rest = text[_LEADING_ADVERBIAL.match(text).end():]
                speaker = _named(rest, parts, last_named, at_end=False)
            if speaker is not None:
                row.update(speaker=speaker, act="speech", speech_verb=lemma,
                           verb_start=sent.char_start + start, verb_end=sent.char_start + end)
        elif previous is not None and previous["act"] == "speech" and _continues(previous_text,
                                                                                 text):
            row.update(speaker=previous["speaker"], act="speech")
        if mentions:
            last_named = mentions[-1][1]
        rows.append(row)
        previous, previous_text = row, text
    table = sentences.copy()
    for column in ("speaker", "act", "speech_verb", "verb_start", "verb_end"):
        table[column] = [r[column] for r in rows]
    table["speaker"] = pd.Categorical(table["speaker"], categories=parts.ids)
    table["act"] = pd.Categorical(table["act"], categories=ACTS)
    table["verb_start"] = table["verb_start"].astype("Int64")
    table["verb_end"] = table["verb_end"].astype("Int64")
    table["capacity"] = pd.Categorical(_capacities(table, parts), categories=CAPACITIES)
    return table


def _continues(previous_text: str, text: str) -> bool:
    """Whether a sentence continues the previous one's quotation or colon-announced list."""
    open_quote = previous_text.count("“") > previous_text.count("”")
    return open_quote or previous_text.rstrip().endswith(":") or text.lstrip().startswith("“")


def _capacities(table: pd.DataFrame, parts: Participants) -> list[str]:
    """Capacity of each sentence's speaker (rule 5 of the module docstring)."""
    out = []
    scope = None  # (speaker, para_id) of an open personal request
    after = None  # speaker whose next turn is unclear
    unclear_turn = False
    prev_speaker = None
    for sent in table.itertuples():
        speaker = sent.speaker
        base = "official" if parts.offices.get(speaker) else "unclear"
        capacity = base
        if scope is not None and sent.para_id != scope[1]:
            after, scope = scope[0], None
        if unclear_turn and speaker != prev_speaker:
            unclear_turn = False
        if scope is not None and speaker == scope[0]:
            capacity = "personal"
        elif after is not None and speaker == after:
            capacity, unclear_turn, after = "unclear", True, None
        elif unclear_turn and speaker == prev_speaker:
            capacity = "unclear"
        if sent.act == "speech" and PERSONAL_REQUEST.search(sent.text):
            scope = (speaker, sent.para_id)
        elif sent.act == "speech" and PERSONAL_MARK.search(sent.text):
            capacity = "personal"
        out.append(capacity)
        prev_speaker = speaker
    return out


# -- turns and speakers ----------------------------------------------------------------------

def turns_table(doc: Document) -> pd.DataFrame:
    """Maximal runs of consecutive sentences with the same speaker, and the turn each answers.

    A turn replies to the turn before it, unless that turn is narration only (then it opens
    the conversation and ``reply_to`` is empty). ``capacity`` is ``mixed`` when the turn's
    sentences differ.
    """
    sents = doc.sentences
    if "speaker" not in sents.columns:
        raise DocumentError(str(doc.metadata.get("source")), None,
                            "sentences have no speaker column: call attach_speakers first")
    run = (sents["speaker"] != sents["speaker"].shift()).cumsum()
    words = doc.tokens.groupby("sent_id").size()
    rows = []
    for turn_id, (_, group) in enumerate(sents.groupby(run, sort=True), start=1):
        start, end = int(group["char_start"].iat[0]), int(group["char_end"].iat[-1])
        capacities = set(group["capacity"].astype(str))
        previous = rows[-1] if rows else None
        rows.append({
            "turn_id": turn_id, "speaker": group["speaker"].iat[0],
            "sent_start": int(group["sent_id"].iat[0]), "sent_end": int(group["sent_id"].iat[-1]),
            "para_start": int(group["para_id"].iat[0]), "para_end": int(group["para_id"].iat[-1]),
            "page_start": group["page"].iat[0], "page_end": group["page"].iat[-1],
            "text": doc.text[start:end],
            "n_words": int(words.reindex(group["sent_id"]).fillna(0).sum()),
            "n_sentences": len(group), "has_speech": bool((group["act"] == "speech").any()),
            "reply_to": previous["turn_id"] if previous and previous["has_speech"] else pd.NA,
            "capacity": capacities.pop() if len(capacities) == 1 else "mixed",
            "char_start": start, "char_end": end,
        })
    columns = ["turn_id", "speaker", "sent_start", "sent_end", "para_start", "para_end",
               "page_start", "page_end", "text", "n_words", "n_sentences", "reply_to",
               "capacity", "char_start", "char_end"]
    turns = pd.DataFrame(rows, columns=columns)
    turns["speaker"] = pd.Categorical(turns["speaker"], categories=sents["speaker"].cat.categories)
    turns["capacity"] = pd.Categorical(turns["capacity"], categories=[*CAPACITIES, "mixed"])
    for column in ("reply_to", "page_start", "page_end"):
        turns[column] = turns[column].astype("Int64")
    return turns


def speakers_table(doc: Document) -> pd.DataFrame:
    """Per speaker: turns, sentences (speech and narration), words, share of words, verbs.

    >>> from helpers import load_memorandum
    >>> load_memorandum().speakers[["speaker", "turns"]].values.tolist()
    [['welles', 8], ['oumansky', 7]]
    """
    sents, turns = doc.sentences, doc.turns
    names = doc.people.set_index("person_id")["name"] if len(doc.people) else pd.Series()
    rows = []
    total_words = max(int(turns["n_words"].sum()), 1)
    for speaker in sents["speaker"].cat.categories:
        mine = sents[sents["speaker"] == speaker]
        verbs = mine.loc[mine["speech_verb"] != "", "speech_verb"].value_counts()
        verbs = verbs.sort_index().sort_values(ascending=False, kind="stable")
        words = int(turns.loc[turns["speaker"] == speaker, "n_words"].sum())
        rows.append({
            "speaker": speaker, "name": names.get(speaker, speaker),
            "turns": int((turns["speaker"] == speaker).sum()), "sentences": len(mine),
            "speech_sentences": int((mine["act"] == "speech").sum()),
            "narration_sentences": int((mine["act"] == "narration").sum()),
            "words": words, "share_of_words": round(words / total_words, 3),
            "reporting_verbs": ", ".join(f"{v} {n}" for v, n in verbs.items()),
        })
    table = pd.DataFrame(rows)
    table["speaker"] = pd.Categorical(table["speaker"], categories=sents["speaker"].cat.categories)
    return table


def attach_speakers(doc: Document, participants: Participants | None = None) -> Document:
    """Fill ``doc.sentences`` speaker columns, ``doc.turns`` and ``doc.speakers`` (in place).

    Participants come from ``doc.metadata`` (``author_id``, ``interlocutor_id``) and
    ``doc.people`` when the document has them; otherwise :func:`derive_people` finds them.
    """
    if participants is None:
        author, other = doc.metadata.get("author_id"), doc.metadata.get("interlocutor_id")
        if author and other and len(doc.people):
            participants = participants_from_people(doc.people, author, [other],
                                                    str(doc.metadata.get("source")))
        else:
            people, participants = derive_people(doc)
            if not len(doc.people):
                doc.people = people
    doc.sentences = attribute(doc.sentences, participants)
    doc.turns = turns_table(doc)
    doc.speakers = speakers_table(doc)
    return doc


def to_convokit(doc: Document, conversation: str | None = None) -> pd.DataFrame:
    """The turns as ConvoKit utterance columns (``id``, ``speaker``, ``conversation_id``,
    ``reply_to``, ``timestamp``, ``text``, ``meta.*``), without needing ConvoKit.

    ``conversation_id`` is the id of the first utterance, as ConvoKit expects. ``timestamp`` is
    empty: the memorandum records no times, and we do not invent them; ``meta.turn_id`` gives
    the order.

    >>> from helpers import load_memorandum
    >>> to_convokit(load_memorandum()).loc[1, ["id", "speaker", "reply_to"]].tolist()
    ['frus1940v03-d264-t02', 'oumansky', 'frus1940v03-d264-t01']
    """
    prefix = conversation or str(doc.metadata.get("document_id") or "doc")
    turns = doc.turns

    def uid(turn) -> str | None:
        return None if pd.isna(turn) else f"{prefix}-t{int(turn):02d}"

    ids = [uid(t) for t in turns["turn_id"]]
    return pd.DataFrame({
        "id": ids, "speaker": turns["speaker"].astype(str),
        "conversation_id": ids[0] if ids else None,
        "reply_to": [uid(t) for t in turns["reply_to"]], "timestamp": None,
        "text": turns["text"], "meta.turn_id": turns["turn_id"],
        "meta.sent_start": turns["sent_start"], "meta.sent_end": turns["sent_end"],
        "meta.page_start": turns["page_start"], "meta.capacity": turns["capacity"].astype(str),
        "meta.n_words": turns["n_words"], "meta.char_start": turns["char_start"],
        "meta.char_end": turns["char_end"],
        "meta.reported_by": str(doc.metadata.get("author_id") or prefix),
    })


def turn_ids(doc: Document, speaker: str | None = None) -> list[int]:
    """The turn ids of one speaker, or of everyone (``speaker=None`` or ``"both"``).

    >>> from helpers import load_memorandum
    >>> turn_ids(load_memorandum(), "oumansky")[:3]
    [2, 4, 6]
    """
    turns = doc.turns
    if speaker not in (None, "both", "all"):
        if speaker not in turns["speaker"].cat.categories:
            raise DocumentError(str(doc.metadata.get("source")), None,
                                f"no speaker {speaker!r} (speakers: "
                                f"{', '.join(turns['speaker'].cat.categories)})")
        turns = turns[turns["speaker"] == speaker]
    return [int(t) for t in turns["turn_id"]]
