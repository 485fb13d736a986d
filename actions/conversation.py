"""Turns that belong to no skill: repeat, hand-over, fallback, stopping a form."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted

from actions import answers, common, handover, policy
from actions.form_turns import MAX_FAILURES, UNPLACED
from actions.questions import failures

# Every slot a form fills; stopping a form or handing over forgets them all.
FORM_SLOTS = ("date", "time_of_day", "meal", "portions", "dining_mode", "diet", "meal_confirmed",
              "service_type", "care_confirmed", "applicant_name", "id_number", "district", "card_confirmed",
              "phone", "id_last4", "cancel_confirmed", "complaint_text")
NOT_REPEATED = ("utter_not_understood", "utter_still_not_understood")
# Why the caller is handed over, from what they said last (the callback order carries it).
REASONS = {"request_human": "asked_human", "affirm": "offered_human"}


def last_answer(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The bot messages that answered the caller's previous turn."""
    answer: List[Dict[Text, Any]] = []
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen == 2:
                break
        elif event.get("event") == "bot" and users_seen == 1 and event.get("text"):
            answer.insert(0, event)
    return answer


class Repeat(Action):
    def name(self) -> Text:
        return "action_repeat"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        if not tracker.active_loop.get("name") and trailing_repeats(tracker) >= MAX_REPEATS:
            # still not heard after saying it again twice: a person (or a call-back), not a fourth time
            return await Handover().run(dispatcher, tracker, domain)
        answer = last_answer(tracker)
        if not answer and not tracker.active_loop.get("name"):
            dispatcher.utter_message(response="utter_nothing_said_yet")
            return []
        if tracker.active_loop.get("name"):
            answer = answer[:-1]  # the form asks its question again itself, right after this
        # 没听明白 was about the earlier answer, not part of what is repeated
        answer = [m for m in answer if (m.get("metadata") or {}).get("utter_action") not in NOT_REPEATED]
        for message in answer:
            data = message.get("data") or {}
            expected = {"expect": data["custom"]["expect"]} if "expect" in (data.get("custom") or {}) else None
            dispatcher.utter_message(text=message["text"], buttons=data.get("buttons") or [], json_message=expected)
        # Voice channels read this to speak the repeat more slowly.
        dispatcher.utter_message(json_message={"speech_rate": "slow"})
        return []


class Handover(Action):
    def name(self) -> Text:
        return "action_handover"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        """A transfer where an operator can take the caller; elsewhere the truth and a call-back."""
        reason = REASONS.get(common.latest_intent(tracker) or "", "failed_turns")
        if reason == "offered_human":
            if not handover.operator_line(tracker):
                # the offer was a call-back (common.human_words) and the caller said yes to it
                return await handover.BookCallback().run(dispatcher, tracker, domain)
            reason = tracker.get_slot("handover_reason") or "asked_human"
        context = handover.form_context(tracker)
        live = await handover.to_desk(dispatcher, tracker, reason, context)
        if live is not None:
            return live  # the form keeps its answers: the bot resumes there after the operator
        return common.end_form(list(FORM_SLOTS)) + handover.hand_over(dispatcher, tracker, reason, context)



MAX_REPEATS = 3  # 再说一遍 / 听不见 this many times in a row outside a form: hand over


def trailing_repeats(tracker: Tracker) -> int:
    """How many of the caller's last turns in a row asked to hear the answer again."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if event.get("parse_data", {}).get("intent", {}).get("name") != "repeat":
            break
        count += 1
    return count


def trailing_misunderstood(tracker: Tracker) -> int:
    """How many of the caller's last turns in a row were not understood (a turn the NLU could not
    place but the policy knowledge base answered was understood: it ends the run)."""
    count, answered = 0, False
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == policy.CLAUSE_SLOT:
            answered = True
        if event.get("event") != "user":
            continue
        if answered or event.get("parse_data", {}).get("intent", {}).get("name") not in UNPLACED:
            break
        count += 1
    return count


async def answer_to_offer(dispatcher, tracker, domain) -> Optional[List[Dict[Text, Any]]]:
    """A yes or no the NLU did not hear as one (行啊，那让人回个电话), said right after 要不要…回电话 /
    转人工？: the offer slot was withdrawn by the intent, so read the words (actions/answers.py)."""
    offers = [slot for slot in ("offered_callback", "offered_human") if common.value_before(tracker, slot)]
    if not offers:
        return None
    first = answers.first_clause(common.user_text(tracker))
    if answers.is_yes(first):
        if offers[0] == "offered_callback":
            return await handover.BookCallback().run(dispatcher, tracker, domain)
        return await Handover().run(dispatcher, tracker, domain)
    if answers.is_no(first) or answers.wants_stop(first):
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("offered_callback", False), SlotSet("offered_human", False)]
    return None


class Fallback(Action):
    """Two-stage fallback: ask once to rephrase, then hand over to a person."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        answered = await answer_to_offer(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        # the NLU could not place it: a policy question worded as nobody trained it is answered
        answered = await policy.answer_if_found(dispatcher, tracker)
        if answered is not None:
            return answered
        if trailing_misunderstood(tracker) >= 2:
            return await Handover().run(dispatcher, tracker, domain)
        if common.latest_intent(tracker) == "out_of_scope":
            return common.offer_human(dispatcher, tracker, "utter_out_of_scope")
        dispatcher.utter_message(response="utter_rephrase")
        return []


class InformWithoutContext(Action):
    """An answer that fits nothing: with no form open, ask what the caller wants. Inside a form whose
    validation leaves such turns to the rules (identity_form) it filled nothing the form asked (often
    a misheard answer, 宋到家里): say so — the form asks its question again — counting the failures
    in the same slots as actions/form_turns.py; the third hands over rather than loop."""

    def name(self) -> Text:
        return "action_inform_without_context"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        if not tracker.active_loop.get("name"):
            dispatcher.utter_message(response="utter_inform_without_context")
            return []
        requested = tracker.get_slot("requested_slot")
        failed = failures(tracker, requested)
        if failed + 1 >= MAX_FAILURES:
            return await Handover().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_not_understood")
        return [SlotSet("failed_slot", requested), SlotSet("failed_count", float(failed + 1))]


class Thank(Action):
    """谢谢: 不客气. Said right after 要不要…回电话？ / 转人工？ with a yes or no first (好，麻烦你们了),
    it answers the offer (the intent thank withdrew the offer slot)."""

    def name(self) -> Text:
        return "action_thank"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        answered = await answer_to_offer(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        dispatcher.utter_message(response="utter_thank")
        return []


class DeclineHuman(Action):
    def name(self) -> Text:
        return "action_decline_human"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("offered_human", False)]


class CancelForm(Action):
    """The caller said 算了 / 不办了 in the middle of a form: nothing is booked."""

    def name(self) -> Text:
        return "action_cancel_form"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_form_stopped")
        return common.end_form(list(FORM_SLOTS))


class NotUnderstood(Action):
    """The dialogue policy's own fallback: ask again and forget the turn.

    Reverting the turn is what ends it; without that the policy would be just
    as unsure after this action and pick it again and again.
    """

    def name(self) -> Text:
        return "action_not_understood"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_rephrase")
        return [UserUtteranceReverted()]
