"""Load: whole conversations through the REST channel, with think times, at rising concurrency.

Each worker plays weighted conversations (meal booking, policy question, elder-card
application, meal cancellation, emergency) one after another, pausing between turns
as a caller would; every reply is checked, so a conversation that takes a wrong path
counts as an error and stops there. Per topology and concurrency it prints turn latency
p50/p95/p99, throughput and errors, and plots p50/p95 against concurrency.

  single: one Rasa + one action server (tests/support/stack.running_stack, SQLite)
  double: two Rasa + two action servers behind nginx, PostgreSQL and Redis
          (assistant/deploy/production.Production on free ports; needs postgresql,
          redis-server, nginx)

Run: PYTHONPATH=. .venv-rasa/bin/python bench/bench_load.py --topology both --concurrency 1,10,50
"""
from __future__ import annotations

import argparse
import contextlib
import random
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.deploy.production import Ports, Production
from assistant.rasa_client import RasaClient, RasaUnavailable
from tests.support.stack import (
    HOTLINE_SECRET,
    SPEAKER_SECRETS,
    TOKEN,
    WIDGET_SECRET,
    Chat,
    running_stack,
)

SPEAKER = {"channel": "speaker", "device_id": "speaker-0001"}
WIDGET = {"channel": "widget", "login": "demo"}


@dataclass(frozen=True)
class Turn:
    text: str
    expect: tuple[str, ...] = ("",)  # the reply must contain one of these
    ends_if: str | None = None    # a reply with this is a legitimate end of the conversation


# name -> (weight, metadata, turns). Identified channels, so no identity questions come up.
CONVERSATIONS = {
    "meal booking": (4, SPEAKER, [Turn("我想订明天的午饭", ("几份",)), Turn("两份", ("送到家",)),
                                  Turn("送到家里", ("要求",)), Turn("低盐的", ("对吗",)), Turn("对", ("订单号",))]),
    "policy question": (3, WIDGET, [Turn("老年证办理需要什么条件", ("老年证",))]),
    "elder card": (2, WIDGET, [Turn("办老年证", ("名字",)), Turn("王秀英", ("身份证",)),
                               Turn("四二零一零二一九五零零三零四一二三八", ("哪个区",)), Turn("江岸区", ("电话",)),
                               Turn("幺三九零零一二六七八九", ("对吗",)), Turn("对", ("申请编号",))]),
    # Nothing to cancel is a right answer too (no meal booked yet); two callers cancelling
    # the same order at once get "取消不了" for the second, also right.
    "cancellation": (2, SPEAKER, [Turn("明天的饭不要了帮我取消", ("要取消", "不用取消"), ends_if="不用取消"),
                                  Turn("对", ("取消",))]),
    "emergency": (1, SPEAKER, [Turn("我摔倒了起不来", ("120",))]),
}


class LoadChat(Chat):
    """Chat over one shared keep-alive RasaClient: a client per call would build an SSL
    context (~30 ms of CPU) each time, which on two cores would load the server's CPU."""

    client: RasaClient = None  # set by main, per stack

    def say(self, text: str) -> str:
        self.last = self.client.send(self.sender, text, self.metadata).messages
        return self.text


def shared_client(url: str, connections: int) -> RasaClient:
    """One pool for every worker, signing the claims as the test stack's gateways and speaker would
    (the production topology holds no identity keys: its conversations stay anonymous)."""
    secrets = {"caller_id": HOTLINE_SECRET, "login": WIDGET_SECRET, "device_id": SPEAKER_SECRETS[SPEAKER["device_id"]]}
    pool = httpx.HTTPTransport(limits=httpx.Limits(max_connections=connections))  # no worker waits for one
    return RasaClient(url, timeout_s=60, secrets=secrets, transport=pool)


@dataclass
class Level:
    topology: str
    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    turns: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def play(rasa_url: str, name: str, level: Level | None, think_s: tuple[float, float], rng: random.Random) -> None:
    _, metadata, turns = CONVERSATIONS[name]
    chat = LoadChat(rasa_url, f"load-{rng.getrandbits(48):012x}", dict(metadata))
    for i, turn in enumerate(turns):
        if i:
            time.sleep(rng.uniform(*think_s))  # the caller listens, then answers
        start = time.perf_counter()
        try:
            reply = chat.say(turn.text)
            problem = None if any(e in reply for e in turn.expect) else f"{name}: {turn.text} -> {reply[:80]!r}"
        except RasaUnavailable as exc:
            problem, reply = f"{name}: {turn.text} -> {type(exc).__name__} {exc}", ""
        elapsed = (time.perf_counter() - start) * 1000
        if level is None:  # warm-up
            if problem:
                raise RuntimeError(f"warm-up failed, the stack is not answering right: {problem}")
        else:
            with level.lock:
                level.turns += 1
                if problem:
                    level.errors.append(problem)
                else:
                    level.latencies_ms.append(elapsed)
        if problem or (turn.ends_if and turn.ends_if in reply):
            return  # a wrong path cannot be continued meaningfully


def run_level(rasa_url: str, level: Level, conversations: int, max_s: float, think_s, seed: int) -> Level:
    names = list(CONVERSATIONS)
    weights = [CONVERSATIONS[n][0] for n in names]
    todo = iter(random.Random(seed).choices(names, weights, k=conversations))
    todo_lock = threading.Lock()
    deadline = time.monotonic() + max_s

    def worker(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        time.sleep(rng.uniform(0, think_s[1]))  # callers do not all ring in the same millisecond
        while time.monotonic() < deadline:  # the time bound: no new conversation after it
            with todo_lock:
                name = next(todo, None)
            if name is None:
                return
            play(rasa_url, name, level, think_s, rng)

    start = time.perf_counter()
    with ThreadPoolExecutor(level.concurrency) as pool:
        list(pool.map(worker, range(level.concurrency)))
    level.seconds = time.perf_counter() - start
    return level


@contextlib.contextmanager
def topology(name: str, tmp: Path) -> Iterator[str]:
    """Yield the REST base URL of a running stack of the given shape."""
    if name == "single":
        with running_stack(tmp) as stack:
            yield stack.url("rasa")
    else:
        production = Production(tmp, Ports.free(), TOKEN)
        production.start(elders=200)  # stops what it started if it fails
        try:
            yield f"http://127.0.0.1:{production.ports.rasa_lb}"
        finally:
            production.stop()


def print_row(level: Level) -> None:
    rate = level.turns / level.seconds if level.seconds else 0.0
    print(f"{level.topology:<8}{level.concurrency:>6}{level.turns:>7}{level.pct(.5):>9.0f}{level.pct(.95):>9.0f}"
          f"{level.pct(.99):>9.0f}{rate:>9.1f}{len(level.errors):>8}", flush=True)


def plot(levels: list[Level], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")  # no display on the bench machine
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for i, topo in enumerate(dict.fromkeys(lv.topology for lv in levels)):
        mine = [lv for lv in levels if lv.topology == topo]
        xs = [lv.concurrency for lv in mine]
        color = f"C{i}"
        ax.plot(xs, [lv.pct(.5) for lv in mine], "o-", color=color, label=f"{topo} p50")
        ax.plot(xs, [lv.pct(.95) for lv in mine], "s--", color=color, label=f"{topo} p95")
    ax.set_xlabel("concurrent conversations")
    ax.set_ylabel("turn latency (ms)")
    ax.set_title("12349 REST turn latency under load")
    ax.grid(True, alpha=0.3)
    ax.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, bbox_inches="tight")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topology", choices=("single", "double", "both"), default="single")
    parser.add_argument("--concurrency", default="1,10,50,100", help="comma-separated levels")
    parser.add_argument("--conversations-per-level", type=int, default=100)
    parser.add_argument("--max-seconds-per-level", type=float, default=90,
                        help="no new conversation starts after this; running ones finish")
    parser.add_argument("--think", default="0.2,0.5", help="think time between turns, min,max seconds")
    parser.add_argument("--seed", type=int, default=12349)
    parser.add_argument("--plot", type=Path, default=REPO / "bench" / "out" / "load.png")
    args = parser.parse_args()
    levels_wanted = [int(c) for c in args.concurrency.split(",")]
    think_s = tuple(float(t) for t in args.think.split(","))
    topologies = ("single", "double") if args.topology == "both" else (args.topology,)

    levels: list[Level] = []
    print(f"{'topology':<8}{'conc.':>6}{'turns':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'turns/s':>9}{'errors':>8}")
    for topo in topologies:
        with tempfile.TemporaryDirectory(prefix=f"bench-load-{topo}-") as tmp, topology(topo, Path(tmp)) as url:
            # One shared pool, large enough that no worker waits for a connection.
            LoadChat.client = shared_client(url, max(levels_wanted) + 10)
            try:
                warm_rng = random.Random(0)
                for name in CONVERSATIONS:  # warm-up, unmeasured: model graphs, connections, policy index
                    play(url, name, None, (0, 0), warm_rng)
                for concurrency in levels_wanted:
                    level = run_level(url, Level(topo, concurrency), args.conversations_per_level,
                                      args.max_seconds_per_level, think_s, args.seed + concurrency)
                    levels.append(level)
                    print_row(level)
                    for problem in level.errors[:3]:
                        print(f"    error: {problem}", file=sys.stderr)
            finally:
                LoadChat.client.close()
    plot(levels, args.plot)
    print(f"plot: {args.plot}")


if __name__ == "__main__":
    main()
