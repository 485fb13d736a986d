"""What the meal and home-care booking forms share beyond the confirmation turn."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.types import DomainDict

from actions.forms import ConfirmationRules
from actions.identity import elder_by_phone, who_first
from actions.negation import DropNegatedValues
from actions.slots import date_slot, future_date


class BookingRules(DropNegatedValues, ConfirmationRules):
    """Mixin for a booking FormValidationAction: whose booking, which day, then confirm;
    values the caller negated (不是明天，是后天) fill nothing."""

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> List[Text]:
        return who_first(tracker, domain_slots)

    async def extract_date(self, dispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return date_slot(tracker)

    async def validate_phone(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return await elder_by_phone(value, dispatcher)

    async def validate_date(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return future_date(value, dispatcher)
