"""Redis and PostgreSQL restarted while callers talk (production topology, tests/scale/conftest.py).

What a caller must notice at most: a slower answer or the busy apology, after
which saying it again works. Never silence, never a lost or doubled order, and
no Rasa restart needed afterwards.
"""
from __future__ import annotations

import time

import pytest

from tests.support.callers import KINDS
from tests.support.soak import Outboxes, audit, dispatch_orders, run_callers

CALLERS = 8
DOWN_S = 6  # longer than the stores' wait in these tests (conftest.STORE_WAIT_S)


def restart_under_load(production, name: str, tag: str):
    """8 callers for ~25 s; ``name`` goes down at 5 s and comes back DOWN_S later."""
    marks = {}

    def down():
        production.take_down(name)
        marks["down"] = time.monotonic()

    def up():
        production.bring_up(name)
        marks["up"] = time.monotonic()

    ledgers, log = run_callers(f"http://127.0.0.1:{production.ports.rasa_lb}", seconds=25, concurrency=CALLERS,
                               kinds=KINDS, events=[(5, down, f"{name} down"), (5 + DOWN_S, up, f"{name} up")],
                               tag=tag)
    Outboxes.of(production).drain()
    result = audit(ledgers, dispatch_orders(production), Outboxes.of(production).rows(), tag)
    print(f"\n{name} restart: {log}\n{result.table()}")
    return ledgers, marks, result


@pytest.mark.parametrize("name", ["redis", "postgres"])
def test_restart_under_load_costs_callers_at_most_an_apology(faulty_production, name):
    ledgers, marks, result = restart_under_load(faulty_production, name, tag=f"restart-{name}")
    # Every turn was answered: the normal answer, or an apology the caller could act on
    # (the outage outlasts the stores' wait, so some turns met it).
    assert result.errors == 0, result.problems
    assert result.apologies > 0
    # The restart really met callers mid-conversation...
    straddling = [x for x in ledgers if x.started < marks["down"] and x.ended > marks["up"]]
    assert straddling, "no conversation spanned the restart"
    # ...and afterwards old and new conversations finished, with the same Rasa processes.
    assert all(x.done for x in ledgers), [x for x in ledgers if not x.done]
    assert [x for x in ledgers if x.started > marks["up"]], "no conversation started after the restart"
    # Orders: each one a caller heard about exists exactly once, and no other.
    assert result.told > 0
    assert (result.duplicates, result.unconfirmed, result.missing, result.mismatched) == (0, 0, 0, 0), result.problems
