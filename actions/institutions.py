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
from actions.words.vocabulary import PRICE_UNITS

SAID = 2  # institutions read out


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
        price = normalise_count(PRICE_UNITS.sub("", str(tracker.get_slot("price") or "")))
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
                                              district=district or "")
        with_beds.sort(key=lambda i: (i.get("price_min_yuan", 0), -i.get("beds_free", 0)))
        # two said (a listener keeps two); the widget gets three to show
        said = {f"{key}{n}": str(i[field]) for n, i in enumerate(with_beds[:SAID], 1)
                for key, field in (("name", "name"), ("price", "price_min_yuan"), ("beds", "beds_free"))}
        dispatcher.utter_message(response=f"utter_institutions_{min(len(with_beds), SAID)}", district=district or "",
                                 json_message={"institutions": with_beds[:3]}, **said)
        return reset
