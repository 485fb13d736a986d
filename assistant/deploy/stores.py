"""Rasa's SQL tracker store and Redis lock store, made to ride out a database restart.

What stock Rasa 3.6 does when the databases go away (read from rasa/core):
- The agent wraps every tracker store in ``FailSafeTrackerStore``: a failed
  ``retrieve`` is logged and answered with ``None``, so the turn goes on in a
  *new, empty* conversation (a caller mid-booking is suddenly a stranger), and
  a failed ``save`` lands in a process-local in-memory store the other
  instance never sees.
- Pooled PostgreSQL connections die with the server and are handed out again
  (no pre-ping), so the first turns after a restart fail too.
- The Redis lock store raises on the first refused connection; the REST
  channel swallows the error and answers ``[]``: silence.

Here the stores wait a bounded time for their database (asynchronously, so
other conversations go on) and, if it stays away, raise ``StoreUnavailable``.
That is a BaseException on purpose: ``FailSafeTrackerStore`` catches every
``Exception`` and would carry on with an empty conversation. The production
REST channel (assistant/deploy/rest_channel.py) turns it into a spoken apology.

The one adapter for Rasa's stores, written against RASA_PINNED (actions/requirements.txt);
tests/canary/rasa/test_rasa_stores.py fails loudly when an upgrade changes the fail-safe
wrapping worked around here or the lock store internals used below.
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Awaitable, Callable, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from assistant.settings import settings

log = logging.getLogger(__name__)
RASA_PINNED = "3.6.21"
T = TypeVar("T")
RETRY_STEP_S = 0.5
# Errors that mean "the database is not there right now", not "this request is wrong".
SQL_DOWN = (sa.exc.OperationalError, sa.exc.InterfaceError)
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


class StoreUnavailable(BaseException):
    """A conversation store stayed unreachable for the whole wait; nothing was lost or half-done."""


async def _waiting(what: str, attempt: Callable[[], Awaitable[T]], down: tuple, wait_s: float) -> T:
    """Run ``attempt`` until it stops failing with ``down`` errors or ``wait_s`` runs out."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return await attempt()
        except down as error:
            if time.monotonic() >= deadline:
                log.error("%s: store still unavailable after %.0f s: %s", what, wait_s, error)
                raise StoreUnavailable(what) from error
            log.warning("%s: store unavailable, retrying: %s", what, type(error).__name__)
            await asyncio.sleep(RETRY_STEP_S)


class ResilientSQLTrackerStore(SQLTrackerStore):
    """endpoints: ``type: assistant.deploy.stores.ResilientSQLTrackerStore`` with the SQL store's keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # pre-ping: a pooled connection that died with the server is replaced, not used.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        # Nothing has happened yet in this turn: a short wait, then an apology is safe.
        return await _waiting(f"retrieve {sender_id}", lambda: super(ResilientSQLTrackerStore, self).retrieve(
            sender_id), SQL_DOWN, settings.store_wait_s)

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        return await _waiting(f"retrieve {conversation_id}", lambda: super(
            ResilientSQLTrackerStore, self).retrieve_full_tracker(conversation_id), SQL_DOWN, settings.store_wait_s)

    async def save(self, tracker: DialogueStateTracker) -> None:
        # The turn's actions have run (an order may exist): wait longer rather than
        # forget the turn and let the caller confirm the same booking again.
        await _waiting(f"save {tracker.sender_id}", lambda: super(ResilientSQLTrackerStore, self).save(tracker),
                       SQL_DOWN, settings.store_save_wait_s)


class ResilientRedisLockStore(RedisLockStore):
    """endpoints: ``type: assistant.deploy.stores.ResilientRedisLockStore`` with the redis store's keys."""

    def __init__(self, endpoint_config: Any) -> None:
        # A short socket timeout: redis-py is blocking, a hung server must not stall the event loop long.
        kwargs = {"socket_timeout": 2.0, **endpoint_config.kwargs}
        super().__init__(host=endpoint_config.url or "localhost", **kwargs)

    async def _ticket_and_lock(self, conversation_id: Text, lock_lifetime: float,
                               wait_time_in_seconds: float) -> tuple[int, TicketLock]:
        issued: list[int] = []

        async def attempt() -> tuple[int, TicketLock]:
            while issued:  # the ticket of a failed attempt would make this one wait behind it
                self._forget(conversation_id, issued.pop())
            try:
                ticket = self.issue_ticket(conversation_id, lock_lifetime)
            except LockError as error:  # issue_ticket wraps every error; unwrap the connection ones
                if isinstance(error.__context__, REDIS_DOWN):
                    raise error.__context__ from error
                raise
            issued.append(ticket)
            return ticket, await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)

        try:
            return await _waiting(f"lock {conversation_id}", attempt, REDIS_DOWN, settings.store_wait_s)
        except BaseException:
            while issued:
                self._forget(conversation_id, issued.pop())
            raise

    def _forget(self, conversation_id: Text, ticket: int) -> None:
        try:
            self.cleanup(conversation_id, ticket)
        except REDIS_DOWN as error:
            # A restarted Redis has lost the lock anyway, and a kept one expires with its lifetime.
            log.warning("lock %s: cleanup skipped, Redis unavailable: %s", conversation_id, type(error).__name__)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        ticket, lock = await self._ticket_and_lock(conversation_id, lock_lifetime, wait_time_in_seconds)
        try:
            yield lock
        finally:
            # The turn is done; a lock store failing now must not turn the answer into an error.
            self._forget(conversation_id, ticket)
