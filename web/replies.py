"""Rasa REST channel output → the widget's answer bubbles.

Rasa sends a text (with its buttons) and the action's custom payload as
separate elements; the widget shows one bubble per text, with the payload's
facts (order number, application number, hand-over) attached to the bubble
before it. A policy clause offered in full becomes its own bubble.
"""
from __future__ import annotations

# custom payload keys the page shows on the bubble they belong to
ATTACHED = ("order_id", "application_id", "reference", "queued", "handover", "callback", "speech_rate")
HUMAN_PAYLOAD = "/request_human"


def _buttons(message: dict) -> list[dict]:
    found = []
    for button in message.get("buttons") or []:
        if isinstance(button, dict) and button.get("title"):
            found.append({"title": str(button["title"]), "payload": str(button.get("payload") or button["title"])})
    # conversation rule: at most three options; a person offered after two failed answers comes on top
    options = [b for b in found if b["payload"] != HUMAN_PAYLOAD][:3]
    return options + [b for b in found if b["payload"] == HUMAN_PAYLOAD][:1]


def _clause_bubble(clause: dict) -> dict:
    heading = "".join(str(clause.get(k) or "") for k in ("title", "clause"))
    return {"text": str(clause.get("text") or ""), "extra": {"clause_heading": heading,
                                                               "doc_number": clause.get("doc_number")}}


def widget_messages(rasa_messages: list) -> list[dict]:
    """``[{"text", "extra"}]`` in the order Rasa said them; empty texts only when a payload needs a bubble."""
    bubbles: list[dict] = []
    for message in rasa_messages:
        if not isinstance(message, dict):
            continue
        if message.get("text"):
            extra = {"buttons": _buttons(message)} if message.get("buttons") else {}
            bubbles.append({"text": str(message["text"]), "extra": extra})
        custom = message.get("custom")
        if not isinstance(custom, dict):
            continue
        if isinstance(custom.get("policy_clause"), dict) and custom["policy_clause"].get("text"):
            bubbles.append(_clause_bubble(custom["policy_clause"]))
        facts = {k: custom[k] for k in ATTACHED if k in custom}
        if facts:
            if not bubbles:
                bubbles.append({"text": "", "extra": {}})
            bubbles[-1]["extra"].update(facts)
    return bubbles
