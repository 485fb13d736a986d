"""Simulated callers for the restart tests and the soak: each answers what the assistant asks.

A caller has no caller ID, device or login, so the assistant asks for the
registered phone and every order it makes carries the conversation's sender as
``details.caller``: the orders in dispatch can be traced back to the caller who
was (or was not) told about them. A caller who hears the busy apology says the
same thing again, as a person would. Every turn is written to the caller's
``Ledger``; ``Ledger`` lines add up to the soak's counts.
"""
from __future__ import annotations

import functools
import time
import uuid
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from assistant.deploy.apology import BUSY_APOLOGY
from assistant.rasa_client import RasaClient, RasaUnavailable

DEMO_PHONE_SPOKEN = "幺三八零零幺三八零零零"  # 13800138000, the seeded demo elder
# What the caller says to each question, first match wins (the forms ask one thing a turn).
ANSWERS: List[Tuple[Tuple[str, ...], str]] = [
    (("手机号", "电话号码"), DEMO_PHONE_SPOKEN),
    (("对吗",), "对"),
    (("几份",), "两份"),
    (("送到家", "堂食", "饭堂"), "送到家里"),
    (("忌口", "低盐", "饮食", "要求"), "低盐的"),
    (("哪天", "哪一天", "什么时候", "日期"), "后天"),
    (("上午", "下午", "时间段", "几点"), "上午"),
    (("哪一顿", "早饭", "午饭", "晚饭"), "午饭"),
]
OPENERS = {
    "meal": "我想订明天的午饭",
    "home_care": "我想约个上门打扫卫生",
    "policy": "老年证办理需要什么条件",
    "emergency": "哎哟我摔倒了起不来了",
    "cancel": "我要订饭",  # then changes their mind
}
CHANGE_OF_MIND = "算了不订了"
KINDS = tuple(OPENERS)
MAX_TURNS = 12
# An action that could not reach records/dispatch says this (actions/common.say_unavailable):
# the caller starts their request again, as they would after the busy apology.
SERVICE_APOLOGY = "系统暂时查不到"
PAUSE_S = 1.0  # a person takes a moment before saying it again


@dataclass
class Ledger:
    """What one caller said and heard."""

    kind: str
    sender: str
    turns: int = 0
    apologies: int = 0  # turns answered with the busy apology (the caller said it again)
    errors: List[str] = field(default_factory=list)  # turns with no readable answer: silence for a caller
    told: List[Tuple[str, bool]] = field(default_factory=list)  # (number, queued) the caller heard
    done: bool = False  # the conversation reached its end (order told, answer heard, form stopped)
    started: float = field(default_factory=time.monotonic)
    ended: float = 0.0


def reply_text(messages: list) -> str:
    return "".join(m.get("text", "") for m in messages if isinstance(m, dict))


def custom(messages: list, key: str) -> Optional[object]:
    for message in messages:
        if isinstance(message, dict) and key in (message.get("custom") or {}):
            return message["custom"][key]
    return None


def answer_to(question: str) -> Optional[str]:
    for cues, answer in ANSWERS:
        if any(cue in question for cue in cues):
            return answer
    return None


@functools.cache
def rasa_client(rasa_url: str) -> RasaClient:
    """One keep-alive client per Rasa for every caller thread (httpx clients are thread-safe)."""
    return RasaClient(rasa_url, timeout_s=90)


class Caller:
    def __init__(self, rasa_url: str, kind: str, client: object = None, tag: str = "soak") -> None:
        # ``client`` is no longer used (the shared RasaClient pools connections); kept for old call sites
        self.rasa = rasa_client(rasa_url)
        self.ledger = Ledger(kind, f"{tag}-{kind}-{uuid.uuid4().hex[:10]}")

    def say(self, text: str) -> Optional[list]:
        """One turn; None (and an error in the ledger) when the caller got no readable answer."""
        self.ledger.turns += 1
        try:
            messages = self.rasa.send(self.ledger.sender, text, {"channel": "rest"}).messages
        except RasaUnavailable as error:
            self.ledger.errors.append(f"{text}: {str(error)[:80]}")
            return None
        if not reply_text(messages):
            self.ledger.errors.append(f"{text}: no text in {str(messages)[:80]}")
            return None
        return messages

    def heard(self, messages: list) -> None:
        number = custom(messages, "order_id") or custom(messages, "reference")
        if number:
            self.ledger.told.append((str(number), bool(custom(messages, "queued"))))

    def run(self) -> Ledger:
        """Talk until the conversation's end or MAX_TURNS; after an apology say it again."""
        kind = self.ledger.kind
        text: Optional[str] = OPENERS[kind]
        while text and self.ledger.turns < MAX_TURNS:
            messages = self.say(text)
            if messages is None:  # a real caller says it again after silence, too
                time.sleep(PAUSE_S)
                continue
            self.heard(messages)
            said = reply_text(messages)
            if not self.ledger.told and (custom(messages, "retry") or BUSY_APOLOGY in said or SERVICE_APOLOGY in said):
                self.ledger.apologies += 1
                text = text if BUSY_APOLOGY in said else OPENERS[kind]
                time.sleep(PAUSE_S)
                continue
            last, text = text, None
            if self.ledger.told or kind == "policy":
                self.ledger.done = True
            elif kind == "cancel" and last == CHANGE_OF_MIND:
                self.ledger.done = "取消" in said
            elif kind == "cancel":
                text = CHANGE_OF_MIND
            else:
                text = answer_to(said)
        self.ledger.ended = time.monotonic()
        return self.ledger
