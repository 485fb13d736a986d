"""Helpers every skill's actions share: clients, caller identity, phrasing."""
from __future__ import annotations

import hashlib
import logging
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import questions
from actions.clients import DispatchClient, PolicyClient, RecordsClient
from actions.dates import today_in_china
from assistant.privacy import mask  # noqa: F401 - actions log through common.mask
from assistant.settings import settings

log = logging.getLogger(__name__)


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


def is_payload(text: Text) -> bool:
    """A quick-reply button or the voice layer's silence sends an intent (/affirm), not the caller's words."""
    return text.strip().startswith("/")


def latest_intent(tracker: Tracker) -> Optional[Text]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def value_before(tracker: Tracker, slot: Text) -> Any:
    """The slot's value before the caller's latest turn."""
    value, seen_user = None, False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            value = event.get("value")
            break
    return value


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


def operator_configured(channel_name: Text) -> bool:
    """Only the hotline has a line to the operators, and only when one is configured."""
    return channel_name == "phone" and bool(settings.sip_operator_uri)


def has_operator(tracker: Tracker) -> bool:
    """The conversation is on the hotline and an operator line is configured."""
    return operator_configured(channel(tracker))


def offer_human(dispatcher: CollectingDispatcher, tracker: Optional[Tracker], response: Text,
                reason: Text = "asked_human", **values: Any) -> List[Dict[Text, Any]]:
    """Say ``response``, a yes/no offer of a person (its yes goes to action_handover, and ``reason``,
    actions/handover.py REASONS, goes with the call-back). How the person is offered — 转人工 or a
    call-back — is the response's variation on the slot ``operator_line``, so no channel promises
    a human who is not there."""
    dispatcher.utter_message(response=response, json_message=questions.yes_no("offered_human"), **values)
    return [SlotSet("offered_human", True), SlotSet("handover_reason", reason)]


def say_unavailable(dispatcher: CollectingDispatcher, tracker: Optional[Tracker] = None) -> List[Dict[Text, Any]]:
    """The service could not answer: apologise and offer a person (never the hotline number: a
    hotline caller has dialled it already)."""
    return offer_human(dispatcher, tracker, "utter_unavailable", "other")


# What actions/form_turns.py keeps while a form runs: a stop asked about, failures counted, how it ended.
TURN_SLOTS = ("stop_pending", "form_stop", "form_exit", "failed_slot", "failed_count")


def end_form(slots: List[Text]) -> List[Dict[Text, Any]]:
    """Close the active form and forget its answers (and its failure count)."""
    return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(s, None) for s in (*slots, *TURN_SLOTS)]
