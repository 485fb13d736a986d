"""The spoken-form rules as a check: what one bot turn may ask of a listener.

An elderly caller hears each turn once, on a phone line or a speaker, and
cannot scroll back. So a turn has at most two sentences, offers at most three
choices, keeps each sentence short, and never reads out a document's full
title or its clause numbering. ``problems`` checks one message, ``turn_problems``
all the messages said for one caller line; assistant/spoken_sources.py gathers
every sentence the assistant can say to check.

Standard library only: imported from every environment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

MAX_SENTENCES = 2
MAX_OPTIONS = 3
# Characters a listener can hold in one sentence. The voice speaks ~130
# characters a minute for elderly listeners (settings.speaking_rate_cpm), so 40
# characters is about 18 s with its clause pauses: beyond that the start of the
# sentence (who, which day) is gone before its end (the question) arrives. Plain-
# language guides for older readers ask for sentences of 20–30 characters;
# 40 leaves room for a read-back of a booking, which the caller checks item by
# item at the commas.
MAX_SENTENCE_CHARS = 40

KINDS = ("sentences", "options", "long_sentence", "document_title", "clause_numbering")

# How a listener hears sentence ends: full stops, questions, exclamations, the
# semicolon (a full pause in speech) and line breaks (separate bubbles/prompts).
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_SPEAKABLE = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
# 还是 offering a choice (…，还是送到家里), not 还是没有 (still not).
_ALTERNATIVE = re.compile(r"还是(?![没不也])|或者|或是")
_PIECE = re.compile(r"([^。！？!?；;\n]+)([。！？!?；;\n]*)")
_OFFER = re.compile(r"可以帮您|能帮您|我可以|您可以|可以选|比如|还是|或者|或是|吗|要不要|是不是")
_LIST_WITH_DENG = re.compile(r"、[^，,。？！、]{1,12}等(?![待着候一])")
# A phrase the caller is told to say (跟我说“办老年证”就行) is one more choice to remember.
_SAY_HINT = re.compile(r"说[:：]?[“\"「]")
_NUM = r"[0-9０-９一二三四五六七八九十百零〇两]+"
_CLAUSE_CHAIN = re.compile(rf"(?:第{_NUM}[章节条款项目]\s*){{2,}}")
_RAW_NUMBERING = re.compile(r"[一二三四五六七八九十]+、\s*[（(][一二三四五六七八九十]+[)）]")
_LONG_TITLE = re.compile(r"《[^》]{13,}》")
_OFFICIAL_TITLE = re.compile(r"关于[^。，,；;！？!?]{4,}?的(?:实施)?(?:意见|通知|办法|规定|决定|方案|细则)")
_DOC_NUMBER = re.compile(r"[〔\[［(（]\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*[〕\]］)）]\s*\S{1,4}号")


@dataclass(frozen=True)
class Problem:
    kind: str  # one of KINDS
    detail: str


def sentences(text: str) -> list[str]:
    """The sentences a listener hears, in order; a trailing question is one."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if _SPEAKABLE.search(s)]


def first_sentence(text: str) -> tuple[str, str]:
    """``text`` split after its first sentence (its end mark kept): (first, the rest)."""
    match = _SENTENCE_END.search(text or "")
    if not match or not _SPEAKABLE.search(text[match.end():]):
        return text or "", ""
    return text[:match.end()], text[match.end():].strip()


def speakable_chars(text: str) -> int:
    """Characters that take time to say: ideographs, letters, digits (read one by one at worst)."""
    return len(_SPEAKABLE.findall(text))


def options(text: str, buttons: Sequence | int | None = None) -> int:
    """Choices offered in one turn: 早餐、午餐，还是晚餐 is three; quick replies count as shown."""
    spoken = 0
    for match in _PIECE.finditer(text or ""):
        sentence, end = match.group(1), match.group(2)
        joins = sentence.count("、") + len(_ALTERNATIVE.findall(sentence))
        # a list is offered when asked or proposed; 提供助餐、助浴等服务 states facts
        offered = "?" in end or "？" in end or _OFFER.search(sentence)
        if joins and offered and not _LIST_WITH_DENG.search(sentence):
            spoken += joins + 1
    spoken += len(_SAY_HINT.findall(text or ""))
    shown = buttons if isinstance(buttons, int) else len(buttons or ())
    return max(spoken, shown)


def problems(text: str, buttons: Sequence | int | None = None) -> list[Problem]:
    """What breaks the spoken-form rules in one bot turn (its text and its quick replies)."""
    found: list[Problem] = []
    said = sentences(text)
    if len(said) > MAX_SENTENCES:
        found.append(Problem("sentences", f"{len(said)} sentences"))
    offered = options(text, buttons)
    if offered > MAX_OPTIONS:
        found.append(Problem("options", f"{offered} options"))
    for sentence in said:
        if speakable_chars(sentence) > MAX_SENTENCE_CHARS:
            found.append(Problem("long_sentence", f"{speakable_chars(sentence)} characters: {sentence[:16]}…"))
    for pattern in (_LONG_TITLE, _OFFICIAL_TITLE, _DOC_NUMBER):
        match = pattern.search(text or "")
        if match:
            found.append(Problem("document_title", match.group(0)))
            break
    for pattern in (_CLAUSE_CHAIN, _RAW_NUMBERING):
        match = pattern.search(text or "")
        if match:
            found.append(Problem("clause_numbering", match.group(0).strip()))
            break
    return found


def turn_problems(messages: Sequence[dict]) -> list[Problem]:
    """A whole bot turn as the caller hears it: every message Rasa sent for one caller line
    (REST channel output), texts in order, quick replies of all of them."""
    texts = [str(m.get("text") or "") for m in messages if isinstance(m, dict)]
    buttons = sum(len(m.get("buttons") or []) for m in messages if isinstance(m, dict))
    return problems("\n".join(t for t in texts if t), buttons)


def count_by_kind(found: Iterable[Problem]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for problem in found:
        counts[problem.kind] += 1
    return counts
