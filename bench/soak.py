"""Soak: callers of every kind for N minutes while dispatch misbehaves in turn, then the counts.

The production topology (two Rasa, two action servers, nginx, PostgreSQL, Redis) on free
loopback ports, with services/tools/fault_proxy.FaultProxy between the action servers
and dispatch cycling through: 500 after committing, slow (beyond the client timeout),
connection refused, 500 before committing, each followed by a healthy spell. With
``--restarts``, Redis and PostgreSQL are also restarted once each. At the end the
outboxes are drained and every order a caller was told about is looked up in the
dispatch database (tests/support/soak.audit). Exit status 1 if any order was lost,
doubled or unaccounted for, or any turn went unanswered.

Run: PYTHONPATH=. .venv-rasa/bin/python bench/soak.py --minutes 10 --callers 8
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.support.soak import Outboxes, audit, dispatch_orders, fault_events, faulty_production, run_callers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--callers", type=int, default=8)
    parser.add_argument("--period", type=float, default=20, help="seconds each dispatch fault mode lasts")
    parser.add_argument("--restarts", action="store_true", help="also restart Redis and PostgreSQL once each")
    args = parser.parse_args()
    seconds, tag = args.minutes * 60, "soak-bench"

    with tempfile.TemporaryDirectory(prefix="e12349-soak-") as var, faulty_production(Path(var)) as production:
        events = fault_events(production.proxy, seconds, args.period)
        if args.restarts:
            for at, name in ((seconds / 3, "redis"), (2 * seconds / 3, "postgres")):
                events += [(at + 3, lambda n=name: production.take_down(n), f"{name} down"),
                           (at + 9, lambda n=name: production.bring_up(n), f"{name} up")]
        started = time.monotonic()
        ledgers, log = run_callers(f"http://127.0.0.1:{production.ports.rasa_lb}", seconds, args.callers,
                                   events=events, tag=tag)
        talked_s = time.monotonic() - started
        drain_s = Outboxes.of(production).drain(timeout_s=300)
        result = audit(ledgers, dispatch_orders(production), Outboxes.of(production).rows(), tag)

    print(f"soak: {args.minutes:g} min, {args.callers} concurrent callers, fault period {args.period:g} s"
          f"{', Redis and PostgreSQL restarted' if args.restarts else ''}")
    print("events: " + "; ".join(line.strip() for line in log))
    print(f"requests met by the fault proxy: {dict(production.proxy.seen)}")
    print(f"talked {talked_s:.0f} s ({result.turns / talked_s:.1f} turns/s); outbox drained {drain_s:.0f} s later")
    print(result.table())
    for problem in result.problems[:20]:
        print("problem:", problem)
    bad = result.errors or result.duplicates or result.unconfirmed or result.missing or result.mismatched
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
