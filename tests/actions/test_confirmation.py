"""The confirmation turn of booking forms: book, correct one slot, or drop."""
import pytest

from actions.forms import user_intents
from actions.meals import AskMealConfirmed, ValidateMealForm
from tests.actions.conftest import make_tracker, texts, user_event

FILLED = {"date": "2026-11-24", "meal": "午餐", "portions": 1.0, "dining_mode": "送餐", "diet": "普通",
          "requested_slot": "meal_confirmed"}


async def check(value, turns, slots=FILLED):
    return ValidateMealForm().check_confirmation(value, make_tracker(dict(slots), turns, "meal_form"))


@pytest.mark.asyncio
async def test_yes_books():
    assert await check(True, [user_event("对", "affirm")]) == {"meal_confirmed": True}


@pytest.mark.asyncio
async def test_no_with_a_new_value_asks_again_with_the_value_kept():
    turn = user_event("不对，要两份", "deny", [{"entity": "portions", "value": "两份"}])
    assert await check(False, [turn]) == {"meal_confirmed": None}


@pytest.mark.asyncio
async def test_naming_the_wrong_part_clears_only_that_slot():
    result = await check(False, [user_event("日期不对", "deny")])
    assert result == {"meal_confirmed": None, "date": None}


@pytest.mark.asyncio
async def test_a_bare_no_asks_what_to_change_and_a_second_drops_the_booking():
    first = await check(False, [user_event("不对", "deny")])
    assert first == {"meal_confirmed": None}
    second = await check(False, [user_event("不对", "deny"), user_event("不对", "deny")])
    assert second == {"meal_confirmed": False}


@pytest.mark.asyncio
async def test_confirmation_reads_back_date_meal_and_portions(dispatcher):
    tracker = make_tracker(dict(FILLED, portions=2.0, diet="低盐"), [user_event("送到家", "inform")], "meal_form")
    await AskMealConfirmed().run(dispatcher, tracker, {})
    said = texts(dispatcher)
    assert "明天" in said and "十一月二十四号" in said and "午餐" in said and "两份" in said
    assert "送到家里" in said and "低盐" in said and said.endswith("对吗？")
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["/affirm", "/deny"]


@pytest.mark.asyncio
async def test_after_a_bare_no_the_question_is_what_to_change(dispatcher):
    tracker = make_tracker(dict(FILLED), [user_event("不对", "deny")], "meal_form")
    await AskMealConfirmed().run(dispatcher, tracker, {})
    assert "哪里不对" in texts(dispatcher)


def test_user_intents_in_order():
    tracker = make_tracker({}, [user_event("你好", "greet"), user_event("不对", "deny")])
    assert user_intents(tracker) == ["greet", "deny"]
