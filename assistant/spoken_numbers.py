"""How a small count is said: 两份, not 二份 or 2份 (a read-back is heard, not read)."""
from __future__ import annotations

_COUNTS = "零一两三四五六七八九十"


def count_words(count: int) -> str:
    """0–10 in words as said before a measure word (两份, 三位); larger counts stay digits."""
    return _COUNTS[count] if 0 <= count < len(_COUNTS) else str(count)
