"""Meal booking (助餐) and cancelling a booked meal."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions import common, negation
from actions.clients import ApiError, ServiceUnavailable
from actions.dates import parse_date, spoken_date
from actions.booking import BookingRules
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


class ValidateMealForm(BookingRules, FormValidationAction):
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
        # "没有" / "不用" to the diet question means an ordinary meal; "不要低盐" negates a diet
        # (actions/negation.py) and the question is asked again.
        if (tracker.get_slot("requested_slot") == "diet" and common.latest_intent(tracker) == "deny"
                and not negation.mentions(tracker, "diet")):
            return {"diet": "普通"}
        return {}

    async def validate_meal(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"meal": one_of(value, MEALS)}

    async def validate_portions(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        count = normalise_count(value)
        if count is None or not 1 <= count <= 10:
            common.say(dispatcher, "一次可以订一到十份。")
            return {"portions": None}
        return {"portions": float(count)}

    async def validate_dining_mode(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"dining_mode": one_of(value, MODES)}

    async def validate_diet(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"diet": one_of(value, DIETS)}

    async def validate_meal_confirmed(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return self.check_confirmation(value, tracker)


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
    change_hint = "比如“要两份”或者“改成后天”"

    def name(self) -> Text:
        return "action_ask_meal_confirmed"

    def summary(self, tracker: Tracker) -> Text:
        return meal_summary(tracker)


class SubmitMeal(Action):
    def name(self) -> Text:
        return "action_submit_meal"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        reset = common.end_form(list(MEAL_SLOTS) + ["meal_confirmed", "time_of_day"])
        if not tracker.get_slot("meal_confirmed"):
            common.say(dispatcher, "好的，这次不订了，没有下单。")
            return reset
        details = {
            "date": tracker.get_slot("date"), "meal": tracker.get_slot("meal"),
            "portions": int(tracker.get_slot("portions") or 1),
            "mode": tracker.get_slot("dining_mode"), "diet": tracker.get_slot("diet") or "普通",
        }
        return await book_order(dispatcher, tracker, "meal", "P2", details, "订好了") + reset


class ValidateCancelMealForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_cancel_meal_form"


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
            return common.say_unavailable(dispatcher) + common.end_form(["cancel_confirmed"])
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
        if not tracker.get_slot("cancel_confirmed") or not order_id:
            common.say(dispatcher, "好的，不取消，订餐照常。")
            return reset
        try:
            await common.dispatch().cancel(order_id)
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher) + reset
        except ApiError:
            common.say(dispatcher, "这一单已经在做了，取消不了。需要的话我帮您转人工。")
            return reset + [SlotSet("offered_human", True)]
        common.say(dispatcher, f"已经取消了。订单号{read_digits(order_id)}。")
        return reset
