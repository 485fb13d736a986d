"""Accuracy on the caller question set (tests/policy/questions.yaml)."""
from __future__ import annotations

from pathlib import Path

from services.policy.evaluate import accuracy, load_questions, run

QUESTIONS = Path(__file__).with_name("questions.yaml")
MIN_ACCURACY = 0.90


def test_question_set_is_big_enough():
    questions = load_questions(QUESTIONS)
    assert len(questions["answerable"]) >= 30
    assert len(questions["unanswerable"]) >= 5
    assert {item["doc"] for item in questions["answerable"]} >= {
        "wuhan_2017_yanglao_fuwu_gongji", "dongguan_2020_sannian_xingdong",
        "hebi_2020_jujia_shequ_gaige", "zhuzhou_2024_shitiao_cuoshi",
    }


def test_answerable_accuracy(index):
    outcomes = [o for o in run(QUESTIONS, index) if o.answerable]
    misses = "\n".join(f"{o.question}: {o.reason} → {o.answer}" for o in outcomes if not o.correct)
    assert accuracy(outcomes) >= MIN_ACCURACY, misses


def test_unanswerable_questions_are_not_answered(index):
    wrong = [o for o in run(QUESTIONS, index) if not o.answerable and not o.correct]
    assert not wrong, "\n".join(f"{o.question} → {o.answer}" for o in wrong)
