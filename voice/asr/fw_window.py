"""The one place faster-whisper is patched: a shorter encoder window for short utterances.

faster-whisper pads every utterance to Whisper's 30 s window, so a 2 s request costs the encoder as much
as 30 s of audio. CTranslate2's encoder takes shorter input, but faster-whisper has no option for it, so
its module-level ``pad_or_trim`` (which ``generate_segments`` calls by that global name) is wrapped:
inside ``short_window(frames)`` the features are padded to ``frames`` instead. Written against the
version pinned in voice/requirements.txt; tests/voice/test_whisper_canary.py fails loudly when an upgrade
changes what is patched. Nothing changes outside the context manager (other threads included).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

PINNED = "1.2.1"
_frames = threading.local()  # per decoding thread


def install() -> None:
    import faster_whisper.transcribe as transcribe

    if getattr(transcribe.pad_or_trim, "short_window", False):
        return
    full = transcribe.pad_or_trim

    def pad_or_trim(array, length: int = 3000, *, axis: int = -1):
        frames = getattr(_frames, "n", None)
        return full(array, min(length, frames) if frames else length, axis=axis)

    pad_or_trim.short_window = True
    transcribe.pad_or_trim = pad_or_trim


@contextmanager
def short_window(frames: int | None):
    """Decodes in this block (this thread) give the encoder ``frames`` feature frames (None: 30 s)."""
    _frames.n = frames
    try:
        yield
    finally:
        _frames.n = None
