"""Canary for assistant/deploy/stores.py, the one adapter for Rasa's tracker and lock stores: fails
loudly when an upgrade changes the Rasa behaviour it works around or the internals it uses."""
from __future__ import annotations

import asyncio
import importlib.metadata
import inspect
import socket

import pytest

pytest.importorskip("rasa")
pytest.importorskip("sqlalchemy")
from rasa.core.agent import Agent  # noqa: E402
from rasa.core.lock_store import LockError, LockStore, RedisLockStore  # noqa: E402
from rasa.shared.core.events import ActionExecuted  # noqa: E402
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from redis.exceptions import ConnectionError as RedisConnectionError  # noqa: E402

from assistant.deploy import stores  # noqa: E402

pytestmark = pytest.mark.fast


class Down(InMemoryTrackerStore):
    """A primary store whose database is away: every call fails with ``error``."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(Domain.empty())
        self.error = error

    async def retrieve(self, sender_id):
        raise self.error

    async def retrieve_full_tracker(self, sender_id):
        raise self.error

    async def save(self, tracker):
        raise self.error


def test_installed_rasa_is_the_version_the_adapter_was_written_for():
    assert importlib.metadata.version("rasa") == stores.RASA_PINNED


def test_agent_still_wraps_every_tracker_store_in_the_fail_safe_store():
    # the reason for StoreUnavailable: if Rasa stops wrapping, an ordinary Exception would do
    assert isinstance(Agent._create_tracker_store(InMemoryTrackerStore(Domain.empty()), Domain.empty()),
                      FailSafeTrackerStore)


def test_fail_safe_store_still_turns_a_failed_retrieve_into_a_new_conversation():
    safe = FailSafeTrackerStore(Down(RuntimeError("database away")))
    assert asyncio.run(safe.retrieve("elder")) is None


def test_store_unavailable_passes_through_the_fail_safe_store():
    safe = FailSafeTrackerStore(Down(stores.StoreUnavailable("database away")))
    tracker = DialogueStateTracker("elder", slots=[])
    for call in (safe.retrieve("elder"), safe.retrieve_full_tracker("elder"), safe.save(tracker)):
        with pytest.raises(stores.StoreUnavailable):
            asyncio.run(call)


def test_lock_store_still_wraps_a_refused_redis_connection_in_lock_error():
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = RedisLockStore(host="127.0.0.1", port=port, socket_timeout=1.0)
    with pytest.raises(LockError) as raised:
        store.issue_ticket("elder")
    assert isinstance(raised.value.__context__, RedisConnectionError)  # what _ticket_and_lock unwraps


def test_lock_store_internals_the_adapter_calls_are_unchanged():
    assert inspect.iscoroutinefunction(LockStore._acquire_lock)
    assert list(inspect.signature(LockStore._acquire_lock).parameters) == [
        "self", "conversation_id", "ticket", "wait_time_in_seconds"]
    assert list(inspect.signature(LockStore.cleanup).parameters) == ["self", "conversation_id", "ticket_number"]


def test_resilient_sql_store_pings_pooled_connections(tmp_path):
    store = stores.ResilientSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    assert store.engine.pool._pre_ping
    asyncio.run(store.save(DialogueStateTracker.from_events("elder", [ActionExecuted("action_listen")])))
    assert asyncio.run(store.retrieve("elder")).latest_action_name == "action_listen"
