"""Every answer given inside a booking form: answered, stopped on purpose, or counted as a failure.

A mixin for a form's validation action (first in its bases). It keeps three promises:

- A booking is never lost by a 不 / 没有 / 不用: those are answers to the question
  asked (the form's own extraction decides what they mean). Only an explicit stop
  (算了 / 不订了 / 取消 / 不办了, actions/answers.py) stops the form, and only after
  要取消这次预订吗？ is answered yes (slot ``stop_pending``, question ``form_stop``).
- Nothing loops: an answer that fills nothing counts against the question asked
  (slots ``failed_slot`` / ``failed_count``, not the wording of earlier replies).
  After two the question is asked with the keypad or quick replies and a person
  offered (actions/questions.py); the third ends the form in a hand-over
  (``form_exit`` = handover, done by the form's submit action, actions/form_exit.py).
- A read-back is booked only on a clear yes; 谢谢 or noise asks it again.

Turns this mixin leaves to the rules (digressions): emergencies, 转人工, 再说一遍,
policy and elder-card questions. The form rejects those and the rules answer them.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, common, negation, policy, questions
from actions.common import value_before  # noqa: F401 - part of this module's interface
from actions.questions import option_value

MAX_FAILURES = 3
COUNTERS = ("failed_slot", "failed_count")
# Intents the rules answer inside a form; the form goes on afterwards (or ends, for 转人工 / emergencies).
DIGRESSIONS = ("emergency", "feel_unwell", "request_human", "repeat", "ask_policy", "check_application", "query_allowance")
# What the NLU could not place: inside a form put to the policy knowledge base before it counts as a failure.
UNPLACED = ("nlu_fallback", "out_of_scope")
# Actions that run between a caller's turn and the form without being an answer to the form.
_QUIET = ("action_listen", "action_extract_slots")


def answering_now(tracker: Tracker, form: Text) -> bool:
    """The form is hearing the caller's latest turn, not coming back after a digression was answered."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        name = event.get("name")
        if event.get("event") == "action" and name not in _QUIET and name not in (form, f"validate_{form}"):
            return False
    return False


def payload_intent(tracker: Tracker) -> Optional[Text]:
    """A quick-reply button sends the intent itself (/affirm): its words are no words."""
    return common.latest_intent(tracker) if common.is_payload(common.user_text(tracker)) else None


def said_yes(tracker: Tracker) -> bool:
    return payload_intent(tracker) == "affirm" or answers.is_yes(common.user_text(tracker))


def said_no(tracker: Tracker) -> bool:
    return payload_intent(tracker) == "deny" or answers.is_no(common.user_text(tracker))


class FormTurns:
    """Mixin for a FormValidationAction; see the module docstring. ``confirm_slot`` (if the form ends
    in a read-back) comes from ConfirmationRules."""

    confirm_slot: Text = ""

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        slots = await super().required_slots(domain_slots, dispatcher, tracker, domain)  # type: ignore[misc]
        if tracker.get_slot("form_exit"):
            return []
        if tracker.get_slot("stop_pending"):
            return ["form_stop"] + [s for s in slots if s != "form_stop"]
        return slots

    async def extract_form_stop(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {}  # answered in run(): yes stops, anything else goes on

    def is_digression(self, tracker: Tracker) -> bool:
        intent = common.latest_intent(tracker)
        if intent in DIGRESSIONS:
            return True
        return intent == "apply_elder_card" and "how_to" in common.entity_values(tracker)

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        requested = tracker.get_slot("requested_slot")
        if not requested or not answering_now(tracker, self.form_name()):
            return await super().run(dispatcher, tracker, domain)  # type: ignore[misc]
        if self.is_digression(tracker):
            return await self.leave_to_rules(requested, dispatcher, tracker, domain)
        if requested == "form_stop":
            return await self.stop_answered(dispatcher, tracker, domain)
        if answers.wants_stop(common.user_text(tracker)):
            return [SlotSet("stop_pending", True), SlotSet("requested_slot", "form_stop")]
        said_before = len(dispatcher.messages)
        answered, events = await self.answer(requested, dispatcher, tracker, domain)
        return await self.count(requested, answered, said_before, events, dispatcher, tracker, domain)

    async def answer(self, requested: Text, dispatcher, tracker: Tracker,
                     domain) -> Tuple[bool, List[Dict[Text, Any]]]:
        """Take the answer; returns whether it answered the question, and the slot events."""
        key = answers.key_pressed(common.user_text(tracker))
        if requested == self.confirm_slot:
            return await self.confirmation_answered(key, dispatcher, tracker, domain)
        value = option_value(requested, key) if key is not None else None
        if value is not None:
            method = getattr(self, f"validate_{requested}", None)
            result = await method(value, dispatcher, tracker, domain) if method else {requested: value}
            return result.get(requested) is not None, [SlotSet(k, v) for k, v in result.items()]
        events = await super().run(dispatcher, tracker, domain)  # type: ignore[misc]
        return self.progress(events, tracker, domain) or self.only_negated(requested, tracker, domain), events

    async def confirmation_answered(self, key, dispatcher, tracker: Tracker,
                                    domain) -> Tuple[bool, List[Dict[Text, Any]]]:
        """对 books; a new value or the part named corrects; a plain 不对 asks what to change, a second one
        asks whether to cancel; anything else (谢谢, noise) is no answer."""
        events = await super().run(dispatcher, tracker, domain)  # type: ignore[misc]
        yes, no = key == 1 or said_yes(tracker), key == 2 or said_no(tracker)
        outcome = self.check_confirmation(True if yes else False if no else None, tracker)  # type: ignore[attr-defined]
        progressed = self.progress(events, tracker, domain)
        if progressed:
            outcome[self.confirm_slot] = None  # a value given with the answer: read back again
        if outcome.pop("stop_pending", None):
            return True, events + [SlotSet("stop_pending", True), SlotSet("requested_slot", "form_stop")]
        answered = yes or no or len(outcome) > 1 or progressed
        return answered, events + [SlotSet(k, v) for k, v in outcome.items()]

    async def leave_to_rules(self, requested: Text, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        """A policy question, 再说一遍, 转人工 or an emergency inside the form: nothing it said fills a slot
        (a policy question must not become the phone number asked for), and the form steps aside so
        the rules answer it (they come back to the form where it goes on). 再说一遍 counts against the
        question like a failed answer: a question heard again and again is a loop too."""
        undo = [SlotSet(slot, value_before(tracker, slot)) for slot in tracker.slots_to_validate()
                if slot != "requested_slot"]
        if common.latest_intent(tracker) == "repeat":
            failures = self.failures_after(requested, tracker)
            undo += [SlotSet("failed_slot", requested), SlotSet("failed_count", float(failures))]
            if failures >= MAX_FAILURES:
                return await self.next_question(undo + [SlotSet("form_exit", "handover")], dispatcher, tracker,
                                                domain)
        return undo + [ActionExecutionRejected(self.form_name())]

    @staticmethod
    def failures_after(requested: Text, tracker: Tracker) -> int:
        """The count of failed answers to ``requested`` once this turn is counted."""
        return questions.failures(tracker, requested) + 1

    async def stop_answered(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        text = common.user_text(tracker)
        if said_yes(tracker) or answers.key_pressed(text) == 1 or answers.wants_stop(text) or answers.is_yes(
                answers.first_clause(text)):  # 对，不要了
            return [SlotSet("form_exit", "stop"), SlotSet("stop_pending", False), SlotSet("requested_slot", None)]
        dispatcher.utter_message(response="utter_form_goes_on")
        return await self.next_question([SlotSet("stop_pending", False)], dispatcher, tracker, domain)

    def progress(self, events: List[Dict[Text, Any]], tracker: Tracker, domain) -> bool:
        """Some slot of this form got a value from the caller's turn."""
        form_slots = set(self.domain_slots(domain)) | {self.confirm_slot}  # type: ignore[attr-defined]
        return any(e.get("event") == "slot" and e.get("name") in form_slots and e.get("value") is not None
                   and e.get("name") != "requested_slot" for e in events)

    @staticmethod
    def only_negated(requested: Text, tracker: Tracker, domain) -> bool:
        """不要上午: an answer (the question comes again as 好的，不要上午，那您要…), not a failure."""
        entity = negation.entity_of(requested, domain)
        return bool(entity and negation.only_negated(tracker, entity))

    async def count(self, requested: Text, answered: bool, said_before: int, events: List[Dict[Text, Any]],
                    dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        explained = len(dispatcher.messages) > said_before
        if answered:
            if tracker.get_slot("failed_count"):
                events = events + [SlotSet("failed_slot", None), SlotSet("failed_count", None)]
            return await self.next_question(events, dispatcher, tracker, domain)
        answered_by_policy = await self.policy_answer(said_before, dispatcher, tracker)
        if answered_by_policy is not None:  # a question, not a failed answer: the form asks again
            return await self.next_question(events + answered_by_policy, dispatcher, tracker, domain)
        failures = self.failures_after(requested, tracker)
        events = events + [SlotSet("failed_slot", requested), SlotSet("failed_count", float(failures))]
        if failures >= 2:
            # the question comes with keys / buttons / a person next (or the hand-over): one short turn
            del dispatcher.messages[said_before:]
        if failures >= MAX_FAILURES:
            return await self.next_question(events + [SlotSet("form_exit", "handover")], dispatcher, tracker, domain)
        if not explained and failures == 1 and requested != self.confirm_slot:  # a read-back is its own question
            dispatcher.utter_message(response="utter_not_understood")
        return await self.next_question(events, dispatcher, tracker, domain)

    @staticmethod
    async def policy_answer(said_before: int, dispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
        """A line the NLU could not place, put to the policy knowledge base as outside a form
        (actions/conversation.py action_fallback): most such lines on this hotline are policy
        questions worded as nobody trained. Its answer replaces what the form said; None if none."""
        if common.latest_intent(tracker) not in UNPLACED:
            return None
        found = CollectingDispatcher()
        answered = await policy.answer_if_found(found, tracker)
        if answered is not None:
            dispatcher.messages[said_before:] = found.messages
        return answered

    async def next_question(self, events: List[Dict[Text, Any]], dispatcher, tracker: Tracker,
                            domain) -> List[Dict[Text, Any]]:
        """``events`` with one requested_slot at the end: the first slot still missing after them."""
        for event in events:
            if event.get("event") == "slot":
                tracker.slots[event["name"]] = event.get("value")
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)  # type: ignore[attr-defined]
        missing = next((slot for slot in required if tracker.slots.get(slot) is None), None)
        kept = [e for e in events if not (e.get("event") == "slot" and e.get("name") == "requested_slot")]
        return kept + [SlotSet("requested_slot", missing)]
