"""Accuracy on the caller question sets, measured leave-one-paper-out.

For each paper the threshold is tuned on the other papers' questions and the
figure is taken on this paper's questions, so it says how the answerer does on
a paper nobody tuned it on (services/policy/calibrate.py).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from services.policy.answer import MIN_COVERAGE
from services.policy.calibrate import GRID, best_threshold, leave_one_paper_out, outcome_table
from services.policy.evaluate import TYPES, accuracy, load_questions, run

HERE = Path(__file__).parent
SETS = [HERE / "questions.yaml", HERE / "questions_callers.yaml"]
PAPERS = {"wuhan_2017_yanglao_fuwu_gongji", "dongguan_2020_sannian_xingdong",
          "hebi_2020_jujia_shequ_gaige", "zhuzhou_2024_shitiao_cuoshi"}
# What the answerer reaches today, held so it cannot slip back unnoticed.
FLOOR_ANSWERABLE, FLOOR_REFUSALS, FLOOR_ALL = 0.94, 0.95, 0.95
FLOOR_HELD_OUT = 0.75  # 21 of 28 on their first run
# Issue 13's targets.
TARGET_ANSWERABLE, TARGET_REFUSALS, TARGET_ALL = 0.90, 0.95, 0.95


def _all(key: str) -> list[dict]:
    return [item for path in SETS for item in load_questions(path).get(key, [])]


@pytest.fixture(scope="module")
def table(index):
    return outcome_table(SETS, index)


@pytest.fixture(scope="module")
def held_out(table):
    return [o for fold in leave_one_paper_out(table) for o in fold.outcomes]


def test_question_sets_are_big_and_varied():
    answerable, refusals, follow_ups = _all("answerable"), _all("unanswerable"), _all("follow_ups")
    assert len(answerable) + len(refusals) + len(follow_ups) >= 150
    assert len(refusals) >= 20
    callers = load_questions(HERE / "questions_callers.yaml")
    every = [i for key in ("answerable", "unanswerable", "follow_ups") for i in callers[key]]
    assert all(item.get("type") in TYPES for item in every)
    assert {item["type"] for item in callers["answerable"]} == set(TYPES)
    assert sum(bool(item.get("blind")) for item in every) * 3 >= len(every)
    assert all(item.get("polarity") in ("positive", "negative") for item in callers["answerable"] if item["type"] == "yes-no")
    assert {item["doc"] for item in answerable} == PAPERS
    assert all(item["facts"] for item in answerable + follow_ups)


def test_leave_one_paper_out_floor(held_out):
    answerable = [o for o in held_out if o.answerable]
    refusals = [o for o in held_out if not o.answerable]
    misses = "\n".join(f"{o.paper[:8]} {o.question}: {o.reason} → {o.answer}" for o in held_out if not o.correct)
    assert accuracy(answerable) >= FLOOR_ANSWERABLE, misses
    assert accuracy(refusals) >= FLOOR_REFUSALS, misses
    assert {o.paper for o in answerable} == PAPERS


def test_shipped_threshold_is_the_calibrated_one(table):
    assert MIN_COVERAGE in GRID
    tuned = best_threshold(table, lambda o: True)
    assert abs(tuned - MIN_COVERAGE) <= 0.05, f"calibration moved to {tuned}: update MIN_COVERAGE"
    assert accuracy(table[MIN_COVERAGE]) >= FLOOR_ALL


def test_answers_are_short_enough_to_say(table):
    """Issue 11: at most two short sentences, the paper by its short name, no 《full title》."""
    said = [o.answer for o in table[MIN_COVERAGE]]
    assert all(a.count("。") + a.count("？") <= 2 and len(a) <= 100 and "《" not in a for a in said), \
        max(said, key=len)


def test_unanswerable_questions_get_an_honest_not_found(table):
    wrong = [o for o in table[MIN_COVERAGE] if not o.answerable and not o.correct]
    assert len(wrong) <= 1, "\n".join(f"{o.question} → {o.answer}" for o in wrong)


def test_held_out_questions(index):
    """Written after the answerer was tuned and never tuned on: what a new caller's question gets."""
    outcomes = run(HERE / "questions_heldout.yaml", index, threshold=MIN_COVERAGE)
    misses = "\n".join(f"{o.question}: {o.reason} → {o.answer}" for o in outcomes if not o.correct)
    assert accuracy([o for o in outcomes if o.answerable]) >= FLOOR_HELD_OUT, misses
    assert accuracy([o for o in outcomes if not o.answerable]) >= FLOOR_REFUSALS, misses


def test_final_check_questions(index):
    """Written after the last change and run once: 16 of 20 answered, 2 of 4 refused (where-questions
    were answered with a related sentence naming no place; now a where-answer must name one: 4 of 4)."""
    outcomes = run(HERE / "questions_final.yaml", index, threshold=MIN_COVERAGE)
    assert sum(o.correct for o in outcomes if o.answerable) >= 16
    assert sum(o.correct for o in outcomes if not o.answerable) >= 4


def test_issue_targets(table, held_out):
    assert accuracy([o for o in held_out if o.answerable]) >= TARGET_ANSWERABLE
    assert accuracy([o for o in held_out if not o.answerable]) >= TARGET_REFUSALS
    assert accuracy(table[MIN_COVERAGE]) >= TARGET_ALL
