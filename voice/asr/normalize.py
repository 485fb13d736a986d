"""Engine output → NLU text: simplified characters, no spaces or punctuation, digits for numbers."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import zhconv

from assistant.zh_text import normalize_utterance, spoken_digits_to_arabic

# punctuation Whisper adds and vosk never does: drop it so both engines agree
_PUNCT = re.compile(r"[，。！？、；：“”‘’（）《》…,.!?;:\"'()\[\]<>~\-—]+")


def nlu_text(raw: str) -> str:
    text = zhconv.convert(raw or "", "zh-cn")
    text = _PUNCT.sub(" ", text)
    text = normalize_utterance(text)
    return spoken_digits_to_arabic(text).strip()


def snap_to_phrase(text: str, phrases: list[str] | None, min_ratio: float = 0.5) -> str:
    """For engines that cannot restrict their vocabulary: the closest expected phrase, if close."""
    if not phrases or not text:
        return text
    best = max(phrases, key=lambda p: SequenceMatcher(None, text, p).ratio())
    return best if SequenceMatcher(None, text, best).ratio() >= min_ratio else text
