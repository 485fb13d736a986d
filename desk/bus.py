"""Change notices inside one desk process: every open page and long-poll waits here.

One ``version`` counter per topic; a waiter sleeps until the counter moves. Several desk
processes (production) would relay ``publish`` over Redis pub/sub; one process needs nothing else.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict


class Bus:
    def __init__(self) -> None:
        self.versions: dict[str, int] = defaultdict(int)
        self.changed = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def publish(self, *topics: str) -> None:
        """Safe from any thread (route handlers run in the thread pool)."""
        if self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._bump, topics)

    def _bump(self, topics: tuple[str, ...]) -> None:
        for topic in topics:
            self.versions[topic] += 1
        self.changed.set()
        self.changed = asyncio.Event()

    async def wait(self, seen: dict[str, int], topics: tuple[str, ...], timeout: float) -> dict[str, int]:
        """Return the versions of ``topics`` once any differs from ``seen`` (or after ``timeout``)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            now = {t: self.versions[t] for t in topics}
            if now != {t: seen.get(t, -1) for t in topics}:
                return now
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return now
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except asyncio.TimeoutError:
                return now
