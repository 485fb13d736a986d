"""Speech synthesis behind one small interface: a Voice renders text; Tts paces, caches and resamples."""
from .base import TtsUnavailable, Voice
from .synth import Tts, load_voice

__all__ = ["Tts", "TtsUnavailable", "Voice", "load_voice"]
