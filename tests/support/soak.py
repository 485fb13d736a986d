"""Many callers at once against the production topology, faults on a schedule, then an audit.

Used by tests/scale/test_restarts.py, tests/scale/test_soak.py and bench/soak.py.
The audit compares what callers were told (order numbers, 登记号 references)
with the orders really stored in the dispatch database, traced back through
``details.caller`` (the caller's sender id) and the action servers' outboxes.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import httpx
import psycopg2

from actions.clients.outbox import reference
from assistant.deploy.production import REPLICAS, Ports, Production, outbox_instance
from services.tools.fault_proxy import FaultProxy
from tests.support.callers import KINDS, Caller, Ledger
from tests.support.stack import TOKEN

# (seconds after the start, what to do, its name for the log)
Event = Tuple[float, Callable[[], None], str]
# The dispatch faults in turn, each followed by a healthy spell so queued orders drain meanwhile.
FAULT_CYCLE = ("error_after", "pass", "slow", "pass", "refuse", "pass", "error_before", "pass")


@contextlib.contextmanager
def faulty_production(var: Path, env_overrides: Optional[Dict[str, str]] = None,
                      elders: int = 50) -> Iterator[Production]:
    """The production topology on free ports with a FaultProxy (``.proxy``) between the
    action servers and dispatch; everything stopped at the end of the block."""
    ports = Ports.free()
    proxy = FaultProxy(ports.dispatch).start()
    production = Production(var, ports, TOKEN, actions_dispatch_url=proxy.url, env_overrides=env_overrides)
    production.proxy = proxy
    try:
        production.start(elders=elders)  # cleans up after itself if it fails
        yield production
    finally:
        production.stop()
        proxy.stop()


def fault_events(proxy: FaultProxy, seconds: float, period_s: float) -> List[Event]:
    """Switch the proxy through FAULT_CYCLE every ``period_s``; healthy again before the end."""
    events: List[Event] = []
    at, i = period_s, 0
    while at < seconds - period_s:
        mode = FAULT_CYCLE[i % len(FAULT_CYCLE)]
        events.append((at, lambda mode=mode: proxy.set_mode(mode), f"dispatch {mode}"))
        at, i = at + period_s, i + 1
    events.append((max(at, seconds - period_s), lambda: proxy.set_mode("pass"), "dispatch pass"))
    return events


def run_callers(rasa_url: str, seconds: float, concurrency: int, kinds: Sequence[str] = KINDS,
                events: Sequence[Event] = (), tag: str = "soak") -> Tuple[List[Ledger], List[str]]:
    """``concurrency`` callers talk back to back for ``seconds`` while ``events`` fire; returns
    every conversation's ledger (the last ones run to their end) and a log of the events."""
    ledgers: List[Ledger] = []
    log: List[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + seconds

    def caller_loop(index: int) -> None:
        with httpx.Client() as client:
            n = index
            while time.monotonic() < stop_at:
                ledger = Caller(rasa_url, kinds[n % len(kinds)], client, tag).run()
                with lock:
                    ledgers.append(ledger)
                n += concurrency

    def fire() -> None:
        for at, action, name in sorted(events, key=lambda e: e[0]):
            time.sleep(max(0.0, start + at - time.monotonic()))
            action()
            log.append(f"{time.monotonic() - start:6.1f}s {name}")

    threads = [threading.Thread(target=caller_loop, args=(i,)) for i in range(concurrency)]
    scheduler = threading.Thread(target=fire)
    for thread in (*threads, scheduler):
        thread.start()
    for thread in (*threads, scheduler):
        thread.join()
    return ledgers, log


@dataclass
class Outboxes:
    paths: Dict[int, Path]  # outbox instance digit → its outbox file

    @classmethod
    def of(cls, production: Production) -> Outboxes:
        return cls({outbox_instance(r): production.var / f"actions-{r}" / "outbox.sqlite" for r in REPLICAS})

    def rows(self) -> List[dict]:
        rows = []
        for instance, path in self.paths.items():
            if path.exists():
                with sqlite3.connect(path) as db:
                    for seq, key, order_id, delivered, failed in db.execute(
                            "SELECT seq, idempotency_key, order_id, delivered_at, failed FROM outbox"):
                        rows.append({"reference": reference(instance, seq), "key": key, "order_id": order_id,
                                     "pending": delivered is None and failed is None, "failed": failed,
                                     "outbox": path.parent.name})
        return rows

    def drain(self, timeout_s: float = 120) -> float:
        """Wait until every queued order was delivered (or refused); returns the seconds it took."""
        start = time.monotonic()
        while any(row["pending"] for row in self.rows()):
            if time.monotonic() - start > timeout_s:
                raise AssertionError(f"outbox not drained in {timeout_s}s: "
                                     f"{[r for r in self.rows() if r['pending']]}")
            time.sleep(1)
        return time.monotonic() - start


def dispatch_orders(production: Production) -> List[dict]:
    """Every order in the dispatch database, read with SQL (not through the service under test)."""
    pg = production.postgres
    with psycopg2.connect(host=str(pg.root), port=pg.port, user="postgres", dbname="e12349") as db:
        with db.cursor() as cursor:
            cursor.execute("SELECT order_id, idempotency_key, type, details FROM orders")
            return [{"order_id": oid, "key": key, "type": kind,
                     "details": details if isinstance(details, dict) else json.loads(details)}
                    for oid, key, kind, details in cursor.fetchall()]


@dataclass
class Audit:
    conversations: int = 0
    completed: int = 0
    turns: int = 0
    apologies: int = 0  # turns answered with an apology (busy, or a service that could not answer)
    errors: int = 0  # turns with no readable answer (silence, hang, bare 5xx)
    told: int = 0  # orders callers were told about (order number or 登记号)
    told_queued: int = 0  # of those, 登记号 references from the outbox
    delivered: int = 0  # orders in dispatch that belong to a caller who was told
    duplicates: int = 0  # extra orders for the same telling
    unconfirmed: int = 0  # orders in dispatch no caller was told about
    missing: int = 0  # tellings with no order in dispatch
    mismatched: int = 0  # the number told is not the order stored (or its outbox entry)
    kinds: Counter = field(default_factory=Counter)
    problems: List[str] = field(default_factory=list)

    def table(self) -> str:
        rows = [("conversations", self.conversations), ("  completed", self.completed),
                *((f"  {k}", v) for k, v in sorted(self.kinds.items())),
                ("turns", self.turns), ("apologies heard (turn retried)", self.apologies),
                ("errors seen by callers (no answer)", self.errors),
                ("orders made (callers told a number)", self.told), ("  of which queued (outbox reference)", self.told_queued),
                ("orders delivered to dispatch", self.delivered), ("duplicates", self.duplicates),
                ("orders no caller was told about", self.unconfirmed), ("told but missing", self.missing),
                ("number told != order stored", self.mismatched)]
        return "\n".join(f"{name:40} {value:>7}" for name, value in rows)


def audit(ledgers: List[Ledger], orders: List[dict], outbox_rows: List[dict], tag: str) -> Audit:
    result = Audit(conversations=len(ledgers), completed=sum(1 for x in ledgers if x.done),
                   turns=sum(x.turns for x in ledgers), apologies=sum(x.apologies for x in ledgers),
                   errors=sum(len(x.errors) for x in ledgers), kinds=Counter(x.kind for x in ledgers))
    by_caller: Dict[str, List[dict]] = {}
    for order in orders:
        caller = str(order["details"].get("caller", ""))
        if caller.startswith(f"{tag}-"):
            by_caller.setdefault(caller, []).append(order)
    senders = {x.sender for x in ledgers}
    for caller, stored in by_caller.items():
        if caller not in senders:
            result.unconfirmed += len(stored)
            result.problems.append(f"orders of unknown caller {caller}: {[o['order_id'] for o in stored]}")
    outbox_by_key = {row["key"]: row for row in outbox_rows}
    for ledger in ledgers:
        stored = by_caller.get(ledger.sender, [])
        if ledger.errors:
            result.problems.append(f"{ledger.sender}: no answer to {ledger.errors}")
        result.told += len(ledger.told)
        result.told_queued += sum(1 for _, queued in ledger.told if queued)
        if len(stored) > len(ledger.told):
            extra = len(stored) - len(ledger.told)
            if ledger.told:
                result.duplicates += extra
            else:
                result.unconfirmed += extra
            result.problems.append(f"{ledger.sender} told {ledger.told}, stored {[o['order_id'] for o in stored]}")
        result.missing += max(0, len(ledger.told) - len(stored))
        result.delivered += min(len(stored), len(ledger.told))
        for number, queued in ledger.told:
            if not _matches(number, queued, stored, outbox_by_key):
                result.mismatched += 1
                result.problems.append(f"{ledger.sender} told {number} (queued={queued}), stored "
                                       f"{[(o['order_id'], outbox_by_key.get(o['key'])) for o in stored]}")
    return result


def _matches(number: str, queued: bool, stored: List[dict], outbox_by_key: Dict[str, dict]) -> bool:
    for order in stored:
        if not queued and order["order_id"] == number:
            return True
        row = outbox_by_key.get(order["key"])
        if queued and row and row["reference"] == number and row["order_id"] == order["order_id"]:
            return True
    return False
