"""The voice front end as the gateway uses it: voice notes in, answers out as WAV.

The ASR model takes seconds to load, so it starts loading in the background
when the gateway starts and the first voice note waits for it. Both engines
run in worker threads (they are CPU-bound); the TTS voice serialises itself.
"""
from __future__ import annotations

import io
import threading
from concurrent.futures import Future

import soundfile as sf

from voice.asr import AsrEngine
from voice.notes import NoteResult, transcribe_note
from voice.tts import Tts, load_voice

TTS_RATE = 24000  # the neural voice's own rate: no resampling for the browser


class Speech:
    def __init__(self, settings):
        self.settings = settings
        self._engine: Future[AsrEngine] = Future()
        self._tts: Tts | None = None
        self._tts_lock = threading.Lock()

    def start_loading(self) -> None:
        threading.Thread(target=self._load_engine, name="asr-load", daemon=True).start()

    def _load_engine(self) -> None:
        from voice.asr.select import load_engine

        try:
            self._engine.set_result(load_engine(self.settings))
        except Exception as exc:  # noqa: BLE001 - reported to each voice note instead
            self._engine.set_exception(exc)

    def transcribe(self, wav: bytes) -> NoteResult:
        """Raises whatever stopped the ASR engine from loading (AsrUnavailable)."""
        return transcribe_note(self._engine.result(), wav, self.settings.voice_note_max_s)

    def tts(self) -> Tts:
        with self._tts_lock:
            if self._tts is None:
                s = self.settings
                self._tts = Tts(load_voice(s), s.speaking_rate_cpm, s.sentence_pause_s, s.voice_cache_dir)
            return self._tts

    def wav(self, text: str, slower: float = 1.0) -> bytes:
        audio = self.tts().synthesize(text, TTS_RATE, slower=slower)
        out = io.BytesIO()
        sf.write(out, audio, TTS_RATE, format="WAV", subtype="PCM_16")
        return out.getvalue()
