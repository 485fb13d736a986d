"""Text → what should be said: numbers the way people say them, split into sentences.

Identifiers (phone, ID, order and application numbers) are read one digit at a
time; quantities (amounts, percentages, years, dates, times, ages, counts) are
said as numbers: 每月2100元 → 每月两千一百元, 2022年 → 二〇二二年.
"""
from __future__ import annotations

import re

from cn2an import an2cn

from assistant.zh_text import read_digits

_PHRASE_END = re.compile(r"(?<=[。！？；，、：!?;,:\n])")
_CLAUSE_END = re.compile(r"[，、：,:]\s*$")
_SPEAKABLE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")

# Words right before a number that make it an identifier. 幺 for 1 is kept for
# phone-like and ID numbers: on a phone line 一 (yī) and 七 (qī) are easily
# confused, and callers say 幺 themselves when they give these numbers. Order,
# application and reference numbers keep 一: the actions already write them so
# (assistant.zh_text.read_digits), and the voice says what the widget shows.
_PHONE_WORDS = r"电话|手机|手机号|号码|热线|拨打|拨|致电|尾号|身份证|身份证号|后四位|后4位|验证码"
_ORDER_WORDS = r"单号|订单|登记号|编号|申请号|工单|参考号|流水号"
_PHONE_BEFORE = re.compile(rf"(?:{_PHONE_WORDS})(?:号码|号)?[是为：:\s]*$")
_ORDER_BEFORE = re.compile(rf"(?:{_ORDER_WORDS})[是为：:\s]*$")
# Emergency and service lines, said digit by digit wherever they stand (幺二零, 幺二三四九).
_SERVICE_NUMBERS = {"110", "119", "120", "122", "12345", "12349", "114", "95598"}
# After a number, a unit or measure word makes it a quantity. Longest first.
_UNITS = sorted("""元 块 角 毛 分 岁 周岁 年 个月 月 日 号 份 人 位 名 个 张 次 天 周 星期 小时 钟头 分钟 秒
    公里 千米 米 平方米 平米 平方 床 床位 张床 间 户 家 所 层 楼 斤 公斤 千克 克 瓶 盒 件 条 款 项 类 种
    顿 餐 遍 趟 步 度 倍 成 折 万 千 百 亿 多 余 来 左右 以上 以下 以内 点 到 至 期 批 届 栋 辆 台 套""".split(),
                key=len, reverse=True)
_UNIT_AFTER = re.compile("|".join(map(re.escape, _UNITS)))
# The bare number 2 is 两 before these (两份, 两个月, 两点) but 二 in 二月, 二号, 二楼.
_LIANG_BEFORE = re.compile(r"份|人|位|名|个|张|次|天|周|小时|钟头|分钟|秒|公里|千米|米|平|床|间|户|家|所|斤|公斤"
                           r"|千克|克|瓶|盒|件|条|项|类|种|顿|餐|遍|趟|步|倍|成|元|块|岁|周岁|年|万|千|百|亿|点|辆|台|套")

_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-3])[:：]([0-5]\d)(?![\d:])")
_PERCENT = re.compile(r"百分之\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*%")
# A number: an ID (17 digits and X), thousands groups, plain digits; an optional decimal part.
_NUMBER = re.compile(r"(?<![\d.])(\d{17}[Xx]|\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d])")
_LANDLINE = re.compile(r"(?<!\d)(?:0\d{2,3}-\d{7,8}|1\d{2}[ -]\d{4}[ -]\d{4})(?!\d)")  # 027-88886666, 138 0013 8000
# 2—5个, 2017-2020年: a range is said with 到 (a hyphen elsewhere belongs to a phone number or date)
_RANGE = re.compile(r"(\d)\s*(?:[—–~～]|-(?=(?:19|20)\d{2}年))\s*(\d)")
_YEAR_RANGE = re.compile(r"\s*[—–\-~～至到]\s*(?:19|20)\d{2}年")


def number(digits: str) -> str:
    """A quantity as said: 2100 → 两千一百, 1,200 → 一千二百, 0.50 → 零点五."""
    whole, _, fraction = digits.replace(",", "").partition(".")
    if len(whole) > 16:  # beyond any quantity (and an2cn's range): say the digits
        said = read_digits(whole, sep="")
    else:
        said = re.sub(r"二(?=[千万亿])", "两", an2cn(whole))  # 两千一百, 一万两千: as amounts are said
        said = re.sub(r"^二百", "两百", said)
    fraction = fraction.rstrip("0")
    return said + ("点" + read_digits(fraction, sep="") if fraction else "")


def percent(digits: str) -> str:
    return "百分之百" if float(digits) == 100 else f"百分之{number(digits)}"


def year(digits: str) -> str:
    return "".join("〇一二三四五六七八九"[int(d)] for d in digits)


def _clock(match: re.Match) -> str:
    """8:30 → 八点三十分, 2:00 → 两点, 12:05 → 十二点零五分."""
    hour, minute = int(match[1]), match[2]
    said = ("两" if hour == 2 else number(str(hour))) + "点"
    if minute != "00":
        said += ("零" if minute[0] == "0" else "") + number(minute.lstrip("0")) + "分"
    return said


def _reading(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    whole, decimal = match.group(1), match.group(2) or ""
    before, after = text[max(0, start - 8):start], text[end:end + 4]
    if decimal or "," in whole:
        return number(whole + decimal)
    is_id = len(whole) in (15, 18) and whole[:17].isdigit()
    if is_id or (len(whole) == 11 and whole.startswith("1")):
        return read_digits(whole, phone_style=True, sep="")
    if len(whole) == 4 and whole[:2] in ("19", "20") and _YEAR_RANGE.match(text, end):
        return year(whole)  # 2017—2020年: both are years
    unit = _UNIT_AFTER.match(after)
    if unit and len(whole) <= 12:
        if unit.group() == "年" and len(whole) == 4 and whole[:2] in ("19", "20"):
            return year(whole)
        if whole == "2" and _LIANG_BEFORE.match(after) and not before.endswith("第"):
            return "两"
        if not whole.startswith("0") or len(whole) == 1:
            return number(whole)
    if _PHONE_BEFORE.search(before) or whole in _SERVICE_NUMBERS or (whole.startswith("0") and len(whole) > 2):
        return read_digits(whole, phone_style=True, sep="")
    if _ORDER_BEFORE.search(before) or len(whole) >= 5 or re.search(r"[A-Za-z]$", before):
        return read_digits(whole, sep="")
    return number(whole)


def spoken_form(text: str) -> str:
    """What the voice says for ``text``: every digit replaced by the words for it."""
    text = text.translate(_FULLWIDTH_DIGITS)
    text = _DATE.sub(lambda m: f"{m[1]}年{int(m[2])}月{int(m[3])}日", text)
    text = _TIME.sub(_clock, text)
    text = _RANGE.sub(r"\1到\2", text)
    text = _LANDLINE.sub(lambda m: read_digits(m.group(), phone_style=True, sep=""), text)
    text = _PERCENT.sub(lambda m: percent(m[1] or m[2]), text)
    return _NUMBER.sub(_reading, text)


def phrases(text: str) -> list[str]:
    """Sentences and the clauses inside them: the units that are paced, paused after and streamed."""
    parts = [p.strip() for p in _PHRASE_END.split(spoken_form(text))]
    return [p for p in parts if _SPEAKABLE.search(p)]


def ends_clause(phrase: str) -> bool:
    """A comma-ended clause gets a shorter pause than a full sentence."""
    return bool(_CLAUSE_END.search(phrase))


def speakable_chars(text: str) -> int:
    return len(_SPEAKABLE.findall(spoken_form(text)))
