"""Chinese number and text helpers shared by the Rasa actions and the services.

Standard library only: imported from both the Python 3.10 (Rasa) and the
Python 3.11 (services, voice) environments.
"""
from __future__ import annotations

import re

# Value of every character that can stand for one digit. 幺 is how 1 is said in
# phone and ID numbers; 两 is the spoken 2 before units and measure words.
_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    **{str(n): n for n in range(10)},
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
# No spoken quantity is longer; the cap also keeps int() below Python's
# 4300-digit conversion limit.
_MAX_NUMBER_LEN = 64

# Full-width forms (０-９, Ａ-Ｚ, ａ-ｚ) map to ASCII by a fixed offset.
_FULLWIDTH = {
    code: code - 0xFEE0
    for start, end in (("０", "９"), ("Ａ", "Ｚ"), ("ａ", "ｚ"))
    for code in range(ord(start), ord(end) + 1)
}

_SPOKEN_RUN = re.compile(r"[零〇一二两三四五六七八九幺0-9]+[Xx叉]?")
_MIN_RUN = 4  # shorter runs are ordinary numbers, not phone or ID numbers

_READINGS = "零一二三四五六七八九"

# Radicals, CJK punctuation, kana, ideographs and full-width punctuation.
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")


def chinese_to_int(text: str) -> int | None:
    """The integer a Chinese or Arabic number spells, or None if it is not one.

    Accepts positional numbers ("二十五", "一百零三", "两千五" = 2500), digit
    strings ("二零二六", "3") and mixtures ("3千"). Anything else, including
    numbers with a measure word ("三份"), gives None.
    """
    if not isinstance(text, str):
        return None
    text = text.strip().translate(_FULLWIDTH)
    if not text or len(text) > _MAX_NUMBER_LEN:
        return None
    if any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    return _positional(re.findall(r"[0-9]+|.", text))


def _positional(tokens: list[str]) -> int | None:
    total = section = 0  # total: the 万 part; section: below 万
    digit = None  # a digit waiting for its unit
    scale = 1  # what a final digit is worth: 两千五 = 2500, 一百零五 = 105
    last_unit = _UNITS["万"]  # units must fall within a section: 千 > 百 > 十
    for token in tokens:
        unit = _UNITS.get(token)
        if unit == 10_000:
            if total or (section == 0 and digit is None):
                return None
            total, section, last_unit = (section + (digit or 0)) * unit, 0, unit
        elif unit:
            if unit >= last_unit or (digit is None and unit != 10):
                return None
            section += (1 if digit is None else digit) * unit  # bare 十 is 一十
            last_unit = unit
        elif digit is not None:
            return None  # "二十三四" is an estimate, not a number
        else:
            value = _DIGITS[token] if token in _DIGITS else int(token)
            if value == 0:
                scale = 1  # 零 marks a gap: 一百零五 = 105, not 150
            digit = value or None
            continue
        digit = None
        scale = unit // 10 if unit >= 100 else 1
    return total + section + (digit or 0) * scale


# Inside a number said digit by digit, 八千 is 8000, 两个零 is 00 and 三个八 is 888
# (一三八 0013 八千): only after three digits already said, so amounts (两千五) stay.
_D = "零〇一二两三四五六七八九幺0-9"
_HUNDREDS = re.compile(rf"(?<=[{_D}]{{3}})([{_D}])([千百])(?![{_D}])")
_REPEATED = re.compile(rf"(?:(?<=[{_D}]{{3}})([两二三四])个([{_D}]))|(?:([两二三四])个([{_D}])(?=[{_D}]{{3}}))")


def _expand_digit_words(text: str) -> str:
    def repeat(match: re.Match[str]) -> str:
        times, digit = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        return digit * _DIGITS[times]

    text = _REPEATED.sub(repeat, text)
    return _HUNDREDS.sub(lambda m: m.group(1) + ("000" if m.group(2) == "千" else "00"), text)


def spoken_digits_to_arabic(text: str) -> str:
    """Turn runs of ≥ 4 spoken digits into digit strings; leave the rest.

    "幺三八零零一三八零零零" → "13800138000". A trailing X (叉) of an ID
    number becomes "X" and counts towards the length, so the last four of an
    ID, "幺二三叉", become "123X". Shorter runs ("三份", "一二楼") stay as they are.
    Within such a run 八千 / 两个零 are said for 8000 / 00 ("一三八0013八千" → 13800138000).
    """
    text = _expand_digit_words(text)

    def convert(match: re.Match[str]) -> str:
        run = match.group()
        if len(run) < _MIN_RUN:
            return run
        return "".join("X" if ch in "Xx叉" else str(_DIGITS[ch]) for ch in run)

    return _SPOKEN_RUN.sub(convert, text)


def read_digits(text: str, phone_style: bool = False, sep: str = " ") -> str:
    """Read a number digit by digit: "20261123" → "二 零 二 六 一 一 二 三".

    phone_style reads 1 as 幺, as people do for phone numbers so that 1 and 7
    are not confused. X reads 叉 (ID numbers); other letters are spelled in
    capitals; spaces and punctuation such as "-" are skipped.
    """
    words = []
    for ch in text.translate(_FULLWIDTH):
        if ch in _DIGITS:
            value = _DIGITS[ch]
            words.append("幺" if phone_style and value == 1 else _READINGS[value])
        elif ch in "Xx":
            words.append("叉")
        elif ch.isalnum():
            words.append(ch.upper())
    return sep.join(words)


def normalize_utterance(text: str) -> str:
    """Clean recognised or typed text before matching.

    Full-width digits and letters become ASCII, whitespace runs become one
    space, and spaces between CJK characters go (speech recognisers often
    emit "明 天 中 午").
    """
    text = " ".join(text.translate(_FULLWIDTH).split())
    return _SPACE_BETWEEN_CJK.sub("", text)
