"""Emergencies: a P0 order at once, the caller asked where they are and kept on the line.

Raised by the emergency intent (words of a present acute state or a call for
help: assistant/components/emergency_words.py) or by a yes / silence to the
one check question asked after a complaint that may be acute (feel_unwell).
Every later word of the caller becomes a note on the order and goes to the
hand-over, and the caller is told only what was really done: the emergency
contact "was notified" only for a known, verified elder whose order dispatch
accepted.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions import common, questions
from actions.clients import ApiError, ServiceUnavailable
from actions.conversation import FORM_SLOTS, Handover
from actions.identity import emergency_elder
from actions.orders_common import order_body
from actions.words.vocabulary import NOT_UNWELL, UNSAID_SITUATION
from assistant.components.emergency_words import RAISE, judge

CHECK_FORM, FOLLOWUP_FORM = "emergency_check_form", "emergency_followup_form"
OWN_FORMS = (CHECK_FORM, FOLLOWUP_FORM)
RAISING_ANSWERS = ("affirm", "emergency", "feel_unwell")  # silence arrives as /emergency
# Said to the follow-up, these let the caller go (the order stays).
GOODBYE = ("goodbye", "thank")
NOTE_MAX = 500


def hand_over_payload(order: Optional[Text], queued: bool) -> Dict[Text, Any]:
    """What a channel gets to transfer the call: keep_line says never hang up on it."""
    payload: Dict[Text, Any] = {"handover": True, "reason": "emergency", "keep_line": True}
    if order:
        payload.update({"order_id": order, "queued": queued})
    return payload


def situation(tracker: Tracker, after_check: bool = False) -> Text:
    """The caller's own words about what happened: the emergency turn, or after the check question
    the complaint (feel_unwell) and the answer to it."""
    said: List[Text] = []
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        text = (event.get("text") or "").strip()
        answer = after_check and not said
        if text and not common.is_payload(text):
            said.insert(0, text)
        if answer:
            continue  # the answer to the check: the complaint comes before it
        if intent in ("emergency", "feel_unwell") or len(said) >= 2:
            break
    return " / ".join(said)[:NOTE_MAX] or UNSAID_SITUATION


async def raise_emergency(dispatcher, tracker: Tracker, after_check: bool = False) -> List[Dict[Text, Any]]:
    """The P0 order and what the caller hears; then the follow-up form asks where they are."""
    verified = common.identified(tracker)
    details = {"situation": situation(tracker, after_check), "identity_verified": verified}
    # filed on the signed caller's elder (unverified: dispatch leaves the record out of the SMS), never on
    # an elder whose phone an anonymous caller said
    body = {**order_body(tracker, "emergency", "P0", details), "elder_id": emergency_elder(tracker)}
    events: List[Dict[Text, Any]] = common.end_form(list(FORM_SLOTS) + ["unwell_answer", "emergency_words"])
    try:
        receipt = await common.dispatch().create_order(body, common.idempotency_key(tracker, "emergency"))
    except ApiError as exc:
        common.log.error("emergency order refused: %s", common.mask(exc))
        dispatcher.utter_message(response="utter_emergency_failed", json_message=hand_over_payload(None, False))
        return events + [FollowupAction(FOLLOWUP_FORM)]
    if receipt.queued:
        response = "utter_emergency_queued"
    elif verified and body["elder_id"]:
        response = "utter_emergency_sent_contact"
    else:
        response = "utter_emergency_sent"
    dispatcher.utter_message(response=response, json_message=hand_over_payload(receipt.number, receipt.queued))
    return events + [SlotSet("emergency_order", receipt.number), SlotSet("emergency_order_queued", receipt.queued),
                     FollowupAction(FOLLOWUP_FORM)]


class Emergency(Action):
    def name(self) -> Text:
        return "action_emergency"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        return await raise_emergency(dispatcher, tracker)


class ValidateEmergencyCheckForm(FormValidationAction):
    """Any answer ends the one question; action_emergency_check_done reads it."""

    def name(self) -> Text:
        return "validate_emergency_check_form"

    async def validate_unwell_answer(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"unwell_answer": str(value or "")[:NOTE_MAX] or "/emergency"}


def paused_form(tracker: Tracker) -> Optional[Text]:
    """The form that was open when the check question started, to resume after a no."""
    seen_check = False
    for event in reversed(tracker.events):
        if event.get("event") != "active_loop":
            continue
        name = event.get("name")
        if name == CHECK_FORM:
            seen_check = True
        elif seen_check:
            return name if name not in OWN_FORMS else None
    return None


def answer_raises(tracker: Tracker) -> bool:
    """Yes, silence, or words of an emergency raise it; a no or any other answer does not."""
    text = common.user_text(tracker)
    if judge(text) == RAISE:
        return True
    if any(word in text for word in NOT_UNWELL):  # 不用 / 没事: whatever the classifier heard, the caller is fine
        return False
    return common.latest_intent(tracker) in RAISING_ANSWERS


class EmergencyCheckDone(Action):
    """After 您现在是不是身体不舒服，要不要马上叫人？: raise it, or go back to what was going on."""

    def name(self) -> Text:
        return "action_emergency_check_done"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        if answer_raises(tracker):
            return await raise_emergency(dispatcher, tracker, after_check=True)
        if common.latest_intent(tracker) == "request_human":
            return await Handover().run(dispatcher, tracker, domain)
        events: List[Dict[Text, Any]] = [SlotSet("unwell_answer", None)]
        form = paused_form(tracker)
        if form:
            return events + [FollowupAction(form)]  # the form asks its question again
        dispatcher.utter_message(response="utter_emergency_check_no")
        return events


async def add_note(tracker: Tracker, text: Text) -> None:
    """The caller's words onto the order; a failure is logged, the caller still heard."""
    order = tracker.get_slot("emergency_order")
    if not order or tracker.get_slot("emergency_order_queued") or not text:
        return
    try:
        await common.dispatch().add_note(order, text[:NOTE_MAX])
    except (ApiError, ServiceUnavailable) as exc:
        common.log.warning("emergency note not stored: %s", common.mask(exc))


class ValidateEmergencyFollowupForm(FormValidationAction):
    """Every word after the emergency goes to the order and the hand-over; the form stays open
    (the caller hears a short reassurance each turn) until they say goodbye."""

    def name(self) -> Text:
        return "validate_emergency_followup_form"

    async def validate_emergency_words(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = common.user_text(tracker)
        if text and not common.is_payload(text):
            await add_note(tracker, text)
            dispatcher.utter_message(json_message={"emergency_note": {"text": text[:NOTE_MAX],
                                                                      "order": tracker.get_slot("emergency_order")},
                                                   "keep_line": True})
        if common.latest_intent(tracker) in GOODBYE:
            return {"emergency_words": "done"}
        return {"emergency_words": None}


class AskEmergencyWords(Action):
    """First: where are you, is anyone with you. Then a short reassurance each turn."""

    def name(self) -> Text:
        return "action_ask_emergency_words"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        this_turn = []
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                break
            if event.get("event") == "action":
                this_turn.append(event.get("name"))
        first = any(name in ("action_emergency", "action_emergency_check_done") for name in this_turn)
        dispatcher.utter_message(response="utter_emergency_where" if first else "utter_emergency_noted",
                                 json_message=questions.expect("emergency_words"))
        return []


class EmergencyClosing(Action):
    def name(self) -> Text:
        return "action_emergency_closing"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_emergency_closing")
        return [SlotSet("emergency_words", None)]
