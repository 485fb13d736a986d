"""Document metadata from a saved page: title, issuer, date, number, city, validity.

Sites present metadata in three ways, tried in this order: labelled fields
(【制定机关】…, 发文字号 …), the signature block at the end of a notice
(issuer line + date line), and the title itself ("X关于印发《Y》的通知").
"""
from __future__ import annotations

import re

from services.policy.model import DRAFT, EXPIRED, VALID, DocMeta
from services.policy.textclean import is_date_line

_DOC_NUMBER = r"[\u4e00-\u9fa5]{1,10}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号"
_DOC_NUMBER_LINE = re.compile(rf"^({_DOC_NUMBER})$")
_DATE = r"(\d{4})\s*(?:年|[.\-/])\s*(\d{1,2})\s*(?:月|[.\-/])\s*(\d{1,2})"


def _label(name: str) -> str:
    # "【字 号】x", "标 题 x", "发文字号：x" — label letters may be spaced out.
    spaced = r"\s*".join(name)
    return rf"[【\[]?\s*{spaced}\s*[】\]]?\s*[:：]?\s*"


_LABELLED_NUMBER = re.compile(rf"(?:{_label('发文字号')}|{_label('字号')}|{_label('文号')})({_DOC_NUMBER})")
_LABELLED_TITLE = re.compile(rf"^(?:{_label('标题')}|{_label('名称')})(\S.+?)\s*(?:索引号|$)")
_LABELLED_ISSUER = re.compile(
    rf"(?:{_label('制定机关')}|{_label('发文机关')}|{_label('发布机构')}|{_label('发文单位')})([\u4e00-\u9fa5]+)"
)
_LABELLED_DATES = [
    re.compile(rf"{_label(name)}{_DATE}") for name in ("成文日期", "印发日期", "公布日期", "发布日期", "施行日期")
]
_LABELLED_STATUS = re.compile(rf"(?:{_label('时效性')}|{_label('效力状态')}|{_label('有效性')})(\S+)")

_ISSUER_SUFFIX = re.compile(r"(人民政府办公厅|人民政府办公室|人民政府|委员会|办公室|办公厅|民政局|民政厅|[局厅委])$")
_WRAPPED_TITLE = re.compile(r"关于(?:印发|转发|征求|公布)?《(.+?)》")
_PRINTED_TITLE = re.compile(r"关于印发(.+?)的通知$")
_DRAFT_MARK = re.compile(r"征求意见稿|草案|送审稿|征求意见")
_EXPIRED_MARK = re.compile(r"失效|废止|已撤销|停止执行")
_PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆"
).split()
_CITY = re.compile(r"([\u4e00-\u9fa5]{2,6}?(?:自治州|市|州|盟|地区))")


def iso_date(text: str) -> str:
    match = re.search(_DATE, text)
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _first(pattern: re.Pattern[str], lines: list[str]) -> str:
    for line in lines:
        match = pattern.search(line)
        if match:
            return match.group(1).strip()
    return ""


def page_title(header: list[str]) -> str:
    """The page's own title: a labelled one, else the first complete header line."""
    labelled = _first(_LABELLED_TITLE, header)
    if labelled:
        return labelled
    for line in header:
        text = line.strip()
        if len(text) >= 8 and not text.endswith(("...", "…")) and not text.startswith(("【", "[")):
            return text
    return ""


def document_title(title: str) -> str:
    """The paper a notice or letter wraps: 关于印发《Y》的通知 → Y."""
    inner = _WRAPPED_TITLE.search(title) or _PRINTED_TITLE.search(title)
    if not inner:
        return title
    doc = inner.group(1).strip()
    for mark in ("征求意见稿", "草案", "送审稿"):
        if doc.endswith(mark) and not doc.endswith(f"({mark})") and not doc.endswith(f"（{mark}）"):
            doc = f"{doc[: -len(mark)]}({mark})"
    return doc


def _signature(lines: list[str]) -> tuple[str, str]:
    """(issuer, date) of a signature block: an organ line followed by a date line."""
    for prev, line in zip(lines, lines[1:]):
        if is_date_line(line) and _ISSUER_SUFFIX.search(prev.strip()) and len(prev.strip()) <= 30:
            return prev.strip(), iso_date(line)
    return "", ""


def _issuer_from_title(title: str) -> str:
    head = title.split("关于", 1)[0].strip()
    return head if head != title and _ISSUER_SUFFIX.search(head) else ""


def city_of(*names: str) -> str:
    for name in names:
        for province in _PROVINCES:
            if name.startswith(province):
                name = name[len(province):].lstrip("省")
                break
        match = _CITY.match(name)
        if match:
            return match.group(1)
    return ""


def _doc_number(header: list[str], body: list[str]) -> str:
    labelled = _first(_LABELLED_NUMBER, header)
    if labelled:
        return re.sub(r"\s+", "", labelled)
    # A number standing on its own line is the paper's own; numbers inside
    # sentences are citations of other papers.
    return _first(_DOC_NUMBER_LINE, [line.strip() for line in header + body[:15]])


def _status(header: list[str], titles: list[str]) -> str:
    labelled = _first(_LABELLED_STATUS, header)
    if labelled and _EXPIRED_MARK.search(labelled):
        return EXPIRED
    if any(_DRAFT_MARK.search(t) for t in titles):
        return DRAFT
    # Outside labels, only a short header line may carry the marker ("此件已失效"):
    # body sentences mention 失效 in other senses.
    if any(_EXPIRED_MARK.search(line) and len(line.strip()) <= 20 for line in header):
        return EXPIRED
    return VALID


def extract(doc_id: str, header: list[str], body: list[str], source_file: str = "") -> DocMeta:
    wrapper = page_title(header)
    title = document_title(wrapper)
    sig_issuer, sig_date = _signature(body)
    issuer = _first(_LABELLED_ISSUER, header) or sig_issuer or _issuer_from_title(wrapper)
    date = next((iso_date(m.group(0)) for p in _LABELLED_DATES for line in header if (m := p.search(line))), "")
    date = date or sig_date or next((iso_date(line) for line in body if is_date_line(line)), "")
    return DocMeta(
        doc_id=doc_id,
        title=title,
        issuer=issuer,
        date=date,
        doc_number=_doc_number(header, body),
        city=city_of(issuer, title, wrapper),
        status=_status(header, [wrapper, title]),
        page_title=wrapper if wrapper != title else "",
        source_file=source_file,
    )
