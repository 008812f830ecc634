"""The bundled memorandum: Welles and Oumansky, July 27, 1940 (FRUS 1940, vol. III, doc. 264)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .document import Document
from .errors import DocumentError
from .people import load_people
from .speakers import attach_speakers
from .text import read_text

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCE_FILE = DATA / "frus1940v03-d264.txt"
METADATA_FILE = DATA / "memorandum.json"
PEOPLE_FILE = DATA / "people.csv"


def load_memorandum() -> Document:
    """Load the bundled memorandum (offline) with its metadata and people table.

    >>> memo = load_memorandum()
    >>> memo.metadata["file_number"], len(memo.paragraphs)
    ('711.61/749', 18)
    """
    memo = read_text(SOURCE_FILE)
    metadata = _load_metadata(METADATA_FILE)
    for key in ("file_number", "title"):
        if metadata.get(key) != memo.metadata[key]:
            raise DocumentError(METADATA_FILE.name, None, f"{key} {metadata.get(key)!r} does not "
                                f"match the text's {memo.metadata[key]!r}")
    memo.metadata = {**memo.metadata, **metadata}
    memo.people = load_people(PEOPLE_FILE, SOURCE_FILE.read_text(encoding="utf-8"))
    return attach_speakers(memo)


def _load_metadata(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DocumentError(path.name, exc.lineno, f"not valid JSON ({exc.msg})") from None


#: Metadata fields shown to learners, in order, with the voice each comes from.
SOURCING_FIELDS = [
    ("file_number", "File number"), ("title", "Title"), ("author", "Author"),
    ("author_role", "Author's office"), ("interlocutor", "Interlocutor"),
    ("interlocutor_role", "Interlocutor's office"), ("place", "Place"),
    ("date_display", "Date"), ("volume", "Printed in"), ("pages", "Pages"), ("url", "Online"),
]


VOICE_NAMES = {"document": "the memorandum", "editors": "FRUS editors", "module": "this module"}


def metadata_table(doc: Document) -> pd.DataFrame:
    """The sourcing facts as a table: field, value, and whose statement it is.

    >>> metadata_table(load_memorandum()).loc[0, ["field", "value", "whose"]].tolist()
    ['File number', '711.61/749', 'FRUS editors']
    """
    voices = doc.metadata.get("voices", {})
    rows = []
    for key, label in SOURCING_FIELDS:
        if doc.metadata.get(key) is None:
            continue
        if key not in voices or voices[key] not in VOICE_NAMES:
            raise DocumentError(METADATA_FILE.name, None, f"voices: no valid voice for {key!r}")
        rows.append({"field": label, "value": doc.metadata[key],
                     "whose": VOICE_NAMES[voices[key]]})
    return pd.DataFrame(rows, columns=["field", "value", "whose"])
