"""The speech engines as the gateway hands them to the pipeline: loaded without holding up the page.

The ASR model takes seconds to load, so it starts loading in the background
when the gateway starts; the first voice note waits for it, and typed text
never does (the pipeline only touches the engine for a voice note). The neural
voice loads on the first answer played. Both then run in the pipeline's
bounded worker pools (voice/pipeline/workers.py).
"""
from __future__ import annotations

import io
import threading
from concurrent.futures import Future

import numpy as np
import soundfile as sf

from voice.asr import AsrEngine, Recognizer
from voice.audio import ASR_RATE
from voice.pipeline.expectation import takes_expect
from voice.tts import Tts, load_voice

TTS_RATE = 24000  # the neural voice's own rate: no resampling for the browser


class LoadingAsr(AsrEngine):
    """The configured engine once loaded; raises what stopped it from loading (AsrUnavailable)."""

    def __init__(self, settings):
        self.settings = settings
        self._engine: Future[AsrEngine] = Future()

    def start_loading(self) -> None:
        threading.Thread(target=self._load, name="asr-load", daemon=True).start()

    def _load(self) -> None:
        from voice.asr.select import load_engine

        try:
            self._engine.set_result(load_engine(self.settings))
        except Exception as exc:  # noqa: BLE001 - reported to each voice note instead
            self._engine.set_exception(exc)

    def recognizer(self, sample_rate: int = ASR_RATE, phrases: list[str] | None = None) -> Recognizer:
        return self._engine.result().recognizer(sample_rate, phrases)

    def transcribe(self, samples: np.ndarray, sample_rate: int, expect=None) -> str:
        engine = self._engine.result()
        if expect is not None and takes_expect(engine.transcribe):
            return engine.transcribe(samples, sample_rate, expect=expect)
        return engine.transcribe(samples, sample_rate)


class LazyTts:
    """The neural voice, loaded on first use (a gateway without one still chats in text)."""

    def __init__(self, settings):
        self.settings = settings
        self._tts: Tts | None = None
        self._lock = threading.Lock()

    def synthesize(self, text: str, sample_rate: int, slower: float = 1.0) -> np.ndarray:
        with self._lock:
            if self._tts is None:
                s = self.settings
                self._tts = Tts(load_voice(s), s.speaking_rate_cpm, s.sentence_pause_s, s.voice_cache_dir)
        return self._tts.synthesize(text, sample_rate, slower)


def wav_bytes(audio: np.ndarray, rate: int) -> bytes:
    out = io.BytesIO()
    sf.write(out, audio, rate, format="WAV", subtype="PCM_16")
    return out.getvalue()
