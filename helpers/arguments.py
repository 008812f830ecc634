"""Argument maps of the memorandum: the instructor's key, a learner's map, and how they compare.

A map is two tables (an :class:`ArgumentMap`, a pair ``(claims, relations)``):

* ``claims``: one row per claim, with the ``speaker`` (a ``person_id`` of the people table), the
  sentence (``sent_id``) and the span of the reading text that carries it (``char_start``,
  ``char_end``, 0-based, end-exclusive into ``memo.text``), the exact words (``quote``), the
  matter it belongs to (``issue``), its ``claim_type``, whether it is the narrator's ``framing``
  rather than a claim made in the conversation, a short ``label`` for the drawing and a neutral
  ``paraphrase``;
* ``relations``: ``source``, ``target`` (claim ids), ``relation`` (see :data:`RELATIONS`) and a
  ``justification`` citing the text.

The key lives in ``data/argument-key-claims.csv`` and ``data/argument-key-relations.csv``, written
by this module's authors (the module's voice, not the memorandum's). Teachers may edit it in a
spreadsheet: leave ``char_start`` and ``char_end`` empty and they are found from ``quote``
(:func:`locate_quote`; :func:`fill_offsets` writes them back into the file).

>>> from helpers import load_memorandum
>>> key = load_key(load_memorandum())
>>> compare(key, key)["relation_f1"]
1.0
"""

from __future__ import annotations

import csv
import json
import math
import re
import textwrap
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .csvrows import csv_rows
from .document import Document
from .errors import DocumentError
from .work import work_dir

DATA = Path(__file__).resolve().parent.parent / "data"
KEY_CLAIMS = DATA / "argument-key-claims.csv"
KEY_RELATIONS = DATA / "argument-key-relations.csv"
#: Where a learner's map is saved (ignored by git; it survives a kernel restart).

#: The five matters the conversation argues, in the order the memorandum takes them up.
ISSUES = {
    "licenses": "Export licenses: discrimination?",
    "nationals": "American nationals",
    "baltic": "The Baltic republics",
    "relations": "A basis for better relations",
    "good_faith": "Good faith since the Litvinov agreement",
}

#: Claim types: what kind of statement a claim is.
CLAIM_TYPES = {
    "fact": "what is or was the case, or will be (reports, inferences, predictions)",
    "policy": "what a government does or intends, or who decides it",
    "value": "a judgement: right or wrong, regrettable, offensive, in someone's interest",
    "proposal": "what the two men or governments should do next, or a request",
}


class Relation(NamedTuple):
    """One kind of relation: its meaning, how it is drawn and written, and words for feedback."""

    meaning: str
    gerund: str  # "you read X as supporting Y"
    noun: str  # "the key reads it as support"
    linestyle: object
    mark: str  # a symbol drawn on the arrow
    argdown: str | None  # Argdown's outgoing-relation symbol, if Argdown has one
    aif: tuple[str, str]  # AIF node type and text


RELATIONS: dict[str, Relation] = {
    "support": Relation("the source gives a reason for the target", "supporting", "support",
                        "-", "+", "+>", ("RA", "Default Inference")),
    "attack": Relation("the source denies or contradicts the target", "attacking",
                       "an attack", (0, (6, 3)), "−", "->", ("CA", "Default Conflict")),
    "undercut": Relation("the source sets the target aside without denying it: it denies that "
                         "the target counts as a reason, or that the matter is open to question",
                         "undercutting", "an undercut", (0, (1.5, 2)), "×", "_>",
                         ("CA", "Undercutting")),
    "agree": Relation("the source accepts or concedes the target", "agreeing with",
                      "agreement", (0, (8, 3, 1.5, 3)), "✓", None, ("YA", "Agreeing")),
    "rephrase": Relation("the source restates or interprets the target in other words",
                         "rephrasing", "a rephrasing or interpretation", (0, (3, 2)), "≈", None,
                         ("MA", "Default Rephrase")),
    "response": Relation("the source answers a proposal or request (accepts, declines or sets "
                         "terms)", "responding to", "a response", (0, (8, 2, 1.5, 2, 1.5, 2)),
                         "↩", None, ("YA", "Responding")),
}

CLAIM_COLUMNS = ["claim_id", "speaker", "sent_id", "char_start", "char_end", "quote", "issue",
                 "claim_type", "framing", "label", "paraphrase"]
RELATION_COLUMNS = ["source", "target", "relation", "justification"]
#: The longest label the key may have (it must fit in two lines of a box on the map).
MAX_LABEL = 32
#: Half the width and height of a claim box on the map, in data units (one column, one row).
BOX_HALF = (0.44, 0.36)
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0", "")


class ArgumentMap(NamedTuple):
    """An argument map: a ``(claims, relations)`` pair of DataFrames."""

    claims: pd.DataFrame
    relations: pd.DataFrame


# -- reading and checking --------------------------------------------------------------------

def locate_quote(doc: Document, sent_id: int, quote: str) -> tuple[int, int]:
    """The offsets of ``quote`` inside sentence ``sent_id`` (it must occur there exactly once).

    >>> from helpers import load_memorandum
    >>> locate_quote(load_memorandum(), 1, "at my request")
    (52, 65)
    """
    sentence = _sentence(doc, sent_id)
    if sentence is None:
        raise ValueError(f"there is no sentence {sent_id}")
    text, start = sentence
    if not quote:
        raise ValueError("the quote is empty")
    found = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not found:
        raise ValueError(f"the quote {_short(quote)!r} is not in sentence {sent_id}")
    if len(found) > 1:
        raise ValueError(f"the quote {_short(quote)!r} occurs {len(found)} times in sentence "
                         f"{sent_id}; quote more words")
    return start + found[0], start + found[0] + len(quote)


_SENTENCES: dict[int, tuple[pd.DataFrame, dict[int, tuple[str, int]]]] = {}


def _sentence(doc: Document, sent_id: int) -> tuple[str, int] | None:
    """A sentence's text and start offset, or None (looked up in a per-table dictionary)."""
    table = doc.sentences
    cached = _SENTENCES.get(id(table))
    if cached is None or cached[0] is not table:
        lookup = {int(i): (str(t), int(c)) for i, t, c in
                  zip(table["sent_id"], table["text"], table["char_start"])}
        cached = _SENTENCES[id(table)] = (table, lookup)
    return cached[1].get(sent_id)


def _rows_from_csv(path: Path, columns: list[str]) -> list[tuple[int, dict]]:
    """The rows of a CSV as (line, row) pairs, values stripped; the header must hold exactly
    ``columns``, in order."""
    return [(line, {k: v.strip() for k, v in row.items()}) for line, row in csv_rows(path, columns)]


def _rows_from_frame(table: pd.DataFrame, columns: list[str], name: str
                     ) -> list[tuple[int, dict]]:
    """A DataFrame's rows as (line, row) pairs, numbered as the CSV it would be saved as."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DocumentError(name, None, f"missing columns {missing}")
    rows = []
    for line, record in enumerate(table[columns].to_dict("records"), start=2):
        rows.append((line, {k: "" if _isna(v) else str(v).strip() for k, v in record.items()}))
    return rows


def _isna(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _integer(value: str, name: str, line: int, column: str) -> int:
    if not re.fullmatch(r"-?\d+(\.0+)?", value):
        raise DocumentError(name, line, f"{column} {value!r} is not a whole number")
    return int(float(value))


def check_claims(rows: list[tuple[int, dict]], doc: Document, name: str,
                 strict: bool = True) -> pd.DataFrame:
    """Check claim rows against the document and return the claims table.

    ``strict`` (the key) also requires a label and a paraphrase. Empty offsets are found from
    the quote; empty quotes are filled from the offsets.
    """
    people = set(doc.people["person_id"]) if "person_id" in doc.people else set()
    records, seen = [], set()
    for line, row in rows:
        cid = row["claim_id"]
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", cid):
            raise DocumentError(name, line, f"claim_id {cid!r} is not an identifier "
                                "(a letter, then letters, digits, - or _)")
        if cid in seen:
            raise DocumentError(name, line, f"claim_id {cid!r} appears twice")
        seen.add(cid)
        if row["speaker"] not in people:
            raise DocumentError(name, line, f"{cid}: unknown speaker {row['speaker']!r} (use a "
                                "person_id from data/people.csv, e.g. welles or oumansky)")
        sent_id = _integer(row["sent_id"], name, line, "sent_id")
        sentence = _sentence(doc, sent_id)
        if sentence is None:
            raise DocumentError(name, line, f"{cid}: there is no sentence {sent_id}")
        if row["char_start"] == "" and row["char_end"] == "":
            try:
                start, end = locate_quote(doc, sent_id, row["quote"])
            except ValueError as exc:
                raise DocumentError(name, line, f"{cid}: {exc}") from None
        else:
            start = _integer(row["char_start"], name, line, "char_start")
            end = _integer(row["char_end"], name, line, "char_end")
        if not 0 <= start < end <= len(doc.text):
            raise DocumentError(name, line, f"{cid}: span {start}–{end} is outside the text "
                                f"(0–{len(doc.text)}) or empty")
        s_text, s_start = sentence
        if start < s_start or end > s_start + len(s_text):
            raise DocumentError(name, line, f"{cid}: span {start}–{end} does not lie in its "
                                f"sentence {sent_id} ({s_start}–{s_start + len(s_text)})")
        words = doc.text[start:end]
        quote = row["quote"] or words
        if quote != words:
            raise DocumentError(name, line, f"{cid}: quote {_short(quote)!r} does not match the "
                                f"text at {start}–{end}, {_short(words)!r} (to edit by quote, "
                                "empty char_start and char_end)")
        if row["issue"] not in ISSUES:
            raise DocumentError(name, line, f"{cid}: unknown issue {row['issue']!r} "
                                f"(one of {list(ISSUES)})")
        if row["claim_type"] not in CLAIM_TYPES:
            raise DocumentError(name, line, f"{cid}: unknown claim_type {row['claim_type']!r} "
                                f"(one of {list(CLAIM_TYPES)})")
        framing = row["framing"].lower()
        if framing not in _TRUE + _FALSE:
            raise DocumentError(name, line, f"{cid}: framing {row['framing']!r} is not true or "
                                "false")
        if strict and not (row["label"] and row["paraphrase"]):
            raise DocumentError(name, line, f"{cid}: the key needs a label and a paraphrase")
        if strict and len(row["label"]) > MAX_LABEL:
            raise DocumentError(name, line, f"{cid}: label {row['label']!r} is longer than "
                                f"{MAX_LABEL} characters (it must fit in a box of the map)")
        records.append({**row, "sent_id": sent_id, "char_start": start, "char_end": end,
                        "quote": quote, "framing": framing in _TRUE})
    return _claims_frame(records, doc)


def check_relations(rows: list[tuple[int, dict]], claims: pd.DataFrame, name: str,
                    strict: bool = True) -> pd.DataFrame:
    """Check relation rows against the claims and return the relations table.

    ``strict`` (the key) requires a justification for every relation.
    """
    ids, seen, records = set(claims["claim_id"]), set(), []
    for line, row in rows:
        source, target, relation = row["source"], row["target"], row["relation"]
        for role, cid in (("source", source), ("target", target)):
            if cid not in ids:
                raise DocumentError(name, line, f"unknown claim id {cid!r} as {role}")
        if source == target:
            raise DocumentError(name, line, f"{source} is related to itself")
        if relation not in RELATIONS:
            raise DocumentError(name, line, f"unknown relation type {relation!r} "
                                f"(one of {list(RELATIONS)})")
        if (source, target) in seen:
            raise DocumentError(name, line, f"a second relation from {source} to {target}")
        seen.add((source, target))
        if strict and not row["justification"]:
            raise DocumentError(name, line, f"{source} {relation} {target}: no justification")
        records.append(row)
    return _relations_frame(records)


def _claims_frame(records: list[dict], doc: Document | None = None) -> pd.DataFrame:
    columns = {c: [r[c] for r in records] for c in CLAIM_COLUMNS}
    for column in ("sent_id", "char_start", "char_end"):
        columns[column] = pd.array([int(v) for v in columns[column]], dtype="int64")
    columns["framing"] = pd.array([bool(v) for v in columns["framing"]], dtype="bool")
    columns["speaker"] = pd.Categorical(columns["speaker"],
                                        categories=_speaker_order(doc, columns["speaker"]))
    columns["issue"] = pd.Categorical(columns["issue"], categories=list(ISSUES))
    columns["claim_type"] = pd.Categorical(columns["claim_type"], categories=list(CLAIM_TYPES))
    return pd.DataFrame(columns, columns=CLAIM_COLUMNS)


def _speaker_order(doc: Document | None, used) -> list[str]:
    """Speaker categories: the author, the interlocutor, then anyone else used."""
    first = []
    if doc is not None:
        first = [doc.metadata.get(k) for k in ("author_id", "interlocutor_id")]
    order = [s for s in first if s]
    return order + sorted({str(s) for s in used} - set(order))


def _relations_frame(records: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(records, columns=RELATION_COLUMNS)
    table["relation"] = pd.Categorical(table["relation"], categories=list(RELATIONS))
    return table


def load_key(doc: Document | None = None, claims_path: str | Path = KEY_CLAIMS,
             relations_path: str | Path = KEY_RELATIONS) -> ArgumentMap:
    """The instructor's key, checked against the memorandum: ``(claims, relations)``.

    >>> from helpers import load_memorandum
    >>> claims, relations = load_key(load_memorandum())
    >>> claims.loc[0, ["claim_id", "speaker", "issue", "claim_type"]].tolist()
    ['C01', 'welles', 'licenses', 'policy']
    """
    if doc is None:
        from .memorandum import load_memorandum
        doc = load_memorandum()
    return _read_csv_pair(Path(claims_path), Path(relations_path), doc, strict=True)


def _read_csv_pair(claims_path: Path, relations_path: Path, doc: Document, strict: bool
                   ) -> ArgumentMap:
    """Read and check a claims CSV and a relations CSV."""
    claims = check_claims(_rows_from_csv(claims_path, CLAIM_COLUMNS), doc,
                          claims_path.name, strict)
    relations = check_relations(_rows_from_csv(relations_path, RELATION_COLUMNS), claims,
                                relations_path.name, strict)
    return ArgumentMap(claims, relations)


def check_map(amap: tuple[pd.DataFrame, pd.DataFrame], doc: Document, name: str = "your map",
              strict: bool = False) -> ArgumentMap:
    """Check an argument map held in DataFrames (rows are numbered as in its CSV files)."""
    claims = check_claims(_rows_from_frame(amap[0], CLAIM_COLUMNS, f"{name} (claims)"), doc,
                          f"{name} (claims)", strict)
    relations = check_relations(_rows_from_frame(amap[1], RELATION_COLUMNS,
                                                 f"{name} (relations)"), claims,
                                f"{name} (relations)", strict)
    return ArgumentMap(claims, relations)


def fill_offsets(path: str | Path, doc: Document) -> int:
    """Rewrite a claims CSV with ``char_start``/``char_end`` found from each ``quote``.

    For teachers editing the key by quote. Returns how many rows changed.
    """
    path = Path(path)
    rows = _rows_from_csv(path, CLAIM_COLUMNS)
    changed = 0
    for line, row in rows:
        try:
            start, end = locate_quote(doc, _integer(row["sent_id"], path.name, line, "sent_id"),
                                      row["quote"])
        except ValueError as exc:
            raise DocumentError(path.name, line, f"{row['claim_id']}: {exc}") from None
        if (row["char_start"], row["char_end"]) != (str(start), str(end)):
            row["char_start"], row["char_end"] = str(start), str(end)
            changed += 1
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CLAIM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(row for _, row in rows)
    return changed


# -- building a map, step by step (the map builder's logic) ------------------------------------

def empty_map(doc: Document | None = None) -> ArgumentMap:
    """A map with no claims and no relations, with the right columns and types."""
    return ArgumentMap(_claims_frame([], doc), _relations_frame([]))


def add_claim(amap: ArgumentMap, doc: Document, sent_id: int, quote: str | None = None, *,
              speaker: str, issue: str, claim_type: str, framing: bool = False,
              label: str = "", paraphrase: str = "", claim_id: str | None = None
              ) -> ArgumentMap:
    """A new map with one more claim: ``quote`` (default: the whole sentence) in ``sent_id``.

    >>> from helpers import load_memorandum
    >>> memo = load_memorandum()
    >>> mine = add_claim(empty_map(memo), memo, 12, "he had never yet learned of any proven case",
    ...                  speaker="oumansky", issue="nationals", claim_type="fact")
    >>> mine.claims[["claim_id", "char_start", "char_end"]].values.tolist()
    [['L1', 3762, 3805]]
    """
    claims = amap.claims
    if quote is None or not quote.strip():
        sentence = _sentence(doc, sent_id)
        quote = sentence[0] if sentence else ""
    if claim_id is None:
        numbers = [int(c[1:]) for c in claims["claim_id"] if re.fullmatch(r"L\d+", str(c))]
        claim_id = f"L{max(numbers, default=0) + 1}"
    row = {"claim_id": claim_id, "speaker": speaker, "sent_id": str(sent_id), "char_start": "",
           "char_end": "", "quote": quote.strip(), "issue": issue, "claim_type": claim_type,
           "framing": str(bool(framing)), "label": label or _short(quote.strip(), 40),
           "paraphrase": paraphrase}
    line = len(claims) + 2
    if claim_id in set(claims["claim_id"]):
        raise DocumentError("your map (claims)", line, f"claim_id {claim_id!r} appears twice")
    new = check_claims([(line, row)], doc, "your map (claims)", strict=False)
    if not len(claims):
        return ArgumentMap(new, amap.relations)
    if list(new["speaker"].cat.categories) == list(claims["speaker"].cat.categories):
        return ArgumentMap(pd.concat([claims, new], ignore_index=True), amap.relations)
    records = claims.astype({"speaker": object, "issue": object, "claim_type": object}) \
        .to_dict("records") + new.astype(object).to_dict("records")
    return ArgumentMap(_claims_frame(records, doc), amap.relations)


def add_relation(amap: ArgumentMap, source: str, target: str, relation: str,
                 justification: str = "") -> ArgumentMap:
    """A new map with one more relation (checked: known claims, type, no self- or double link)."""
    rows = _rows_from_frame(amap.relations, RELATION_COLUMNS, "your map (relations)")
    rows.append((len(rows) + 2, {"source": source, "target": target, "relation": relation,
                                 "justification": justification.strip()}))
    return ArgumentMap(amap.claims,
                       check_relations(rows, amap.claims, "your map (relations)", strict=False))


def remove_claim(amap: ArgumentMap, claim_id: str) -> ArgumentMap:
    """A new map without the claim and without any relation to or from it."""
    if claim_id not in set(amap.claims["claim_id"]):
        raise DocumentError("your map (claims)", None, f"no claim {claim_id!r} to remove")
    claims = amap.claims.loc[amap.claims["claim_id"] != claim_id].reset_index(drop=True)
    keep = (amap.relations["source"] != claim_id) & (amap.relations["target"] != claim_id)
    return ArgumentMap(claims, amap.relations.loc[keep].reset_index(drop=True))


def remove_relation(amap: ArgumentMap, source: str, target: str) -> ArgumentMap:
    """A new map without the relation from ``source`` to ``target``."""
    keep = ~((amap.relations["source"] == source) & (amap.relations["target"] == target))
    if keep.all():
        raise DocumentError("your map (relations)", None,
                            f"no relation from {source!r} to {target!r} to remove")
    return ArgumentMap(amap.claims, amap.relations.loc[keep].reset_index(drop=True))


# -- comparing a map with the key -------------------------------------------------------------

def match_claims(learner: pd.DataFrame, key: pd.DataFrame, min_overlap: float = 0.5
                 ) -> pd.DataFrame:
    """Pair learner claims with key claims whose spans overlap (one to one, best first).

    Two spans match when their overlap covers at least ``min_overlap`` of the shorter one;
    the pairs with most overlap are taken first.
    """
    candidates = []
    for li, (lid, ls, le) in enumerate(learner[["claim_id", "char_start", "char_end"]]
                                       .itertuples(index=False)):
        for ki, (kid, ks, ke) in enumerate(key[["claim_id", "char_start", "char_end"]]
                                           .itertuples(index=False)):
            overlap = min(le, ke) - max(ls, ks)
            if overlap <= 0:
                continue
            share = overlap / min(le - ls, ke - ks)
            if share >= min_overlap:
                candidates.append((-share, -overlap, ki, li, lid, kid, share))
    used_l, used_k, pairs = set(), set(), []
    for _, _, ki, li, lid, kid, share in sorted(candidates):
        if lid in used_l or kid in used_k:
            continue
        used_l.add(lid)
        used_k.add(kid)
        pairs.append({"learner": lid, "key": kid, "overlap": round(share, 3), "order": ki})
    pairs.sort(key=lambda pair: pair.pop("order"))
    return pd.DataFrame(pairs, columns=["learner", "key", "overlap"])


def cohen_kappa(first: list, second: list) -> float:
    """Cohen's kappa: agreement between two raters beyond what chance would give.

    >>> cohen_kappa(["fact", "fact", "policy", "value"], ["fact", "policy", "policy", "value"])
    0.636
    """
    n = len(first)
    if n == 0 or n != len(second):
        return math.nan
    observed = sum(a == b for a, b in zip(first, second)) / n
    categories = set(first) | set(second)
    expected = sum((first.count(c) / n) * (second.count(c) / n) for c in categories)
    if expected == 1:
        return 1.0
    return round((observed - expected) / (1 - expected), 3)


def compare(learner: tuple[pd.DataFrame, pd.DataFrame], key: tuple[pd.DataFrame, pd.DataFrame],
            issues: list[str] | None = None) -> dict:
    """Compare a learner's map with the key: scores, the matched claims, and feedback in words.

    Claims match by span overlap (:func:`match_claims`); a learner's relation is right when the
    key relates the matched claims, in the same direction, with the same type. ``issues``
    limits the key to some matters (e.g. the one the learner mapped).
    """
    l_claims, l_rel = learner
    k_claims, k_rel = key
    if issues is not None:
        k_claims = k_claims.loc[k_claims["issue"].isin(issues)]
        ids = set(k_claims["claim_id"])
        k_rel = k_rel.loc[k_rel["source"].isin(ids) & k_rel["target"].isin(ids)]
    matches = match_claims(l_claims, k_claims)
    to_key = dict(zip(matches["learner"], matches["key"]))
    key_pairs = {(s, t): r for s, t, r in k_rel[["source", "target", "relation"]]
                 .itertuples(index=False)}
    correct = sum(key_pairs.get((to_key.get(s), to_key.get(t))) == r
                  for s, t, r in l_rel[["source", "target", "relation"]].itertuples(index=False))
    precision = correct / len(l_rel) if len(l_rel) else 0.0
    recall = correct / len(k_rel) if len(k_rel) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    l_types = dict(zip(l_claims["claim_id"], l_claims["claim_type"].astype(str)))
    k_types = dict(zip(k_claims["claim_id"], k_claims["claim_type"].astype(str)))
    return {
        "claim_recall": round(len(matches) / len(k_claims), 3) if len(k_claims) else 0.0,
        "claim_precision": round(len(matches) / len(l_claims), 3) if len(l_claims) else 0.0,
        "relation_precision": round(precision, 3),
        "relation_recall": round(recall, 3),
        "relation_f1": round(f1, 3),
        "type_kappa": cohen_kappa([l_types[m] for m in matches["learner"]],
                                  [k_types[m] for m in matches["key"]]),
        "matches": matches,
        "feedback": feedback(ArgumentMap(l_claims, l_rel), ArgumentMap(k_claims, k_rel),
                             matches),
    }


def feedback(learner: ArgumentMap, key: ArgumentMap, matches: pd.DataFrame) -> list[str]:
    """Sentences telling a learner where their map and the key agree and differ, and why."""
    to_key = dict(zip(matches["learner"], matches["key"]))
    quotes = {**dict(zip(learner.claims["claim_id"], learner.claims["quote"])),
              **dict(zip(key.claims["claim_id"], key.claims["quote"]))}

    def name(cid: str) -> str:
        return f"{cid} (“{_short(quotes[cid], 45)}”)"

    lines = []
    k_types = dict(zip(key.claims["claim_id"], key.claims["claim_type"].astype(str)))
    for lid, ltype in zip(learner.claims["claim_id"], learner.claims["claim_type"].astype(str)):
        if lid not in to_key:
            lines.append(f"Your claim {name(lid)} matches no claim in the key: check its span, "
                         "or tell your teacher why it matters.")
        elif k_types[to_key[lid]] != ltype:
            lines.append(f"You typed {lid} as {_article(ltype)}; the key types {to_key[lid]} "
                         f"as {_article(k_types[to_key[lid]])}.")
    key_rel = {(s, t): (r, j) for s, t, r, j in key.relations.itertuples(index=False)}
    for s, t, r in learner.relations[["source", "target", "relation"]].itertuples(index=False):
        r = str(r)
        ks, kt = to_key.get(s), to_key.get(t)
        you = f"You read {name(s)} as {RELATIONS[r].gerund} {name(t)}"
        if ks is None or kt is None:
            lines.append(f"{you}; the key cannot check this link, because "
                         f"{s if ks is None else t} matches none of its claims.")
        elif (ks, kt) in key_rel:
            kr, why = key_rel[(ks, kt)]
            kr = str(kr)
            if kr == r:
                lines.append(f"{you}, as the key does ({ks} → {kt}).")
            else:
                lines.append(f"{you}; the key reads it as {RELATIONS[kr].noun} because {why}")
        elif (kt, ks) in key_rel:
            kr, why = key_rel[(kt, ks)]
            lines.append(f"{you}; the key reads the link the other way, {kt} as "
                         f"{RELATIONS[str(kr)].gerund} {ks}, because {why}")
        else:
            lines.append(f"{you}; the key does not link {ks} and {kt}. Which words of the text "
                         "make the link?")
    from_key = {k: l for l, k in to_key.items()}
    learner_pairs = {(to_key.get(s), to_key.get(t))
                     for s, t in learner.relations[["source", "target"]].itertuples(index=False)}
    for ks, kt, kr, why in key.relations.itertuples(index=False):
        if ks in from_key and kt in from_key and (ks, kt) not in learner_pairs \
                and (kt, ks) not in learner_pairs:
            lines.append(f"The key also reads {ks} (your {from_key[ks]}) as "
                         f"{RELATIONS[str(kr)].gerund} {kt} (your {from_key[kt]}), because {why}")
    mapped = set(learner.claims["issue"].astype(str))
    missed = [cid for cid, issue in zip(key.claims["claim_id"], key.claims["issue"].astype(str))
              if issue in mapped and cid not in from_key]
    if missed:
        lines.append("In the matters you mapped, the key also marks: "
                     + "; ".join(name(cid) for cid in missed) + ".")
    return lines


def scores(result: dict) -> pd.DataFrame:
    """The numbers from :func:`compare` as a small table, with what each one measures."""
    meaning = {
        "claim_recall": "share of the key's claims you marked",
        "claim_precision": "share of your claims that are in the key",
        "relation_precision": "share of your relations the key also has",
        "relation_recall": "share of the key's relations you found",
        "relation_f1": "relation precision and recall combined",
        "type_kappa": "agreement on claim types beyond chance (1 = full, 0 = chance)",
    }
    return pd.DataFrame([{"score": k, "value": result[k], "what it measures": v}
                         for k, v in meaning.items()])


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


# -- export and import: CSV, Argdown, AIF --------------------------------------------------------

def save_map(amap: ArgumentMap, folder: str | Path | None = None, name: str = "my-map"
             ) -> tuple[Path, Path]:
    """Write a map as two CSV files, ``<name>-claims.csv`` and ``<name>-relations.csv``.

    The folder defaults to the learner's work folder (``helpers.work.work_dir()``).
    """
    folder = Path(folder) if folder is not None else work_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = (folder / f"{name}-claims.csv", folder / f"{name}-relations.csv")
    claims = amap.claims[CLAIM_COLUMNS].astype({"framing": object})
    claims["framing"] = ["true" if f else "false" for f in amap.claims["framing"]]
    claims.to_csv(paths[0], index=False, lineterminator="\n")
    amap.relations[RELATION_COLUMNS].to_csv(paths[1], index=False, lineterminator="\n")
    return paths


def read_map(doc: Document, folder: str | Path | None = None, name: str = "my-map",
             strict: bool = False) -> ArgumentMap:
    """Read a map saved by :func:`save_map`, checking it as the key is checked."""
    folder = folder if folder is not None else work_dir()
    return _read_csv_pair(Path(folder) / f"{name}-claims.csv",
                          Path(folder) / f"{name}-relations.csv", doc, strict)


_ARGDOWN_HEAD = """\
// Argument map of FRUS 1940, vol. III, doc. 264 (Welles and Oumansky, July 27, 1940).
// Written by helpers.arguments.to_argdown. Each claim is an Argdown statement: its paraphrase,
// tags for speaker and type, and its data (sentence, span, quote ...) in {JSON}.
// Relations: "+>" support, "->" attack, "_>" undercut, from the claim above the arrow.
// Argdown has no symbol for agree, rephrase or response: they are comment lines
// "//@ agree [C16] -> [C15]". The comment "// because: ..." before a relation justifies it.
"""
_DATA_KEYS = ["speaker", "sent_id", "char_start", "char_end", "quote", "issue", "claim_type",
              "framing", "label"]


def to_argdown(amap: tuple[pd.DataFrame, pd.DataFrame]) -> str:
    """The map as Argdown text (see the comment block it starts with)."""
    claims, relations = amap
    lines, issue = [_ARGDOWN_HEAD], None
    for row in claims.to_dict("records"):
        if row["issue"] != issue:
            issue = row["issue"]
            lines.append(f"# {ISSUES[issue]}\n")
        text = " ".join(str(row["paraphrase"]).split()) or "(no paraphrase)"
        if re.search(r"[\[\]{}<>#]|//", text):
            raise DocumentError("Argdown export", None, f"{row['claim_id']}: the paraphrase "
                                "may not contain [ ] { } < > # or //")
        data = {k: _plain(row[k]) for k in _DATA_KEYS}
        tags = f"#{row['speaker']} #{row['claim_type']}" + (" #framing" if row["framing"]
                                                             else "")
        lines.append(f"[{row['claim_id']}]: {text} {tags} "
                     f"{json.dumps(data, ensure_ascii=False)}\n")
    if len(relations):
        lines.append("# Relations\n")
    for source, target, relation, why in relations[RELATION_COLUMNS].itertuples(index=False):
        why = " ".join(str(why).split())
        symbol = RELATIONS[str(relation)].argdown
        if symbol:
            lines.append(f"// because: {why}\n[{source}]\n  {symbol} [{target}]\n")
        else:
            lines.append(f"// because: {why}\n//@ {relation} [{source}] -> [{target}]\n")
    return "\n".join(lines)


def _plain(value):
    """A JSON-ready value (numpy numbers and booleans as Python ones)."""
    return value.item() if hasattr(value, "item") else value


def from_argdown(text: str, doc: Document, name: str = "Argdown text") -> ArgumentMap:
    """Read a map written by :func:`to_argdown` (and checked as a learner's map is)."""
    by_symbol = {r.argdown: k for k, r in RELATIONS.items() if r.argdown}
    claim_rows, relation_rows, why, source = [], [], "", None
    for number, line in enumerate(text.splitlines(), start=1):
        claim = re.fullmatch(r"\[([^\]]+)\]: (.*?)((?: #\w+)*) (\{.*\})", line)
        if claim:
            try:
                data = json.loads(claim[4])
            except json.JSONDecodeError as exc:
                raise DocumentError(name, number, f"claim data is not JSON ({exc.msg})") from None
            text_ = "" if claim[2] == "(no paraphrase)" else claim[2]
            row = {"claim_id": claim[1], "paraphrase": text_}
            row.update({k: "" if data.get(k) is None else str(data.get(k)) for k in _DATA_KEYS})
            claim_rows.append((number, row))
        elif line.startswith("// because:"):
            why = line[len("// because:"):].strip()
        elif re.fullmatch(r"\[([^\]]+)\]", line):
            source = line[1:-1]
        elif arrow := re.fullmatch(r"\s+(\+>|->|_>) \[([^\]]+)\]", line):
            if source is None:
                raise DocumentError(name, number, "a relation with no claim above it")
            relation_rows.append((number, {"source": source, "target": arrow[2],
                                           "relation": by_symbol[arrow[1]],
                                           "justification": why}))
        elif other := re.fullmatch(r"//@ (\w+) \[([^\]]+)\] -> \[([^\]]+)\]", line):
            relation_rows.append((number, {"source": other[2], "target": other[3],
                                           "relation": other[1], "justification": why}))
        elif line.strip() and not line.startswith(("//", "# ")):
            raise DocumentError(name, number, f"cannot read {_short(line)!r}")
    claims = check_claims(claim_rows, doc, name, strict=False)
    return ArgumentMap(claims, check_relations(relation_rows, claims, name, strict=False))


def to_aif(amap: tuple[pd.DataFrame, pd.DataFrame]) -> dict:
    """The map as AIF JSON (the AIFdb layout: ``nodes``, ``edges``).

    Claims are I-nodes (``nodeID`` = claim id; the claim's data under ``"claim"``). Support is
    an RA-node, attack a CA-node, rephrase an MA-node; an undercut is a CA-node "Undercutting"
    that points at the S-node of the target's first support or attack (the inference it denies),
    or at the target if it supports or attacks nothing; agree and response, which AIF's core
    has no node for, are YA-nodes "Agreeing" and "Responding". Each S-node keeps the relation's ``justification``.
    """
    claims, relations = amap
    nodes, edges = [], []
    for row in claims.to_dict("records"):
        nodes.append({"nodeID": row["claim_id"], "text": row["paraphrase"], "type": "I",
                      "claim": {k: _plain(row[k]) for k in _DATA_KEYS}})
    inference_of = {}  # a claim's first support or attack: the S-node an undercut targets
    rows = relations[RELATION_COLUMNS].to_dict("records")
    for number, row in enumerate(rows, start=1):
        if row["relation"] in ("support", "attack"):
            inference_of.setdefault(row["source"], f"S{number}")
    for number, row in enumerate(rows, start=1):
        kind, text = RELATIONS[str(row["relation"])].aif
        node = f"S{number}"
        nodes.append({"nodeID": node, "text": text, "type": kind,
                      "justification": row["justification"]})
        target = row["target"]
        if row["relation"] == "undercut":
            target = inference_of.get(target, target)
        edges.append({"edgeID": f"E{len(edges) + 1}", "fromID": row["source"], "toID": node})
        edges.append({"edgeID": f"E{len(edges) + 1}", "fromID": node, "toID": target})
    return {"nodes": nodes, "edges": edges, "locutions": []}


def from_aif(data: dict, doc: Document, name: str = "AIF JSON") -> ArgumentMap:
    """Read a map written by :func:`to_aif` (and checked as a learner's map is)."""
    by_node = {r.aif: k for k, r in RELATIONS.items()}
    nodes = {n["nodeID"]: n for n in data.get("nodes", [])}
    into, out_of = {}, {}
    for edge in data.get("edges", []):
        into.setdefault(edge["toID"], []).append(edge["fromID"])
        out_of.setdefault(edge["fromID"], []).append(edge["toID"])
    claim_rows, relation_rows = [], []
    for number, node in enumerate(data.get("nodes", []), start=1):
        if node["type"] == "I":
            row = {"claim_id": node["nodeID"], "paraphrase": node.get("text", "")}
            row.update({k: "" if node.get("claim", {}).get(k) is None
                        else str(node["claim"][k]) for k in _DATA_KEYS})
            claim_rows.append((number, row))
            continue
        relation = by_node.get((node["type"], node.get("text")))
        sources = [x for x in into.get(node["nodeID"], []) if nodes.get(x, {}).get("type") == "I"]
        targets = out_of.get(node["nodeID"], [])
        if relation is None or len(sources) != 1 or len(targets) != 1:
            raise DocumentError(name, None, f"node {node['nodeID']}: not a relation this module "
                                "reads (one edge in, one out; see to_aif)")
        target = targets[0]
        if relation == "undercut" and nodes.get(target, {}).get("type") in ("RA", "CA"):
            target = [x for x in into[target] if nodes[x]["type"] == "I"][0]  # its premise
        relation_rows.append((number, {"source": sources[0], "target": target,
                                       "relation": relation,
                                       "justification": node.get("justification", "")}))
    claims = check_claims(claim_rows, doc, name, strict=False)
    return ArgumentMap(claims, check_relations(relation_rows, claims, name, strict=False))


# -- drawing ------------------------------------------------------------------------------------

def layout(claims: pd.DataFrame, max_rows: int = 9) -> pd.DataFrame:
    """Where each claim sits: one band of columns per matter, in reading order.

    A matter with more than ``max_rows`` claims spreads over several columns, filled row by
    row, so that claims next to each other in the text sit side by side.

    >>> from helpers import load_memorandum
    >>> layout(load_key(load_memorandum()).claims).head(3)[["claim_id", "x", "y"]].values.tolist()
    [['C01', 0, 0], ['C02', 1, 0], ['C03', 0, 1]]
    """
    rows, column = [], 0
    for issue in ISSUES:
        group = claims.loc[claims["issue"] == issue].sort_values(["char_start", "claim_id"])
        if group.empty:
            continue
        width = math.ceil(len(group) / max_rows)
        for i, cid in enumerate(group["claim_id"]):
            rows.append({"claim_id": cid, "issue": issue, "x": column + i % width,
                         "y": i // width, "band": column, "band_width": width})
        column += width
    return pd.DataFrame(rows, columns=["claim_id", "issue", "x", "y", "band", "band_width"])


def draw_map(amap: tuple[pd.DataFrame, pd.DataFrame], title: str | None = None,
             issues: list[str] | None = None, max_rows: int = 9):
    """Draw a map: matters side by side, speakers by colour, relations by line style and mark."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

    from .plots import PALETTE, new_figure

    claims, relations = amap
    if issues is not None:
        claims = claims.loc[claims["issue"].isin(issues)]
    ids = set(claims["claim_id"])
    relations = relations.loc[relations["source"].isin(ids) & relations["target"].isin(ids)]
    places = layout(claims, max_rows).set_index("claim_id")
    n_cols = int((places["band"] + places["band_width"]).max()) if len(places) else 1
    n_rows = int(places["y"].max()) + 1 if len(places) else 1
    fig, ax = new_figure(figsize=(13, 8.2))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.88, bottom=0.12)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.4, -1.0)
    ax.axis("off")
    speakers = [str(s) for s in claims["speaker"].cat.categories] \
        if isinstance(claims["speaker"].dtype, pd.CategoricalDtype) \
        else sorted(set(claims["speaker"].astype(str)))
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(speakers)}
    chars = max(16, int(160 / n_cols))  # characters per label line
    size = 10 if n_cols > 4 else 11
    for issue, band in places.groupby("issue", sort=False):
        left, width = band["band"].iat[0], band["band_width"].iat[0]
        ax.text(left + (width - 1) / 2, -0.75, "\n".join(textwrap.wrap(ISSUES[issue], chars)),
                ha="center", va="center", fontsize=size + 1, fontweight="bold")
        if left:
            ax.axvline(left - 0.5, color="#BBBBBB", linewidth=1)
    for row in claims.to_dict("records"):
        x, y = places.loc[row["claim_id"], ["x", "y"]]
        speaker = str(row["speaker"])
        box = FancyBboxPatch((x - BOX_HALF[0], y - BOX_HALF[1]), 2 * BOX_HALF[0], 2 * BOX_HALF[1],
                             boxstyle="round,pad=0,rounding_size=0.06",
                             facecolor=colour[speaker] + "33", edgecolor=colour[speaker],
                             linewidth=2.2, linestyle="--" if row["framing"] else "-",
                             hatch="//" if row["framing"] else None)
        ax.add_patch(box)
        label = row["label"] or _short(row["quote"], 40)
        text = "\n".join(textwrap.wrap(label, chars)[:2])
        ax.text(x, y - 0.2, f"{row['claim_id']} · {row['claim_type']}", ha="center",
                va="center", fontsize=size - 1, fontweight="bold", color="#222222", zorder=5)
        ax.text(x, y + 0.1, text, ha="center", va="center", fontsize=size - 0.5,
                linespacing=1.1, zorder=5, bbox={"facecolor": "white", "edgecolor": "none",
                                       "alpha": 0.7, "pad": 0.5})
    for source, target, relation in relations[["source", "target", "relation"]] \
            .itertuples(index=False):
        style = RELATIONS[str(relation)]
        (x1, y1), (x2, y2) = places.loc[source, ["x", "y"]], places.loc[target, ["x", "y"]]
        rad = 0.45 if x1 == x2 else (0.15 if y1 != y2 else 0.3)
        # From box edge to box edge, worked out here: letting matplotlib clip the curve to
        # the boxes (patchA/patchB) took about half a second per map.
        start, end = _box_edge((x1, y1), (x2, y2)), _box_edge((x2, y2), (x1, y1))
        arrow = FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16, linewidth=1.8,
                                linestyle=style.linestyle, color="#333333", shrinkA=0,
                                shrinkB=0, connectionstyle=f"arc3,rad={rad}", zorder=3)
        ax.add_artist(arrow)  # (not add_patch: the axes' limits are set above)
        mx, my = _arc_middle(ax, start, end, rad)
        ax.text(mx, my, style.mark, ha="center", va="center", fontsize=size + 1, zorder=4,
                fontweight="bold", bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white",
                                         "edgecolor": "#333333", "linewidth": 1})
    names = {"welles": "Welles", "oumansky": "Oumansky (as Welles reports him)"}
    handles = [Patch(facecolor=colour[s] + "33", edgecolor=colour[s], linewidth=2,
                     label=names.get(s, s)) for s in speakers]
    handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="//", linestyle="--",
                         label="Welles's framing (narration)"))
    handles += [Line2D([], [], color="#333333", linestyle=r.linestyle, linewidth=1.8,
                       label=f"{r.mark} {k}") for k, r in RELATIONS.items()]
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=size, frameon=False,
               handlelength=4.5)
    fig.suptitle(title or "Argument map", fontsize=15, fontweight="bold")
    return fig


def _box_edge(centre: tuple[float, float], toward: tuple[float, float],
              half: tuple[float, float] = BOX_HALF) -> tuple[float, float]:
    """Where the line from a claim box's centre toward another point leaves the box.

    >>> _box_edge((0, 0), (2, 0)), _box_edge((0, 0), (0, -3)), _box_edge((1, 1), (1, 1))
    ((0.44, 0.0), (0.0, -0.36), (1, 1))
    """
    (x, y), (dx, dy) = centre, (toward[0] - centre[0], toward[1] - centre[1])
    if dx == 0 and dy == 0:
        return centre
    scale = min(half[0] / abs(dx) if dx else math.inf, half[1] / abs(dy) if dy else math.inf)
    return (x + dx * scale, y + dy * scale)


def _arc_middle(ax, start: tuple[float, float], end: tuple[float, float], rad: float
                ) -> tuple[float, float]:
    """The middle of matplotlib's ``arc3`` curve between two points (it bends in display space)."""
    (x1, y1), (x2, y2) = ax.transData.transform([start, end])
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    mid = (0.25 * x1 + 0.5 * cx + 0.25 * x2, 0.25 * y1 + 0.5 * cy + 0.25 * y2)
    return tuple(ax.transData.inverted().transform(mid))
