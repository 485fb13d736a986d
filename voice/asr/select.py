"""Which engine runs: the configured one, or on ``auto`` the one whose model is present, vosk first."""
from __future__ import annotations

from .base import AsrEngine, AsrUnavailable


def load_engine(settings, engine: str | None = None) -> AsrEngine:
    choice = engine or settings.asr_engine
    errors = []
    for name in (["vosk", "faster-whisper"] if choice == "auto" else [choice]):
        try:
            if name == "vosk":
                from .vosk_engine import VoskEngine

                return VoskEngine(settings.vosk_model_path)
            if name == "faster-whisper":
                from .whisper_engine import WhisperEngine

                return WhisperEngine(settings.whisper_model_path, settings.whisper_beam_size,
                                     settings.asr_threads, settings.asr_hotwords,
                                     context_pad_s=settings.whisper_context_pad_s)
            raise AsrUnavailable(f"unknown ASR engine {name!r}")
        except AsrUnavailable as exc:
            errors.append(f"{name}: {exc}")
    raise AsrUnavailable("; ".join(errors))
