"""Elder-card (老年证) applications: eligibility, materials, application, status."""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions import common, questions
from actions.clients import ApiError, ServiceUnavailable
from actions.form_exit import form_exit
from actions.form_turns import FormTurns
from actions.forms import AskConfirmation, ConfirmationRules
from actions.negation import DropNegatedValues
from actions.slots import digits_in, district_of
from actions.words.vocabulary import CARD_FIELDS, NAME_FILLERS, NAME_PUNCTUATION
from assistant.zh_text import read_digits

CARD_SLOTS = ("applicant_name", "id_number", "district", "phone")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Statuses the records service reports, each said by utter_application_<status> (else _other).
STATUSES = ("submitted", "reviewing", "approved", "rejected", "issued")


MIN_AGE_SLOT = "elder_card_min_age"


def min_age(tracker: Tracker, domain: DomainDict) -> int:
    """The age from which the card is issued: one value, the slot elder_card_min_age (its initial value
    in assistant/domain/elder_card.yml), which every response naming it is filled with."""
    value = tracker.get_slot(MIN_AGE_SLOT) or ((domain.get("slots") or {}).get(MIN_AGE_SLOT) or {}).get("initial_value")
    return int(value)


def id_checksum_ok(number: Text) -> bool:
    """GB 11643: the 18th character is a mod-11 check over the first 17 digits."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return _CHECK[total % 11] == number[17]


def age_from_id(number: Text, today: date) -> Optional[int]:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class ValidateElderCardForm(FormTurns, DropNegatedValues, ConfirmationRules, FormValidationAction):
    confirm_slot = "card_confirmed"
    correction_entities = ("id_number", "district", "phone")
    field_words = CARD_FIELDS

    def name(self) -> Text:
        return "validate_elder_card_form"

    async def validate_applicant_name(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        name = NAME_FILLERS.sub("", NAME_PUNCTUATION.sub("", str(value or "")))
        if not re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", name):
            dispatcher.utter_message(response="utter_name_unclear")
            return {"applicant_name": None}
        return {"applicant_name": name}

    async def validate_id_number(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        number = digits_in(str(value or ""))
        if not id_checksum_ok(number):
            dispatcher.utter_message(response="utter_id_number_invalid")
            return {"id_number": None}
        age = age_from_id(number, common.today())
        if age is None or age < min_age(tracker, domain):
            dispatcher.utter_message(response="utter_too_young")
            return {"id_number": None}
        return {"id_number": number}

    async def validate_district(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        district = district_of(str(value or ""))
        if district is None:
            dispatcher.utter_message(response="utter_district_outside", city=common.settings.city)
        return {"district": district}

    async def extract_phone(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        # The caller's own number (hotline caller ID) is the contact unless they give another.
        caller = (tracker.get_slot("session_started_metadata") or {}).get("caller_id")
        return {"phone": caller} if caller and not tracker.get_slot("phone") else {}

    async def validate_phone(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        phone = digits_in(str(value or ""))
        if not re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", phone):
            dispatcher.utter_message(response="utter_phone_incomplete")
            return {"phone": None}
        return {"phone": phone}


class AskCardConfirmed(AskConfirmation, Action):
    confirm_slot = "card_confirmed"
    form = "card"

    def name(self) -> Text:
        return "action_ask_card_confirmed"

    def summary(self, tracker: Tracker) -> Dict[Text, Any]:
        number = tracker.get_slot("id_number") or ""
        phone = tracker.get_slot("phone") or ""
        return {"id_tail": read_digits(number[-4:]), "phone_tail": read_digits(phone[-4:], phone_style=True)}


class SubmitElderCard(Action):
    def name(self) -> Text:
        return "action_submit_elder_card"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        reset = common.end_form(list(CARD_SLOTS) + ["card_confirmed"])
        exited = form_exit(dispatcher, tracker, reset)
        if exited is not None:
            return exited
        if not tracker.get_slot("card_confirmed"):
            dispatcher.utter_message(response="utter_form_stopped")
            return reset
        body = {"name": tracker.get_slot("applicant_name"), "id_number": tracker.get_slot("id_number"),
                "district": tracker.get_slot("district"), "phone": tracker.get_slot("phone"),
                "elder_id": tracker.get_slot("elder_id"), "channel": common.channel(tracker)}
        try:
            application = await common.records().apply_elder_card(body)
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher, tracker) + reset
        except ApiError as exc:
            common.log.info("application refused: %s", common.mask(exc.detail))
            return reset + common.offer_human(dispatcher, tracker, "utter_application_failed", "booking_failed")
        number = application["application_id"]
        dispatcher.utter_message(response="utter_elder_card_filed", number=read_digits(number),
                                 json_message={"application_id": number})
        return reset


class ExplainElderCard(Action):
    """老年证怎么办 / 要带什么: the eligibility and materials, then an offer to register.

    In the middle of a form only the facts: the form asks its own question next.
    """

    def name(self) -> Text:
        return "action_explain_elder_card"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        in_form = bool(tracker.active_loop.get("name"))
        if in_form:
            dispatcher.utter_message(response="utter_elder_card_facts")
        else:
            dispatcher.utter_message(response="utter_elder_card_facts_offer",
                                     json_message=questions.yes_no("offered_elder_card"))
        return [SlotSet("how_to", None), SlotSet("offered_elder_card", not in_form),
                SlotSet("offered_human", False)]


class AcceptElderCardOffer(Action):
    """对 to 要不要我现在帮您登记: the application form starts (rules)."""

    def name(self) -> Text:
        return "action_accept_elder_card_offer"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_register_start")
        return [SlotSet("offered_elder_card", False)]


class DeclineElderCardOffer(Action):
    def name(self) -> Text:
        return "action_decline_elder_card_offer"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_elder_card_declined")
        return [SlotSet("offered_elder_card", False)]


async def tell_applications(dispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """Status of the caller's elder-card applications (after identity)."""
    applications = await common.records().applications(tracker.get_slot("elder_id"))
    if not applications:
        dispatcher.utter_message(response="utter_no_application")
        return []
    latest = max(applications, key=lambda a: a.get("created_at", ""))
    status = latest.get("status") if latest.get("status") in STATUSES else "other"
    dispatcher.utter_message(response=f"utter_application_{status}", number=read_digits(latest["application_id"]))
    return []
