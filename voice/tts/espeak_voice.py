"""The pyttsx3 / espeak-ng voice, rendered to memory.

pyttsx3's espeak *driver* cannot write audio to a buffer here (``save_to_file``
writes nothing in 2.99), so its ctypes binding ``pyttsx3.drivers._espeak`` is
driven directly in synchronous mode. Debian's espeak-ng Mandarin dictionary
spells common characters as Latin letters; the ``espeakng-loader`` library and
data are loaded first so that the binding picks them up (same soname).
"""
from __future__ import annotations

import ctypes
import os
import threading

import numpy as np

from .base import TtsUnavailable, Voice

BASE_WPM = 175  # espeak-ng's default rate


def _binding():
    try:
        import espeakng_loader

        ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_GLOBAL)
        os.environ["ESPEAK_DATA_PATH"] = espeakng_loader.get_data_path()
        data_path = espeakng_loader.get_data_path().encode()
    except ImportError:
        data_path = None  # system espeak-ng: works, with gaps in its Mandarin dictionary
    try:
        from pyttsx3.drivers import _espeak
    except (ImportError, RuntimeError) as exc:
        raise TtsUnavailable(f"pyttsx3/espeak-ng unavailable: {exc}") from exc
    return _espeak, data_path


class EspeakVoice(Voice):
    name = "pyttsx3"
    _lock = threading.Lock()  # libespeak-ng is a process-wide singleton

    def __init__(self, language: str = "cmn"):
        self._espeak, data_path = _binding()
        self.sample_rate = self._espeak.Initialize(self._espeak.AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, 0)
        if self.sample_rate <= 0:
            raise TtsUnavailable("espeak-ng failed to initialise")
        self._chunks: list[bytes] = []
        self._espeak.SetSynthCallback(self._collect)  # the binding keeps the C callback alive
        if self._espeak.SetVoiceByName(language.encode()) != 0:
            raise TtsUnavailable(f"espeak-ng has no voice {language!r}")

    def _collect(self, wav, numsamples, events) -> int:
        if numsamples > 0:
            self._chunks.append(ctypes.string_at(wav, numsamples * 2))
        return 0

    def render(self, text: str, slowdown: float = 1.0) -> np.ndarray:
        with self._lock:
            self._chunks = []
            self._espeak.SetParameter(self._espeak.RATE, int(BASE_WPM / max(slowdown, 0.5)), 0)
            self._espeak.Synth(text.encode("utf-8"), flags=self._espeak.CHARS_UTF8)
            self._espeak.Synchronize()
            pcm = b"".join(self._chunks)
        return np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
