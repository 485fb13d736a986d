"""faster-whisper: utterances cut by voice activity, decoded whole, with domain hot-words."""
from __future__ import annotations

import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

from ..audio import ASR_RATE
from .base import AsrEngine, AsrUnavailable, Recognizer
from .normalize import nlu_text, snap_to_phrase

PROMPT = "以下是普通话的句子。"
_SENTENCE_END = re.compile(r"[。？！?!]\s*$")
_REPEATED = re.compile(r"^(.{2,}?)\1+$")

_models: dict[tuple, object] = {}
_lock = threading.Lock()
_window = threading.local()  # per decoding thread: how many feature frames the encoder gets
FRAMES_PER_S = 100  # Whisper's log-Mel features: one frame per 10 ms


def _install_short_window() -> None:
    """faster-whisper pads every utterance to Whisper's 30 s window, so a 2 s request costs the encoder
    as much as 30 s of audio. CTranslate2's encoder takes shorter input; a decode that sets
    ``_window.frames`` gets its features padded to that many frames instead."""
    import faster_whisper.transcribe as transcribe

    if getattr(transcribe.pad_or_trim, "short_window", False):
        return
    full = transcribe.pad_or_trim

    def pad_or_trim(array, length: int = 3000, *, axis: int = -1):
        frames = getattr(_window, "frames", None)
        return full(array, min(length, frames) if frames else length, axis=axis)

    pad_or_trim.short_window = True
    transcribe.pad_or_trim = pad_or_trim


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

    def __init__(self, engine: "WhisperEngine", sample_rate: int, phrases: list[str] | None):
        super().__init__(sample_rate)
        self.engine, self.phrases = engine, phrases
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
        if early is not None:
            # only silence came after the pause: the early text is the utterance
            text = tidy(nlu_text(early.result()))
        elif self._chunks:
            text = self.engine.decode(np.concatenate(self._chunks), self.phrases)
        else:
            return ""
        self._chunks = []
        return snap_to_phrase(text, self.phrases)


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
            _install_short_window()
        # CTranslate2 runs ``workers`` decodes in parallel; more callers queue here
        self._slots = threading.Semaphore(workers)
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
            _window.frames = int((seconds + self.context_pad_s) * FRAMES_PER_S) + 1 if short else None
            try:
                segments, _info = self.model.transcribe(
                    audio16k, language="zh", beam_size=self.beam_size, initial_prompt=prompt,
                    hotwords=self.hotwords or None, condition_on_previous_text=False,
                    without_timestamps=True, vad_filter=False,
                    # Mandarin read at a fast pace is ~6 characters a second, rarely more tokens
                    max_new_tokens=int(20 + 12 * seconds) if short else None)
                raw = "".join(seg.text for seg in segments if seg.no_speech_prob < 0.8)
            finally:
                _window.frames = None
        return raw

    def decode_later(self, audio16k: np.ndarray, phrases: list[str] | None = None,
                     stale: threading.Event | None = None) -> Future:
        """The raw text of ``decode_raw``, in the background."""
        return self._background.submit(self.decode_raw, audio16k, phrases, stale)

    def recognizer(self, sample_rate: int = ASR_RATE, phrases: list[str] | None = None) -> Recognizer:
        return WhisperRecognizer(self, sample_rate, phrases)
