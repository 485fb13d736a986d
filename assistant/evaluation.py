"""Intent evaluation of a trained model on the held-out NLU split.

Shared by the test (which checks the bounds) and the benchmark (which prints
the report), so both measure the same thing.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

from assistant.settings import REPO_ROOT, settings

TEST_SPLIT = REPO_ROOT / "nlu_data" / "test" / "test_nlu.yml"
MODEL = settings.rasa_model


@dataclass
class Report:
    pairs: List[Tuple[str, str, str]] = field(default_factory=list)  # (text, expected, predicted)

    @property
    def accuracy(self) -> float:
        return sum(e == p for _, e, p in self.pairs) / max(1, len(self.pairs))

    def recall(self, intent: str) -> float:
        relevant = [(e, p) for _, e, p in self.pairs if e == intent]
        return sum(e == p for e, p in relevant) / max(1, len(relevant))

    def f1(self) -> Dict[str, float]:
        scores = {}
        for intent in sorted({e for _, e, _ in self.pairs}):
            tp = sum(e == p == intent for _, e, p in self.pairs)
            fp = sum(p == intent != e for _, e, p in self.pairs)
            fn = sum(e == intent != p for _, e, p in self.pairs)
            precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
            scores[intent] = 2 * precision * recall / max(1e-9, precision + recall)
        return scores

    @property
    def macro_f1(self) -> float:
        scores = self.f1()
        return sum(scores.values()) / max(1, len(scores))

    def confusions(self) -> Counter:
        return Counter((e, p) for _, e, p in self.pairs if e != p)

    def misses(self) -> List[Tuple[str, str, str]]:
        return [pair for pair in self.pairs if pair[1] != pair[2]]


def load_examples(path: Path = TEST_SPLIT) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


async def _predict(model: Path, examples: List[Tuple[str, str]]) -> Report:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    report = Report()
    for text, expected in examples:
        parsed = await agent.parse_message(text)
        report.pairs.append((text, expected, parsed["intent"]["name"]))
    return report


def evaluate(model: Path = MODEL, path: Path = TEST_SPLIT) -> Report:
    return asyncio.run(_predict(model, load_examples(path)))
