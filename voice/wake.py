"""Wake word spotting on short utterances, by pinyin so that 小安/晓安/小鞍 all count.

Cheap because it only runs on segments the endpointer opened while idle, and
only those short enough to be a wake word (with perhaps a request after it).
"""
from __future__ import annotations

from pypinyin import lazy_pinyin


class WakeWordSpotter:
    max_segment_s = 8.0

    def __init__(self, wake_word: str):
        self.wake_word = wake_word
        syllables = lazy_pinyin(wake_word)
        # 小安小安 is two repetitions of 小安: one is enough to count
        half = len(syllables) // 2
        self.key = syllables[:half] if half and syllables[:half] == syllables[half:] else syllables

    def match(self, text: str) -> tuple[bool, str]:
        """(heard the wake word, what was said after it)."""
        syllables = lazy_pinyin(list(text))  # one item per character, digits included
        n = len(self.key)
        last = -1
        for i in range(len(syllables) - n + 1):
            if syllables[i:i + n] == self.key:
                last = i + n
        if last < 0:
            return False, ""
        return True, text[last:].lstrip("，,。 ")
