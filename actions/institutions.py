"""Finding an elderly-care institution (养老机构) with free beds."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import SlotSet

from actions import common
from actions.clients import ServiceUnavailable
from actions.form_exit import form_exit
from actions.form_turns import FormTurns
from actions.negation import DropNegatedValues
from actions.slots import district_of, normalise_count


class ValidateInstitutionForm(FormTurns, DropNegatedValues, FormValidationAction):
    """The district asked for, not one the caller negated (不要江岸区，要江汉区)."""

    def name(self) -> Text:
        return "validate_institution_form"

    async def validate_district(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"district": district_of(str(value or ""))}


class FindInstitution(Action):
    def name(self) -> Text:
        return "action_find_institution"

    async def run(self, dispatcher, tracker, domain) -> List[Dict[Text, Any]]:
        district = district_of(str(tracker.get_slot("district") or ""))
        price = normalise_count(str(tracker.get_slot("price") or "").replace("元", "").replace("块", ""))
        reset = [SlotSet("district", None), SlotSet("care_level", None), SlotSet("price", None)]
        exited = form_exit(dispatcher, tracker, reset + common.end_form([]))
        if exited is not None:
            return exited
        try:
            found = await common.records().institutions(district or "", tracker.get_slot("care_level") or "",
                                                        str(price) if price else "")
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher, tracker) + reset
        with_beds = [i for i in found if i.get("beds_free", 0) > 0]
        if not with_beds:
            return reset + common.offer_human(dispatcher, tracker, "utter_no_free_beds", "other",
                                                    district=district or "这个区")
        with_beds.sort(key=lambda i: (i.get("price_min_yuan", 0), -i.get("beds_free", 0)))
        names = "；".join(f"{i['name']}，每月{i['price_min_yuan']}元起，空床{i['beds_free']}张"
                         for i in with_beds[:3])
        common.say(dispatcher, f"{district or ''}有空床的养老院：{names}。", json_message={"institutions": with_beds[:3]})
        return reset
