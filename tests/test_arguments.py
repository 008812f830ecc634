"""The argument key, learners' maps, comparison, export/import, drawing and the map builder."""

from __future__ import annotations

import csv
import re
import shutil

import matplotlib
import pandas as pd
import pytest

from helpers import DocumentError, load_memorandum
from helpers import arguments as arg

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def memo():
    return load_memorandum()


@pytest.fixture(scope="module")
def key(memo):
    return arg.load_key(memo)


# -- the key ---------------------------------------------------------------------------------

def test_key_covers_five_matters_both_speakers(key):
    claims, relations = key
    assert len(claims) >= 25
    assert set(claims["issue"]) == set(arg.ISSUES)
    assert set(claims["speaker"]) == {"welles", "oumansky"}
    assert set(relations["relation"]) == set(arg.RELATIONS)
    for column in ("speaker", "issue", "claim_type"):
        assert isinstance(claims[column].dtype, pd.CategoricalDtype)


def test_every_span_lies_in_its_sentence_and_is_its_quote(memo, key):
    sentences = memo.sentences.set_index("sent_id")
    for row in key.claims.itertuples():
        sentence = sentences.loc[row.sent_id]
        assert sentence["char_start"] <= row.char_start < row.char_end <= sentence["char_end"]
        assert memo.text[row.char_start:row.char_end] == row.quote


def test_framing_is_welles_narration(key):
    framing = key.claims.loc[key.claims["framing"]]
    assert len(framing) >= 2 and set(framing["speaker"]) == {"welles"}
    assert any("evidently fully informed" in q for q in framing["quote"])
    assert any("the same type of statement" in q for q in framing["quote"])


def test_justifications_quote_the_text_exactly(memo, key):
    for why in key.relations["justification"]:
        quoted = re.findall(r'"([^"]+)"', why)
        assert quoted, f"no quotation in {why!r}"
        for fragment in quoted:
            fragment = fragment.strip()
            assert fragment in memo.text or fragment[0].lower() + fragment[1:] in memo.text, \
                fragment


def test_claim_speakers_agree_with_the_speakers_table(memo, key):
    """Each claim's speaker is the attributed speaker of its sentence, except Welles's framing,
    which sits in sentences that report the Ambassador (¶2 and ¶3)."""
    speaker_of = dict(zip(memo.sentences["sent_id"], memo.sentences["speaker"].astype(str)))
    for row in key.claims.itertuples():
        if row.framing:
            assert speaker_of[row.sent_id] == "oumansky", row.claim_id
        else:
            assert speaker_of[row.sent_id] == row.speaker, row.claim_id


def test_locate_and_fill_offsets(memo, tmp_path):
    assert arg.locate_quote(memo, 12, "proven case") == (3794, 3805)
    assert memo.text[3794:3805] == "proven case"
    with pytest.raises(ValueError, match="not in sentence 11"):
        arg.locate_quote(memo, 11, "proven case")
    with pytest.raises(ValueError, match="occurs 2 times"):
        arg.locate_quote(memo, 2, "the Ambassador")
    copy = tmp_path / "claims.csv"
    rows = list(csv.DictReader(arg.KEY_CLAIMS.open(encoding="utf-8")))
    rows[0]["char_start"], rows[0]["char_end"] = "1", "2"
    rows[1]["char_start"] = rows[1]["char_end"] = ""
    with copy.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=arg.CLAIM_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    assert arg.fill_offsets(copy, memo) == 2
    assert copy.read_text(encoding="utf-8") == arg.KEY_CLAIMS.read_text(encoding="utf-8")


# -- broken maps are rejected, naming the file, the line and the problem ----------------------

def _edit(tmp_path, which: str, line: int, column: str, value: str, **more: str):
    """Copies of the key with fields of one row changed; returns the two paths."""
    paths = {"claims": tmp_path / "claims.csv", "relations": tmp_path / "relations.csv"}
    shutil.copy(arg.KEY_CLAIMS, paths["claims"])
    shutil.copy(arg.KEY_RELATIONS, paths["relations"])
    path = paths[which]
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[line - 2].update({column: value, **more})
    columns = arg.CLAIM_COLUMNS if which == "claims" else arg.RELATION_COLUMNS
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return paths["claims"], paths["relations"]


@pytest.mark.parametrize("which, line, column, value, problem", [
    ("relations", 5, "target", "C99", "relations.csv, line 5: unknown claim id 'C99' as target"),
    ("relations", 3, "target", "C04", "relations.csv, line 3: C04 is related to itself"),
    ("relations", 4, "relation", "rebut", "relations.csv, line 4: unknown relation type 'rebut'"),
    ("relations", 6, "justification", "", "relations.csv, line 6: C10 support C09: no justific"),
    ("claims", 7, "speaker", "hull_cordell", "claims.csv, line 7: C06: unknown speaker"),
    ("claims", 3, "char_end", "99999", "claims.csv, line 3: C02: span 380–99999 is outside"),
    ("claims", 3, "char_start", "60", "claims.csv, line 3: C02: span 60–513 does not lie in "
                                      "its sentence 2"),
    ("claims", 4, "quote", "The Ambassador was fully informed", "claims.csv, line 4: C03: quote"),
    ("claims", 5, "issue", "trade", "claims.csv, line 5: C04: unknown issue 'trade'"),
    ("claims", 5, "claim_type", "opinion", "claims.csv, line 5: C04: unknown claim_type"),
    ("claims", 5, "framing", "maybe", "claims.csv, line 5: C04: framing 'maybe'"),
    ("claims", 5, "claim_id", "C03", "claims.csv, line 5: claim_id 'C03' appears twice"),
    ("claims", 5, "sent_id", "99", "claims.csv, line 5: C04: there is no sentence 99"),
    ("claims", 5, "label", "x" * 40, "claims.csv, line 5: C04: label"),
])
def test_broken_key_is_rejected_naming_the_row(memo, tmp_path, which, line, column, value,
                                               problem):
    claims_path, relations_path = _edit(tmp_path, which, line, column, value)
    with pytest.raises(DocumentError) as error:
        arg.load_key(memo, claims_path, relations_path)
    assert str(error.value).startswith(problem)


def test_editing_by_quote_alone_works(memo, tmp_path):
    claims_path, relations_path = _edit(tmp_path, "claims", 2, "char_start", "", char_end="")
    claims, _ = arg.load_key(memo, claims_path, relations_path)
    assert claims.loc[0, "char_start"] == 285


def test_a_map_in_memory_is_checked_too(memo, key):
    relations = key.relations.copy()
    relations.loc[2, "target"] = "C99"
    with pytest.raises(DocumentError, match=r"your map \(relations\), line 4: unknown claim id"):
        arg.check_map((key.claims, relations), memo)


# -- comparison -----------------------------------------------------------------------------

def test_the_key_against_itself_is_perfect(key):
    result = arg.compare(key, key)
    for score in ("claim_recall", "claim_precision", "relation_precision", "relation_recall",
                  "relation_f1", "type_kappa"):
        assert result[score] == 1.0, score
    assert len(result["matches"]) == len(key.claims)


def test_known_changes_give_known_scores(key):
    claims, relations = key.claims.copy(), key.relations.copy()
    n_claims, n_rel = len(claims), len(relations)
    # drop C08 (a claim with no relations), and the first four relations
    claims = claims.loc[claims["claim_id"] != "C08"].reset_index(drop=True)
    relations = relations.iloc[4:].reset_index(drop=True)
    # read C12's undercut of C09 as an attack
    relations.loc[(relations["source"] == "C12"), "relation"] = "attack"
    result = arg.compare((claims, relations), key)
    assert result["claim_recall"] == round((n_claims - 1) / n_claims, 3)
    assert result["claim_precision"] == 1.0
    right = n_rel - 4 - 1
    assert result["relation_precision"] == round(right / (n_rel - 4), 3)
    assert result["relation_recall"] == round(right / n_rel, 3)
    p, r = right / (n_rel - 4), right / n_rel
    assert result["relation_f1"] == round(2 * p * r / (p + r), 3)
    assert result["type_kappa"] == 1.0
    assert any(line.startswith("You read C12") and "as attacking C09" in line
               and "the key reads it as an undercut because Welles does not deny" in line
               for line in result["feedback"])


def test_type_kappa_and_span_matching(memo, key):
    assert arg.cohen_kappa(["y"] * 20 + ["y"] * 5 + ["n"] * 10 + ["n"] * 15,
                           ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15) == 0.4
    assert arg.cohen_kappa(["a", "a"], ["a", "a"]) == 1.0
    # a learner who marks whole sentences and types everything a fact
    mine = arg.empty_map(memo)
    for sent_id in (11, 12, 13):
        mine = arg.add_claim(mine, memo, sent_id, speaker="welles", issue="nationals",
                             claim_type="fact")
    result = arg.compare(mine, key, issues=["nationals"])
    assert result["matches"]["key"].tolist() == ["C19", "C21", "C23"]
    assert result["claim_recall"] == 0.6 and result["claim_precision"] == 1.0
    assert result["type_kappa"] == 0.0  # all "fact": agreement no better than chance
    assert "You typed L3 as a fact; the key types C23 as a proposal." in result["feedback"]
    assert any("the key also marks: C20" in line for line in result["feedback"])


def test_feedback_on_a_learner_map(memo, key):
    mine = arg.empty_map(memo)
    mine = arg.add_claim(mine, memo, 12, "he had never yet learned of any proven case",
                         speaker="oumansky", issue="nationals", claim_type="fact")
    mine = arg.add_claim(mine, memo, 11, "innumerable incidents of discrimination",
                         speaker="welles", issue="nationals", claim_type="fact")
    mine = arg.add_relation(mine, "L1", "L2", "support")
    result = arg.compare(mine, key, issues=["nationals"])
    assert result["relation_precision"] == 0.0 and result["relation_recall"] == 0.0
    line = [f for f in result["feedback"] if f.startswith("You read L1")][0]
    assert "as supporting L2" in line and "the key reads it as an attack because" in line
    assert line.endswith("are established.")


# -- building, export and import ---------------------------------------------------------------

def test_build_and_remove(memo):
    mine = arg.add_claim(arg.empty_map(memo), memo, 30, speaker="oumansky", issue="relations",
                         claim_type="value")
    mine = arg.add_claim(mine, memo, 29, "more friendly relations", speaker="welles",
                         issue="relations", claim_type="proposal")
    assert mine.claims["claim_id"].tolist() == ["L1", "L2"]
    assert mine.claims.loc[0, "quote"] == "The Ambassador replied that he was completely in accord."
    mine = arg.add_relation(mine, "L1", "L2", "agree")
    with pytest.raises(DocumentError, match="a second relation from L1 to L2"):
        arg.add_relation(mine, "L1", "L2", "support")
    with pytest.raises(DocumentError, match="L1 is related to itself"):
        arg.add_relation(mine, "L1", "L1", "support")
    with pytest.raises(DocumentError, match="is not in sentence 29"):
        arg.add_claim(mine, memo, 29, "completely in accord", speaker="welles",
                      issue="relations", claim_type="value")
    assert len(arg.remove_relation(mine, "L1", "L2").relations) == 0
    fewer = arg.remove_claim(mine, "L2")
    assert fewer.claims["claim_id"].tolist() == ["L1"] and fewer.relations.empty
    with pytest.raises(DocumentError, match="no claim 'L9'"):
        arg.remove_claim(mine, "L9")


def _same(a, b):
    pd.testing.assert_frame_equal(a.claims, b.claims)
    pd.testing.assert_frame_equal(a.relations, b.relations)


def test_csv_round_trip(memo, key, tmp_path):
    paths = arg.save_map(key, tmp_path, "key")
    assert paths[0].read_text(encoding="utf-8") == arg.KEY_CLAIMS.read_text(encoding="utf-8")
    _same(arg.read_map(memo, tmp_path, "key", strict=True), key)


def test_argdown_round_trip(memo, key):
    text = arg.to_argdown(key)
    assert "[C11]\n  -> [C02]" in text and "[C10]\n  +> [C09]" in text
    assert "[C12]\n  _> [C09]" in text and "//@ agree [C21] -> [C20]" in text
    _same(arg.from_argdown(text, memo), key)
    with pytest.raises(DocumentError, match="Argdown text, line 3: cannot read"):
        arg.from_argdown("// x\n\nnot argdown", memo)


def test_aif_round_trip(memo, key):
    aif = arg.to_aif(key)
    types = pd.Series([n["type"] for n in aif["nodes"]]).value_counts()
    assert types["I"] == len(key.claims) and types["RA"] == 18 and types["MA"] == 6
    assert types["CA"] == 7 + 3
    undercut = next(n for n in aif["nodes"] if n["text"] == "Undercutting")
    # C12 undercuts C09, which attacks C01: the CA-node points at that conflict's CA-node
    to = [e["toID"] for e in aif["edges"] if e["fromID"] == undercut["nodeID"]]
    assert [n["text"] for n in aif["nodes"] if n["nodeID"] in to] == ["Default Conflict"]
    _same(arg.from_aif(aif, memo), key)


# -- drawing and the map builder ----------------------------------------------------------------

def test_draw_map(key):
    fig = arg.draw_map(key, title="The key")
    assert fig._suptitle.get_text() == "The key"
    assert fig.get_size_inches().tolist() == [13.0, 8.2]
    ax = fig.axes[0]
    assert len(ax.patches) == len(key.claims) + len(key.relations)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Welles's framing (narration)" in labels and "− attack" in labels
    one = arg.draw_map(key, issues=["nationals"])
    assert len(one.axes[0].patches) == 5 + 3  # C25 → C23 crosses to another matter


def test_map_builder_steps(memo, key, tmp_path):
    from helpers.widgets.arguments import MapBuilder, interactions

    builder = MapBuilder(memo, key, folder=tmp_path)
    builder.load_button.click()
    assert builder.status.value.startswith("No saved map yet")
    builder.sentence.value = 12
    assert builder.speaker.value == "oumansky"
    builder.words.value = "he had never yet learned of any proven case"
    builder.issue.value = "nationals"
    builder.add_claim_button.click()
    builder.sentence.value = 11
    builder.add_claim_button.click()
    builder.relation.value = "attack"
    builder.add_relation_button.click()
    assert builder.map.relations.values.tolist() == [["L2", "L1", "attack", ""]]
    builder.save_button.click()
    builder.undo_button.click()
    assert builder.map.relations.empty
    builder.load_button.click()
    assert builder.map.relations["relation"].tolist() == ["attack"]
    builder.words.value = "words that are not there"
    builder.add_claim_button.click()
    assert "Not done" in builder.status.value and len(builder.map.claims) == 2
    steps = interactions(memo)
    for name, step in steps.items():
        for i in range(3):
            step(i)
