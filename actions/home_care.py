"""Home-care booking (上门服务): 助洁, 助浴, 助医, 助行, 陪诊, 维修."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker

from actions import common
from actions.dates import spoken_date
from actions.booking import BookingRules
from actions.form_exit import form_exit
from actions.form_turns import FormTurns
from actions.forms import AskConfirmation
from actions.orders_common import book_order
from actions.slots import one_of, order_date
from actions.words.vocabulary import CARE_FIELDS, HALF_DAY_OF, HALF_DAYS, SERVICES

CARE_SLOTS = ("service_type", "date", "time_of_day")


class ValidateHomeCareForm(FormTurns, BookingRules, FormValidationAction):
    confirm_slot = "care_confirmed"
    correction_entities = ("service_type", "date", "time_of_day")
    field_words = CARE_FIELDS

    def name(self) -> Text:
        return "validate_home_care_form"

    async def validate_service_type(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        service = one_of(value, SERVICES)
        if service is None:
            dispatcher.utter_message(response="utter_service_unknown")
        return {"service_type": service}

    async def validate_time_of_day(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        # Visits are booked by half day; 早上 counts as morning, 晚上 is not offered.
        slot = one_of(HALF_DAY_OF.get(str(value), str(value)), HALF_DAYS)
        if slot is None:
            dispatcher.utter_message(response="utter_half_days_only")
        return {"time_of_day": slot}


class AskCareConfirmed(AskConfirmation, Action):
    confirm_slot = "care_confirmed"
    form = "care"

    def name(self) -> Text:
        return "action_ask_care_confirmed"

    def summary(self, tracker: Tracker) -> Dict[Text, Any]:
        """utter_read_back_care says the service in words by its variation on service_type
        (明天上午，上门维修: never 上门上门维修)."""
        day = order_date(tracker.get_slot("date"))
        return {"when": spoken_date(day, common.today()) if day else ""}


class SubmitHomeCare(Action):
    def name(self) -> Text:
        return "action_submit_home_care"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        reset = common.end_form(list(CARE_SLOTS) + ["care_confirmed"])
        exited = form_exit(dispatcher, tracker, reset)
        if exited is not None:
            return exited
        if not tracker.get_slot("care_confirmed"):
            dispatcher.utter_message(response="utter_form_stopped")
            return reset
        details = {"service": tracker.get_slot("service_type"), "date": tracker.get_slot("date"),
                   "slot": tracker.get_slot("time_of_day")}
        return await book_order(dispatcher, tracker, "home_care", "P2", details, "utter_care_booked") + reset
