"""Outbound care calls: what the scheduler costs per call, what the check-in dialogue costs per call,
and the dialler lines and machines a 10,000-elder city needs at the default cadences.

Run (services environment; the dialogue part starts its own Rasa stack on a trained model):
    PYTHONPATH=. nice -n 10 .venv/bin/python bench/bench_outbound.py [--elders 2000] [--postgres]
        [--model /tmp/care/models/12349.tar.gz] [--conversations 12]

1. Scheduler: N elders all due, an instant dialer (every call answered): plan + claim (within the
   caps) + record, per call, on SQLite (and PostgreSQL with --postgres): CPU ms and calls/minute.
2. Dialogue: the check-in as Rasa runs it (the opening payload and three answers over the REST
   channel) at 1, 4 and 8 concurrent conversations: turn p50/p95 and check-ins per minute.
3. City: the seed's risk mix over 10,000 generated elders, the default cadences and retry ladder,
   call lengths from the domain's questions at the speaking rate; lines from the call-seconds inside
   the daily windows, machines from the hotline's measured 8 calls per 2-core machine
   (README, bench/bench_calls.py: p95 ≤ 1.5 s with requests spread as real callers').
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import yaml

from services.care.clock import FakeClock
from services.care.outcomes import CallResult
from services.care.policy import DEFAULT_POLICY
from services.care.seed import risk_group
from services.care.worker import Worker
from services.common.city import TZ
from services.common.db import Database
from tests.care.support import all_due

REPO = Path(__file__).resolve().parents[1]
START = datetime(2026, 12, 8, 10, 0, tzinfo=TZ)
CALLS_PER_MACHINE = 8  # README "Phone hotline": 8 concurrent calls within p95 1.5 s on 2 cores
SPEAKING_CPM = 130  # characters a minute (DESIGN: 120–140)
ANSWER_S, RING_S, NO_ANSWER_S = 4.0, 8.0, 30.0  # an elder's answer, ringing before pick-up, a ring-out
FIRST_ANSWER_RATE = 0.7  # assumption: share of first calls answered (Japan Post/CareCalls report 60–80 %)
WINDOW_HOURS = 9.5  # call windows open 09:00–15:30 and last 3 h: calls fall between 09:00 and 18:30
PEAK = 2.0  # calls bunch at the windows' openings: lines for twice the average load


class Instant:
    def dial(self, call):
        return CallResult("answered", call.channel, {"answers": {"checkin_feeling": "好"}})


def scheduler(url: str, elders: int) -> tuple[int, float, float]:
    all_due(url, elders, START)
    db = Database(url)
    try:
        policy = replace(DEFAULT_POLICY, max_lines=50, calls_per_minute=10**6)
        worker = Worker(db, Instant(), "bench", policy, FakeClock(START))
        wall, cpu, calls = time.perf_counter(), time.process_time(), 0
        while placed := worker.tick(want=50):
            calls += placed
        return calls, time.perf_counter() - wall, time.process_time() - cpu
    finally:
        db.dispose()


def part_scheduler(args) -> float:
    print("1. scheduler (plan + claim + record per call; instant dialer)")
    urls = {"sqlite": f"sqlite:///{tempfile.mkdtemp(prefix='care-bench-')}/care.db"}
    server = None
    if args.postgres:
        from services.tools.temp_postgres import TempPostgres
        server = TempPostgres().start()
        urls["postgresql"] = server.create_database("care_bench")
    best = 0.0
    try:
        for name, url in urls.items():
            calls, wall, cpu = scheduler(url, args.elders)
            per_minute = calls / wall * 60
            best = max(best, per_minute)
            print(f"   {name:10s} {calls} calls in {wall:.1f} s: {wall / calls * 1000:.1f} ms wall, "
                  f"{cpu / calls * 1000:.1f} ms CPU (this process) per call → {per_minute:,.0f} calls/min")
    finally:
        if server:
            server.stop()
    return best


def checkin_turns(stack, name: str) -> list[float]:
    chat = stack.chat(caller_id="13800138000")
    times = []
    for text in (f'/checkin_start{{"care_job":"1","care_name":"{name}"}}', "挺好的，就是天冷不爱出门",
                 "吃过了，熬了点小米粥", "没啥要帮忙的，谢谢你们惦记"):
        started = time.perf_counter()
        chat.say(text)
        times.append(time.perf_counter() - started)
    return times


def part_dialogue(args) -> float | None:
    model = Path(args.model)
    if not model.exists():
        print(f"2. dialogue: skipped (no trained model at {model}; bin/train with E12349_RASA_MODEL)")
        return None
    from tests.support.stack import running_stack
    print(f"2. check-in dialogue through Rasa ({model})")
    best = None
    with running_stack(Path(tempfile.mkdtemp(prefix="care-bench-stack-")), elders=50, model=model) as stack:
        checkin_turns(stack, "张建国")  # warm-up
        for concurrency in (1, 4, 8):
            started = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                runs = list(pool.map(lambda i: checkin_turns(stack, "张建国"), range(args.conversations)))
            wall = time.perf_counter() - started
            turns = sorted(t for run in runs for t in run)
            p95 = turns[max(0, math.ceil(0.95 * len(turns)) - 1)]
            per_minute = len(runs) / wall * 60
            if p95 <= 1.5:
                best = per_minute
            print(f"   {concurrency} at once: turn p50 {statistics.median(turns):.2f} s, p95 {p95:.2f} s; "
                  f"{per_minute:.0f} check-ins/min (Rasa + actions + services on this machine)")
    return best


def call_seconds() -> tuple[float, float]:
    """(answered check-in, answered 回访) in seconds: the questions said at the speaking rate, the answers."""
    responses = yaml.safe_load((REPO / "assistant/domain/checkin.yml").read_text(encoding="utf-8"))["responses"]

    def said(*names: str) -> float:
        return sum(len(responses[n][-1]["text"]) for n in names) / SPEAKING_CPM * 60

    checkin = said("utter_checkin_hello", "utter_ask_checkin_feeling", "utter_ask_checkin_eaten",
                   "utter_ask_checkin_need", "utter_checkin_bye") + 3 * ANSWER_S + RING_S
    followup = said("utter_followup_hello", "utter_ask_followup_delivered", "utter_ask_followup_score",
                    "utter_followup_thanks") + 2 * ANSWER_S + RING_S
    return checkin, followup


def part_city(args, scheduler_per_minute: float, dialogue_per_minute: float | None) -> None:
    from services.seed import generate
    elders = generate.build(args.city, 12349, "武汉市", set()).elders
    mix = Counter(risk_group(e, date(2026, 12, 1)) for e in elders)
    weekly_checkins = sum(n * 7 / DEFAULT_POLICY.cadence(group).days for group, n in mix.items())
    # the ladder: unanswered calls are retried up to max_attempts times
    p_miss = 1 - FIRST_ANSWER_RATE
    attempts = sum(p_miss ** k for k in range(DEFAULT_POLICY.max_attempts))
    answered_share = 1 - p_miss ** DEFAULT_POLICY.max_attempts
    checkin_s, followup_s = call_seconds()
    followups_per_week = args.orders_per_week
    per_day = (weekly_checkins * attempts + followups_per_week) / 7
    seconds_per_day = (weekly_checkins * (answered_share * checkin_s + (attempts - answered_share) * NO_ANSWER_S)
                       + followups_per_week * followup_s) / 7
    lines = math.ceil(seconds_per_day / (WINDOW_HOURS * 3600) * PEAK)
    machines = math.ceil(lines / CALLS_PER_MACHINE)
    print(f"3. a {args.city:,}-elder city at the default cadences")
    print("   risk mix: " + ", ".join(f"{g} {n:,}" for g, n in mix.most_common()))
    print(f"   check-ins {weekly_checkins:,.0f}/week; {attempts:.2f} calls each (first answer {FIRST_ANSWER_RATE:.0%}, "
          f"{DEFAULT_POLICY.max_attempts} attempts) + {followups_per_week:,} 回访/week → {per_day:,.0f} calls/day")
    print(f"   call length: check-in {checkin_s:.0f} s, 回访 {followup_s:.0f} s, ring-out {NO_ANSWER_S:.0f} s "
          f"→ {seconds_per_day / 3600:,.1f} line-hours/day in {WINDOW_HOURS} h of windows")
    voice_bound = CALLS_PER_MACHINE * 60 / checkin_s
    dialogue = f", the dialogue alone {dialogue_per_minute:.0f}/min within p95 1.5 s" if dialogue_per_minute else ""
    print(f"   sustained per 2-core machine: {voice_bound:.1f} answered check-ins/min ({CALLS_PER_MACHINE} lines × "
          f"{checkin_s:.0f} s calls; scheduler {scheduler_per_minute:,.0f}/min{dialogue})")
    print(f"   lines: {lines} (×{PEAK} for calls bunching at window openings); machines: {machines} "
          f"(2 cores, {CALLS_PER_MACHINE} calls each); scheduler: {per_day / max(scheduler_per_minute, 1):.1f} "
          f"minutes of one worker a day")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elders", type=int, default=2000, help="elders in the scheduler run")
    parser.add_argument("--postgres", action="store_true", help="also measure the scheduler on PostgreSQL")
    parser.add_argument("--model", default="/tmp/care/models/12349.tar.gz", help="trained Rasa model for part 2")
    parser.add_argument("--conversations", type=int, default=12, help="check-ins per concurrency level")
    parser.add_argument("--city", type=int, default=10_000, help="elders in the city computation")
    parser.add_argument("--orders-per-week", type=int, default=700, help="done service orders a week (回访)")
    args = parser.parse_args(argv)
    per_minute = part_scheduler(args)
    part_city(args, per_minute, part_dialogue(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
