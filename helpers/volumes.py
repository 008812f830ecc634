"""Beyond one document: browse a FRUS volume's documents, open one, compare memoranda.

The volume table comes from :func:`helpers.frus.load_volume`; these functions choose rows from
it, open a document with its speakers and turns (:mod:`helpers.speakers`), and set several
memoranda side by side. The module ships one whole volume, so that all of this runs offline:
``data/frus/frus1934v05.xml`` (FRUS 1934, vol. V, *The American Republics*; see
``data/README.md``).

>>> table = load_volume(BUNDLED_VOLUME)
>>> filter_documents(table, kind="memorandum", words="Welles")["doc_id"].tolist()
['d220', 'd274']
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .document import Document
from .errors import DocumentError
from .frus import REPO, load_document, load_volume
from .speakers import attach_speakers

#: The volume shipped with the module (FRUS 1934, vol. V): 639 documents, public domain.
BUNDLED_VOLUME = REPO / "data" / "frus" / "frus1934v05.xml"

_DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")

#: The columns a learner browses, in this order.
BROWSE_COLUMNS = ["doc_id", "day", "kind", "head", "first_page", "n_paragraphs"]

#: Whose statement each measure of :func:`compare_memoranda` is.
MEASURE_VOICES = {
    "heading": "editors", "date": "editors", "file_number": "editors", "pages": "editors",
    "interlocutors": "module", "paragraphs": "module", "sentences": "module", "words": "module",
    "turns": "module", "narrator_share_of_words": "module",
    "narrator_speech_sentences": "module", "others_speech_sentences": "module",
    "narrator_verbs": "module", "others_verbs": "module",
}


def document_days(table: pd.DataFrame) -> pd.Series:
    """The day each document is dated (``YYYY-MM-DD``), from ``date`` or else ``date_min``.

    A date range (``1934-01-01/1934-01-31``) gives its first day; an undated document ``None``.

    >>> t = pd.DataFrame({"date": ["1934-01-05T18:00:00", None, "1934-02-01/1934-02-03"],
    ...                   "date_min": [None, "1894-01-25T00:00:00-05:00", None]})
    >>> document_days(t).tolist()
    ['1934-01-05', '1894-01-25', '1934-02-01']
    """
    def day(date, date_min) -> str | None:
        for value in (date, date_min):
            if isinstance(value, str) and value.strip():
                return value.split("/")[0][:10] or None
        return None
    return pd.Series([day(d, m) for d, m in zip(table["date"], table["date_min"])],
                     index=table.index, name="day", dtype="object")


def _bound(value: str | None, name: str, source: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    if not _DAY.match(value):
        raise DocumentError(source, None, f"{name} date {value!r} is not YYYY, YYYY-MM or "
                            "YYYY-MM-DD")
    return value


def filter_documents(table: pd.DataFrame, kind: str | None = None, start: str | None = None,
                     end: str | None = None, words: str | None = None) -> pd.DataFrame:
    """The documents of a volume table of one kind, dated from ``start`` to ``end`` (inclusive;
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), whose head holds every one of ``words`` (any case).

    Undated documents are left out only when a date is given. The result keeps the volume's
    columns and adds ``day`` (see :func:`document_days`).

    >>> t = load_volume(BUNDLED_VOLUME)
    >>> filter_documents(t, kind="memorandum", start="1934-05", end="1934-05")["doc_id"].tolist()
    ['d274', 'd275']
    """
    source = str(table.attrs.get("volume_id") or "volume table")
    out = table.assign(day=document_days(table))
    if kind not in (None, "", "any"):
        kinds = [str(k) for k in table["kind"].cat.categories]
        if kind not in kinds:
            raise DocumentError(source, None, f"no kind {kind!r} (kinds: {', '.join(kinds)})")
        out = out[out["kind"] == kind]
    start, end = _bound(start, "start", source), _bound(end, "end", source)
    if start is not None:
        out = out[out["day"].notna() & (out["day"].fillna("") >= start)]
    if end is not None:
        out = out[out["day"].notna() & (out["day"].fillna("").str[:len(end)] <= end)]
    for word in (words or "").split():
        out = out[out["head"].str.contains(word, case=False, regex=False, na=False)]
    return out


def kinds_table(table: pd.DataFrame) -> pd.DataFrame:
    """How many documents of each kind the table holds, most first (this module's labels;
    kinds with no document are left out).

    >>> kinds_table(load_volume(BUNDLED_VOLUME)).head(2).to_dict("list")
    {'kind': ['telegram', 'letter'], 'documents': [359, 246]}
    """
    counts = table["kind"].value_counts()
    counts = counts[counts > 0].sort_index().sort_values(ascending=False, kind="stable")
    return pd.DataFrame({"kind": [str(k) for k in counts.index], "documents": counts.to_numpy()})


def open_document(path_or_url: str | Path, doc_id: str) -> Document:
    """One document of a volume, with its speakers and turns attributed by the module's rules.

    >>> open_document(BUNDLED_VOLUME, "d274").speakers["speaker"].tolist()
    ['welles', 'gilson']
    """
    return attach_speakers(load_document(path_or_url, doc_id))


def _verbs(sentences: pd.DataFrame) -> str:
    verbs = sentences.loc[sentences["speech_verb"] != "", "speech_verb"].value_counts()
    verbs = verbs.sort_index().sort_values(ascending=False, kind="stable")
    return ", ".join(f"{verb} {n}" for verb, n in verbs.items())


def compare_memoranda(docs: dict[str, Document], narrator: str) -> pd.DataFrame:
    """Memoranda side by side: one row per measure, one column per document, and each
    measure's ``voice`` (the FRUS editors' heading and date, or this module's counts).

    ``narrator`` is the speaker id of the memoranda's writer (e.g. ``"welles"``).
    """
    columns = {}
    for label, doc in docs.items():
        meta, sents, speakers = doc.metadata, doc.sentences, doc.speakers
        if narrator not in set(speakers["speaker"].astype(str)):
            raise DocumentError(str(meta.get("source")), None, f"{label}: no speaker "
                                f"{narrator!r} (speakers: "
                                f"{', '.join(speakers['speaker'].astype(str))})")
        mine = sents["speaker"].astype(str) == narrator
        first, last = meta.get("first_page"), meta.get("last_page")
        others = speakers[speakers["speaker"].astype(str) != narrator]
        columns[label] = {
            "heading": meta.get("title"), "date": str(meta.get("date") or "")[:10],
            "file_number": meta.get("file_number"),
            "pages": f"{first}" if first == last else f"{first}–{last}",
            "interlocutors": "; ".join(others["name"].astype(str)),
            "paragraphs": len(doc.paragraphs), "sentences": len(sents), "words": len(doc.tokens),
            "turns": len(doc.turns),
            "narrator_share_of_words": float(speakers.loc[speakers["speaker"].astype(str)
                                                          == narrator, "share_of_words"].iat[0]),
            "narrator_speech_sentences": int((mine & (sents["act"] == "speech")).sum()),
            "others_speech_sentences": int((~mine & (sents["act"] == "speech")).sum()),
            "narrator_verbs": _verbs(sents[mine]), "others_verbs": _verbs(sents[~mine]),
        }
    table = pd.DataFrame(columns, dtype="object")
    table.insert(0, "voice", [MEASURE_VOICES[m] for m in table.index])
    table.index.name = "measure"
    return table


def words_by_speaker(docs: dict[str, Document], narrator: str) -> pd.DataFrame:
    """Words in each speaker's turns, per document: ``document``, ``speaker``, ``name``,
    ``role`` (``narrator`` or ``other``), ``words``, ``share``."""
    rows = []
    for label, doc in docs.items():
        for row in doc.speakers.itertuples():
            rows.append({"document": label, "speaker": str(row.speaker), "name": str(row.name),
                         "role": "narrator" if str(row.speaker) == narrator else "other",
                         "words": int(row.words), "share": float(row.share_of_words)})
    return pd.DataFrame(rows, columns=["document", "speaker", "name", "role", "words", "share"])
