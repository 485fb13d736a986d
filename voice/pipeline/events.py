"""What a pipeline run emits, in the manner of Home Assistant's assist_pipeline: typed stage events.

A run is one caller turn (or one greeting, re-prompt, hand-over notice). Its stages emit
``<stage>-start`` / ``<stage>-end`` in order; a failure is an ``error`` event with a typed code and
the run goes on to what the person hears instead (an apology, a re-prompt, a chime). Time ``at_s``
is the pipeline's clock: seconds of input audio consumed, so it is the same live and in tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class EventType(str, Enum):
    RUN_START = "run-start"  # data: trigger (speech | key | text | clip | silence | greeting | resume)
    RUN_END = "run-end"  # data: outcome, asr_s, nlu_s, tts_s (wall-clock seconds after the endpoint)
    WAKE_WORD_START = "wake_word-start"
    WAKE_WORD_END = "wake_word-end"  # data: wake_word ('' when the segment was not it)
    VAD_START = "stt-vad-start"  # data: barge_in (the caller spoke over an answer)
    VAD_END = "stt-vad-end"
    STT_START = "stt-start"  # data: expect (what the question asked for, or None)
    STT_PARTIAL = "stt-partial"  # data: text
    STT_END = "stt-end"  # data: text ('' = nothing recognised)
    INTENT_START = "intent-start"  # data: text
    INTENT_END = "intent-end"  # data: reply (assistant.rasa_client.Reply), texts, custom
    TTS_START = "tts-start"  # data: text, purpose, slower
    TTS_END = "tts-end"  # data: text, purpose, first_audio_s, interrupted
    BARGE_IN = "barge-in"
    REPROMPT = "reprompt"  # data: count
    HAND_OVER = "hand-over"  # data: reason, by (rasa | pipeline)
    STATE = "state"  # data: old, new, trigger
    ERROR = "error"  # data: code (ErrorCode), message


class ErrorCode(str, Enum):
    STT_FAILED = "stt-failed"  # the engine raised
    NO_TEXT = "stt-no-text-recognized"
    INTENT_UNAVAILABLE = "intent-unavailable"  # Rasa gave no readable answer
    TTS_FAILED = "tts-failed"  # no voice: a chime stands in
    WAKE_FAILED = "wake_word-failed"


# purposes of speech (tts-start data)
GREETING, ANSWER, REPROMPT_SPEECH, HANDOVER, APOLOGY, NOTICE = ("greeting", "answer", "reprompt", "handover",
                                                                 "apology", "notice")


@dataclass
class Event:
    type: EventType
    data: dict[str, Any] = field(default_factory=dict)
    at_s: float = 0.0

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)
