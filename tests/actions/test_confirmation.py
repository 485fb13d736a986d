"""The confirmation turn of booking forms: book, correct one slot, or drop."""
import pytest
from rasa_sdk import Tracker

from actions.forms import user_intents, user_turns
from actions.elder_card import ValidateElderCardForm
from actions.home_care import ValidateHomeCareForm
from actions.meals import AskMealConfirmed, ValidateMealForm
from tests.actions.conftest import buttons, make_tracker, texts, user_event

def asked(slot):
    """The form asking for ``slot``: the event a real tracker has before the caller's answer."""
    return {"event": "slot", "name": "requested_slot", "value": slot, "timestamp": 1.0}


CONFIRM = asked("meal_confirmed")
FILLED = {"date": "2026-11-24", "meal": "午餐", "portions": 1.0, "dining_mode": "送餐", "diet": "普通",
          "requested_slot": "meal_confirmed"}


async def check(value, turns, slots=FILLED):
    return ValidateMealForm().check_confirmation(value, make_tracker(dict(slots), turns, "meal_form"))


@pytest.mark.asyncio
async def test_yes_books():
    assert await check(True, [CONFIRM, user_event("对", "affirm")]) == {"meal_confirmed": True}


@pytest.mark.asyncio
async def test_no_with_a_new_value_asks_again_with_the_value_kept():
    turn = user_event("不对，要两份", "deny", [{"entity": "portions", "value": "两份"}])
    assert await check(False, [CONFIRM, turn]) == {"meal_confirmed": None}


@pytest.mark.asyncio
async def test_naming_the_wrong_part_clears_only_that_slot():
    result = await check(False, [CONFIRM, user_event("日期不对", "deny")])
    assert result == {"meal_confirmed": None, "date": None}


@pytest.mark.asyncio
async def test_a_bare_no_asks_what_to_change_and_a_second_asks_whether_to_cancel():
    first = await check(False, [CONFIRM, user_event("不对", "deny")])
    assert first == {"meal_confirmed": None}
    second = await check(False, [CONFIRM, user_event("不对", "deny"), CONFIRM, user_event("不对", "deny")])
    assert second == {"meal_confirmed": None, "stop_pending": True}  # never dropped on a no alone


@pytest.mark.asyncio
async def test_no_to_the_diet_question_does_not_count_as_a_first_no_to_the_confirmation():
    turns = [asked("diet"), user_event("没有", "deny"), CONFIRM, user_event("不对", "deny")]
    assert await check(False, turns) == {"meal_confirmed": None}


@pytest.mark.asyncio
async def test_a_no_after_a_correction_asks_again_instead_of_dropping():
    corrected = user_event("不对，要两份", "deny", [{"entity": "portions", "value": "两份"}])
    turns = [CONFIRM, corrected, CONFIRM, user_event("不对", "deny")]
    assert await check(False, turns) == {"meal_confirmed": None}


@pytest.mark.asyncio
@pytest.mark.parametrize("form, asked_before, confirm_slot", [
    (ValidateHomeCareForm, "time_of_day", "care_confirmed"),
    (ValidateElderCardForm, "district", "card_confirmed"),
])
async def test_other_forms_count_only_nos_said_to_their_read_back(form, asked_before, confirm_slot):
    earlier_no = user_event("不是，住江岸区", "deny")  # a deny-looking answer to an earlier question
    turns = [asked(asked_before), earlier_no, asked(confirm_slot), user_event("不对", "deny")]
    tracker = make_tracker({"requested_slot": confirm_slot}, turns)
    assert form().check_confirmation(False, tracker) == {confirm_slot: None}
    again = turns + [asked(confirm_slot), user_event("不对", "deny")]
    assert form().check_confirmation(False, make_tracker({"requested_slot": confirm_slot}, again)) == {
        confirm_slot: None, "stop_pending": True}


@pytest.mark.asyncio
async def test_confirmation_reads_back_date_meal_and_portions(dispatcher):
    tracker = make_tracker(dict(FILLED, portions=2.0, diet="低盐"),
                           [asked("diet"), user_event("低盐", "inform")], "meal_form")
    await AskMealConfirmed().run(dispatcher, tracker, {})
    said = texts(dispatcher)
    assert "明天" in said and "十一月二十四号" in said and "午餐" in said and "两份" in said
    assert "送到家里" in said and "低盐" in said and said.endswith("对吗？")
    assert [b["payload"] for b in buttons(dispatcher)] == ["/affirm", "/deny"]


@pytest.mark.asyncio
async def test_after_a_bare_no_the_question_is_what_to_change(dispatcher):
    tracker = make_tracker(dict(FILLED), [CONFIRM, user_event("不对", "deny")], "meal_form")
    await AskMealConfirmed().run(dispatcher, tracker, {})
    assert "哪里不对" in texts(dispatcher)


@pytest.mark.asyncio
async def test_no_to_the_diet_question_is_followed_by_the_read_back(dispatcher):
    # The form sets requested_slot to meal_confirmed before asking: only the slot asked
    # when the caller spoke decides whether 没有 was a no to the read-back.
    turns = [asked("diet"), user_event("没有", "deny"), CONFIRM]
    tracker = Tracker("test-sender", dict(FILLED), {**turns[1]["parse_data"], "text": "没有"}, turns,
                      False, None, {"name": "meal_form"}, "action_listen")
    await AskMealConfirmed().run(dispatcher, tracker, {})
    said = texts(dispatcher)
    assert "哪里不对" not in said and said.endswith("对吗？")


def test_user_intents_in_order():
    tracker = make_tracker({}, [user_event("你好", "greet"), user_event("不对", "deny")])
    assert user_intents(tracker) == ["greet", "deny"]


def test_each_turn_knows_the_question_it_answered():
    tracker = make_tracker({}, [user_event("订饭", "book_meal"), asked("diet"), user_event("没有", "deny"),
                                CONFIRM, user_event("不对", "deny")])
    assert [(t.intent, t.answered) for t in user_turns(tracker)] == [
        ("book_meal", None), ("deny", "diet"), ("deny", "meal_confirmed")]
