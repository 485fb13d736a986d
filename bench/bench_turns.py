"""Text-turn latency through the REST channel.

A turn that runs a custom action (a policy answer from the knowledge base)
beside a bare rule turn (a greeting: no action server, no services), both
measured in the same run, sequentially and with 20 concurrent conversations.

Run: PYTHONPATH=. .venv-rasa/bin/python bench/bench_turns.py [--turns 40]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.stack import Stack, running_stack  # noqa: E402

TURNS = {
    "rule turn (greet)": "你好",
    "custom action (policy answer)": "老年证办理需要什么条件",
    "custom action (allowance, services)": "查一下我的补贴",
}


_local = threading.local()


def timed_turn(stack: Stack, text: str) -> float:
    """One turn in this thread's own conversation (its session already started)."""
    chat = getattr(_local, "chat", None)
    if chat is None:
        chat = _local.chat = stack.chat(channel="widget", login="demo")
        chat.say("你好")  # session start (caller lookup) is not part of the measured turn
    start = time.perf_counter()
    reply = chat.say(text)
    elapsed = (time.perf_counter() - start) * 1000
    if not reply:
        raise RuntimeError(f"no reply to {text}")
    return elapsed


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp)) as stack:
        for text in TURNS.values():  # warm-up: model graphs, connections, index
            timed_turn(stack, text)
        print(f"{'turn':<38}{'mode':<14}{'p50 ms':>9}{'p95 ms':>9}{'vs rule p50':>13}")
        for mode, workers in (("sequential", 1), (f"{args.concurrency} conc.", args.concurrency)):
            base = None
            for label, text in TURNS.items():
                with ThreadPoolExecutor(workers) as pool:
                    samples = list(pool.map(lambda _: timed_turn(stack, text), range(args.turns)))
                p50, p95 = percentiles(samples)
                base = base or p50
                print(f"{label:<38}{mode:<14}{p50:>9.0f}{p95:>9.0f}{p50 / base:>12.2f}x")


if __name__ == "__main__":
    main()
