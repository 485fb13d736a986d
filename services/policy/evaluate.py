"""Score answers against question sets (tests/policy/questions*.yaml).

Shared by the test suite, the calibration and bench/bench_policy.py so all
judge alike. An answerable question is correct when found, from the expected
document, every expected fact (or one of its listed equivalents) is in the
spoken answer, and a yes-no question's answer starts with the right yes or no;
an unanswerable one when found is false.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from services.policy.answer import answer
from services.policy.index import PolicyIndex
from services.policy.jieba_tokens import normalise_numbers

_SPOKEN_PERCENT = re.compile(r"百分之(\d+(?:\.\d+)?)")
_NO_FIRST = re.compile(r"^(?:不|没有|没)")
TYPES = ("number", "share", "list", "who", "yes-no", "how", "when")


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
    qtype: str = ""
    paper: str = ""  # the paper the question is about ("" when none is named)
    blind: bool = False


def load_questions(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def comparable(text: str) -> str:
    """Spoken and written figures compared alike: 百分之50 = 50%, 二十平方米 = 20平方米."""
    text = normalise_numbers(re.sub(r"\s+", "", text))
    return _SPOKEN_PERCENT.sub(r"\1%", text).replace("％", "%")


def _check_yes(item: dict, said: str) -> str:
    if item.get("type") != "yes-no" or "polarity" not in item:
        return ""
    says_no = bool(_NO_FIRST.match(said))
    return "" if says_no == (item["polarity"] == "negative") else f"answered {'no' if says_no else 'yes'} first"


def judge(item: dict, answerable: bool, index: PolicyIndex | None = None, threshold: float | None = None,
          paper_of_city: dict[str, str] | None = None) -> Outcome:
    result = answer(item["q"], item.get("city"), index=index, prev_question=item.get("prev"), threshold=threshold)
    clause = result["clause"] or {}
    paper = item.get("doc") or (paper_of_city or {}).get(item.get("city") or "", "")
    outcome = Outcome(
        item["q"], item.get("city"), answerable, False, "", result["answer"],
        clause.get("clause_path", ""), clause.get("doc_id", ""), item.get("type", ""), paper, bool(item.get("blind")),
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
        outcome.reason = f"missing {missing}" if missing else _check_yes(item, result["answer"])
    outcome.correct = not outcome.reason
    return outcome


def items(path: Path) -> list[tuple[dict, bool]]:
    """(question, answerable) pairs of a set; follow-ups count as answerable."""
    questions = load_questions(path)
    return ([(q, True) for q in questions.get("answerable", [])] + [(q, True) for q in questions.get("follow_ups", [])]
            + [(q, False) for q in questions.get("unanswerable", [])])


def paper_cities(index: PolicyIndex) -> dict[str, str]:
    """city → its paper's doc id (an unanswerable question belongs to its city's paper)."""
    out: dict[str, str] = {}
    for clause in index.clauses:
        out.setdefault(clause.city, clause.doc_id)
    return out


def run(path: Path | list[Path], index: PolicyIndex | None = None, threshold: float | None = None) -> list[Outcome]:
    paths = path if isinstance(path, list) else [path]
    cities = paper_cities(index) if index is not None else {}
    return [judge(item, ok, index, threshold, cities) for p in paths for item, ok in items(p)]


def accuracy(outcomes: list[Outcome]) -> float:
    return sum(o.correct for o in outcomes) / max(len(outcomes), 1)


def breakdown(outcomes: list[Outcome], key) -> dict[str, tuple[int, int]]:
    """key(outcome) → (correct, total)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        row = table[key(o)]
        row[0] += o.correct
        row[1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(table.items())}
