"""The searchable clause index: BM25 over clauses, scoped by city.

A clause is indexed with its heading (twice: headings name the topic), the
headings of the sections it sits in, the document title and its text.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import settings
from services.policy.bm25 import BM25
from services.policy.ingest import default_store, ingest_folder, load_clauses, save
from services.policy.model import Clause
from services.policy.jieba_tokens import Word, is_noun, tokens, words

log = logging.getLogger(__name__)

# A question word no clause contains counts fully against a match when it is a
# noun (公交车, 养老金: the papers do not cover the topic) and little when it is
# a verb, adverb or filler that callers add (闲着, 想开, 干啥).
UNSEEN_FILLER_WEIGHT = 0.5


@dataclass
class Hit:
    clause: Clause
    score: float  # BM25
    coverage: float  # share of the query's IDF mass in the clause (0..1)
    terms: list[str]  # the query's tokens, for sentence picking


@dataclass
class SearchResult:
    hits: list[Hit]
    city: str | None  # the city asked for
    city_has_documents: bool  # False: the search fell back to every city


def same_city(asked: str, city: str) -> bool:
    return bool(asked and city) and (city.startswith(asked) or asked.startswith(city))


def _ancestor_headings(clauses: list[Clause], clause: Clause) -> list[str]:
    path = clause.clause_path
    return [
        other.heading
        for other in clauses
        if other.doc_id == clause.doc_id
        and other.clause_path != path
        and path.startswith(other.clause_path)
        and (other.clause_path.endswith("、") or path[len(other.clause_path)] == " ")
    ]


class PolicyIndex:
    def __init__(self, clauses: list[Clause]):
        # Heading-only clauses (三、主要工作) have no text to answer from; their
        # words still reach the index through their children.
        self.clauses = [c for c in clauses if c.text.strip()]
        self.cities = sorted({c.city for c in clauses if c.city})
        documents = []
        for clause in self.clauses:
            context = " ".join(_ancestor_headings(clauses, clause))
            documents.append(tokens(f"{clause.heading} {clause.heading} {context} {clause.doc_title} {clause.text}"))
        self.bm25 = BM25(documents)

    @classmethod
    def from_store(cls, path: Path) -> "PolicyIndex":
        return cls(load_clauses(path))

    @classmethod
    def from_folder(cls, folder: Path, store: Path | None = None) -> "PolicyIndex":
        documents = ingest_folder(folder)
        if store is not None:
            try:
                save(documents, store, folder)
            except OSError as err:  # a read-only var dir must not stop answering
                log.warning("could not write policy store %s: %s", store, err)
        return cls([c for doc in documents for c in doc.clauses])

    def has_city(self, city: str | None) -> bool:
        return bool(city) and any(same_city(city, c) for c in self.cities)

    def search(self, query: str, city: str | None = None, k: int = 3) -> SearchResult:
        query_words = words(query)
        terms = [t for w in query_words for t in (*(p[0] for p in w.parts), w.term)]
        scoped = self.has_city(city)
        hits = []
        for i, clause in enumerate(self.clauses):
            if scoped and not same_city(city, clause.city):
                continue
            score = self.bm25.score(terms, i)
            if score > 0:
                hits.append(Hit(clause, score, self.coverage(query_words, i), terms))
        hits.sort(key=lambda h: h.score, reverse=True)
        return SearchResult(hits[:k], city or None, scoped or not city)

    def idf(self, term: str) -> float:
        return self.bm25.term_idf(term)

    def _weight(self, word: Word) -> float:
        """How much a query word matters: its IDF, or its most specific known part."""
        if word.term in self.bm25.idf:
            return self.bm25.idf[word.term]
        if is_noun(word.term):  # 丧葬补助金: a topic the papers lack, whatever its parts
            return self.bm25.unseen_idf
        known = [self.bm25.idf[p] for p, _, _ in word.parts if p in self.bm25.idf]
        return max(known, default=UNSEEN_FILLER_WEIGHT)

    def coverage(self, query_words: list[Word], index: int) -> float:
        """Share of the question's weight the clause covers (0..1).

        Raw BM25 grows with question length, so whether a clause answers is
        judged by coverage: a word counts fully when the clause has it, and in
        proportion to the characters its matched parts cover otherwise.
        """
        mass = got = 0.0
        for word in {w.term: w for w in query_words}.values():
            weight = self._weight(word)
            mass += weight
            if self.bm25.contains(index, word.term):
                got += weight
                continue
            covered = {c for p, a, b in word.parts if self.bm25.contains(index, p) for c in range(a, b)}
            share = len(covered) / word.length
            # A word is only matched by parts that spell all of it
            # (卫生部门 = 卫生 + 部门); 老年大学 or 老年证 is not covered by 老年.
            got += weight * float(share == 1)
        return got / mass if mass else 0.0


_index: PolicyIndex | None = None
_lock = threading.Lock()


def get_index() -> PolicyIndex:
    """The process-wide index: loaded from the store once, built if there is none."""
    global _index
    with _lock:
        if _index is None:
            store = default_store()
            if store.exists():
                _index = PolicyIndex.from_store(store)
            else:
                _index = PolicyIndex.from_folder(settings.policy_docs_dir, store)
        return _index


def set_index(index: PolicyIndex | None) -> None:
    """Replace the process-wide index (tests, or a reload after re-ingesting)."""
    global _index
    with _lock:
        _index = index
