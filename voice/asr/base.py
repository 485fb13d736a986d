"""The ASR interface every engine implements.

A recognizer takes one utterance as a stream of frames at any sample rate and
returns partial text while it listens and final text at ``finish()``; all text
leaving an engine goes through ``normalize.nlu_text``.
"""
from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from ..audio import ASR_RATE, resample, to_mono_float
from ..expect import NUMBER_KINDS, Expect, number_answer
from ..vad import speech_segments


class AsrUnavailable(RuntimeError):
    """No engine can run: its package or its model is missing."""


class Recognizer(ABC):
    def __init__(self, sample_rate: int):
        self.sample_rate = sample_rate

    def accept(self, samples: np.ndarray) -> str | None:
        """Feed audio (any dtype, mono or interleaved 2-D); returns partial text if it changed."""
        x = resample(to_mono_float(samples), self.sample_rate, ASR_RATE)
        return self._accept(x)

    @abstractmethod
    def _accept(self, x16k: np.ndarray) -> str | None: ...

    @abstractmethod
    def finish(self) -> str:
        """End of utterance: the final, normalised text ('' if nothing was heard)."""

    def pause_heard(self) -> None:
        """The caller has paused: an engine that decodes whole utterances may start on what it has,
        so that little is left to do when the endpoint comes. Streaming engines need nothing."""

    def speech_resumed(self) -> None:
        """The pause was mid-sentence after all: whatever ``pause_heard`` started is stale."""

    def sounds_finished(self) -> bool:
        """What was heard up to the pause is a whole sentence (the session may end the turn sooner)."""
        return False

    def early_text(self) -> str | None:
        """The text of what was heard up to the pause, once an engine that decodes at pauses has it."""
        return None


class AsrEngine(ABC):
    name = "asr"
    streaming = False  # True: partial results while listening

    @abstractmethod
    def recognizer(self, sample_rate: int = ASR_RATE, phrases: list[str] | None = None,
                   expect: Expect | None = None) -> Recognizer:
        """A recognizer for one utterance; ``phrases`` narrows a confirmation or menu turn, ``expect``
        (the question's expected answer, voice/expect) lets the engine match the answers it allows."""

    def early_answer(self, audio16k: np.ndarray, expect: Expect | None) -> str | None:
        """During the trailing silence of an expected-answer turn: the answer, if the audio so far already
        says it clearly (the turn can end now); None to keep listening. Engines without it: None."""
        return None

    def transcribe(self, samples: np.ndarray, sample_rate: int, expect: Expect | None = None) -> str:
        """A whole recording: split by voice activity, each segment recognized, texts joined."""
        x = resample(to_mono_float(samples), sample_rate, ASR_RATE)
        texts = []
        for start, end in speech_segments(x):
            rec = self.recognizer(ASR_RATE, expect=expect)
            rec.accept(x[start:end])
            texts.append(rec.finish())
        return "".join(texts)


def as_number(text: str, expect: Expect | None) -> str:
    """A phone / ID number said digit by digit (幺三八…) → its digits, when the question asked for one."""
    if expect is None or expect.kind not in NUMBER_KINDS:
        return text
    return number_answer(text, expect.kind) or text
