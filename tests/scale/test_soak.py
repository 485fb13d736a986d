"""A bounded soak: callers of every kind talk while dispatch is, in turn, answering 500
after committing, too slow, refusing connections and answering 500 before committing.

Afterwards, with the action servers' outboxes drained: every order a caller was told
about (order number or 登记号) is in the dispatch database exactly once, there is no
order nobody was told about, and every turn was answered. bench/soak.py runs the
same for longer and prints the counts.
"""
from __future__ import annotations

from tests.support.soak import Outboxes, audit, dispatch_orders, fault_events, run_callers

SECONDS = 100
CALLERS = 6
PERIOD_S = 10  # each fault mode lasts this long, then the next


def test_soak_with_dispatch_faults_delivers_every_told_order_exactly_once(faulty_production):
    proxy = faulty_production.proxy
    tag = "soak-test"
    ledgers, log = run_callers(f"http://127.0.0.1:{faulty_production.ports.rasa_lb}", seconds=SECONDS,
                               concurrency=CALLERS, events=fault_events(proxy, SECONDS, PERIOD_S), tag=tag)
    drain_s = Outboxes.of(faulty_production).drain()
    result = audit(ledgers, dispatch_orders(faulty_production), Outboxes.of(faulty_production).rows(), tag)
    print(f"\nsoak: {log}\nproxy saw {dict(proxy.seen)}; outbox drained in {drain_s:.0f}s\n{result.table()}")

    assert result.errors == 0, result.problems  # every turn answered
    # each fault met real requests (refused connections never reach the proxy)
    assert all(proxy.seen[mode] for mode in ("error_after", "slow", "error_before")), proxy.seen
    assert result.told_queued > 0, "no order went through the outbox: the faults did not bite"
    assert (result.duplicates, result.unconfirmed, result.missing, result.mismatched) == (0, 0, 0, 0), result.problems
    assert result.delivered == result.told
    assert result.completed == result.conversations, [x for x in ledgers if not x.done]
