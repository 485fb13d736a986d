"""Answer a caller's policy question from the sentence that carries what was asked.

The clauses the index finds are read sentence by sentence; the sentence that
best matches the question's words and carries the kind of fact asked for (a
figure, a share, a date, a group of people, a list, a place or way, a yes/no)
is said, shortened, then the paper's short name and the clause. A question
asking for a figure is only answered by a sentence holding one; otherwise
found=False and nothing is made up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.settings import settings
from services.policy.index import Hit, PolicyIndex, get_index
from services.policy.jieba_tokens import tokens
from services.policy.question import (
    NO_WORDS, NOT_SAID, QuestionType, asks_responsible, classify, is_follow_up, is_personal, responsible_note,
    without_responsible_ask, yes_no_words,
)
from services.policy.speech import WARNINGS, for_speech, plain_clause, short_name

# Calibrated by leave-one-paper-out (services/policy/calibrate.py, bench/bench_policy.py).
MIN_COVERAGE = 0.45
CANDIDATES = 5  # clauses read, best first, for a sentence carrying the fact
LONG_SENTENCE = 56  # spoken characters; longer sentences are cut to their matching phrases
STATED_BONUS = 0.4  # a sentence saying the kind of thing asked (people for 谁, a list for 哪些)
END_BONUS = 0.3  # share of the question's weight a sentence's last phrase is worth (see shorten)
FOLLOW_UP_SAME_DOC = 0.2  # a follow-up stays with the paper of the previous answer
# A follow-up's search text is both questions; the previous one's words were
# matched already, so the bar for the pair is a little lower.
FOLLOW_UP_THRESHOLD = 0.8
NOT_FOUND = "对不起，这个政策文件里没有找到确切的规定，我帮您转人工问问好吗？"
NOT_SAID_ANSWER = f"{NOT_SAID}这个，我帮您转人工问问好吗？"
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])|\n")
_OPEN, _CLOSE = "“《(（", "”》)）"


def split_phrases(sentence: str, marks: str = ",，:：") -> list[str]:
    """Split at commas and colons, but not inside quotes or brackets.

    A phrase too long to say on its own is split again at its 、 (a list of
    places or groups: 淇滨区建成3个…、山城区建成2个…).
    """
    phrases, current, depth = [], "", 0
    for ch in sentence:
        current += ch
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if ch in marks and depth <= 0:
            phrases.append(current)
            current, depth = "", 0
    phrases = [p for p in (*phrases, current) if p.strip()]
    if "、" in marks:
        return phrases
    return [part for p in phrases
            for part in (split_phrases(p, "、") if len(for_speech(p)) > LONG_SENTENCE else [p])]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 4]


@dataclass
class Asked:
    """One question, resolved against the previous one when it leans on it."""

    text: str  # what is searched
    own_terms: set[str]  # the caller's own words this turn (weigh double in a follow-up)
    qtype: QuestionType | None
    prev_doc: str = ""
    follow_up: bool = False


def resolve(question: str, prev_question: str | None = None, prev_clause: str | None = None) -> Asked:
    qtype = classify(question)
    question = without_responsible_ask(question)
    if prev_question and is_follow_up(question):
        return Asked(f"{question} {prev_question}", set(tokens(question)), qtype or classify(prev_question),
                     (prev_clause or "").split("#", 1)[0], follow_up=True)
    return Asked(question, set(), qtype)


class _Picker:
    """Scores sentences and phrases of a clause against the question's terms."""

    def __init__(self, index: PolicyIndex, hit: Hit, asked: Asked):
        self.index, self.asked, self.qtype = index, asked, asked.qtype
        self.terms = set(hit.terms)
        self.heading = hit.clause.heading
        self.mass = sum(self.weight(t) for t in self.terms) or 1.0

    def weight(self, term: str) -> float:
        idf = self.index.idf(term)
        return idf * 2 if term in self.asked.own_terms else idf

    def overlap(self, text: str) -> float:
        return sum(self.weight(t) for t in self.terms & set(tokens(text)))

    def own_share(self, text: str) -> float:
        """In a follow-up, how much of this turn's own words the text has (那山城区呢 → 山城区)."""
        own = self.asked.own_terms
        if not own:
            return 0.0
        return sum(self.index.idf(t) for t in own & set(tokens(text))) / (sum(self.index.idf(t) for t in own) or 1.0)

    def states(self, text: str) -> bool:
        return self.qtype is not None and bool(self.qtype.stated.search(text))

    def best(self, text: str) -> tuple[float, str] | None:
        """(score, spoken sentence) of the clause's best sentence, or None.

        The heading is a sentence too (检查验收(2020年12月)), and its words count
        a little for every sentence under it (三社联动 names what follows).
        """
        scored = []
        base = 0.3 * self.overlap(self.heading) / self.mass
        # A heading answers only when it carries a required figure or date.
        heading = [self.heading] if self.qtype is not None and self.qtype.required else []
        for sentence in [*heading, *sentences(text)]:
            if self.qtype and self.qtype.required and not self.states(sentence):
                continue
            score = self.overlap(sentence) / self.mass + base
            if score <= 0:
                continue
            scored.append((score + (STATED_BONUS if self.states(sentence) else 0.0) + self.own_share(sentence), sentence))
        if not scored:
            return None
        score, sentence = max(scored, key=lambda pair: pair[0])
        return score, self.shorten(sentence)

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
        # The phrase saying the kind of thing asked goes first; a yes or no can come from any phrase.
        fact_needed = self.qtype is not None and self.qtype.name != "yesno" and any(self.states(p) for p in phrases)
        while True:
            def gain(i: int) -> float:
                # The last phrase is where a paper says what is done (……的敬老院，要采取关、停、并、转).
                last = END_BONUS * self.mass if i == len(phrases) - 1 and self.qtype and not self.qtype.required else 0.0
                return sum(self.weight(t) * (0.5 if t in topic else 1) for t in matched[i] - covered) + 0.01 + last

            fitting = [
                i for i in range(len(phrases))
                if i not in keep and len(for_speech("".join(phrases[j] for j in sorted(keep | {i})))) <= LONG_SENTENCE
                and (not fact_needed or self.states(phrases[i]))  # the phrase carrying the fact goes first
            ]
            if not keep and not fitting and fact_needed:
                fact_needed = False
                continue
            best = max(fitting, key=gain, default=None)
            if best is None or (keep and gain(best) <= 0.01):
                break
            keep.add(best)
            covered |= matched[best]
            fact_needed = fact_needed and not self.states(phrases[best])
        return "".join(phrases[i] for i in sorted(keep)) if keep else phrases[0]


def source(clause) -> str:
    """这是武汉市2017年养老服务意见里推进医养融合发展那一条说的。"""
    return f"这是{short_name(clause.city, clause.date, clause.doc_title, clause.status)}" \
           f"{plain_clause(clause.clause_path, clause.heading)}说的。"


def _compose(hit: Hit, sentence: str, asked: Asked, question: str, asked_city: str | None, fell_back: bool) -> str:
    body = for_speech(sentence)
    note = responsible_note(hit.clause.text) if asks_responsible(question, sentence) else ""
    if note:  # 这事归哪个部门管: the clause's own responsibility note, not its policy sentence
        body = f"这件事由{note}负责"
    if asked.qtype is not None and asked.qtype.name == "yesno":
        yes, no = yes_no_words(question)
        body = f"{no if NO_WORDS.search(sentence) else yes}，{body}"
    if fell_back:
        body = f"{asked_city}的政策文件还没有收录，我查到的是{hit.clause.city}的规定：{body}"
    return f"{body}。{source(hit.clause)}"


def not_found(qtype: QuestionType | None = None) -> dict:
    said = NOT_SAID_ANSWER if qtype is not None and qtype.name == "yesno" else NOT_FOUND
    return {"found": False, "answer": said, "warning": None, "clause": None,
            "type": qtype.name if qtype else None, "clause_id": None}


def clause_id(clause) -> str:
    return f"{clause.doc_id}#{clause.clause_path}"


def answer(question: str, city: str | None = None, index: PolicyIndex | None = None,
           prev_question: str | None = None, prev_clause: str | None = None,
           threshold: float | None = None) -> dict:
    """{found, answer, warning, clause, type, clause_id} for one caller question (CONTRACT.md)."""
    index = index or get_index()
    asked = resolve(question, prev_question, prev_clause)
    if not prev_question and is_follow_up(question):
        return not_found(asked.qtype)  # 这个去哪儿办 with nothing before it: we do not know what 这个 is
    if is_personal(question):
        return not_found(None)  # the caller's own application or allowance: the records service knows it
    result = index.search(asked.text, city, k=CANDIDATES)
    threshold = threshold or settings.policy_min_score or MIN_COVERAGE  # settings may override the calibration
    if asked.follow_up:
        threshold *= FOLLOW_UP_THRESHOLD
    best: tuple[float, Hit, str] | None = None
    for hit in result.hits:
        if hit.coverage < threshold:
            continue
        picked = _Picker(index, hit, asked).best(hit.clause.text)
        if picked is None:
            continue
        score = hit.coverage + picked[0] + (FOLLOW_UP_SAME_DOC if hit.clause.doc_id == asked.prev_doc else 0.0)
        if best is None or score > best[0]:
            best = (score, hit, picked[1])
    if best is None:
        return not_found(asked.qtype)
    _, hit, sentence = best
    return {
        "found": True,
        "answer": _compose(hit, sentence, asked, question, city, not result.city_has_documents),
        "warning": WARNINGS.get(hit.clause.status),
        "clause": hit.clause.to_dict(),
        "type": asked.qtype.name if asked.qtype else None,
        "clause_id": clause_id(hit.clause),
    }


def search(question: str, city: str | None = None, k: int = 3, index: PolicyIndex | None = None) -> list[dict]:
    """Clauses with their BM25 score, best first (GET /policy/v1/search)."""
    index = index or get_index()
    return [{**hit.clause.to_dict(), "score": round(hit.score, 4)} for hit in index.search(question, city, k).hits]
