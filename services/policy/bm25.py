"""Okapi BM25 over pre-tokenised documents."""
from __future__ import annotations

import math
from collections import Counter


class BM25:
    def __init__(self, documents: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.freqs = [Counter(doc) for doc in documents]
        self.lengths = [len(doc) for doc in documents]
        self.avg_length = sum(self.lengths) / max(len(documents), 1)
        n = len(documents)
        df = Counter(term for freq in self.freqs for term in freq)
        self.idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}
        # A word no document has is the most specific word of all.
        self.unseen_idf = math.log(1 + (n + 0.5) / 0.5)

    def term_idf(self, term: str) -> float:
        return self.idf.get(term, self.unseen_idf)

    def score(self, query: list[str], index: int) -> float:
        freq, length = self.freqs[index], self.lengths[index]
        norm = self.k1 * (1 - self.b + self.b * length / self.avg_length)
        total = 0.0
        for term in set(query):
            tf = freq.get(term, 0)
            if tf:
                total += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
        return total

    def contains(self, index: int, term: str) -> bool:
        return term in self.freqs[index]
