"""Who is calling: caller ID / device / login → elder, and the last-four check."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, FollowupAction, SessionStarted, SlotSet
from rasa_sdk.types import DomainDict

from actions import common
from actions.allowances import tell_allowances
from actions.clients import ServiceUnavailable
from actions.negation import DropNegatedValues
from actions.elder_card import tell_applications
from actions.orders import tell_orders
from actions.slots import digits_in

# Requests that read out personal data and so wait for the identity form.
PERSONAL_INTENTS = ("query_allowance", "check_order", "check_application", "cancel_meal")


async def elder_by_phone(value: Any, dispatcher) -> Dict[Text, Any]:
    """Slots for the elder registered under a spoken phone number (phone stays empty if none)."""
    phone = digits_in(str(value or ""))
    if not re.fullmatch(r"1[3-9]\d{9}", phone):
        common.say(dispatcher, "手机号要十一位，请再说一遍。")
        return {"phone": None}
    try:
        elder = await common.records().find_elder(phone=phone)
    except ServiceUnavailable:
        common.say_unavailable(dispatcher)
        return {"phone": None}
    if not elder:
        common.say(dispatcher, "这个号码没有查到登记的老人。")
        return {"phone": None}
    return {"phone": phone, "elder_id": elder["elder_id"], "elder_name": elder.get("name")}


def who_first(tracker: Tracker, slots: List[Text]) -> List[Text]:
    """A booking needs to know whose it is: the phone is asked first, and only when the caller is unknown."""
    rest = [s for s in slots if s != "phone"]
    return rest if tracker.get_slot("elder_id") else ["phone"] + rest


class ValidateIdentityForm(DropNegatedValues, FormValidationAction):
    def name(self) -> Text:
        return "validate_identity_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        return [] if common.identified(tracker) else who_first(tracker, ["id_last4"])

    async def validate_phone(self, value, dispatcher, tracker, domain: DomainDict) -> Dict[Text, Any]:
        return await elder_by_phone(value, dispatcher)

    async def validate_id_last4(self, value, dispatcher, tracker, domain: DomainDict) -> Dict[Text, Any]:
        last4 = digits_in(str(value or ""))[-4:]
        if len(last4) != 4:
            common.say(dispatcher, "要身份证号的最后四位。")
            return {"id_last4": None}
        try:
            ok = await common.records().verify(tracker.get_slot("elder_id"), last4)
        except ServiceUnavailable:
            common.say_unavailable(dispatcher)
            return {"id_last4": None}
        if not ok:
            common.say(dispatcher, "对不上，请再说一遍身份证最后四位。")
            return {"id_last4": None}
        return {"id_last4": "ok", "verified": True}


def pending_request(tracker: Tracker) -> Text:
    """The personal-data request that sent the caller through the identity form."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            name = event.get("parse_data", {}).get("intent", {}).get("name")
            if name in PERSONAL_INTENTS:
                return name
    return ""


class AfterIdentity(Action):
    def name(self) -> Text:
        return "action_after_identity"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        if not common.identified(tracker):
            common.say(dispatcher, "对不起，没能确认您的身份。我帮您转人工，好吗？", buttons=common.YES_NO_BUTTONS)
            return [SlotSet("offered_human", True)]
        request = pending_request(tracker)
        if request == "cancel_meal":
            return [FollowupAction("cancel_meal_form")]
        handlers = {"query_allowance": tell_allowances, "check_order": tell_orders,
                    "check_application": tell_applications}
        handler = handlers.get(request)
        if handler is None:
            common.say(dispatcher, "好的，请问要查什么？")
            return []
        try:
            return await handler(dispatcher, tracker)
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher)


class SessionStart(Action):
    """Identify the caller from the channel metadata at the start of a session."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        meta = tracker.get_slot("session_started_metadata") or {}
        events: List[Dict[Text, Any]] = [SessionStarted()]
        # Carry over who the caller is; everything else starts afresh.
        events.append(SlotSet("channel", meta.get("channel") or "rest"))
        events.append(SlotSet("session_started_metadata", meta))
        lookup = {k: meta.get(k) for k in ("device_id", "login") if meta.get(k)}
        if meta.get("caller_id"):
            lookup["phone"] = meta["caller_id"]
        if lookup:
            try:
                elder = await common.records().find_elder(**lookup)
            except Exception as exc:  # noqa: BLE001 - identification is best effort; the form asks later
                common.log.warning("caller lookup failed: %s", common.mask(exc))
                elder = None
            if elder:
                events += [SlotSet("elder_id", elder["elder_id"]), SlotSet("elder_name", elder.get("name"))]
        events.append(ActionExecuted("action_listen"))
        return events
