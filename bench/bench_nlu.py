"""Intent accuracy, macro-F1 and confusion pairs on the held-out NLU split.

Run: PYTHONPATH=. .venv-rasa/bin/python bench/bench_nlu.py   (needs models/12349.tar.gz)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.evaluation import evaluate  # noqa: E402


def main() -> None:
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
