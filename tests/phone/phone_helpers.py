"""Waiting on what a gateway's call did, and reading call records, for the hotline tests."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from voice.pipeline import EventType, State


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what() if callable(what) else what}")


def of(call, kind: EventType) -> list:
    return [e for e in list(call.pipeline.events) if e.type == kind]


def dialogue(call) -> str:
    """What was heard and answered, for failure messages."""
    return " | ".join(f"heard {e['text']!r}" if e.type == EventType.STT_END else f"said {''.join(e['texts'])!r} {e['custom'] or ''}"
                      for e in list(call.pipeline.events) if e.type in (EventType.STT_END, EventType.INTENT_END))


def answered(call) -> bool:
    """The pipeline finished speaking and listens again."""
    return call.pipeline.state == State.LISTENING and not call.pipeline.player.busy


def the_call(gateway, timeout: float = 15):
    return wait_for(lambda: next(iter(gateway.calls.values()), None), timeout, "the gateway to answer")


def speak_turn(phone, call, wav: Path, timeout: float = 90) -> list[str]:
    """The phone says one utterance; returns the assistant's reply once it has been played."""
    before = len(of(call, EventType.INTENT_END)) + len(of(call, EventType.REPROMPT))
    phone.say(wav)
    wait_for(lambda: len(of(call, EventType.INTENT_END)) + len(of(call, EventType.REPROMPT)) > before and answered(call),
             timeout, lambda: f"the answer to be played (state {call.pipeline.state.value}, "
                              f"{len(of(call, EventType.VAD_START))} utterances heard): {dialogue(call)}")
    phone.say(phone_silence(wav))
    replies = of(call, EventType.INTENT_END)
    return replies[-1]["texts"] if replies else []


def phone_silence(wav: Path) -> Path:
    return wav.parent / "silence.wav"


def call_records(stack, caller: str) -> list[dict]:
    with sqlite3.connect(stack.var / "12349.db") as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM call_records WHERE caller = ? ORDER BY started_at", (caller,)).fetchall()
    return [dict(row) for row in rows]
