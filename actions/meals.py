"""Meal booking (助餐) and cancelling a booked meal."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions import answers, common, negation, questions
from actions.clients import ApiError, ServiceUnavailable
from actions.dates import parse_date, spoken_date
from actions.booking import BookingRules
from actions.form_exit import form_exit
from actions.form_turns import FormTurns
from actions.forms import AskConfirmation
from actions.orders_common import book_order
from actions.slots import normalise_count, one_of, order_date
from actions.words.vocabulary import (DIET_WORDS, DIETS, MEAL_BY_TIME, MEAL_FIELDS, MEALS, MODES, NO_DIET, NO_REQUIREMENT,
                                 ORDINARY_DIET)
from assistant.spoken_numbers import count_words
from assistant.zh_text import read_digits

log = logging.getLogger(__name__)

MEAL_SLOTS = ("date", "meal", "portions", "dining_mode", "diet")


class ValidateMealForm(FormTurns, BookingRules, FormValidationAction):
    confirm_slot = "meal_confirmed"
    correction_entities = ("date", "meal", "portions", "dining_mode", "diet", "time_of_day")
    field_words = MEAL_FIELDS

    def name(self) -> Text:
        return "validate_meal_form"

    async def extract_meal(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        found = parse_date(negation.without_negated_days(common.user_text(tracker)), common.today())
        meal = MEAL_BY_TIME.get(found.time_of_day) if found and found.time_of_day else None
        if meal and not tracker.get_slot("meal"):
            return {"meal": meal}
        return {}

    async def extract_diet(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        # 没有 / 不用 / 没啥要求 / 随便 to the diet question means an ordinary meal, whatever the intent;
        # 不要低盐 negates a diet (actions/negation.py) and the question is asked again.
        asked = tracker.get_slot("requested_slot")
        text = common.user_text(tracker)
        if negation.mentions(tracker, "diet") or tracker.get_slot("diet"):
            return {}
        if asked == "diet" and (common.latest_intent(tracker) == "deny" or NO_DIET.search(text)):
            return {"diet": ORDINARY_DIET}
        if asked == "diet":  # 软和一点 / 少放点盐 / 别太甜: the wish in the caller's own words
            said = [diet for diet, words in DIET_WORDS.items() if words.search(text)]
            return {"diet": said[0]} if len(said) == 1 else {}
        if asked is None and NO_REQUIREMENT.search(text):  # 订明天的午饭，一份，没啥要求 in one breath
            return {"diet": ORDINARY_DIET}
        return {}

    async def validate_meal(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"meal": one_of(value, MEALS)}

    async def validate_portions(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        count = normalise_count(value)
        if count is None or not 1 <= count <= 10:
            dispatcher.utter_message(response="utter_portions_range")
            return {"portions": None}
        return {"portions": float(count)}

    async def validate_dining_mode(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"dining_mode": one_of(value, MODES)}

    async def validate_diet(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"diet": one_of(value, DIETS)}


def meal_summary(tracker: Tracker) -> Dict[Text, Any]:
    """What utter_read_back_meal is filled with; how the dining mode and the diet are said is its
    variation on those slots."""
    day = order_date(tracker.get_slot("date"))
    return {"when": spoken_date(day, common.today()) if day else "", "portions": count_words(
        int(tracker.get_slot("portions") or 1))}


class AskMealConfirmed(AskConfirmation, Action):
    confirm_slot = "meal_confirmed"
    form = "meal"

    def name(self) -> Text:
        return "action_ask_meal_confirmed"

    def summary(self, tracker: Tracker) -> Dict[Text, Any]:
        return meal_summary(tracker)


class SubmitMeal(Action):
    def name(self) -> Text:
        return "action_submit_meal"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        reset = common.end_form(list(MEAL_SLOTS) + ["meal_confirmed", "time_of_day"])
        exited = form_exit(dispatcher, tracker, reset)
        if exited is not None:
            return exited
        if not tracker.get_slot("meal_confirmed"):
            dispatcher.utter_message(response="utter_form_stopped")
            return reset
        details = {
            "date": tracker.get_slot("date"), "meal": tracker.get_slot("meal"),
            "portions": int(tracker.get_slot("portions") or 1),
            "mode": tracker.get_slot("dining_mode"), "diet": tracker.get_slot("diet") or ORDINARY_DIET,
        }
        return await book_order(dispatcher, tracker, "meal", "P2", details, "utter_meal_booked") + reset


class ValidateCancelMealForm(FormTurns, FormValidationAction):
    """要取消明天的午餐吗？: a clear yes cancels, a no (or 算了) keeps the meal, anything else asks again."""

    confirm_slot = "cancel_confirmed"

    def name(self) -> Text:
        return "validate_cancel_meal_form"

    def check_confirmation(self, value: Any, tracker: Tracker) -> Dict[Text, Any]:
        if value is None and answers.wants_stop(common.user_text(tracker)):
            value = False
        return {"cancel_confirmed": value}

    async def run(self, dispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        if answers.wants_stop(common.user_text(tracker)) and tracker.get_slot("requested_slot") == self.confirm_slot:
            return await self.next_question([SlotSet("cancel_confirmed", False)], dispatcher, tracker, domain)
        return await super().run(dispatcher, tracker, domain)


def _upcoming_meal(orders: List[dict]) -> Optional[dict]:
    today = common.today().isoformat()
    upcoming = [o for o in orders if o.get("type") == "meal" and o.get("status") not in ("done", "cancelled")
                and (o.get("details") or {}).get("date", today) >= today]
    return sorted(upcoming, key=lambda o: (o["details"].get("date", ""), o["order_id"]))[0] if upcoming else None


class AskCancelConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_cancel_confirmed"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        try:
            order = _upcoming_meal(await common.dispatch().orders(tracker.get_slot("elder_id")))
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher, tracker) + common.end_form(["cancel_confirmed"])
        if order is None:
            dispatcher.utter_message(response="utter_no_meal_to_cancel")
            return common.end_form(["cancel_confirmed"])
        d = order["details"]
        day = order_date(d.get("date"))
        number = read_digits(order["order_id"])
        if day and d.get("meal"):
            dispatcher.utter_message(response="utter_ask_cancel_meal", when=spoken_date(day, common.today()),
                                     meal=d["meal"], number=number, json_message=questions.yes_no("cancel_confirmed"))
        else:
            dispatcher.utter_message(response="utter_ask_cancel_order", number=number,
                                     json_message=questions.yes_no("cancel_confirmed"))
        return [SlotSet("cancel_order_id", order["order_id"])]


class SubmitCancelMeal(Action):
    def name(self) -> Text:
        return "action_submit_cancel_meal"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        order_id = tracker.get_slot("cancel_order_id")
        reset = [SlotSet("cancel_confirmed", None), SlotSet("cancel_order_id", None)]
        exited = form_exit(dispatcher, tracker, reset + common.end_form([]))
        if exited is not None:
            return exited
        if not tracker.get_slot("cancel_confirmed") or not order_id:
            dispatcher.utter_message(response="utter_meal_kept")
            return reset
        try:
            await common.dispatch().cancel(order_id)
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher, tracker) + reset
        except ApiError:
            return reset + common.offer_human(dispatcher, tracker, "utter_cancel_too_late", "other")
        dispatcher.utter_message(response="utter_meal_cancelled", number=read_digits(order_id))
        return reset
