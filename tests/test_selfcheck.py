"""Self-check questions: answers computed from the tables, feedback that cites the text."""

import copy

import pytest

from helpers import DocumentError, load_memorandum
from helpers import selfcheck
from helpers.selfcheck import BANK, check, question, questions

# What a reader finds by reading the memorandum (FRUS 1940, vol. III, doc. 264) by hand.
HAND_READ = {
    "01.date.whose": "the FRUS editors",  # the heading; the text says "this morning" (¶ 1)
    "01.date.internal": "1940-07-26",  # July 23 (footnote 43) + "three days" (sentence 19)
    "01.frame.said": "Welles",  # "The Ambassador said that" is Welles's report (sentence 12)
    "02.verbs.interject": "23",  # "The Ambassador interjected to say" (¶ 10)
    "02.stance.evidently": "Welles",  # "was evidently fully informed ... since he merely stated"
    "02.naming.only": "Soviet Russia",  # sentences 7 and 19; Welles says "Russia" instead
    "03.turns.oumansky": "7",  # turns 2, 4, ..., 14: the two men alternate, Welles first
    "03.turns.longest": "2",  # sentences 3-7, the complaint about export licences
    "03.capacity.interjection": "unclear",  # after the personal paragraph 8 (module's rule)
}


@pytest.fixture(scope="module")
def memo():
    return load_memorandum()


def test_every_question_is_in_the_hand_read_list():
    assert sorted(row["qid"] for rows in BANK.values() for row in rows) == sorted(HAND_READ)
    assert all(2 <= len(rows) <= 4 for rows in BANK.values())


@pytest.mark.parametrize("qid", sorted(HAND_READ))
def test_computed_answer_matches_the_hand_read_answer(memo, qid):
    q = question(memo, qid)
    right = check(q, HAND_READ[qid])
    assert right.correct, right.message
    assert right.message.startswith("Right: ")
    assert any(word in right.message for word in ("sentence", "turns", "footnote")), right.message
    if q.kind == "choice":
        assert [c for c in q.choices if check(q, c).correct] == [HAND_READ[qid]]
        wrong = next(c for c in q.choices if c != HAND_READ[qid])
    else:
        wrong = "99"
    feedback = check(q, wrong)
    assert not feedback.correct and feedback.message.startswith("Not yet: ")
    assert "Look again at" in feedback.message


def test_answers_follow_the_tables_not_a_typed_in_value(memo):
    changed = copy.copy(memo)
    changed.turns = memo.turns[memo.turns["turn_id"] != 14]
    assert check(question(changed, "03.turns.oumansky"), "6").correct
    changed.sentences = memo.sentences.assign(capacity=memo.sentences["capacity"].replace(
        {"unclear": "personal"}))
    assert check(question(changed, "03.capacity.interjection"), "personal").correct
    changed.metadata = {**memo.metadata, "voices": {**memo.metadata["voices"], "date": "module"}}
    assert check(question(changed, "01.date.whose"), "this module").correct


def test_answers_are_read_generously(memo):
    turns = question(memo, "03.turns.oumansky")
    for answer in ("7", " 7 ", "seven", "Seven."):
        assert check(turns, answer).correct, answer
    assert check(question(memo, "03.turns.longest"), "turn 2").correct
    date = question(memo, "01.date.internal")
    for answer in ("1940-07-26", "July 26, 1940", "26 July 1940"):
        assert check(date, answer).correct, answer
    assert not check(date, "1940-07-27").correct
    assert check(question(memo, "02.naming.only"), "soviet russia").correct


def test_empty_and_off_list_answers_get_a_prompt_not_a_verdict(memo):
    q = question(memo, "03.capacity.interjection")
    assert check(q, None).message == "Choose or type an answer first, then press Check."
    assert check(q, "  ").correct is False
    assert check(q, "private").message == "Choose one of: official; personal; unclear."


def test_the_right_answer_cites_paragraph_and_page(memo):
    message = check(question(memo, "03.capacity.interjection"), "unclear").message
    assert message == ("Right: the rules give sentence 23 the capacity “unclear” "
                       "(sentence 23 (paragraph 10, p. 329)).")
    assert "footnote 43" in check(question(memo, "01.date.internal"), "1940-07-26").message


def test_bad_bank_entries_are_document_errors(memo, monkeypatch):
    with pytest.raises(DocumentError, match="no question '09.nothing'"):
        question(memo, "09.nothing")
    with pytest.raises(DocumentError, match="no bank for notebook '09'"):
        questions(memo, "09")
    bad = copy.deepcopy(BANK)
    bad["01"][0]["compute"] = ("guess",)
    bad["01"][1]["kind"] = "essay"
    bad["02"][2]["choices"] = ["Soviet Russia", "the Soviet", "Russia"]  # two right
    monkeypatch.setattr(selfcheck, "BANK", bad)
    with pytest.raises(DocumentError, match="01.date.whose: no computation 'guess'"):
        question(memo, "01.date.whose")
    with pytest.raises(DocumentError, match="kind 'essay'"):
        question(memo, "01.date.internal")
    with pytest.raises(DocumentError, match="2 of the choices are right"):
        question(memo, "02.naming.only")


def test_missing_sentence_or_phrase_is_a_document_error(memo):
    with pytest.raises(DocumentError, match="no sentence 99"):
        selfcheck.capacity_of(memo, 99)
    with pytest.raises(DocumentError, match="'Mr. Hull' is not in sentence 3"):
        selfcheck.frame_speaker(memo, 3, "Mr. Hull")
    with pytest.raises(DocumentError, match="no sentence has the reporting verb 'shout'"):
        selfcheck.verb_sentence(memo, "shout")


def test_self_check_widget_shows_the_checked_feedback(memo):
    from helpers.widgets.selfcheck import interactions, self_check

    widget = self_check(memo, "03.capacity.interjection")
    assert widget.answer.value is None
    widget.button.click()
    assert "Choose or type an answer first" in widget.feedback.value
    widget.answer.value = "unclear"
    widget.button.click()
    assert widget.feedback.value.startswith("<span style='color: #1b7837'>✓ Right: ")
    typed = self_check(memo, "03.turns.oumansky")
    typed.answer.value = "8"
    typed.button.click()
    assert "✗ Not yet: “8” is not it." in typed.feedback.value
    assert repr(typed) == "Self-check 03.turns.oumansky: run this cell (Shift+Enter) to answer."
    for step in interactions(memo).values():
        for i in range(6):
            step(i)


def test_speaker_widget_interactions_run(memo):
    from helpers.widgets.speakers import interactions

    steps = interactions(memo)
    assert set(steps) == {"next_turn", "change_speaker", "change_keyword",
                          "change_kwic_speaker", "change_window"}
    for step in steps.values():
        for i in range(20):
            step(i)
