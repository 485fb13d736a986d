"""The 回访 call after a service order is done: did it happen, and a score 1–5 (by voice or keypad).
The care service turns the answers into the order's feedback, and a poor score or a service that
never came into a complaint order (services/care/outcomes.py)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import SlotSet

from actions import answers
from actions.checkin import greet_called, report, trigger_entities
from actions.words.care import NOT_DELIVERED, SCORE_NUMBER, SCORE_WORDS
from assistant.zh_text import chinese_to_int

NOT_ASKED = 0.0  # the score question is skipped when the service never came
POOR = 2  # a score at or below this is met with an apology (the care service files the complaint)
MAX_SCORE_TRIES = 2


def score_of(text: Text) -> Optional[int]:
    for word, score in SCORE_WORDS:
        if word in text:
            return score
    match = SCORE_NUMBER.search(text)
    value = chinese_to_int(match.group(0)) if match else None
    return value if value is not None and 1 <= value <= 5 else None


class StartFollowup(Action):
    def name(self) -> Text:
        return "action_followup_start"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        events = greet_called(dispatcher, tracker, "utter_followup_hello")
        return events + [SlotSet("followup_order", trigger_entities(tracker).get("care_order")),
                         SlotSet("followup_delivered", None), SlotSet("followup_score", None)]


class ValidateFollowupForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_followup_form"

    async def validate_followup_delivered(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value)
        if NOT_DELIVERED.search(text) or answers.is_no(text):
            return {"followup_delivered": "no", "followup_score": NOT_ASKED}
        return {"followup_delivered": "yes"}

    async def validate_followup_score(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        score = score_of(str(value))
        if score is not None:
            return {"followup_score": float(score)}
        asked = sum(1 for e in tracker.events if e.get("event") == "bot"
                    and (e.get("metadata") or {}).get("utter_action") == "utter_ask_followup_score")
        if asked > MAX_SCORE_TRIES:
            return {"followup_score": NOT_ASKED}  # no score rather than a loop
        dispatcher.utter_message(response="utter_followup_score_again")
        return {"followup_score": None}


class FinishFollowup(Action):
    def name(self) -> Text:
        return "action_followup_finish"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        delivered = tracker.get_slot("followup_delivered") != "no"
        score = int(tracker.get_slot("followup_score") or 0)
        findings: Dict[Text, Any] = {"delivered": delivered}
        if score:
            findings["score"] = score
        await report(tracker.get_slot("care_job"), findings)
        poor = not delivered or (score and score <= POOR)
        dispatcher.utter_message(response="utter_followup_sorry" if poor else "utter_followup_thanks")
        return []
