"""Events the session emits, in order, to whoever listens (channels, tests, logs, the bench)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Event:
    at_s: float = field(default=0.0, kw_only=True)  # session clock: seconds of input audio consumed


@dataclass
class StateChanged(Event):
    old: str
    new: str
    trigger: str


@dataclass
class WakeWord(Event):
    text: str


@dataclass
class SpeechStarted(Event):
    barge_in: bool = False


@dataclass
class Partial(Event):
    text: str


@dataclass
class Final(Event):
    text: str


@dataclass
class Reply(Event):
    texts: list[str]
    custom: list[dict] = field(default_factory=list)  # custom payloads: order ids, hand-over reason


@dataclass
class Speaking(Event):
    text: str
    purpose: str  # greeting | answer | reprompt | repeat | handover | apology


@dataclass
class Reprompt(Event):
    count: int


@dataclass
class HandOver(Event):
    reason: str


@dataclass
class Degraded(Event):
    reason: str


@dataclass
class TurnTiming(Event):
    """Wall-clock seconds spent after the endpoint: recognition, Rasa, first sentence of TTS."""
    asr_s: float
    nlu_s: float
    tts_s: float
