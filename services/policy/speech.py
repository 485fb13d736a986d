"""Wording for the ear: clause references, shortened sentences, warnings.

Answers are read by TTS to elderly callers, so references are said the way
people say them (第三条第二款), brackets and department lists go, and signs a
voice would misread (%, —) become words.
"""
from __future__ import annotations

import re

from assistant.zh_text import chinese_to_int
from services.policy.model import DRAFT, EXPIRED

_LEVELS = ("条", "款", "项", "目")
_DIGITS = "零一二三四五六七八九"
_LABEL = re.compile(r"附件\d+|第\d+行|专栏\S*|[^\s、()]+、|\([^)]+\)|\d+\.|[\u2460-\u2473]|第\S+?[章节条]")

WARNINGS = {
    EXPIRED: "这份文件已经失效了，内容只能作参考，请以现在执行的政策为准。",
    DRAFT: "这还是征求意见稿，不是正式政策，请以正式发布的文件为准。",
}

# Parenthesised notes a listener does not need: responsibility lists, citations.
_NOTE = re.compile(r"[(（][^()（）]*(?:责任|局|委|办|〔|号|含|下同|以上)[^()（）]*[)）]")
_SHORT_BRACKET = re.compile(r"[(（]([^()（）]{1,6})[)）]")
_RANGE = re.compile(r"(\d+)\s*[—\-~～]+\s*(\d+)")
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (enough for clause numbers)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _number_of(label: str) -> str:
    digits = re.search(r"\d+", label)
    if digits:
        return chinese_number(int(digits.group()))
    if re.match(r"[\u2460-\u2473]", label):
        return chinese_number(ord(label) - 0x2460 + 1)
    return re.sub(r"[^零〇一二两三四五六七八九十百]", "", label)


def spoken_path(path: str) -> str:
    """"三、(二) 2." → "第三条第二款第二项"; "附件2 第1行 4." → "附件二表格第一行第一项"."""
    if path == "序言" or not path:
        return "开头部分"
    out, depth = "", 0
    for label in _LABEL.findall(path):
        if label.startswith("附件"):
            out += f"附件{_number_of(label)}"
        elif label.endswith("行"):
            out += f"表格第{_number_of(label)}行"
            depth = 2  # a table row's numbered cells are items: 第二项
        elif label.startswith("专栏"):
            out += f"专栏{_number_of(label)}"
        elif label.startswith("第") and label[-1] in "章节条":
            out += label
        else:
            value = _number_of(label)
            if chinese_to_int(value) is None:
                continue
            out += f"第{value}{_LEVELS[min(depth, len(_LEVELS) - 1)]}"
            depth += 1
    return out


def for_speech(text: str) -> str:
    """A sentence as it should be read aloud."""
    previous = None
    while previous != text:  # notes can nest
        previous, text = text, _NOTE.sub("", text)
    text = _SHORT_BRACKET.sub(r"\1", text)
    text = _PERCENT.sub(lambda m: f"百分之{m.group(1)}", text)
    text = _RANGE.sub(r"\1到\2", text)
    text = text.replace("“", "").replace("”", "").replace("《", "").replace("》", "")
    text = re.sub(r"\s+", "", text).translate(_FULL_WIDTH)
    return text.strip("，、；。 ")


# What kind of paper it is, said short: 实施意见 → 意见; a count before it stays (十条措施).
_KIND = re.compile(r"((?:[一二三四五六七八九十]+[条年项])?(?:实施意见|指导意见|意见|行动计划|实施方案|方案|措施|办法|规定|细则|规划|通知))")
_TOPICS = ("居家和社区养老", "老年人助餐", "助餐", "养老服务", "养老", "老年人优待", "老年人", "老年")
_SHORT_HEADING = 10  # a heading this short is said as the clause's name


def topic_of(title: str) -> str:
    """The paper's subject in a word or two (养老服务, 助餐): papers on one subject replace each other."""
    return next((t for t in _TOPICS if t in title), "")


def short_name(city: str, date: str, title: str, status: str = "") -> str:
    """武汉市2017年养老服务意见: city, year and a short topic instead of the full title."""
    kinds = _KIND.findall(re.sub(r"[(（]?(?:征求意见稿|草案|送审稿)[)）]?", "", title))
    kind = kinds[-1].replace("实施意见", "意见").replace("指导意见", "意见").replace("实施方案", "方案") if kinds else "文件"
    topic = topic_of(title)
    year = f"{date[:4]}年" if date[:4].isdigit() else ""
    draft = "征求意见稿" if status == DRAFT else ""
    return f"{city}{year}{topic}{kind}{draft}"


def plain_clause(path: str, heading: str) -> str:
    """The clause as a caller would say it: its short name, else its part (第三部分)."""
    spoken = for_speech(heading)
    if 2 <= len(spoken) <= _SHORT_HEADING:
        return f"里{spoken}那一条"
    if path == "序言" or not path:
        return "开头"
    first = _LABEL.findall(path)[0] if _LABEL.findall(path) else path
    if first.startswith("附件"):
        return f"附件{_number_of(first)}"
    value = _number_of(first)
    return f"第{value}部分" if chinese_to_int(value) is not None else ""
