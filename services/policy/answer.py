"""Answer a caller's policy question from the best matching clause.

The answer is the clause sentence (shortened) that best matches the question
and carries the kind of fact asked for, followed by the document and clause
it comes from. A question asking for a figure ("多少钱") is only answered by a
sentence holding such a figure; otherwise found=False and nothing is made up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.settings import settings
from services.policy.index import Hit, PolicyIndex, get_index
from services.policy.speech import WARNINGS, for_speech, spoken_path
from services.policy.jieba_tokens import tokens

# Calibrated on tests/policy/questions.yaml (see bench/bench_policy.py).
MIN_COVERAGE = 0.45
CANDIDATES = 3  # clauses tried, best first, for a sentence carrying the fact
LONG_SENTENCE = 64  # spoken characters; longer sentences are cut to their matching phrases
NOT_FOUND = "对不起，这个问题我在政策文件里没有找到确切的规定，我帮您转人工客服问问好吗？"

# (what the caller asks for, how the question asks it, how a sentence states it)
_FACT_TYPES = [
    ("money", r"多少钱|几块钱|多少元|金额|补多少|发多少|给多少钱", r"\d+(?:\.\d+)?\s*(?:万?元|块)"),
    ("percent", r"比例|占比|百分之|几成|覆盖率|多少比", r"\d+(?:\.\d+)?\s*[%％]|百分之"),
    ("area", r"面积|多少平|几平|多大的?地方|多少平方", r"\d+\s*平方米|[二三四五六七八九十百千]+平方米"),
    ("age", r"几岁|多少岁|岁数|年纪|多大年龄|年龄", r"\d+\s*周?岁"),
    ("count", r"(?:多少|几)(?:个|张|家|所|间|处|名|项|床)", r"[\d一两二三四五六七八九十百千]+\s*(?:个|张|家|所|间|处|名|项)"),
    ("when", r"什么时候|啥时候|哪年|哪一年|几月|何时|截止|期限", r"\d{4}\s*年|\d+\s*月|年底|月底"),
    ("number", r"多少|几", r"\d|[一两二三四五六七八九十]+(?:个|张|家|所|间|处|名|项)"),
]
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])|\n")
_OPEN, _CLOSE = "“《(（", "”》)）"


def split_phrases(sentence: str) -> list[str]:
    """Split at commas and colons, but not inside quotes or brackets."""
    phrases, current, depth = [], "", 0
    for ch in sentence:
        current += ch
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if ch in ",，:：" and depth <= 0:
            phrases.append(current)
            current, depth = "", 0
    return [p for p in (*phrases, current) if p.strip()]


@dataclass
class FactType:
    name: str
    pattern: re.Pattern[str]


def fact_type(question: str) -> FactType | None:
    for name, asked, stated in _FACT_TYPES:
        if re.search(asked, question):
            return FactType(name, re.compile(stated))
    return None


class _Picker:
    """Scores sentences and phrases of a clause against the question's terms."""

    def __init__(self, index: PolicyIndex, hit: Hit, fact: FactType | None):
        self.index, self.fact = index, fact
        self.terms = set(hit.terms)
        self.heading = hit.clause.heading

    def overlap(self, text: str) -> float:
        return sum(self.index.idf(t) for t in self.terms & set(tokens(text)))

    def has_fact(self, text: str) -> bool:
        return self.fact is None or bool(self.fact.pattern.search(text))

    def sentence(self, text: str) -> str | None:
        sentences = [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 4]
        scored = [(self.overlap(s), s) for s in sentences if self.has_fact(s)]
        scored = [(score, s) for score, s in scored if score > 0]
        if not scored:
            return None
        return self.shorten(max(scored, key=lambda pair: pair[0])[1])

    def shorten(self, sentence: str) -> str:
        """Keep the phrases of a long sentence that add matched words or the fact.

        Greedy: each step takes the phrase bringing the most question weight
        not yet covered, while the spoken answer stays short.
        """
        if len(for_speech(sentence)) <= LONG_SENTENCE:
            return sentence
        phrases = split_phrases(sentence)
        matched = [self.terms & set(tokens(p)) for p in phrases]
        # Words the heading already has name the topic; the answer is in the others.
        topic = set(tokens(self.heading))
        keep: set[int] = set()
        covered: set[str] = set()
        fact_needed = self.fact is not None
        while True:
            def gain(i: int) -> float:
                fact = 1.0 if fact_needed and self.has_fact(phrases[i]) else 0.0
                return sum(self.index.idf(t) * (0.5 if t in topic else 1) for t in matched[i] - covered) + fact

            fitting = [
                i for i in range(len(phrases))
                if i not in keep and len(for_speech("".join(phrases[j] for j in sorted(keep | {i})))) <= LONG_SENTENCE
            ]
            best = max(fitting, key=gain, default=None)
            if best is None or gain(best) <= 0:
                break
            keep.add(best)
            covered |= matched[best]
            fact_needed = fact_needed and not self.has_fact(phrases[best])
        return "".join(phrases[i] for i in sorted(keep)) if keep else phrases[0]


def _compose(hit: Hit, sentence: str, asked_city: str | None, fell_back: bool) -> str:
    clause = hit.clause
    where = f"这是《{clause.doc_title}》{spoken_path(clause.clause_path)}说的。"
    body = for_speech(sentence) + "。"
    if fell_back:
        return f"{asked_city}的政策文件还没有收录，我查到的是{clause.city}的规定：{body}{where}"
    return body + where


def not_found() -> dict:
    return {"found": False, "answer": NOT_FOUND, "warning": None, "clause": None}


def answer(question: str, city: str | None = None, index: PolicyIndex | None = None) -> dict:
    """{found, answer, warning, clause} for one caller question (CONTRACT.md)."""
    index = index or get_index()
    result = index.search(question, city, k=CANDIDATES)
    fact = fact_type(question)
    threshold = settings.policy_min_score or MIN_COVERAGE  # settings may override the calibration
    for hit in result.hits:
        if hit.coverage < threshold:
            continue
        sentence = _Picker(index, hit, fact).sentence(hit.clause.text)
        if sentence:
            return {
                "found": True,
                "answer": _compose(hit, sentence, city, not result.city_has_documents),
                "warning": WARNINGS.get(hit.clause.status),
                "clause": hit.clause.to_dict(),
            }
    return not_found()


def search(question: str, city: str | None = None, k: int = 3, index: PolicyIndex | None = None) -> list[dict]:
    """Clauses with their BM25 score, best first (GET /policy/v1/search)."""
    index = index or get_index()
    return [{**hit.clause.to_dict(), "score": round(hit.score, 4)} for hit in index.search(question, city, k).hits]
