"""The ``expect`` payload, read defensively: it comes over the network from Rasa."""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("yes_no", "count", "date", "meal", "options", "phone", "id_last4", "id_number", "free")
NUMBER_KINDS = ("phone", "id_last4", "id_number")  # answered with a digit string, not a word from a list
MAX_OPTIONS = 3  # keypad keys 1-3
MAX_OPTION_CHARS = 12


@dataclass(frozen=True)
class Expect:
    kind: str = "free"
    options: tuple[str, ...] = field(default_factory=tuple)
    slot: str | None = None


def parse(payload) -> Expect | None:
    """An ``expect`` value (or a whole custom payload holding one) → Expect; None when there is none.
    The old ``"key"`` (keypad choices offered, no words) reads as options without words."""
    if isinstance(payload, dict) and "expect" in payload:
        payload = payload["expect"]
    if payload == "key":
        return Expect("options")
    if not isinstance(payload, dict):
        return None
    kind = payload.get("kind")
    if kind not in KINDS:
        return None
    raw = payload.get("options") or []
    options = tuple(o.strip() for o in raw if isinstance(o, str) and 0 < len(o.strip()) <= MAX_OPTION_CHARS)
    slot = payload.get("slot")
    return Expect(kind, options[:MAX_OPTIONS], slot if isinstance(slot, str) else None)
