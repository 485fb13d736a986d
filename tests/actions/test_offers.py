"""An offer (要不要转人工？ / 要不要我现在帮您登记？) is answered by the caller's next turn only
(assistant/domain/offers.yml): yes, no and 再说一遍 keep it, any other intent withdraws it before
the next action is chosen, so a later 对 never accepts a stale offer.

Runs Rasa's own slot extraction (action_extract_slots, the step after every user message) on the
real domain, for every offered_* slot alike.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

import pytest
from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "assistant" / "domain"
OFFER_SLOTS = ("offered_human", "offered_elder_card", "offered_callback")
KEEP = ("affirm", "deny", "repeat")
WITHDRAW = ("thank", "greet", "goodbye", "book_meal", "ask_policy", "apply_elder_card", "inform",
            "out_of_scope", "nlu_fallback")


@lru_cache(maxsize=1)
def domain() -> Domain:
    return Domain.load(str(DOMAIN_DIR))


async def offer_after_the_next_turn(slot: str, intent: str, active_loop: Optional[str] = None):
    """The offer ``slot`` is open; the caller's next turn is ``intent``: the slot once Rasa extracted."""
    events = [SlotSet(slot, True)] + ([ActiveLoop(active_loop)] if active_loop else [])
    events.append(UserUttered("…", {"name": intent, "confidence": 0.99}))
    tracker = DialogueStateTracker.from_events("test-offers", events, slots=domain().slots)
    extracted = await ActionExtractSlots(None).run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain().responses), tracker, domain())
    tracker.update_with_events(extracted, domain())
    return tracker.get_slot(slot)


def test_every_offer_slot_is_one_definition():
    slots = {s.name: s for s in domain().slots if s.name.startswith("offered_")}
    assert set(slots) == set(OFFER_SLOTS)
    first = slots[OFFER_SLOTS[0]]
    for slot in slots.values():
        assert (type(slot), slot.initial_value, slot.influence_conversation, slot.mappings) == \
               (type(first), False, True, first.mappings), slot.name


@pytest.mark.asyncio
@pytest.mark.parametrize("slot", OFFER_SLOTS)
@pytest.mark.parametrize("intent", KEEP)
async def test_yes_no_or_say_again_keeps_the_offer(slot, intent):
    assert await offer_after_the_next_turn(slot, intent) is True


@pytest.mark.asyncio
@pytest.mark.parametrize("slot", OFFER_SLOTS)
@pytest.mark.parametrize("intent", WITHDRAW)
async def test_any_other_turn_withdraws_the_offer(slot, intent):
    assert await offer_after_the_next_turn(slot, intent) is False


@pytest.mark.asyncio
async def test_an_answer_inside_a_form_withdraws_an_offer_made_by_a_digression():
    # a policy question mid-form found nothing (要不要转人工帮您问问？), the form asked 几份, the caller answers
    assert await offer_after_the_next_turn("offered_human", "inform", active_loop="meal_form") is False
    assert await offer_after_the_next_turn("offered_human", "affirm", active_loop="meal_form") is True
