"""Chinese official-document numbering: recognise a heading marker at line start.

Government papers number their parts 一、 (一) 1. (1) ① and also 第X章 / 第X条
and 专栏N boxes. The marker kind, not its depth, is what is recognised here:
documents differ in which kinds they nest in which order, so the splitter
derives depth from the order in which kinds appear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.zh_text import chinese_to_int

_CN = "零〇一二两三四五六七八九十百"

# (kind, pattern); the first group is the number, the rest of the line follows.
_PATTERNS = [
    ("chapter", re.compile(rf"^第([{_CN}\d]+)章\s*")),
    ("section", re.compile(rf"^第([{_CN}\d]+)节\s*")),
    ("article", re.compile(rf"^第([{_CN}\d]+)条\s*")),
    ("cn", re.compile(rf"^([{_CN}]+)\s*[、.．]\s*")),
    ("paren_cn", re.compile(rf"^[(（]\s*([{_CN}]+)\s*[)）]\s*")),
    # "1." / "1、" but not a decimal such as 1.5 or a year such as 2020.
    ("arabic", re.compile(r"^(\d{1,2})\s*(?:[.．](?!\d)|、)\s*")),
    ("paren_arabic", re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*")),
    ("circled", re.compile(r"^([\u2460-\u2473])\s*")),
    ("box", re.compile(r"^专栏\s*([\d一二三四五六七八九十]*)\s*[:：]?\s*")),
]

# Inline runs: "……能力。1.支持……。2.到2020年底前……" — numbers after a sentence end.
_INLINE = re.compile(r"(?<=[。；;])\s*(?:(\d{1,2})(?:[.．](?!\d)|、)|[(（](\d{1,2})[)）])")

_ANNEX = re.compile(r"^附\s*件\s*([\d一二三四五六七八九十]*)\s*[:：]?\s*$")


@dataclass(frozen=True)
class Marker:
    kind: str
    number: int
    label: str  # normalised: "三、", "(二)", "2.", "(3)", "专栏1"
    rest: str  # the line after the marker


def _number(kind: str, raw: str) -> int | None:
    if kind == "circled":
        return ord(raw) - 0x2460 + 1
    if kind == "box" and not raw:
        return 1
    return chinese_to_int(raw)


def _label(kind: str, raw: str) -> str:
    return {
        "chapter": f"第{raw}章",
        "section": f"第{raw}节",
        "article": f"第{raw}条",
        "cn": f"{raw}、",
        "paren_cn": f"({raw})",
        "arabic": f"{raw}.",
        "paren_arabic": f"({raw})",
        "circled": raw,
        "box": f"专栏{raw}",
    }[kind]


def parse_marker(line: str) -> Marker | None:
    """The heading marker a line starts with, or None."""
    text = line.strip()
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        raw = match.group(1)
        number = _number(kind, raw)
        if number is None:
            continue
        return Marker(kind, number, _label(kind, raw), text[match.end():].strip())
    return None


def parse_annex(line: str) -> int | None:
    """Number of a standalone 附件 / 附件2 line (attachment start), else None."""
    match = _ANNEX.match(line.strip())
    if not match:
        return None
    return _number("cn", match.group(1)) if match.group(1) else 1


def split_inline_items(paragraph: str) -> list[str]:
    """Break "……。1.……。2.……" into one line per item when numbers run 1, 2, 3 …

    Only a run that starts at 1 and counts up is taken, so a figure such as
    "。3.5%" or a stray number does not split a sentence.
    """
    cuts, expected = [], 1
    for match in _INLINE.finditer(paragraph):
        number = int(match.group(1) or match.group(2))
        if number != expected:
            continue
        cuts.append(match.start() + len(match.group()) - len(match.group().lstrip()))
        expected += 1
    if not cuts:
        return [paragraph]
    bounds = [0, *cuts, len(paragraph)]
    return [paragraph[a:b].strip() for a, b in zip(bounds, bounds[1:]) if paragraph[a:b].strip()]
