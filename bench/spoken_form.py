"""Spoken-form check over everything the assistant can say: counts, violations by kind, the list.

    .venv/bin/python bench/spoken_form.py [--root DIR] [--policy] [-v]

--root checks another tree (e.g. an older commit unpacked with git archive);
--policy also puts every answerable question of tests/policy/questions.yaml to
the policy service's answer() and checks the spoken answers (needs .venv).
Prints figures; not a test (tests/nlu/test_spoken_form.py is).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.spoken_form import KINDS  # noqa: E402
from assistant.spoken_sources import Said, everything_said, is_known, read_known, violations  # noqa: E402

KNOWN = REPO / "tests" / "nlu" / "spoken_form_known.txt"


def policy_answers() -> list[Said]:
    from assistant.settings import settings
    from services.policy.answer import answer
    from services.policy.evaluate import load_questions
    from services.policy.index import PolicyIndex

    index = PolicyIndex.from_folder(settings.policy_docs_dir)
    said = []
    for i, item in enumerate(load_questions(REPO / "tests" / "policy" / "questions.yaml")["answerable"]):
        result = answer(item["q"], city=item.get("city"), index=index)
        if result.get("found"):
            said.append(Said(f"policy answer #{i}: {item['q']}", result["answer"]))
    return said


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--policy", action="store_true", help="also check the policy service's answers")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every violating sentence in full")
    args = parser.parse_args()

    said, dynamic = everything_said(args.root)
    groups = Counter("domain" if item.source.startswith("assistant/domain/") else
                     "actions" if item.source.startswith("actions/") else "fixed prompts" for item in said)
    found = violations(said)
    turns = {item for item, _ in found}
    print(f"tree: {args.root.resolve()}")
    print(f"sentences checked: {len(said)} ({', '.join(f'{g} {n}' for g, n in sorted(groups.items()))})")
    print(f"sentences over the limits: {len(turns)}; violations: {len(found)}")
    counts = Counter(problem.kind for _, problem in found)
    print("by kind: " + ", ".join(f"{kind} {counts[kind]}" for kind in KINDS))
    print(f"said from run-time values only (not checked here): {len(dynamic)} {dynamic}")

    known = read_known(KNOWN) if KNOWN.exists() else []
    for item, problem in found:
        mark = "known" if is_known(item, problem, known) else "NEW"
        text = item.text if args.verbose else item.text[:40] + ("…" if len(item.text) > 40 else "")
        print(f"  [{mark}] {item.source} (line {item.line}) {problem.kind}: {problem.detail} | {text}")
    stale = [k for k in known if not any(is_known(item, problem, [k]) for item, problem in found)]
    print(f"known-violators list: {len(known)} entries, {len(stale)} no longer violate"
          + "".join(f"\n  fixed, remove: {k.source}\t{k.kind}" for k in stale))

    if args.policy:
        answers = policy_answers()
        bad = violations(answers)
        print(f"policy answers checked: {len(answers)}; over the limits: {len({i for i, _ in bad})}; "
              + ", ".join(f"{k} {v}" for k, v in Counter(p.kind for _, p in bad).items()))
        for item, problem in bad if args.verbose else []:
            print(f"  {item.source} {problem.kind}: {problem.detail} | {item.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
