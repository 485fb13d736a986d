"""Calibrate the answer threshold by leave-one-paper-out.

For each paper, the coverage threshold is tuned on the questions about the
other papers and measured on the questions about this one, so the figure says
how the answerer does on a paper nobody tuned it on. Questions about no paper
(no city, nothing expected) are only ever used for tuning.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.policy.evaluate import Outcome, accuracy, run
from services.policy.index import PolicyIndex

GRID = [round(0.30 + 0.025 * i, 3) for i in range(13)]  # 0.30 … 0.60


@dataclass
class Fold:
    paper: str
    threshold: float  # tuned on the other papers
    outcomes: list[Outcome]  # this paper's questions at that threshold


def _score(outcomes: list[Outcome]) -> float:
    """Answerable and unanswerable weigh alike: a refusal is as important as an answer."""
    answerable = [o for o in outcomes if o.answerable]
    refusals = [o for o in outcomes if not o.answerable]
    return (accuracy(answerable) + accuracy(refusals)) / 2 if refusals else accuracy(answerable)


def best_threshold(table: dict[float, list[Outcome]], keep) -> float:
    """The threshold scoring best on the kept questions; ties go to the higher (more careful) one."""
    return max(GRID, key=lambda t: (_score([o for o in table[t] if keep(o)]), t))


def outcome_table(paths: list[Path], index: PolicyIndex) -> dict[float, list[Outcome]]:
    return {t: run(paths, index, threshold=t) for t in GRID}


def leave_one_paper_out(table: dict[float, list[Outcome]]) -> list[Fold]:
    papers = sorted({o.paper for o in table[GRID[0]] if o.paper})
    folds = []
    for paper in papers:
        t = best_threshold(table, lambda o, p=paper: o.paper != p)
        folds.append(Fold(paper, t, [o for o in table[t] if o.paper == paper]))
    return folds
