"""Text → what should be said: digit strings read digit by digit, split into sentences."""
from __future__ import annotations

import re

from assistant.zh_text import read_digits

_DIGITS = re.compile(r"\d{3,}")
_PHONE = re.compile(r"1\d{10}|12349|\d{3,4}-?\d{7,8}")
_PHRASE_END = re.compile(r"(?<=[。！？；，、：!?;,:\n])")
_CLAUSE_END = re.compile(r"[，、：,:]\s*$")
_SPEAKABLE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def spoken_form(text: str) -> str:
    """Order, application and phone numbers are read one digit at a time; ``1`` is 幺 in phone numbers
    so that 1 and 7 are not confused on a telephone line."""
    def read(match: re.Match) -> str:
        digits = match.group(0)
        return read_digits(digits, phone_style=bool(_PHONE.fullmatch(digits)), sep="")

    return _DIGITS.sub(read, text)


def phrases(text: str) -> list[str]:
    """Sentences and the clauses inside them: the units that are paced, paused after and streamed."""
    parts = [p.strip() for p in _PHRASE_END.split(spoken_form(text))]
    return [p for p in parts if _SPEAKABLE.search(p)]


def ends_clause(phrase: str) -> bool:
    """A comma-ended clause gets a shorter pause than a full sentence."""
    return bool(_CLAUSE_END.search(phrase))


def speakable_chars(text: str) -> int:
    return len(_SPEAKABLE.findall(spoken_form(text)))
