"""jieba tokenisation shared by indexing and queries, so both sides agree.

Tokens are search-mode words (long words also yield their parts), mapped to
canonical synonyms, with function and question words dropped. Numbers that
callers say in Chinese ("二十平米", "百分之五十") become digits as papers write them.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

import jieba
import jieba.posseg

from assistant.settings import REPO_ROOT
from assistant.zh_text import chinese_to_int, normalize_utterance
from services.policy.synonyms import all_terms, canonical

DOMAIN_DICT = REPO_ROOT / "nlu_data" / "jieba" / "domain_dict.txt"

STOPWORDS = frozenset(
    """的 地 得 了 着 过 和 与 及 或 等 是 在 有 没有 没 我 你 他 她 它 我们 你们 他们 咱 咱们 俺 您 自己
    吗 呢 吧 啊 呀 哦 嘛 么 哈 呗 嗯 喂 什么 怎么 怎么样 怎样 如何 多少 几 哪 哪里 哪儿 哪些 那个 这个 这 那
    能 能不能 可以 可不可以 会 要 想 请问 问 问问 一下 一个 个 就 都 还 也 又 给 让 把 被 对 里 说 讲
    知道 听说 听 政府 国家 规定 政策 文件 里面 上面 现在 到底 是不是 有没有 多 少 呀 人家 家里 我家 我妈
    我爸 老伴 老头 老太太 老头子 同志 你好 谢谢 麻烦 帮 帮忙 查 查查 看看 看 一点 一些 吗 啥 咋 咋样
    为 以 于 之 其 中 将 从 并 对于 按照 根据 进行 开展 加强 推进 推动 进一步 相关 有关 工作 各 全市 我市
    得到 可 应 应当 要求 方面 情况 问题 事 事情 东西 时候 多大 几个 多久 每个 每 啥样 干什么 意思 办法
    谁 哪个 哪家 哪块 啥时候 啥时 什么时候 几时 几点 多长时间 咋办 咋整 咋样 中不中 行不行 管不管 能否
    可不可以 要不要 需不需要 会不会 支不支持 推不推行 打不打击 俺们 俺家 咱家 压根 指 人 有人 一般 嗯 呐 哎
    不 没 是啥 干啥 啥用 都 些 那些 这些 哪几 不是 支不 能有 这块 这事 这一块""".split()
)

_NUMBER = r"[零〇一二两三四五六七八九十百千万]+"
_UNIT = r"(?=岁|周岁|平方米|平米|平方|张|元|块|所|家|个|户|处|间|年|月|天|分钟|人|名|项|倍|%)"
_SPOKEN_NUMBER = re.compile(_NUMBER + _UNIT)
_PERCENT = re.compile(rf"百分之({_NUMBER}|\d+)")
_KEEP = re.compile(r"[\u4e00-\u9fff]|\d")
# "居住(小)区", "卫生所(室)": a bracketed character is part of the word.
_INNER_BRACKET = re.compile(r"[(（]([\u4e00-\u9fff]{1,2})[)）]")

_lock = threading.Lock()
_ready = False
log = logging.getLogger(__name__)


def _init() -> None:
    global _ready
    with _lock:
        if _ready:
            return
        jieba.setLogLevel(logging.WARNING)
        if DOMAIN_DICT.exists():
            jieba.load_userdict(str(DOMAIN_DICT))
        else:
            log.warning("jieba domain dictionary missing: %s", DOMAIN_DICT)
        for word in all_terms():  # synonyms must be whole words to be mapped
            jieba.add_word(word, freq=500)
        _ready = True


def is_noun(word: str) -> bool:
    """Whether jieba's dictionary tags the word as a noun (or noun-like phrase)."""
    _init()
    tag = jieba.posseg.dt.word_tag_tab.get(word, "")
    return tag.startswith("n") or tag in ("vn", "l", "eng")


def normalise_numbers(text: str) -> str:
    """"二十平米" → "20平米", "百分之五十" → "50%", leaving idioms (一站式) alone."""

    def percent(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group(1))
        return f"{value}%" if value is not None else match.group(0)

    def number(match: re.Match[str]) -> str:
        if match.group(0) == "一":
            return match.group(0)  # "一个月" is "a month", not a figure
        value = chinese_to_int(match.group(0))
        return str(value) if value is not None else match.group(0)

    return _SPOKEN_NUMBER.sub(number, _PERCENT.sub(percent, text))


@dataclass(frozen=True)
class Word:
    """One word of a text (canonical) and the dictionary words inside it.

    Search mode also indexes the parts of long words (养老服务用房 → 养老, 服务,
    用房), so a caller's compound can still meet the paper's wording.
    """

    term: str
    length: int
    parts: tuple[tuple[str, int, int], ...] = ()  # (canonical part, start, end)


def _content(term: str) -> bool:
    return bool(term) and term not in STOPWORDS and bool(_KEEP.search(term))


def _parts(raw: str) -> tuple[tuple[str, int, int], ...]:
    """Dictionary words inside a longer word (jieba's search mode, all lengths)."""
    found = []
    for size in range(2, len(raw)):
        for start in range(len(raw) - size + 1):
            gram = raw[start:start + size]
            if jieba.dt.FREQ.get(gram) and _content(canonical(gram)):
                found.append((canonical(gram), start, start + size))
    return tuple(found)


def words(text: str) -> list[Word]:
    """Content words of a text in order; function and question words dropped."""
    _init()
    text = normalise_numbers(_INNER_BRACKET.sub(r"\1", normalize_utterance(text)))
    out = []
    for raw in jieba.cut(text):
        raw = raw.strip()
        term = canonical(raw)
        if _content(term):
            out.append(Word(term, len(raw), _parts(raw)))
    return out


def tokens(text: str) -> list[str]:
    """Canonical search-mode tokens of a text, repeats kept (for BM25)."""
    return [term for word in words(text) for term in (*(p[0] for p in word.parts), word.term)]
