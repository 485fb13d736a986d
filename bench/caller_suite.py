"""Play the whole caller-script suite (tests/callers/) against a fresh stack and print its figures.

    E12349_RASA_MODEL=/tmp/me/models/12349.tar.gz .venv-rasa/bin/python bench/caller_suite.py [--workers 3]
        [--group meals ...] [--json out.json] [--reports]

Prints the pass rate per group, false and missed emergencies, every failing script with the
turn that failed, and how many assistant turns break the spoken-form limits (> 2 sentences,
> 3 options). Starts its own records, dispatch, action server and Rasa (tests/support/stack.py).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.callers import spoken_check  # noqa: E402
from tests.callers.engine import Suite  # noqa: E402
from tests.callers.scripts import known_failures, load_all  # noqa: E402
from tests.support.stack import running_stack  # noqa: E402


def figures(results) -> dict:
    groups = defaultdict(lambda: [0, 0])
    false_em, missed_em, failing, asked = [], [], [], []
    turns = over = 0
    reasons, others = Counter(), Counter()
    for result in results.values():
        script = result.script
        groups[script.group][1] += 1
        groups[script.group][0] += result.passed
        if "emergency" in script.expect and result.emergency_raised is not None:
            if result.emergency_raised and not script.expect["emergency"]:
                false_em.append(script.id)
            if not result.emergency_raised and script.expect["emergency"]:
                missed_em.append(script.id)
                # asked 您现在是不是身体不舒服？ and would raise it on silence, instead of at once
                if result.log and any("emergency" in str(c.get("on_silence", "")) for c in result.log[-1].customs):
                    asked.append(script.id)
        if not result.passed:
            turn, why = result.failures[0]
            failing.append((script.id, turn, why))
        for log in result.log:
            if log.text:
                turns += 1
                if log.over_form:
                    over += 1
                    reasons[log.over_form] += 1
                for kind in filter(None, log.other_form.split(", ")):
                    others[kind] += 1
    return {"groups": {g: {"passed": p, "total": t} for g, (p, t) in sorted(groups.items())},
            "passed": sum(r.passed for r in results.values()), "total": len(results),
            "false_emergencies": false_em, "missed_emergencies": missed_em, "missed_but_asked": asked, "failing": failing,
            "bot_turns": turns, "over_spoken_form": over, "over_reasons": reasons.most_common(8), "other_form": dict(others),
            "spoken_form_check": spoken_check.SOURCE, "ran": sorted(results)}


def show(fig: dict, known: dict, seconds: float) -> None:
    print(f"\ncaller suite: {fig['passed']}/{fig['total']} scripts pass ({seconds:.0f} s)\n")
    print(f"{'group':24} {'pass':>9}  rate")
    for group, g in fig["groups"].items():
        print(f"{group:24} {g['passed']:>4}/{g['total']:<4} {100 * g['passed'] / g['total']:5.1f} %")
    sets = {k: fig["groups"].get(k, {"total": 0}) for k in ("emergency_set_true", "emergency_set_false")}
    print(f"\nfalse emergencies: {len(fig['false_emergencies'])} "
          f"(of which {sum(1 for i in fig['false_emergencies'] if i.startswith('emergency_set_false'))}"
          f" in the {sets['emergency_set_false']['total']}-utterance non-emergency set)")
    print(f"missed emergencies: {len(fig['missed_emergencies'])} "
          f"(of which {sum(1 for i in fig['missed_emergencies'] if i.startswith('emergency_set_true'))}"
          f" in the {sets['emergency_set_true']['total']}-utterance emergency set; "
          f"{len(fig['missed_but_asked'])} of them asked 是不是不舒服 and would raise it only on silence or a yes)")
    print(f"assistant turns over the spoken-form limits: {fig['over_spoken_form']} of {fig['bot_turns']} "
          f"[{fig['spoken_form_check']}]")
    for reason, n in fig["over_reasons"]:
        print(f"    {n:4}  {reason}")
    if fig["other_form"]:
        print("  other spoken-form problems (turns): " + ", ".join(f"{k} {n}" for k, n in fig["other_form"].items()))
    print(f"\nfailing scripts ({len(fig['failing'])}; * = listed in known_failures.txt):")
    for script_id, turn, why in fig["failing"]:
        print(f"  {'*' if script_id in known else ' '} {script_id:48} turn {turn:>3}: {why[:110]}")
    fixed = sorted((set(known) & set(fig["ran"])) - {f[0] for f in fig["failing"]})
    if fixed:
        print(f"\nknown failures that pass now ({len(fixed)}): {' '.join(fixed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--group", action="append", help="only these groups")
    parser.add_argument("--json", type=Path, help="write the figures and every transcript here")
    parser.add_argument("--reports", action="store_true", help="print each failing transcript")
    args = parser.parse_args()
    scripts = [s for s in load_all() if not args.group or s.group in args.group]
    done = [0]

    def progress(result) -> None:
        done[0] += 1
        print("." if result.passed else "F", end="" if done[0] % 80 else "\n", flush=True)

    with tempfile.TemporaryDirectory(prefix="caller-suite-") as var:
        with running_stack(Path(var)) as stack:
            start = time.monotonic()
            results = Suite(stack, scripts).run(workers=args.workers, progress=progress)
            seconds = time.monotonic() - start
    fig = figures(results)
    show(fig, known_failures(), seconds)
    if args.reports:
        for result in results.values():
            if not result.passed:
                print("\n" + result.report())
    if args.json:
        fig["transcripts"] = {i: [{"said": t.said, "text": t.text, "customs": t.customs, "status": t.status,
                                   "over_form": t.over_form, "other_form": t.other_form,
                                   "messages": t.messages} for t in r.log] for i, r in results.items()}
        fig["failures"] = {i: r.failures for i, r in results.items() if r.failures}
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
