"""Turn a saved government web page into clean body paragraphs.

Pages saved from government sites carry navigation bars, metadata tables,
advertisements, comment boxes and copyright footers, and their text is often
hard-wrapped mid-word ("……需求为" / "导向,……"). Everything here is a general
heuristic about such pages; nothing is specific to one file.
"""
from __future__ import annotations

import re

from services.policy.numbering import parse_annex, parse_marker

# Site chrome that never belongs to a policy text (checked on short lines only).
_CHROME = re.compile(
    r"设为首页|关于我们|联系我们|无障碍|繁体|English|手机网站|手机版|当前位置|所在位置|"
    r"字体大小|字号[:：]|打印本页|【?关闭|关闭窗口|分享到|扫一扫|上一篇|下一篇|责任编辑|"
    r"网站标识码|ICP备|公网安备|主办|版权所有|相关解读|来源[:：]|浏览次数|阅读次数|"
    r"我要评论|最新评论|最近搜索|热门搜索|关注我们|微信服务"
)
# Advertising: mobile numbers, QQ numbers, "微信同号" and the like.
_ADVERT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|QQ[:：]?\s*\d{5,}|微信同号|热线联系")
# Lines that start a page footer: everything after them is chrome too.
_FOOTER = re.compile(r"版权声明|我要评论|浏览次数|最近搜索|热门搜索|关注我们|网站标识码|ICP备")
_ONLY_SYMBOLS = re.compile(r"^[\s|｜\-—_=*·•]*$")
_PIPES = re.compile(r"\s*[|｜]+\s*")

_SALUTATION = re.compile(r"^各[^。]{2,80}[:：]$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
# Line ends that close a paragraph; a closing bracket ends a title or a (责任单位…) note.
_TERMINAL = tuple("。！？!?；;：:)）")
# A short line ending in one of these cannot be a complete line: it was wrapped.
_OPEN_END = tuple("的和与及、,，《“(（")
_PUNCT = re.compile(r"[，,。；;：:、！？!?（）()《》“”\"'%％—\-·]")

_CHROME_MAX = 60  # chrome lines are short; a long line mentioning 来源 is prose
_LONG = 30  # a line this long is prose, not a table cell or a label
_FRAGMENT_MAX = 10  # an isolated unpunctuated line this short is injected noise


# Tables pad two-character names and labels to a width: 组  长：郭  浩.
_PADDED_PAIR = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \t]{2,}([\u4e00-\u9fff])(?![\u4e00-\u9fff])")


def normalise_line(line: str) -> str:
    line = line.replace("\u3000", "  ").replace("\xa0", " ").rstrip()
    return _PADDED_PAIR.sub(r"\1\2", line)


def is_date_line(line: str) -> bool:
    return bool(_DATE_LINE.match(line.strip()))


def is_structural(line: str) -> bool:
    """A heading, an attachment marker or a long prose line."""
    text = line.strip()
    return len(text) >= _LONG or parse_marker(text) is not None or parse_annex(text) is not None


def body_start(lines: list[str]) -> int:
    """Index of the first body line: the salutation (各……:) or the first prose."""
    for i, line in enumerate(lines):
        if _SALUTATION.match(line.strip()):
            return i
    for i, line in enumerate(lines):
        text = line.strip()
        if parse_marker(text) or (len(text) >= 40 and text.endswith("。")):
            return max(i - 1, 0)  # keep the title line just before the first prose
    return 0


def drop_letter_furniture(lines: list[str]) -> list[str]:
    """Remove the salutation and signature/date lines: they are metadata, not policy."""
    out = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _SALUTATION.match(line) or is_date_line(line) or (is_date_line(nxt) and len(line) <= 30):
            continue
        out.append(line)
    return out


def _cut_footer(lines: list[str]) -> list[str]:
    """Drop everything from the first footer line after which no prose follows."""
    for i, line in enumerate(lines):
        if _FOOTER.search(line) and not any(len(rest.strip()) >= 50 for rest in lines[i + 1:]):
            return lines[:i]
    return lines


def is_chrome(line: str) -> bool:
    text = line.strip()
    if _ONLY_SYMBOLS.match(text):
        return True
    return len(text) <= _CHROME_MAX and bool(_CHROME.search(text) or _ADVERT.search(text))


def _heading_only(line: str) -> bool:
    marker = parse_marker(line)
    return marker is not None and "。" not in marker.rest and len(marker.rest) <= 40


def _continues(prev: str, line: str, after: str | None, indented_paragraphs: bool) -> bool:
    """Whether `line` is the wrapped tail of `prev`; `after` is the line after `line`."""
    a, b = prev.strip(), line.strip()
    if not a or a.endswith(_TERMINAL) or _heading_only(a) or parse_annex(a) is not None:
        return False
    if parse_marker(b) or parse_annex(b) is not None or is_date_line(b):
        return False
    if "|" in a or "|" in b:
        return False  # table rows flattened with pipes stay one row per line
    if after is not None and is_date_line(after):
        return False  # `line` is the issuer of a signature block
    if indented_paragraphs and line[:1].isspace():
        return False  # an indented line opens a new paragraph
    return len(a) >= 25 or a.endswith(_OPEN_END)


def _join_wrapped(lines: list[str | None]) -> list[str]:
    """Re-join hard-wrapped lines; None marks a blank line (a paragraph break)."""
    prose = [line for line in lines if line and len(line.strip()) >= 40]
    indented = sum(1 for line in prose if line[:1].isspace()) >= 0.3 * max(len(prose), 1)
    out: list[str] = []
    for i, line in enumerate(lines):
        if line is None:
            continue
        after = next((later for later in lines[i + 1:] if later is not None), None)
        if out and lines[i - 1] is not None and _continues(out[-1], line, after, indented):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
    return [_PIPES.sub(" ", line).strip() for line in out]


def _drop_fragments(lines: list[str]) -> list[str]:
    """Remove short unpunctuated lines wedged between headings or prose (ads, labels)."""
    kept = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i > 0 else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        fragment = (
            len(line) <= _FRAGMENT_MAX
            and not _PUNCT.search(line)
            and not line.isdigit()
            and not is_structural(line)
            and all(n is None or is_structural(n) for n in (prev, nxt))
        )
        if not fragment:
            kept.append(line)
    return kept


def clean_body(lines: list[str]) -> list[str]:
    """Body lines → paragraphs: chrome and footers out, wraps re-joined."""
    lines = _cut_footer([normalise_line(line) for line in lines])
    marked: list[str | None] = []
    for line in lines:
        if not line.strip():
            marked.append(None)
        elif not is_chrome(line):
            marked.append(line)
    return [line for line in _drop_fragments(_join_wrapped(marked)) if line]
