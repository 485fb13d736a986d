"""Text-turn latency through the REST channel.

A turn that runs a custom action (a policy answer from the knowledge base)
beside a bare rule turn (a greeting: no action server, no services), both
measured in the same run, sequentially and with 20 concurrent conversations.

Run: PYTHONPATH=. .venv-rasa/bin/python bench/bench_turns.py [--turns 40]

Two configurations (pipeline/policies) compared in one run: each is trained into its
own scratch model under --out (bin/train with E12349_RASA_CONFIG) unless already there
(--retrain: bin/train decides, retraining when any input changed),
both stacks run side by side and are measured in alternating rounds, so load from
elsewhere on the machine falls on both alike; the ratio is second / first.

    .venv-rasa/bin/python bench/bench_turns.py --compare before=/tmp/config/before/config.yml \
        after=assistant/config.yml --out /tmp/config
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.stack import REPO, Stack, running_stack  # noqa: E402

TURNS = {
    "rule turn (greet)": "你好",
    "custom action (policy answer)": "老年证办理需要什么条件",
    "custom action (allowance, services)": "查一下我的补贴",
}


_local = threading.local()


def timed_turn(stack: Stack, text: str) -> float:
    """One turn in this thread's own conversation with ``stack`` (its session already started)."""
    chats = _local.__dict__.setdefault("chats", {})
    chat = chats.get(id(stack))
    if chat is None:
        chat = chats[id(stack)] = stack.chat(channel="widget", login="demo")
        chat.say("你好")  # session start (caller lookup) is not part of the measured turn
    start = time.perf_counter()
    reply = chat.say(text)
    elapsed = (time.perf_counter() - start) * 1000
    if not reply:
        raise RuntimeError(f"no reply to {text} from {stack.model}")
    return elapsed


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def train(config: Path, model: Path) -> None:
    """bin/train for ``config`` into ``model`` (nothing to do when the model is current)."""
    env = {**os.environ, "E12349_RASA_CONFIG": str(config.resolve()), "E12349_RASA_MODEL": str(model)}
    start = time.perf_counter()
    done = subprocess.run([str(REPO / "bin" / "train")], cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"training {config} failed:\n{done.stderr[-2000:]}")
    if "model is current" not in done.stderr:
        print(f"trained {model} from {config} in {time.perf_counter() - start:.0f} s", file=sys.stderr)


def compare(configs: list[str], out: Path, turns: int, retrain: bool, rounds: int = 4) -> None:
    labelled = [item.partition("=")[::2] for item in configs]
    models = {label: out / label / "12349.tar.gz" for label, _ in labelled}
    for label, config in labelled:
        if retrain or not models[label].exists():
            train(Path(config), models[label])
    with contextlib.ExitStack() as running:
        stacks = {label: running.enter_context(running_stack(Path(running.enter_context(
            tempfile.TemporaryDirectory())), model=model)) for label, model in models.items()}
        samples = {(label, text): [] for label in stacks for text in TURNS.values()}
        for stack in stacks.values():
            for text in TURNS.values():  # warm-up: model graphs, connections, index
                timed_turn(stack, text)
        for _ in range(rounds):  # alternate, so drift in machine load falls on every configuration
            for label, stack in stacks.items():
                for text in TURNS.values():
                    samples[(label, text)] += [timed_turn(stack, text) for _ in range(turns // rounds)]
    first, second = (label for label, _ in labelled)
    print(f"{'turn':<38}{'config':<10}{'p50 ms':>9}{'p95 ms':>9}")
    for name, text in TURNS.items():
        for label in (first, second):
            p50, p95 = percentiles(samples[(label, text)])
            print(f"{name:<38}{label:<10}{p50:>9.0f}{p95:>9.0f}")
        (a50, a95), (b50, b95) = percentiles(samples[(first, text)]), percentiles(samples[(second, text)])
        print(f"{'':<38}{second + '/' + first:<10}{b50 / a50:>8.2f}x{b95 / a95:>8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--compare", nargs=2, metavar="LABEL=CONFIG", help="two config files to measure side by side")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "bench_turns",
                        help="where --compare trains its scratch models")
    parser.add_argument("--retrain", action="store_true", help="--compare: retrain models whose inputs changed")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args.out, args.turns, args.retrain)
        return
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
