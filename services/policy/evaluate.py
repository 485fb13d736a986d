"""Score answers against a question set (tests/policy/questions.yaml).

Shared by the test suite and bench/bench_policy.py so both judge alike. An
answerable question is correct when found, from the expected document, and
every expected fact (or one of its listed equivalents) appears in the spoken answer; an unanswerable one when
found is false.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from services.policy.answer import answer
from services.policy.index import PolicyIndex
from services.policy.jieba_tokens import normalise_numbers

_SPOKEN_PERCENT = re.compile(r"百分之(\d+(?:\.\d+)?)")


@dataclass
class Outcome:
    question: str
    city: str | None
    answerable: bool
    correct: bool
    reason: str
    answer: str
    clause_path: str = ""
    doc_id: str = ""


def load_questions(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def comparable(text: str) -> str:
    """Spoken and written figures compared alike: 百分之50 = 50%, 二十平方米 = 20平方米."""
    text = normalise_numbers(re.sub(r"\s+", "", text))
    return _SPOKEN_PERCENT.sub(r"\1%", text).replace("％", "%")


def judge(item: dict, answerable: bool, index: PolicyIndex | None = None) -> Outcome:
    result = answer(item["q"], item.get("city"), index=index)
    clause = result["clause"] or {}
    outcome = Outcome(
        item["q"], item.get("city"), answerable, False, "", result["answer"],
        clause.get("clause_path", ""), clause.get("doc_id", ""),
    )
    if not answerable:
        outcome.correct = not result["found"]
        outcome.reason = "" if outcome.correct else "answered a question the papers do not answer"
        return outcome
    if not result["found"]:
        outcome.reason = "not found"
    elif item.get("doc") and clause.get("doc_id") != item["doc"]:
        outcome.reason = f"wrong document {clause.get('doc_id')}"
    else:
        said = comparable(result["answer"])
        # A fact is a phrase, or a list of equivalent phrases (any one will do).
        alternatives = [[f] if isinstance(f, str) else f for f in item.get("facts", [])]
        missing = [alts for alts in alternatives if not any(comparable(a) in said for a in alts)]
        outcome.reason = f"missing {missing}" if missing else ""
    outcome.correct = not outcome.reason
    return outcome


def run(path: Path, index: PolicyIndex | None = None) -> list[Outcome]:
    questions = load_questions(path)
    return [judge(item, True, index) for item in questions.get("answerable", [])] + [
        judge(item, False, index) for item in questions.get("unanswerable", [])
    ]


def accuracy(outcomes: list[Outcome]) -> float:
    return sum(o.correct for o in outcomes) / max(len(outcomes), 1)
