"""Policy knowledge base benchmark: accuracy on the question set, and the misses.

    .venv/bin/python bench/bench_policy.py [--questions FILE] [--docs DIR] [-v]

Builds the index from the policy papers (settings.policy_docs_dir by default),
so it measures ingestion and answering together. Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.settings import settings  # noqa: E402
from services.policy.evaluate import accuracy, run  # noqa: E402
from services.policy.index import PolicyIndex  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=REPO / "tests" / "policy" / "questions.yaml")
    parser.add_argument("--docs", type=Path, default=settings.policy_docs_dir)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every answer")
    args = parser.parse_args()

    started = time.perf_counter()
    index = PolicyIndex.from_folder(args.docs)
    built = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = run(args.questions, index)
    per_question = (time.perf_counter() - started) / max(len(outcomes), 1)

    answerable = [o for o in outcomes if o.answerable]
    unanswerable = [o for o in outcomes if not o.answerable]
    print(f"index: {len(index.clauses)} clauses in {built:.2f} s; {per_question * 1000:.1f} ms per question")
    print(f"answerable:   {accuracy(answerable):.1%} ({sum(o.correct for o in answerable)}/{len(answerable)})")
    print(f"unanswerable: {accuracy(unanswerable):.1%} ({sum(o.correct for o in unanswerable)}/{len(unanswerable)})")
    print(f"overall:      {accuracy(outcomes):.1%}")
    for outcome in outcomes:
        if args.verbose or not outcome.correct:
            mark = "ok  " if outcome.correct else "MISS"
            print(f"{mark} [{outcome.city or '-'}] {outcome.question}")
            if not outcome.correct:
                print(f"     {outcome.reason}")
            print(f"     → {outcome.answer} ({outcome.doc_id} {outcome.clause_path})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
