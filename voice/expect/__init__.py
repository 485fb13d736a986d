"""What answer the assistant's last question expects, and the ways callers say each answer.

Rasa sends ``{"expect": {"kind": K, "options": [...], "slot": ...}}`` with every question (docs in
/tmp/TEAM.md → docs/CONTRACT.md); the voice layer keeps the last one for the caller's next turn, where
it narrows recognition (voice/asr) and maps keypad digits (keypad.py).
"""
from .kinds import KINDS, NUMBER_KINDS, Expect, parse
from .keypad import key_to_text
from .vocab import Candidate, candidates, number_answer

__all__ = ["KINDS", "NUMBER_KINDS", "Candidate", "Expect", "candidates", "key_to_text", "number_answer",
           "parse"]
