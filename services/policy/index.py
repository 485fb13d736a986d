"""The searchable clause index: BM25 over clauses, scoped by city.

A clause is indexed with its heading (twice: headings name the topic), the
headings of the sections it sits in, the document title and its text.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.settings import settings
from services.policy.bm25 import BM25
from services.policy.ingest import default_store, ingest_folder, load_clauses, save
from services.policy.loader import paper_files
from services.policy.model import EXPIRED, VALID, Clause
from services.policy.speech import topic_of
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


def retired_documents(clauses: list[Clause]) -> set[str]:
    """Papers not to answer from: expired or older than a paper in force on the same topic in the same city.

    An expired paper with nothing newer stays (its answers carry the warning).
    """
    docs = {c.doc_id: c for c in clauses}
    retired = set()
    for doc in docs.values():
        for newer in docs.values():
            if (newer.doc_id != doc.doc_id and newer.status == VALID and newer.city == doc.city
                    and topic_of(newer.doc_title) == topic_of(doc.doc_title)
                    and (doc.status == EXPIRED or newer.date > doc.date)):
                retired.add(doc.doc_id)
    return retired


def _leaf_heading_as_text(clauses: list[Clause], clause: Clause) -> Clause:
    """A clause that is one sentence (1、80周岁以上老年人每餐补贴3元。) has only a heading: that is its text.

    A heading with clauses under it (三、主要工作) stays a heading.
    """
    if clause.text.strip() or not clause.heading:
        return clause
    path = clause.clause_path
    parent = any(o.doc_id == clause.doc_id and o.clause_path != path and o.clause_path.startswith(path)
                 for o in clauses)
    return clause if parent else replace(clause, text=clause.heading)


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
        self.retired = retired_documents(clauses)
        clauses = [_leaf_heading_as_text(clauses, c) for c in clauses if c.doc_id not in self.retired]
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
    def from_folder(cls, folder: Path, store: Path | None = None, files: tuple[str, ...] = ()) -> "PolicyIndex":
        documents = ingest_folder(folder, files)
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
        if word.length == 1 and not is_noun(word.term):  # 办, 用, 买, 支: the caller's verb, not the topic
            return min(self.bm25.idf.get(word.term, UNSEEN_FILLER_WEIGHT), UNSEEN_FILLER_WEIGHT)
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


WATCH_EVERY_S = 5.0  # how often a request checks whether the papers or the store changed

_index: PolicyIndex | None = None
_seen: tuple = ()
_checked = 0.0
_rebuilding = False
_pinned = False  # set_index(): a test's or tool's own index is never swapped
_lock = threading.Lock()


def papers() -> tuple[Path, tuple[str, ...]]:
    """The folder (and chosen files) of the deployment's papers, from the city pack."""
    from services.common import city

    try:
        pack = city.current()
    except ValueError as err:  # no pack for this city: every paper in the default folder
        log.warning("%s; answering from %s", err, settings.policy_docs_dir)
        return settings.policy_docs_dir, ()
    return pack.papers_folder(), pack.policy_files


def _fingerprint(folder: Path, files: tuple[str, ...], store: Path) -> tuple:
    """What changes when a paper is added, replaced or removed, or the store is rewritten."""
    try:
        found = paper_files(folder, files)
        stats = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in found)
    except OSError:
        stats = ()
    return stats, store.stat().st_mtime_ns if store.exists() else 0


def _build(folder: Path, files: tuple[str, ...], store: Path, rebuild: bool) -> PolicyIndex:
    """From the store when it is newer than every paper, else from the papers (and the store rewritten)."""
    papers_, store_time = _fingerprint(folder, files, store)
    fresh = store_time and all(mtime <= store_time for _, _, mtime in papers_)
    if fresh and not rebuild:
        return PolicyIndex.from_store(store)
    return PolicyIndex.from_folder(folder, store, files)


def _reload(folder: Path, files: tuple[str, ...], store: Path, papers_changed: bool) -> None:
    """Re-ingest in the background; callers keep the old index until the new one is ready."""
    global _index, _seen, _rebuilding
    try:
        index = _build(folder, files, store, rebuild=papers_changed)
        with _lock:
            _index, _seen = index, _fingerprint(folder, files, store)
        log.info("policy papers re-ingested: %d clauses", len(index.clauses))
    except Exception:  # a broken new paper must not take the old answers away
        log.exception("re-ingesting the policy papers failed; still answering from the previous index")
        with _lock:
            _seen = _fingerprint(folder, files, store)
    finally:
        _rebuilding = False


def get_index() -> PolicyIndex:
    """The process-wide index: loaded from the store once (built if there is none), and
    re-ingested in the background when the papers folder or the store changes."""
    global _index, _seen, _checked, _rebuilding
    folder, files = papers()
    store = default_store()
    with _lock:
        if _index is None:
            _index = _build(folder, files, store, rebuild=False)
            _seen, _checked = _fingerprint(folder, files, store), time.monotonic()
            return _index
        if _pinned or _rebuilding or time.monotonic() - _checked < WATCH_EVERY_S:
            return _index
        _checked = time.monotonic()
        now = _fingerprint(folder, files, store)
        if now == _seen:
            return _index
        _rebuilding = True
        papers_changed = now[0] != _seen[0]
    threading.Thread(target=_reload, args=(folder, files, store, papers_changed), daemon=True).start()
    return _index


def set_index(index: PolicyIndex | None) -> None:
    """Replace the process-wide index (tests, or a reload after re-ingesting)."""
    global _index, _seen, _checked, _pinned
    with _lock:
        _index, _seen, _checked, _pinned = index, (), time.monotonic(), index is not None
