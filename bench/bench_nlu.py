"""Intent accuracy, macro-F1 and confusion pairs on the held-out NLU split.

Run: PYTHONPATH=. .venv-rasa/bin/python bench/bench_nlu.py   (needs models/12349.tar.gz)
     ... bench/bench_nlu.py --emergency   the independent emergency set (tests/nlu/emergency_independent.yaml):
                                          true lines raised at once / asked first, false lines raised / asked
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.evaluation import evaluate  # noqa: E402


def emergency_figures() -> None:
    from assistant.evaluation import MODEL
    from tests.nlu.emergency_set import by_model

    for kind, outcome in by_model(MODEL).items():
        total = len(outcome.raised) + len(outcome.asked) + len(outcome.other)
        print(f"{kind:<6} {total} lines: raised {len(outcome.raised)}, asked first {len(outcome.asked)}, "
              f"neither {len(outcome.other)}")
        for line in (outcome.asked + outcome.other if kind == "raise" else outcome.raised + outcome.asked):
            print(f"    {line}")


def main() -> None:
    if "--emergency" in sys.argv[1:]:
        emergency_figures()
        return
    report = evaluate()
    print(f"examples        {len(report.pairs)}")
    print(f"intent accuracy {report.accuracy:.3f}")
    print(f"macro-F1        {report.macro_f1:.3f}")
    print(f"emergency recall {report.recall('emergency'):.3f}")
    print("\nper-intent F1:")
    for intent, score in report.f1().items():
        print(f"  {intent:<18} {score:.3f}")
    print("\nconfusion pairs (expected → predicted: count):")
    for (expected, predicted), count in report.confusions().most_common():
        print(f"  {expected} → {predicted}: {count}")
    print("\nmisses:")
    for text, expected, predicted in report.misses():
        print(f"  [{expected} → {predicted}] {text}")


if __name__ == "__main__":
    main()
