"""Meal booking (助餐) and cancelling a booked meal."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions import answers, common, negation
from actions.clients import ApiError, ServiceUnavailable
from actions.dates import parse_date, spoken_date
from actions.booking import BookingRules
from actions.form_exit import form_exit
from actions.form_turns import FormTurns
from actions.forms import AskConfirmation
from actions.orders_common import book_order
from actions.slots import normalise_count, one_of, order_date
from assistant.zh_text import read_digits

log = logging.getLogger(__name__)

MEALS = ("早餐", "午餐", "晚餐")
MODES = ("堂食", "送餐")
DIETS = ("低盐", "低糖", "软食", "普通")
# How a count of portions is said (1–10): 两份, not 二份.
COUNTS = "零一两三四五六七八九十"
MEAL_SLOTS = ("date", "meal", "portions", "dining_mode", "diet")
# A time of day said with the date tells the meal: 明天中午 → 午餐.
MEAL_BY_TIME = {"早上": "早餐", "中午": "午餐", "晚上": "晚餐"}
# How callers put each diet in their own words, when the NLU found no diet value.
DIET_WORDS = {"低盐": re.compile(r"盐|咸|清淡|口轻"), "低糖": re.compile(r"糖|甜"),
              "软食": re.compile(r"软|烂|好嚼|嚼不动|牙口")}
# Said with the booking itself: nothing special about the food.
NO_REQUIREMENT = re.compile(r"没.{0,2}(?:要求|忌口|讲究)")
# Answers to the diet question that ask for nothing special.
NO_DIET = re.compile(r"(?:没|冇|无)[得乜有啥什么]{0,3}(?:要求|忌口|讲究|特别)|不要(?:什么|啥|乜)?特别|不忌|不用|不需要|不挑|不讲究"
                     r"|随便|都行|都可以|都中|无所谓|冇所谓|正常|普通|一般的?|啥都能吃|什么都能吃|乜都食得")


class ValidateMealForm(FormTurns, BookingRules, FormValidationAction):
    confirm_slot = "meal_confirmed"
    correction_entities = ("date", "meal", "portions", "dining_mode", "diet", "time_of_day")
    field_words = {"date": ("日期", "哪天", "日子"), "portions": ("份数", "几份"),
                   "dining_mode": ("送餐", "堂食", "方式"), "diet": ("口味", "要求")}

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
            return {"diet": "普通"}
        if asked == "diet":  # 软和一点 / 少放点盐 / 别太甜: the wish in the caller's own words
            said = [diet for diet, words in DIET_WORDS.items() if words.search(text)]
            return {"diet": said[0]} if len(said) == 1 else {}
        if asked is None and NO_REQUIREMENT.search(text):  # 订明天的午饭，一份，没啥要求 in one breath
            return {"diet": "普通"}
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


def meal_summary(tracker: Tracker) -> Text:
    day = order_date(tracker.get_slot("date"))
    when = spoken_date(day, common.today()) if day else "日期未定"
    portions = int(tracker.get_slot("portions") or 1)
    mode = "送到家里" if tracker.get_slot("dining_mode") == "送餐" else "到长者饭堂吃"
    diet = tracker.get_slot("diet")
    diet_text = "" if diet in (None, "普通") else f"，{diet}"
    return f"{when}的{tracker.get_slot('meal')}，{COUNTS[portions]}份，{mode}{diet_text}"


class AskMealConfirmed(AskConfirmation, Action):
    confirm_slot = "meal_confirmed"
    change_hint = "要两份"

    def name(self) -> Text:
        return "action_ask_meal_confirmed"

    def summary(self, tracker: Tracker) -> Text:
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
            "mode": tracker.get_slot("dining_mode"), "diet": tracker.get_slot("diet") or "普通",
        }
        return await book_order(dispatcher, tracker, "meal", "P2", details, "订好了") + reset


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
            common.say(dispatcher, "没有查到还没送的订餐，不用取消。")
            return common.end_form(["cancel_confirmed"])
        d = order["details"]
        day = order_date(d.get("date"))
        when = spoken_date(day, common.today()) if day else ""
        common.say(dispatcher, f"要取消{when}的{d.get('meal', '订餐')}吗？订单号{read_digits(order['order_id'])}。",
                   buttons=common.YES_NO_BUTTONS)
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
            common.say(dispatcher, "好的，不取消，订餐照常。")
            return reset
        try:
            await common.dispatch().cancel(order_id)
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher, tracker) + reset
        except ApiError:
            return reset + common.offer_human(dispatcher, tracker, "utter_cancel_too_late", "other")
        common.say(dispatcher, f"已经取消了。订单号{read_digits(order_id)}。")
        return reset
