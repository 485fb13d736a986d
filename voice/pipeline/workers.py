"""Bounded thread pools for the CPU-bound stages, shared by every pipeline in a process.

ASR and TTS run here, never on the event loop, so the loop keeps reading the caller's audio (and
hears a barge-in) while an answer is recognised or synthesised. Bounded: a busy hotline queues work
instead of starting a thread per call.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Workers:
    asr: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(2, thread_name_prefix="asr"))
    tts: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(2, thread_name_prefix="tts"))
    nlu: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(2, thread_name_prefix="nlu-check"))

    @staticmethod
    async def run(pool: ThreadPoolExecutor, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)


_shared: Workers | None = None


def shared() -> Workers:
    global _shared
    if _shared is None:
        _shared = Workers()
    return _shared
