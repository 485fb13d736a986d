"""Training time of the Rasa model from a clean start (bin/train --force).

Run: .venv-rasa/bin/python bench/bench_train.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    start = time.perf_counter()
    subprocess.run([str(REPO / "bin" / "train"), "--force"], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    print(f"training time: {elapsed:.0f} s on {os.cpu_count()} cores (goal: under 600 s)")
    sys.exit(0 if elapsed < 600 else 1)


if __name__ == "__main__":
    main()
