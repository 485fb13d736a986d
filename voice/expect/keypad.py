"""Keypad digits as an equal way to answer (issue 14): 1/2/3 pick an option, a digit is a count,
1 = yes and 2 = no, numbers are typed. The text is what a caller saying the answer would send."""
from __future__ import annotations

from .kinds import NUMBER_KINDS, Expect
from .vocab import MEALS, NO_ANSWER, YES_ANSWER, count_word, number_answer

DATE_KEYS = ("今天", "明天", "后天")


def key_to_text(expect: Expect | None, digits: str) -> str | None:
    """None: these keys answer nothing here (the caller hears the question again or the keypad help)."""
    if expect is None or not digits or not digits.isdigit():
        return None
    if expect.kind in NUMBER_KINDS:
        return number_answer(digits, expect.kind)
    if len(digits) != 1:
        return None
    key = int(digits)
    if expect.kind == "yes_no":
        return {1: YES_ANSWER, 2: NO_ANSWER}.get(key)
    if expect.kind == "count":
        return count_word(key) if key >= 1 else None
    choices = {"options": expect.options, "date": expect.options or DATE_KEYS,
               "meal": expect.options or tuple(canonical for canonical, _ in MEALS)}.get(expect.kind, ())
    return choices[key - 1] if 1 <= key <= len(choices) else None
