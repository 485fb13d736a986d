"""Handing the caller to a person, told truthfully, and the call-back when no person can take them.

Only the hotline has a line to the operators, and only when one is configured
(settings.sip_operator_uri): there the caller is transferred. The chat widget
and the smart speaker have no human today, and a phone transfer that failed
(the gateway says so with ``operator_unavailable`` in the message metadata)
has none free: the caller hears that in one sentence and is offered a
call-back, which becomes a ``callback`` order in dispatch carrying the reason,
a bounded transcript and what the form had gathered.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import common, questions
from actions.clients import ApiError
from actions.clients import desk
from actions.orders_common import order_body
from assistant.zh_text import read_digits

TRANSCRIPT_TURNS = 20  # the last turns an operator needs; older ones are in the conversation store
TRANSCRIPT_CHARS = 300  # per turn: one pasted essay must not fill the order
SLOT_CHARS = 200  # per slot value (dispatch refuses over 500)
# Why a call-back is asked for: the names dispatch knows (services/dispatch/schemas.py CallbackReason).
REASONS = ("asked_human", "failed_turns", "emergency", "booking_failed", "identity_failed", "policy_not_found",
           "other")
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
# Slots an operator can use when calling back; the ID number and its last four stay out.
CONTEXT_SLOTS = ("date", "time_of_day", "meal", "portions", "dining_mode", "diet", "service_type",
                 "applicant_name", "district", "phone", "complaint_text", "care_level", "price")


def latest_metadata(tracker: Tracker) -> Dict[Text, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def operator_line(tracker: Tracker) -> bool:
    """Can a person take this conversation now? Only on the hotline, with an operator configured (slot
    ``operator_line``, set when the session starts), and not since the gateway found no operator free
    (``operator_unavailable`` in a message's metadata; hand_over then clears the slot, so the responses'
    variations on it offer a call-back from then on)."""
    line = tracker.get_slot("operator_line")
    configured = common.has_operator(tracker) if line is None else bool(line)
    return configured and not latest_metadata(tracker).get("operator_unavailable")


def callback_settled() -> List[Dict[Text, Any]]:
    """A fresh list of the events that clear a call-back offer once it is booked, refused or declined."""
    return [SlotSet("offered_callback", False), SlotSet("handover_reason", None), SlotSet("handover_slots", None)]


def transcript(tracker: Tracker) -> List[Dict[Text, Text]]:
    turns = []
    for event in tracker.events:
        kind, text = event.get("event"), event.get("text")
        if kind in ("user", "bot") and text:
            turns.append({"who": "caller" if kind == "user" else "bot", "text": str(text)[:TRANSCRIPT_CHARS]})
    return turns[-TRANSCRIPT_TURNS:]


def form_context(tracker: Tracker) -> Dict[Text, Any]:
    values = {slot: tracker.get_slot(slot) for slot in CONTEXT_SLOTS}
    return {slot: value if not isinstance(value, str) else value[:SLOT_CHARS]
            for slot, value in values.items() if value not in (None, "")}


def hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, reason: Text,
              slots: Optional[Dict[Text, Any]] = None, short: bool = False) -> List[Dict[Text, Any]]:
    """Transfer where a person can take the caller; elsewhere say so and offer a call-back.
    ``slots``: what a form had gathered, when the form has already forgotten it. ``short``: the
    caller has just heard why (one sentence), so the call-back is offered in one sentence too."""
    if operator_line(tracker):
        dispatcher.utter_message(response="utter_transfer", json_message={"handover": True, "reason": reason})
        return []
    offer = "utter_offer_callback_short" if short else "utter_offer_callback"
    dispatcher.utter_message(response=offer, json_message=questions.yes_no("offered_callback"))
    events = [SlotSet("offered_callback", True), SlotSet("offered_human", False),
              SlotSet("handover_reason", reason), SlotSet("handover_slots", slots or form_context(tracker) or None)]
    if tracker.get_slot("operator_line") and not operator_line(tracker):
        events.append(SlotSet("operator_line", False))  # none free: offers say call-back from now on
    return events


async def to_desk(dispatcher: CollectingDispatcher, tracker: Tracker, reason: Text,
                  slots: Optional[Dict[Text, Any]] = None) -> Optional[List[Dict[Text, Any]]]:
    """A person on the desk takes the conversation now (widget or chat, an operator online); None otherwise.
    The bot pauses with its form and slots as they are, and goes on from there when the operator hands back."""
    channel = common.channel(tracker)
    if not await desk.desk_online(channel):
        return None
    queued = await desk.open_handover(conversation_id=tracker.sender_id, channel=channel, reason=reason,
                                      transcript=transcript(tracker), slots=slots or form_context(tracker),
                                      elder_id=tracker.get_slot("elder_id"), caller=caller_phone(tracker))
    if not queued:
        return None
    dispatcher.utter_message(response="utter_transfer",
                             json_message={"handover": True, "reason": reason, "desk": queued["handover_id"]})
    return [ConversationPaused()]


def caller_phone(tracker: Tracker) -> Optional[Text]:
    """A number to call back: the hotline caller's own, else one the caller gave in a form."""
    meta = tracker.get_slot("session_started_metadata") or {}
    for number in (meta.get("caller_id"), tracker.get_slot("phone")):
        digits = re.sub(r"[\s-]", "", str(number or "")).removeprefix("+86")
        if PHONE.match(digits):
            return digits
    return None


class BookCallback(Action):
    """对 to 要不要安排工作人员给您回电话？: a callback order in dispatch."""

    def name(self) -> Text:
        return "action_book_callback"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        reason = tracker.get_slot("handover_reason") or common.value_before(tracker, "handover_reason")
        done = callback_settled()
        try:
            receipt = await common.dispatch().create_callback(
                reason=reason if reason in REASONS else "asked_human", channel=common.channel(tracker),
                transcript=transcript(tracker), idempotency_key=common.idempotency_key(tracker, "callback"),
                elder_id=tracker.get_slot("elder_id"), phone=caller_phone(tracker),
                slots=tracker.get_slot("handover_slots") or form_context(tracker),
                extra={"caller": order_body(tracker, "callback", "P1", {})["details"]["caller"]})
        except ApiError as exc:
            common.log.warning("callback refused: %s", common.mask(exc))
            dispatcher.utter_message(response="utter_callback_failed")
            return done
        dispatcher.utter_message(response="utter_callback_booked", number=read_digits(receipt.number),
                                 json_message={"callback": True, ("reference" if receipt.queued else "order_id"):
                                               receipt.number})
        return done


class DeclineCallback(Action):
    def name(self) -> Text:
        return "action_decline_callback"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_anything_else")
        return callback_settled()
