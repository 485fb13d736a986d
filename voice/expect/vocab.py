"""The ways callers say each expected answer. ``said`` is scored against the audio; ``answer`` is the
text handed on to the NLU (one canonical word per meaning, so that 要得 / 对头 need no NLU data).
Regional words come from the NLU's own affirm/deny data and callers' transcripts (issue 14)."""
from __future__ import annotations

from dataclasses import dataclass

from .kinds import NUMBER_KINDS, Expect

NUMERALS = "一两三四五六七八九"
# digits as read out in numbers: 幺 for 1 and 两 for 2 on the phone, 洞 for 0 by some
DIGIT_WORDS = {"零": "0", "〇": "0", "洞": "0", "幺": "1", "一": "1", "二": "2", "两": "2", "三": "3", "四": "4",
               "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "叉": "X"}

YES = ("对", "对的", "对对", "对对对", "是", "是的", "是是是", "嗯", "嗯嗯", "行", "行行行", "好", "好的", "好嘞",
       "可以", "中", "要得", "对头", "没错", "没问题", "成", "是滴")
NO = ("不", "不是", "不对", "不要", "不用", "不用了", "算了", "不行", "错了", "不中", "不要了", "没有")
YES_ANSWER, NO_ANSWER = "对", "不对"

DAYS = {"今天": ("今天", "今儿", "今儿个"), "明天": ("明天", "明儿", "明儿个", "明日"),
        "后天": ("后天", "后儿", "后儿个"), "大后天": ("大后天",)}
WEEKDAYS = tuple(f"星期{d}" for d in "一二三四五六天") + tuple(f"周{d}" for d in "一二三四五六日")

MEALS = (("早餐", ("早饭", "早餐", "早上", "早上的")), ("午餐", ("午饭", "午餐", "中午", "中饭", "晌午", "中午饭")),
         ("晚餐", ("晚饭", "晚餐", "晚上", "晚上的")))
ORDINALS = ("第一个", "第二个", "第三个")

# a way out from any question: the dialogue handles these whatever was asked
ESCAPES = ("转人工", "人工", "再说一遍", "没听清")


@dataclass(frozen=True)
class Candidate:
    said: str
    answer: str


def count_word(n: int) -> str:
    return NUMERALS[n - 1] + "份"


def _count() -> list[Candidate]:
    out = []
    for n in range(1, 10):
        num, answer = NUMERALS[n - 1], count_word(n)
        forms = {f"{num}份", f"{num}个", f"要{num}份"}
        if n == 2:
            forms |= {"二份", "俩", "两个", "俩人"}
        if n == 3:
            forms |= {"仨", "仨人"}
        out += [Candidate(f, answer) for f in sorted(forms)]
    return out


def _meal(options: tuple[str, ...]) -> list[Candidate]:
    out = []
    for i, (canonical, forms) in enumerate(MEALS):
        # the question's own words win (午饭 asked → 午饭 answered), matched by the first character
        answer = next((o for o in options if o[:1] == canonical[:1] or (canonical == "午餐" and o[:1] == "中")),
                      canonical)
        out += [Candidate(f, answer) for f in dict.fromkeys((*forms, answer))]
        out.append(Candidate(ORDINALS[i], answer))
    return out


def _options(options: tuple[str, ...]) -> list[Candidate]:
    out = []
    for i, option in enumerate(options):
        forms = dict.fromkeys((option, f"{option}的", f"要{option}", ORDINALS[i]))
        out += [Candidate(f, option) for f in forms]
    return out


def candidates(expect: Expect | None) -> list[Candidate]:
    """Every expected way of answering; [] when the answer cannot be listed (numbers, free talk)."""
    if expect is None or expect.kind == "free" or expect.kind in NUMBER_KINDS:
        return []
    if expect.kind == "yes_no":
        out = [Candidate(w, YES_ANSWER) for w in YES] + [Candidate(w, NO_ANSWER) for w in NO]
    elif expect.kind == "count":
        out = _count()
    elif expect.kind == "date":
        out = [Candidate(f, day) for day, forms in DAYS.items() for f in forms]
        out += [Candidate(w, w) for w in WEEKDAYS]
    elif expect.kind == "meal":
        out = _meal(expect.options)
    else:  # options
        out = _options(expect.options)
        if not out:
            return []
    taken = {c.said for c in out}
    return out + [Candidate(w, w) for w in ESCAPES if w not in taken]


def number_answer(text: str, kind: str) -> str | None:
    """Digits said for a phone / ID number (幺三八…, 两, 洞) → the digit string, if it has the length the
    kind needs (11-digit mobile or 7-8 digit landline, 4 for the last four, 18 for an ID)."""
    digits = "".join(DIGIT_WORDS.get(ch, ch if ch.isdigit() else ("X" if ch in "xX" else "")) for ch in text)
    ok = {"phone": lambda d: d.isdigit() and len(d) in (7, 8, 11, 12),
          "id_last4": lambda d: len(d) == 4 and d[:3].isdigit(),
          "id_number": lambda d: len(d) == 18 and d[:17].isdigit()}.get(kind)
    return digits if ok and ok(digits) else None
