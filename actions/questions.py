"""The question a form asks for each slot, one short question per turn.

Each question is a domain response ``utter_q_<action suffix>`` (action_ask_meal →
utter_q_meal), said by the action of the same name; an action rather than the
response alone, because the same question is worded differently after a
failed answer: after two, it comes with the keypad (phone), quick replies
(widget) and a person offered (actions/form_turns.py counts the failures).
Every question goes out with the ``expect`` payload (``expect`` below): the kind of
answer, the answer words keypad keys 1–3 stand for, and the slot it fills.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action

from actions import negation
from actions.words import vocabulary

# action name (action_ask_[<form>_]<slot>) → its question is the response utter_q_<name without action_ask_>
QUESTIONS = (
    "action_ask_meal_form_date", "action_ask_meal", "action_ask_portions", "action_ask_dining_mode",
    "action_ask_diet", "action_ask_service_type", "action_ask_home_care_form_date",
    "action_ask_home_care_form_time_of_day", "action_ask_applicant_name", "action_ask_id_number",
    "action_ask_elder_card_form_district", "action_ask_elder_card_form_phone", "action_ask_phone",
    "action_ask_id_last4", "action_ask_institution_form_district", "action_ask_complaint_text",
)
# Slots whose question, said again after the caller only negated a value (不用上午), is
# utter_again_<slot> with {cue}{said}: 好的，不要上午，那您要什么时间？ (actions/negation.py).
ASK_AGAIN = ("date", "time_of_day", "meal", "portions", "dining_mode", "diet", "service_type", "district")
OPTIONS = vocabulary.OPTIONS
# What answer each question expects (the ``expect`` payload: docs/CONTRACT.md); any other slot: free words.
EXPECTED = {"date": "date", "meal": "meal", "portions": "count", "phone": "phone", "id_number": "id_number",
            "id_last4": "id_last4", "dining_mode": "options", "diet": "options", "time_of_day": "options",
            "service_type": "options"}
BUTTON_CHANNELS = ("widget", "rest", "chat")
# Questions answered with a number the phone keypad can type.
NUMBER_SLOTS = ("phone", "id_number", "id_last4")


def expect(slot: Optional[Text], kind: Optional[Text] = None) -> Dict[Text, Any]:
    """The custom payload that goes with a question: what kind of answer it expects, the answer words
    it offers (keypad 1, 2, 3), and the slot it fills."""
    expected: Dict[Text, Any] = {"kind": kind or EXPECTED.get(slot or "", "free")}
    if slot:
        expected["slot"] = slot
    options = [label for label, _ in OPTIONS.get(slot or "", ())][:3]
    if options and expected["kind"] in ("options", "meal", "date"):
        expected["options"] = options
    return {"expect": expected}


def yes_no(slot: Optional[Text] = None) -> Dict[Text, Any]:
    """The payload of a yes/no question (a read-back, an offer); keypad 1 is yes, 2 is no."""
    return expect(slot, "yes_no")


def option_value(slot: Text, key: Optional[int]) -> Any:
    """The value keypad key ``key`` (1, 2, 3) stands for in the question for ``slot``."""
    choices = OPTIONS.get(slot, ())
    if key is None or not 1 <= key <= len(choices):
        return None
    return choices[key - 1][1]


def failures(tracker, slot: Text) -> int:
    return int(tracker.get_slot("failed_count") or 0) if tracker.get_slot("failed_slot") == slot else 0


def shows_buttons(tracker) -> bool:
    """Quick replies are shown on the widget (and the REST tests); the phone has keys, the speaker words."""
    return (tracker.get_slot("channel") or "rest") in BUTTON_CHANNELS


def offer_help(dispatcher, tracker, slot: Text, labels: Sequence[Text], payload: Optional[Dict] = None) -> None:
    """The question failed twice: the keypad (phone), quick replies (widget) or other words (speaker),
    and a person, in one turn. The channel's wording is a variation of the response (channel slot)."""
    labels = list(labels)[:3]
    dispatcher.utter_message(response="utter_still_not_understood")
    if len(labels) >= 2:
        response = f"utter_help_choices_{len(labels)}"
    else:
        response = "utter_help_number" if slot in NUMBER_SLOTS else "utter_help_free"
    keys = {f"option{i}": label for i, label in enumerate(labels, 1)}
    shown = [{"title": label, "payload": label} for label in labels] if shows_buttons(tracker) else []
    dispatcher.utter_message(response=response, buttons=shown, json_message=payload or expect(slot), **keys)


class AskQuestion:
    """Mixin: says utter_q_<name> with its buttons (the subclasses below are the Actions)."""

    action_name = ""

    def name(self) -> Text:
        return self.action_name

    def slot(self) -> Text:
        """action_ask_meal → meal, action_ask_home_care_form_time_of_day → time_of_day."""
        return self.action_name.split("_form_")[-1].replace("action_ask_", "", 1)

    def ask_again(self, dispatcher, tracker, domain) -> bool:
        """好的，不要上午，那您要什么时间？ when the caller's last words only negated this slot's value."""
        slot = self.slot()
        entity = negation.entity_of(slot, domain)
        negated = negation.only_negated(tracker, entity) if entity and slot in ASK_AGAIN else []
        if not negated:
            return False
        cue = next((c for c in vocabulary.ECHOED_CUES if negated[0].cue.startswith(c)), vocabulary.ECHOED_CUES[-1])
        dispatcher.utter_message(response=f"utter_again_{slot}", cue=cue, said=negated[0].said,
                                 buttons=self.buttons(), json_message=expect(slot))
        return True

    def buttons(self) -> List[Dict[Text, Any]]:
        return [{"title": label, "payload": label} for label, _ in OPTIONS.get(self.slot(), ())]

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        slot = self.slot()
        if failures(tracker, slot) >= 2:
            offer_help(dispatcher, tracker, slot, [label for label, _ in OPTIONS.get(slot, ())])
        elif not self.ask_again(dispatcher, tracker, domain):
            dispatcher.utter_message(response="utter_q_" + self.action_name.replace("action_ask_", "", 1),
                                     buttons=self.buttons(), json_message=expect(slot))
        return []


# One Action subclass per question: the SDK registers actions by class. Kept in a list: a class
# nothing refers to is collected by the garbage collector, and its action is then missing.
QUESTION_ACTIONS = [type(f"Ask_{name}", (AskQuestion, Action), {"action_name": name}) for name in QUESTIONS]
