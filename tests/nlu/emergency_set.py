"""The independent emergency set (emergency_independent.yaml) and how it is measured.

Two figures: the word judge alone (no model) and the trained NLU (Rasa's parse, PriorityIntents
last): a line counts as raised when the intent is ``emergency``; ``feel_unwell`` (asked first) is
counted apart, because the set wants a true emergency raised at once.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

SET = Path(__file__).with_name("emergency_independent.yaml")


def lines(kind: str) -> List[Tuple[str, str]]:
    """(group, line) for kind 'raise' or 'calm'."""
    data = yaml.safe_load(SET.read_text(encoding="utf-8"))
    return [(group, line) for group, items in data[kind].items() for line in items]


@dataclass
class Outcome:
    raised: List[str] = field(default_factory=list)
    asked: List[str] = field(default_factory=list)
    other: List[str] = field(default_factory=list)


def by_model(model: Path) -> Dict[str, Outcome]:
    """Parse every line with the trained model: {'raise': Outcome, 'calm': Outcome}."""
    from rasa.core.agent import Agent

    async def run() -> Dict[str, Outcome]:
        agent = Agent.load(str(model))
        result = {}
        for kind in ("raise", "calm"):
            outcome = Outcome()
            for _, text in lines(kind):
                intent = (await agent.parse_message(text))["intent"]["name"]
                {"emergency": outcome.raised, "feel_unwell": outcome.asked}.get(intent, outcome.other).append(
                    f"{text} [{intent}]")
            result[kind] = outcome
        return result

    return asyncio.run(run())
