"""Rasa REST channel output → the widget's answer bubbles: the reader's rendering of a reply.

Rasa sends a text (with its buttons) and the action's custom payload as
separate elements; the widget shows one bubble per text, with the payload's
facts attached to the bubble before it:
- an order / application / reference number as digits (the voice reads the
  same reply digit by digit, voice/tts/text.py);
- a policy clause folded under the answer (查看原文 on the page);
- ``expect`` (what the question asks for): yes/no and a short option list
  become quick replies when Rasa sent none, since a tap is easier than typing;
- ``handover`` / ``callback`` / ``speech_rate`` for the page to show or play.
"""
from __future__ import annotations

import re

from assistant.zh_text import read_digits

# custom payload keys the page shows on the bubble they belong to
ATTACHED = ("order_id", "application_id", "reference", "queued", "handover", "callback", "speech_rate")
REPLY_WIDE = ("speech_rate",)  # said of the whole reply: every sentence of it is spoken slower
NUMBERS = ("order_id", "application_id", "reference")
HUMAN_PAYLOAD = "/request_human"
MAX_OPTIONS = 3  # conversation rule: at most three options (a person offered after two failures comes on top)
YES_NO = [{"title": "对", "payload": "/affirm"}, {"title": "不对", "payload": "/deny"}]
OPTION_KINDS = ("options", "meal")


def _buttons(message: dict) -> list[dict]:
    found = []
    for button in message.get("buttons") or []:
        if isinstance(button, dict) and button.get("title"):
            found.append({"title": str(button["title"]), "payload": str(button.get("payload") or button["title"])})
    options = [b for b in found if b["payload"] != HUMAN_PAYLOAD][:MAX_OPTIONS]
    return options + [b for b in found if b["payload"] == HUMAN_PAYLOAD][:1]


def expected_buttons(expect) -> list[dict]:
    """Quick replies for what a question expects, where a tap helps: yes/no, ≤3 options."""
    if not isinstance(expect, dict):
        return []
    if expect.get("kind") == "yes_no":
        return [dict(b) for b in YES_NO]
    options = expect.get("options") if expect.get("kind") in OPTION_KINDS else None
    if isinstance(options, list):
        return [{"title": str(o), "payload": str(o)} for o in options if isinstance(o, str) and o][:MAX_OPTIONS]
    return []


def _clause(clause: dict) -> dict:
    heading = "".join(str(clause.get(k) or "") for k in ("title", "clause"))
    return {"clause_heading": heading, "clause_text": str(clause["text"]), "doc_number": clause.get("doc_number")}


def _digits_as_number(text: str, number: str) -> str:
    """A number the sentence spells for the ear (一 二 三…) shown as the reader wants it (123…)."""
    if not number.isdigit():
        return text
    spelled = r"\s*".join(map(re.escape, read_digits(number, sep=" ").split(" ")))
    return re.sub(spelled, number, text)


def _attach(bubble: dict, custom: dict) -> None:
    """The facts of one custom payload, on the bubble they belong to."""
    extra = bubble["extra"]
    extra.update({k: custom[k] for k in ATTACHED if k in custom and k not in REPLY_WIDE})
    clause = custom.get("policy_clause")
    if isinstance(clause, dict) and clause.get("text"):
        extra.update(_clause(clause))
    offered = [] if extra.get("buttons") else expected_buttons(custom.get("expect"))
    if offered:
        extra["buttons"] = offered
    for key in NUMBERS:
        if custom.get(key):
            bubble["text"] = _digits_as_number(bubble["text"], str(custom[key]))


def widget_messages(rasa_messages: list) -> list[dict]:
    """``[{"text", "extra"}]`` in the order Rasa said them; empty texts only when a payload needs a bubble.
    A payload before any sentence goes with the first one; ``speech_rate`` goes with every sentence."""
    bubbles: list[dict] = []
    early: list[dict] = []  # payloads Rasa sent before its first sentence
    wide: dict = {}
    for message in rasa_messages:
        if not isinstance(message, dict):
            continue
        if message.get("text"):
            extra = {"buttons": _buttons(message)} if message.get("buttons") else {}
            bubbles.append({"text": str(message["text"]), "extra": extra})
            while early:
                _attach(bubbles[-1], early.pop(0))
        custom = message.get("custom")
        if not isinstance(custom, dict):
            continue
        wide.update({k: custom[k] for k in REPLY_WIDE if k in custom})
        if bubbles:
            _attach(bubbles[-1], custom)
        else:
            early.append(custom)
    if early:  # payloads and no sentence at all (a hand-over flag alone): a bubble of their own
        bubbles.append({"text": "", "extra": {}})
        for custom in early:
            _attach(bubbles[-1], custom)
    for bubble in bubbles:
        bubble["extra"].update(wide)
    return [b for b in bubbles if b["text"] or b["extra"]]
