"""Training time of the Rasa model from a clean start (bin/train --force), in total and per component.

The per-component figures come from Rasa's own log, so they hold under load from elsewhere better
than the total does (a policy's share is visible even when the machine is busy).

Run: .venv-rasa/bin/python bench/bench_train.py [--config assistant/config.yml] [--model /tmp/x/12349.tar.gz]
(without --model it trains the model in use, models/12349.tar.gz, or E12349_RASA_MODEL)
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STEP = re.compile(r"^(\S+ \S+) .*(Starting to train|Finished training) component '([^']+)'")


def component_seconds(log: str) -> dict[str, float]:
    """Seconds per component (second resolution: Rasa's log timestamps); repeated names add up."""
    started: dict[str, datetime] = {}
    seconds: dict[str, float] = defaultdict(float)
    for line in log.splitlines():
        match = STEP.search(re.sub(r"\x1b\[[0-9;]*m", "", line))
        if match:
            at, what, name = datetime.fromisoformat(match[1]), match[2], match[3]
            if what.startswith("Starting"):
                started[name] = at
            elif name in started:
                seconds[name] += (at - started.pop(name)).total_seconds()
    return dict(seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", type=Path, help="pipeline/policy file (E12349_RASA_CONFIG)")
    parser.add_argument("--model", type=Path, help="where to train (E12349_RASA_MODEL)")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.config:
        env["E12349_RASA_CONFIG"] = str(args.config.resolve())
    if args.model:
        env["E12349_RASA_MODEL"] = str(args.model)
    start = time.perf_counter()
    done = subprocess.run([str(REPO / "bin" / "train"), "--force"], cwd=REPO, env=env, check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    for name, seconds in sorted(component_seconds(done.stdout).items(), key=lambda item: -item[1]):
        print(f"  {name:<32}{seconds:>6.0f} s")
    print(f"training time: {elapsed:.0f} s on {os.cpu_count()} cores (goal: under 600 s)")
    sys.exit(0 if elapsed < 600 else 1)


if __name__ == "__main__":
    main()
