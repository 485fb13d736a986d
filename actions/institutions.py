"""Finding an elderly-care institution (养老机构) with free beds."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import SlotSet

from actions import common
from actions.clients import ServiceUnavailable
from actions.negation import DropNegatedValues
from actions.slots import district_of, normalise_count


class ValidateInstitutionForm(DropNegatedValues, FormValidationAction):
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
        try:
            found = await common.records().institutions(district or "", tracker.get_slot("care_level") or "",
                                                        str(price) if price else "")
        except ServiceUnavailable:
            return common.say_unavailable(dispatcher) + reset
        with_beds = [i for i in found if i.get("beds_free", 0) > 0]
        if not with_beds:
            common.say(dispatcher, f"{district or '这个区'}暂时没有查到有空床位的养老院。要不要转人工帮您再找找？",
                       buttons=common.YES_NO_BUTTONS)
            return reset + [SlotSet("offered_human", True)]
        with_beds.sort(key=lambda i: (i.get("price_min_yuan", 0), -i.get("beds_free", 0)))
        names = "；".join(f"{i['name']}，每月{i['price_min_yuan']}元起，空床{i['beds_free']}张"
                         for i in with_beds[:3])
        common.say(dispatcher, f"{district or ''}有空床的养老院：{names}。", json_message={"institutions": with_beds[:3]})
        return reset
