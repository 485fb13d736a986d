"""Helpers every skill's actions share: clients, caller identity, phrasing."""
from __future__ import annotations

import hashlib
import logging
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients import DispatchClient, PolicyClient, RecordsClient
from actions.dates import today_in_china
from assistant.privacy import mask  # noqa: F401 - actions log through common.mask
from assistant.settings import settings

log = logging.getLogger(__name__)

YES_NO_BUTTONS = [{"title": "对", "payload": "/affirm"}, {"title": "不对", "payload": "/deny"}]



def records() -> RecordsClient:
    return RecordsClient()


def dispatch() -> DispatchClient:
    return DispatchClient()


def policy() -> PolicyClient:
    return PolicyClient()


def today() -> date:
    return today_in_china()


def user_text(tracker: Tracker) -> Text:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> Optional[Text]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def entity_values(tracker: Tracker) -> Dict[Text, Any]:
    """Entities of the latest message, name → value (after synonym mapping)."""
    return {e["entity"]: e.get("value") for e in (tracker.latest_message or {}).get("entities", [])}


def channel(tracker: Tracker) -> Text:
    return tracker.get_slot("channel") or "rest"


def identified(tracker: Tracker) -> bool:
    """Personal data may be read out: the caller is verified as (or for) this very elder — by a signed
    device or login (never by a channel name a client can send), or by the last four digits."""
    elder_id = tracker.get_slot("elder_id")
    return bool(elder_id) and tracker.get_slot("verified_elder") == elder_id


def idempotency_key(tracker: Tracker, kind: Text) -> Text:
    """Same conversation + same confirming turn → same key, so a retried action never books twice."""
    stamp = ""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            stamp = str(event.get("timestamp"))
            break
    return hashlib.sha256(f"{tracker.sender_id}|{kind}|{stamp}".encode()).hexdigest()[:32]


def say(dispatcher: CollectingDispatcher, text: Text, **kwargs: Any) -> None:
    dispatcher.utter_message(text=text, **kwargs)


def say_unavailable(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    """The service could not answer: apologise, give the hotline, offer a person."""
    say(dispatcher, f"对不起，系统暂时查不到。您可以稍后再试，或者拨打{settings.hotline}。要不要现在转人工？",
        buttons=[{"title": "转人工", "payload": "/request_human"}, {"title": "不用了", "payload": "/deny"}])
    return [SlotSet("offered_human", True)]


def end_form(slots: List[Text]) -> List[Dict[Text, Any]]:
    """Close the active form and forget its answers."""
    return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(s, None) for s in slots]
