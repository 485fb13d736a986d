"""faster-whisper: utterances cut by voice activity, decoded whole, with domain hot-words."""
from __future__ import annotations

import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

from ..audio import ASR_RATE
from ..expect import Expect
from .base import AsrEngine, AsrUnavailable, Recognizer, as_number
from . import fw_window
from .expected import ExpectedScorer, Scored
from .normalize import nlu_text, snap_to_phrase

PROMPT = "以下是普通话的句子。"
_SENTENCE_END = re.compile(r"[。？！?!]\s*$")
_REPEATED = re.compile(r"^(.{2,}?)\1+$")

_models: dict[tuple, object] = {}
_lock = threading.Lock()
FRAMES_PER_S = 100  # Whisper's log-Mel features: one frame per 10 ms
EXPECT_PAD_S = 1.0  # silence after a short answer for the encoder when scoring expected answers


def tidy(text: str) -> str:
    """Two ways Whisper fails on short or near-silent audio: it says the same words twice (明天明天),
    or it reads back its own prompt (以下是普通话的句子) instead of what was said."""
    text = _REPEATED.sub(r"\1", text)
    if SequenceMatcher(None, text, nlu_text(PROMPT)).ratio() >= 0.6:
        return ""
    return text


def model_present(path: Path) -> bool:
    return (Path(path) / "model.bin").is_file()


def shared_model(path: Path, threads: int, workers: int = 1):
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise AsrUnavailable("faster-whisper is not installed") from exc
    if not model_present(path):
        raise AsrUnavailable(f"no faster-whisper model at {path}")
    key = (str(Path(path).resolve()), threads, workers)
    with _lock:
        if key not in _models:
            _models[key] = WhisperModel(key[0], device="cpu", compute_type="int8", cpu_threads=threads,
                                        num_workers=workers)
        return _models[key]


class WhisperRecognizer(Recognizer):
    """Collects the utterance; decodes it whole. When the caller pauses, the audio so far is decoded
    in the background, so that an utterance which really ended costs no decoding time at its endpoint
    (the trailing silence the endpointer waits for hides the decode)."""

    def __init__(self, engine: "WhisperEngine", sample_rate: int, phrases: list[str] | None,
                 expect: Expect | None = None):
        super().__init__(sample_rate)
        self.engine, self.phrases, self.expect = engine, phrases, expect
        self._chunks: list[np.ndarray] = []
        self._early: Future | None = None
        self._stale = threading.Event()

    def _accept(self, x16k: np.ndarray) -> str | None:
        self._chunks.append(x16k)
        return None  # Whisper decodes whole utterances: no partials

    def pause_heard(self) -> None:
        if self._chunks and self._early is None:
            self._stale = threading.Event()
            self._early = self.engine.decode_later(np.concatenate(self._chunks), self.phrases, self._stale)

    def speech_resumed(self) -> None:
        if self._early is not None:
            # its text no longer covers the utterance: if still waiting for the decoder it never runs,
            # so it cannot hold up the decode of the next pause
            self._stale.set()
            self._early = None

    def sounds_finished(self) -> bool:
        early = self._early
        return bool(early is not None and early.done() and not early.exception()
                    and _SENTENCE_END.search(early.result()))

    def early_text(self) -> str | None:
        early = self._early
        if early is None or not early.done() or early.exception():
            return None
        return tidy(nlu_text(early.result()))

    def finish(self) -> str:
        early, self._early = self._early, None
        if self.expect is not None and self._chunks:
            answer = self.engine.expected(np.concatenate(self._chunks), self.expect)
            if answer is not None and answer.answer is not None:
                self._chunks = []
                return answer.answer
        if early is not None:
            # only silence came after the pause: the early text is the utterance
            text = tidy(nlu_text(early.result()))
        elif self._chunks:
            text = self.engine.decode(np.concatenate(self._chunks), self.phrases)
        else:
            return ""
        self._chunks = []
        return as_number(snap_to_phrase(text, self.phrases), self.expect)


class WhisperEngine(AsrEngine):
    name = "faster-whisper"

    def __init__(self, model_path: Path, beam_size: int = 5, threads: int = 2, hotwords: str = "",
                 workers: int = 1, context_pad_s: float = 0.0):
        self.model = shared_model(Path(model_path), threads, workers)
        self.beam_size = beam_size
        self.hotwords = hotwords
        # > 0: the encoder sees the utterance plus this much silence, not a 30 s window (faster on
        # short requests; the decoder is then capped so that a confused one cannot run on)
        self.context_pad_s = context_pad_s
        if context_pad_s > 0:
            fw_window.install()
        # CTranslate2 runs ``workers`` decodes in parallel; more callers queue here
        self._slots = threading.Semaphore(workers)
        self.scorer = ExpectedScorer(self.model, PROMPT, pad_s=EXPECT_PAD_S)
        self._background = ThreadPoolExecutor(max_workers=workers + 1, thread_name_prefix="whisper")

    def decode(self, audio16k: np.ndarray, phrases: list[str] | None = None) -> str:
        return tidy(nlu_text(self.decode_raw(audio16k, phrases)))

    def decode_raw(self, audio16k: np.ndarray, phrases: list[str] | None = None,
                   stale: threading.Event | None = None) -> str:
        """Whisper's own text, punctuation included (a closing 。 or ？ says it heard a whole sentence).
        A decode whose ``stale`` is set by the time a decoder is free is skipped ("")."""
        # the prompt is in simplified Chinese: it also nudges Whisper away from traditional characters
        prompt = PROMPT + "，".join(phrases or [])
        seconds = len(audio16k) / ASR_RATE
        short = self.context_pad_s > 0
        with self._slots:
            if stale is not None and stale.is_set():
                return ""
            frames = int((seconds + self.context_pad_s) * FRAMES_PER_S) + 1 if short else None
            with fw_window.short_window(frames):
                segments, _info = self.model.transcribe(
                    audio16k, language="zh", beam_size=self.beam_size, initial_prompt=prompt,
                    hotwords=self.hotwords or None, condition_on_previous_text=False,
                    without_timestamps=True, vad_filter=False,
                    # Mandarin read at a fast pace is ~6 characters a second, rarely more tokens
                    max_new_tokens=int(20 + 12 * seconds) if short else None)
                raw = "".join(seg.text for seg in segments if seg.no_speech_prob < 0.8)
        return raw

    def decode_later(self, audio16k: np.ndarray, phrases: list[str] | None = None,
                     stale: threading.Event | None = None) -> Future:
        """The raw text of ``decode_raw``, in the background."""
        return self._background.submit(self.decode_raw, audio16k, phrases, stale)

    def expected(self, audio16k: np.ndarray, expect: Expect | None) -> Scored | None:
        """The expected answer scored against the audio (None: nothing to score for this kind)."""
        if expect is None:
            return None
        with self._slots:
            return self.scorer.score(audio16k, expect)

    def early_answer(self, audio16k: np.ndarray, expect: Expect | None) -> str | None:
        scored = self.expected(audio16k, expect)
        return scored.answer if scored is not None else None

    def recognizer(self, sample_rate: int = ASR_RATE, phrases: list[str] | None = None,
                   expect: Expect | None = None) -> Recognizer:
        return WhisperRecognizer(self, sample_rate, phrases, expect)
