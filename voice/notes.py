"""Voice notes (chat widget): one recorded message in, a defined outcome out, never a crash or a hang.

Outcomes: ``text`` (send it to Rasa), ``reprompt`` (nothing intelligible: ask
again), ``error`` (the file itself is unusable: say why).
"""
from __future__ import annotations

from dataclasses import dataclass

from .asr import AsrEngine
from .audio import ASR_RATE, AudioError, read_audio, resample
from .vad import speech_segments


@dataclass
class NoteResult:
    outcome: str  # text | reprompt | error
    text: str = ""
    reason: str = ""


def transcribe_note(engine: AsrEngine, source, max_seconds: float = 120.0) -> NoteResult:
    try:
        audio, rate = read_audio(source, max_seconds=max_seconds)
    except AudioError as exc:
        return NoteResult("error", reason=exc.reason)
    x = resample(audio, rate, ASR_RATE)
    if not any(True for _ in speech_segments(x)):
        return NoteResult("reprompt", reason="no_speech")
    text = engine.transcribe(x, ASR_RATE)
    return NoteResult("text", text) if text else NoteResult("reprompt", reason="not_understood")
