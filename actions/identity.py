"""Who is calling: the verified caller ID / device / login → elder, and the last-four check.

Only ``metadata["identity"]`` counts: the REST channel (assistant/channels/rest.py)
puts a claim there after checking its signature, and drops unsigned ones. A
device or a login is proof of who the elder is; a caller ID only says whom to ask
the last four digits for. ``verified_elder`` names the one elder whose data may be
read out (common.identified); a relative asking for someone else starts over and
verifies that elder. Three wrong last-four answers, or the records service
locking the elder (429), end in the truthful hand-over (actions/handover.py:
a transfer only where an operator exists, else a call-back). Answers inside the
form are FormTurns' (actions/form_turns.py): a 不是 / 没有 answers the question
asked, only 算了 / 不查了 stops it, and nothing loops.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, FollowupAction, SessionStarted, SlotSet
from rasa_sdk.types import DomainDict

from actions import common, handover
from actions.allowances import tell_allowances
from actions.clients import ServiceUnavailable
from actions.clients.http import ApiError
from actions.negation import DropNegatedValues
from actions.elder_card import tell_applications
from actions.form_exit import form_exit
from actions.form_turns import FormTurns
from actions.orders import tell_orders
from actions.slots import digits_in
from actions.words.vocabulary import ON_BEHALF

# Requests that read out personal data and so wait for the identity form.
PERSONAL_INTENTS = ("query_allowance", "check_order", "check_application", "cancel_meal")
MAX_LAST4_TRIES = 3
# Slots that say who the caller is; cleared when the caller asks for someone else.
WHO_SLOTS = ("elder_id", "elder_name", "phone", "id_last4", "verified", "verified_elder")


def on_behalf(text: Text) -> bool:
    """The caller asks about someone else (我妈的补贴, 帮我父亲查一下, 我替我老伴问): whose data it is
    must be verified afresh, never taken from the caller's own phone, device or login."""
    return bool(ON_BEHALF.search(text or ""))


def verified_as(elder_id: Text) -> List[Dict[Text, Any]]:
    return [SlotSet("verified_elder", elder_id), SlotSet("verified", True)]


async def elder_by_phone(value: Any, dispatcher) -> Dict[Text, Any]:
    """Slots for the elder registered under a spoken phone number (phone stays empty if none)."""
    phone = digits_in(str(value or ""))
    if not re.fullmatch(r"1[3-9]\d{9}", phone):
        dispatcher.utter_message(response="utter_phone_eleven_digits")
        return {"phone": None}
    try:
        elder = await common.records().find_elder(phone=phone)
    except ServiceUnavailable:
        common.say_unavailable(dispatcher)
        return {"phone": None}
    if not elder:
        dispatcher.utter_message(response="utter_phone_not_registered")
        return {"phone": None}
    return {"phone": phone, "elder_id": elder["elder_id"], "elder_name": elder.get("name")}


def who_first(tracker: Tracker, slots: List[Text]) -> List[Text]:
    """A booking needs to know whose it is: the phone is asked first, and only when the caller is unknown."""
    rest = [s for s in slots if s != "phone"]
    return rest if tracker.get_slot("elder_id") else ["phone"] + rest


class ValidateIdentityForm(FormTurns, DropNegatedValues, FormValidationAction):
    def name(self) -> Text:
        return "validate_identity_form"

    def is_digression(self, tracker: Tracker) -> bool:
        # 查补贴 said again inside the form is no digression: the form asking for it is already open
        return super().is_digression(tracker) and common.latest_intent(tracker) not in PERSONAL_INTENTS

    async def answer(self, requested, dispatcher, tracker, domain):
        answered, events = await super().answer(requested, dispatcher, tracker, domain)
        # a wrong last four was heard, not misunderstood: id_tries counts it (three, then a person)
        wrong_last4 = any(e.get("event") == "slot" and e.get("name") == "id_tries" for e in events)
        return answered or wrong_last4, events

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        reset: List[Dict[Text, Any]] = []
        if not tracker.get_slot("requested_slot") and on_behalf(common.user_text(tracker)):
            # a new request for someone else: forget who was verified, ask whose data it is
            said_now = tracker.slots_to_validate()  # a phone said with the request is that elder's
            forget = [slot for slot in WHO_SLOTS if slot not in said_now]
            reset = [SlotSet(slot, None) for slot in forget]
            tracker.slots.update({slot: None for slot in forget})
            dispatcher.utter_message(response="utter_whose_data")
        return reset + await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        return [] if common.identified(tracker) else who_first(tracker, ["id_last4"])

    async def validate_phone(self, value, dispatcher, tracker, domain: DomainDict) -> Dict[Text, Any]:
        return await elder_by_phone(value, dispatcher)

    async def validate_id_last4(self, value, dispatcher, tracker, domain: DomainDict) -> Dict[Text, Any]:
        last4 = digits_in(str(value or ""))[-4:]
        if len(last4) != 4:
            dispatcher.utter_message(response="utter_last4_needed")
            return {"id_last4": None}
        elder_id = tracker.get_slot("elder_id")
        tries = int(tracker.get_slot("id_tries") or 0)  # wrong answers so far in this conversation
        if tries >= MAX_LAST4_TRIES:
            return {"id_last4": "failed"}
        try:
            ok = await common.records().verify(elder_id, last4)  # checked and rate-limited server-side
        except ServiceUnavailable:
            common.say_unavailable(dispatcher)
            return {"id_last4": None}
        except ApiError as error:
            if error.status in (423, 429):  # too many wrong answers for this elder: a person takes over
                return {"id_last4": "locked"}
            raise
        if ok:
            return {"id_last4": "ok", **{e["name"]: e["value"] for e in verified_as(elder_id)}}
        tries += 1
        if tries >= MAX_LAST4_TRIES:
            return {"id_last4": "failed", "id_tries": float(tries)}  # the form ends; AfterIdentity hands over
        dispatcher.utter_message(response="utter_id_last4_wrong")
        return {"id_last4": None, "id_tries": float(tries)}


def asked_for_someone_else_unverified(tracker: Tracker) -> bool:
    """The personal-data request names someone else (我妈的…) and no last-four check passed since it.
    A second guard behind the identity form's reset: should that turn fail half-way, the caller's
    own verified identity must still not answer for the other elder."""
    for index in range(len(tracker.events) - 1, -1, -1):
        event = tracker.events[index]
        if event.get("event") == "user" and event.get("parse_data", {}).get("intent", {}).get("name") in PERSONAL_INTENTS:
            if not on_behalf(event.get("text") or ""):
                return False
            return not any(e.get("event") == "slot" and e.get("name") == "verified_elder" and e.get("value")
                           for e in tracker.events[index + 1:])
    return False


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
        reset = common.end_form(["id_last4"])
        exit_ = tracker.get_slot("form_exit")
        if exit_ == "stop":  # 算了 / 不查了, confirmed: nothing was looked up
            dispatcher.utter_message(response="utter_identity_stopped")
            return reset
        if exit_:  # three answers in a row not understood
            return form_exit(dispatcher, tracker, reset) or reset
        outcome = tracker.get_slot("id_last4")
        # one sentence why, then the hand-over's short form: two sentences in all
        if outcome in ("failed", "locked"):
            dispatcher.utter_message(response=f"utter_identity_{outcome}")
            return reset + handover.hand_over(dispatcher, tracker, "identity_failed", short=True)
        if not common.identified(tracker) or asked_for_someone_else_unverified(tracker):
            dispatcher.utter_message(response="utter_identity_unconfirmed")
            return reset + handover.hand_over(dispatcher, tracker, "identity_failed", short=True)
        request = pending_request(tracker)
        if request == "cancel_meal":
            return [FollowupAction("cancel_meal_form")]
        handlers = {"query_allowance": tell_allowances, "check_order": tell_orders,
                    "check_application": tell_applications}
        handler = handlers.get(request)
        if handler is None:
            dispatcher.utter_message(response="utter_what_to_check")
            return []
        try:
            return await handler(dispatcher, tracker)
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher)


def channel_elder(tracker: Tracker) -> Optional[Text]:
    """The elder the signed caller ID / device / login named when this session started (SessionStart
    below sets elder_id before the first caller turn); None for an anonymous caller."""
    starts = [i for i, e in enumerate(tracker.events) if e.get("event") == "session_started"]
    found = None
    for event in tracker.events[starts[-1] + 1:] if starts else []:
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") == "elder_id":
            found = event.get("value")
    return found


def emergency_elder(tracker: Tracker) -> Optional[Text]:
    """Whose emergency it is: the verified elder, else the one the signed channel identity names (so
    the family is told); never an elder whose phone an anonymous caller merely said."""
    return tracker.get_slot("elder_id") if common.identified(tracker) else channel_elder(tracker)


def verified_identity(meta: Dict[Text, Any]) -> Dict[Text, Text]:
    """The claim the REST channel verified ({"caller_id"|"device_id"|"login": value}); {} if none."""
    identity = meta.get("identity") if isinstance(meta, dict) else None
    if not isinstance(identity, dict):
        return {}
    return {k: v for k, v in identity.items() if k in ("caller_id", "device_id", "login") and isinstance(v, str) and v}


class SessionStart(Action):
    """Identify the caller from the verified channel identity at the start of a session."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        meta = tracker.get_slot("session_started_metadata") or {}
        events: List[Dict[Text, Any]] = [SessionStarted()]
        # Carry over who the caller is; everything else starts afresh. The channel and whether an
        # operator can take the call choose the channel's variation of a response (assistant/domain).
        channel = meta.get("channel") or "rest"
        events.append(SlotSet("channel", channel))
        events.append(SlotSet("operator_line", common.operator_configured(channel)))
        events.append(SlotSet("session_started_metadata", meta))
        identity = verified_identity(meta)
        lookup = {k: v for k, v in identity.items() if k in ("device_id", "login")}
        if identity.get("caller_id"):
            lookup["phone"] = identity["caller_id"]
        if lookup:
            try:
                elder = await common.records().find_elder(**lookup)
            except Exception as exc:  # noqa: BLE001 - identification is best effort; the form asks later
                common.log.warning("caller lookup failed: %s", common.mask(exc))
                elder = None
            if elder:
                events += [SlotSet("elder_id", elder["elder_id"]), SlotSet("elder_name", elder.get("name"))]
                if "phone" not in lookup:  # the device or the login proved who it is; a caller ID does not
                    events += verified_as(elder["elder_id"])
        events.append(ActionExecuted("action_listen"))
        return events
