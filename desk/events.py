"""Server-sent events: each open desk page gets the queue, the alarms and a 'messages moved' tick
the moment they change, without reloading. Open pages count as operators on the desk (presence)."""
from __future__ import annotations

import asyncio
import json
from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from desk import items
from desk.accounts import Who
from desk.alarms import board
from desk.guard import DESK

router = APIRouter(tags=["desk"])
KEEPALIVE_S = 15.0
TOPICS = ("queue", "alarms", "messages")


class Presence:
    """Open desk pages per user in this process."""

    def __init__(self) -> None:
        self.pages: Counter[int] = Counter()

    def count(self) -> int:
        return sum(1 for n in self.pages.values() if n > 0)


def _read(request: Request, topic: str) -> object:
    with request.app.state.db.read() as db:
        return items.queue(db) if topic == "queue" else board(db)


class Snapshots:
    """One read of the queue (or board) per change, shared by every open page."""

    def __init__(self) -> None:
        self.latest: dict[str, tuple[int, object]] = {}
        self.locks: dict[str, asyncio.Lock] = {}

    async def get(self, request: Request, topic: str, version: int) -> object:
        lock = self.locks.setdefault(topic, asyncio.Lock())
        async with lock:
            seen, data = self.latest.get(topic, (-1, None))
            if seen != version:
                data = await run_in_threadpool(_read, request, topic)
                self.latest[topic] = (version, data)
            return data


def _frame(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"


@router.get("/events")
async def events(request: Request, who: Annotated[Who, DESK]):
    bus, presence, snapshots = request.app.state.bus, request.app.state.presence, request.app.state.snapshots

    async def stream():
        presence.pages[who.id] += 1
        seen: dict[str, int] = {}
        try:
            yield "retry: 2000\n\n"
            while not await request.is_disconnected():
                now = await bus.wait(seen, TOPICS, KEEPALIVE_S)
                if now == seen:
                    yield ": keep-alive\n\n"
                    continue
                for topic in TOPICS:
                    if now[topic] != seen.get(topic):
                        data = {"v": now[topic]} if topic == "messages" else await snapshots.get(
                            request, topic, now[topic])
                        yield _frame(topic, data)
                seen = now
        finally:
            presence.pages[who.id] -= 1

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
