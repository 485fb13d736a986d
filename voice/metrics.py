"""Character error rate, the accuracy measure for Mandarin ASR (tests and bench share it)."""
from __future__ import annotations


def edit_distance(ref: str, hyp: str) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[:], i
        for j, h in enumerate(hyp, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (r != h))
    return row[-1]


def cer(pairs: list[tuple[str, str]]) -> float:
    """Corpus CER over (reference, hypothesis) pairs: total edits / total reference characters."""
    chars = sum(len(ref) for ref, _ in pairs)
    return sum(edit_distance(ref, hyp) for ref, hyp in pairs) / max(1, chars)
