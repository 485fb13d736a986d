"""Spoken Chinese day expressions → dates, and dates → spoken confirmations.

Everything is relative to a ``today`` the caller passes in, so tests and
replays are deterministic. Decisions (the caller re-asks when it gets None):

- The *last* day expression in the text wins: callers correct themselves
  ("明天，不对，后天"). A bare weekday right after a date only restates it
  ("十二月三号，星期四", the way confirmations are read back), so the date
  before it counts.
- A bare weekday (周五, 星期天) is its next occurrence, today included.
  这周五 / 本周五 is the Friday of the current Monday-based week, even if it
  has passed; 下周五 is the Friday of next calendar week, 上周五 of the last.
- A day alone (3号) is in this month, or next month once it has passed; if
  that month lacks the day (31号 in November) the result is None rather
  than a guess.
- A month and day (十二月三号) or a holiday (元旦) is this year, or next
  year if its month is earlier than the current one. Within the current
  month a passed day is kept, so the caller hears it read back and corrects
  it. An explicit year (2026年) is taken as said.
- A time-of-day word alone (中午) means today.
- Dialect days and times count as the standard ones: 听日 / 明儿个 (tomorrow), 后日 /
  后儿个 (the day after), 晏昼 (noon), 下昼 (afternoon), 黑了 / 晚黑 (evening).
- A time of day corrected in one breath (中午的，不对不对，晚上的) is the last one said
  after the correction word; otherwise the first one from the date on.
- Invalid dates (二月三十号) give None, never an exception.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from assistant.zh_text import chinese_to_int, normalize_utterance, read_digits

TimeOfDay = Literal["早上", "上午", "中午", "下午", "晚上"]

CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")

_RELATIVE_DAYS: dict[str, tuple[int, TimeOfDay | None]] = {
    "大前天": (-3, None), "前天": (-2, None), "昨天": (-1, None), "昨儿": (-1, None),
    "今天": (0, None), "今儿": (0, None), "今日": (0, None),
    "今早": (0, "早上"), "今晚": (0, "晚上"),
    "明天": (1, None), "明儿": (1, None), "明日": (1, None),
    "明早": (1, "早上"), "明晚": (1, "晚上"),
    "后天": (2, None), "大后天": (3, None),
    # Henan / northern: 明儿个, 后儿个; Cantonese: 听日, 听朝 (tomorrow morning), 听晚, 后日, 大后日
    "今儿个": (0, None), "明儿个": (1, None), "后儿个": (2, None), "后儿": (2, None), "大后儿": (3, None),
    "前儿个": (-2, None), "夜儿个": (-1, None), "琴日": (-1, None), "寻日": (-1, None), "今朝": (0, "早上"),
    "听日": (1, None), "听朝": (1, "早上"), "听晚": (1, "晚上"), "后日": (2, None), "大后日": (3, None),
    # typed in traditional characters (Dongguan widget callers)
    "聽日": (1, None), "後日": (2, None), "大後日": (3, None), "後天": (2, None), "大後天": (3, None),
}
_HOLIDAYS = {"元旦": (1, 1), "劳动节": (5, 1), "国庆节": (10, 1), "国庆": (10, 1)}
_TIMES_OF_DAY: dict[str, TimeOfDay] = {
    "早上": "早上", "早晨": "早上", "清早": "早上", "上午": "上午",
    "中午": "中午", "晌午": "中午", "下午": "下午",
    "晚上": "晚上", "傍晚": "晚上", "晚间": "晚上", "夜里": "晚上",
    # dialect: 晏昼 (Cantonese noon), 下昼, 朝早, 晚黑; 前晌 / 后晌 / 黑了 / 黑间 (Henan); 夜饭 (Hunan supper)
    "晏昼": "中午", "晏晝": "中午", "下昼": "下午", "朝早": "早上", "晚黑": "晚上", "夜晚": "晚上",
    "前晌": "上午", "后晌": "下午", "黑了": "晚上", "黑间": "晚上", "黑夜": "晚上", "擦黑": "晚上",
    "夜饭": "晚上", "过早": "早上",
}
# Words that take back what was just said (中午的，不对不对，晚上的).
_CORRECTION = re.compile(r"不对|说错|错了|不是|哦不|改成|改到|换成|还是")
_WEEK_OFFSETS = {"上": -1, "这": 0, "本": 0, "下": 1, "下下": 2}
_WEEKDAY_INDEX = {
    **{ch: i for i, ch in enumerate("一二三四五六日")},
    **{str(i + 1): i for i in range(7)},
    "天": 6,
}
_WEEKDAY_NAMES = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六",
                  "星期天"]  # 星期天 rather than 星期日: this is read aloud
_NUMERALS = "零一二三四五六七八九"


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so 大后天 is not read as 后天.
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_NUM = "[0-9零〇一二两三四五六七八九十]{1,3}"
# A number must start here, not in the middle of one; after 一/两/几 a 周 is a
# duration ("一周三次"), not a weekday.
_NOT_AFTER_NUMBER = "(?<![0-9零〇一二两三四五六七八九十百千万几])"
# 三号楼, 一号线, 五号床 … are places, not days.
_NOT_A_PLACE = "(?!楼|线|床|房|门|院|窗|车|机)"
_DATE_PATTERN = re.compile(
    rf"""
      (?<![0-9])(?P<iso_y>[0-9]{{4}})[-/.](?P<iso_m>[0-9]{{1,2}})
      [-/.](?P<iso_d>[0-9]{{1,2}})(?![0-9])
    | {_NOT_AFTER_NUMBER}(?:(?P<year>[0-9零〇一二三四五六七八九]{{4}})年)?
      (?P<month>{_NUM})月(?P<month_day>{_NUM})[号日]
    | {_NOT_AFTER_NUMBER}(?:(?P<week>下下|下|上|这|本)个?)?
      (?:周|星期|礼拜)(?P<weekday>[一二三四五六日天1-7])
    | (?P<relative>{_alternation(_RELATIVE_DAYS)})
    | (?P<holiday>{_alternation(_HOLIDAYS)})
    | {_NOT_AFTER_NUMBER}(?P<day>{_NUM})[号日]{_NOT_A_PLACE}
    """,
    re.VERBOSE,
)
_TIME_PATTERN = re.compile(_alternation(_TIMES_OF_DAY))
_ASIDE_GAP = re.compile("[，,、]?(?:就是|是)?")


@dataclass(frozen=True)
class DateResult:
    date: dt.date
    time_of_day: TimeOfDay | None = None
    span: str = ""  # the day expression as matched in the normalised text
    iso: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "iso", self.date.isoformat())

    @property
    def day_said(self) -> bool:
        """False when only a time of day was said ("中午送"): the day is a guess."""
        return not _TIME_PATTERN.fullmatch(self.span)


def today_in_china() -> dt.date:
    """Today on the hotline's clock (UTC+8), whatever the server's zone."""
    return dt.datetime.now(CHINA_TZ).date()


def parse_date(text: str, today: dt.date | None = None) -> DateResult | None:
    """The day (and time of day) a caller means, or None if there is none."""
    if not isinstance(text, str) or not text:
        return None
    today = today or today_in_china()
    if isinstance(today, dt.datetime):
        today = today.date()
    text = "".join(normalize_utterance(text).split())  # "12 月 3 日" → "12月3日"

    matches = list(_DATE_PATTERN.finditer(text))
    if not matches:
        times = list(_TIME_PATTERN.finditer(text))
        if not times:
            return None
        return DateResult(today, _TIMES_OF_DAY[times[0].group()], times[0].group())
    match = matches[-1]
    if len(matches) > 1 and _is_weekday_aside(matches[-2], match, text):
        match = matches[-2]
    day, implied_time = _resolve(match.groupdict(), today)
    if day is None:
        return None
    time_of_day = implied_time or _time_of_day(text, match.start())
    return DateResult(day, time_of_day, match.group())


def expression_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text as ``parse_date`` reads it, and where its day and time-of-day expressions are."""
    text = "".join(normalize_utterance(text or "").split())
    spans = [m.span() for pattern in (_DATE_PATTERN, _TIME_PATTERN) for m in pattern.finditer(text)]
    return text, sorted(spans)


def _is_weekday_aside(before: re.Match[str], match: re.Match[str], text: str) -> bool:
    """Whether a bare weekday just restates the date before it ("三号，星期四")."""
    gap = text[before.end():match.start()]
    return bool(match["weekday"] and not match["week"] and _ASIDE_GAP.fullmatch(gap))


def _resolve(g: dict[str, str | None], today: dt.date) -> tuple[dt.date | None, TimeOfDay | None]:
    if g["relative"]:
        offset, time_of_day = _RELATIVE_DAYS[g["relative"]]
        return today + dt.timedelta(days=offset), time_of_day
    if g["weekday"]:
        return _weekday(g["week"], _WEEKDAY_INDEX[g["weekday"]], today), None
    if g["iso_y"]:
        return _safe_date(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"])), None
    if g["holiday"]:
        month, day = _HOLIDAYS[g["holiday"]]
        return _safe_date(_year_of_month(month, today), month, day), None
    if g["month"]:
        month, day = chinese_to_int(g["month"]), chinese_to_int(g["month_day"])
        year = chinese_to_int(g["year"]) if g["year"] else _year_of_month(month, today)
        return _safe_date(year, month, day), None
    return _day_of_month(chinese_to_int(g["day"]), today), None


def _weekday(week: str | None, index: int, today: dt.date) -> dt.date:
    if week is None:
        return today + dt.timedelta(days=(index - today.weekday()) % 7)
    monday = today - dt.timedelta(days=today.weekday())
    return monday + dt.timedelta(weeks=_WEEK_OFFSETS[week], days=index)


def _year_of_month(month: int | None, today: dt.date) -> int:
    """A named month earlier than this one is next year's."""
    return today.year + 1 if month is not None and month < today.month else today.year


def _day_of_month(day: int | None, today: dt.date) -> dt.date | None:
    if day is None or day >= today.day:
        return _safe_date(today.year, today.month, day)
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return _safe_date(next_month.year, next_month.month, day)


def _safe_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except (TypeError, ValueError):  # a part was unreadable or out of range
        return None


def _time_of_day(text: str, date_start: int) -> TimeOfDay | None:
    """The time of day said with the date: the first one from the date on,
    else the nearest one before it ("中午吧，明天")."""
    words = list(_TIME_PATTERN.finditer(text))
    after = [m for m in words if m.start() >= date_start]
    chosen = after[0] if after else (words[-1] if words else None)
    if len(after) > 1 and _CORRECTION.search(text, after[0].end(), after[-1].start()):
        chosen = after[-1]
    return _TIMES_OF_DAY[chosen.group()] if chosen else None


def weekday_name(date: dt.date) -> str:
    """星期一 … 星期天."""
    return _WEEKDAY_NAMES[date.weekday()]


def spoken_date(date: dt.date, today: dt.date | None = None) -> str:
    """Confirmation phrasing: "明天，十一月二十四号，星期二".

    The relative word comes first for today, tomorrow and the day after; the
    year is said only when it is not this year.
    """
    today = today or today_in_china()
    relative = {0: "今天", 1: "明天", 2: "后天"}.get((date - today).days)
    year = f"{read_digits(str(date.year), sep='')}年" if date.year != today.year else ""
    month_day = f"{year}{_small_numeral(date.month)}月{_small_numeral(date.day)}号"
    return "，".join(filter(None, [relative, month_day, weekday_name(date)]))


def _small_numeral(n: int) -> str:
    """1-99 in Chinese numerals: 3 → 三, 10 → 十, 24 → 二十四."""
    tens, ones = divmod(n, 10)
    return ((_NUMERALS[tens] if tens > 1 else "") + ("十" if tens else "")
            + (_NUMERALS[ones] if ones else ""))
