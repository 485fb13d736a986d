"""Negated answers (不要上午，要下午) fill no slot with the negated value (actions/negation.py)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml
from rasa_sdk import Tracker

from actions.dates import parse_date
from actions.elder_card import ValidateElderCardForm
from actions.home_care import ValidateHomeCareForm
from actions.institutions import ValidateInstitutionForm
from actions.meals import ValidateMealForm
from actions.negation import chosen, mention, without_negated_days
from actions.questions import AskQuestion
from actions.slots import district_of
from tests.actions.conftest import TODAY, said as responses_said, texts

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "assistant" / "domain"


@lru_cache(maxsize=1)
def domain() -> Dict[str, Any]:
    """The slots and forms of the real domain (what Rasa sends the action server)."""
    merged: Dict[str, Any] = {"slots": {}, "forms": {}}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["slots"].update(part.get("slots") or {})
        merged["forms"].update(part.get("forms") or {})
    return merged


def said(text: str, words: List[str]):
    """The mentions of ``words`` in ``text``, in the order said."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append((at, mention(text, at, at + len(word))))
            at = text.find(word, at + len(word))
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]


# --- the rule ------------------------------------------------------------------

@pytest.mark.parametrize("text, words, wanted", [
    ("不用上午", ["上午"], None),
    ("不要上午", ["上午"], None),
    ("不要上午，要下午", ["上午", "下午"], "下午"),
    ("不要上午要下午", ["上午", "下午"], "下午"),      # no comma from the recogniser
    ("要下午，不要上午", ["上午", "下午"], "下午"),
    ("不要上午也不要下午", ["上午", "下午"], None),
    ("不要订上午", ["上午"], None),
    ("上午不行，下午吧", ["上午", "下午"], "下午"),
    ("不要午饭，要晚饭", ["午饭", "晚饭"], "晚饭"),
    ("不想吃午饭，要晚饭", ["午饭", "晚饭"], "晚饭"),
    ("午饭不要了，晚饭", ["午饭", "晚饭"], "晚饭"),
    ("不是明天，是后天", ["明天", "后天"], "后天"),
    ("不是明天是后天", ["明天", "后天"], "后天"),
    ("是后天，不是明天", ["明天", "后天"], "后天"),
    ("不是要明天", ["明天"], None),
    ("明天不方便", ["明天"], None),
    ("不要两份，一份就够", ["两份", "一份"], "一份"),
    ("两份不对，要三份", ["两份", "三份"], "三份"),
    ("别送到家里，我自己过去吃", ["送到家里", "自己过去吃"], "自己过去吃"),
    ("别给我送到家里", ["送到家里"], None),
    ("不要低盐，要低糖", ["低盐", "低糖"], "低糖"),
    ("没有低盐的", ["低盐"], None),
    ("不是打扫卫生，是洗澡", ["打扫卫生", "洗澡"], "洗澡"),
    ("不是江岸区，是江汉区", ["江岸区", "江汉区"], "江汉区"),
    ("不用 上午", ["上午"], None),                    # a recogniser's space
])
def test_negated_mentions_are_dropped_and_the_wanted_one_is_kept(text, words, wanted):
    best = chosen(said(text, words))
    assert (best.said if best else None) == wanted


@pytest.mark.parametrize("text, word", [
    ("不要太咸", "不要太咸"),          # diets whose own words carry the negation
    ("我不要糖", "不要糖"),
    ("不放糖", "不放糖"),
    ("没有要求", "没有要求"),
    ("不挑", "不挑"),
    ("不是，我们住江岸区", "江岸区"),   # a no to the question, then the answer
    ("不用，上午就行", "上午"),
    ("要不要上午来", "上午"),           # a question, not a negation
    ("是不是明天", "明天"),
    ("不要别的就要午饭", "午饭"),
    ("特别想吃午饭", "午饭"),
    ("我还没订午饭", "午饭"),
    ("不是很急明天来就行", "明天"),
    ("明天不好说", "明天"),
    ("明天不要上午", "明天"),           # only the time of day is negated
    ("不能自理", "不能自理"),
])
def test_not_a_negation(text, word):
    assert [m.negated for m in said(text, [word])] == [False]


@pytest.mark.parametrize("text, iso, time_of_day", [
    ("不是明天，是后天", "2026-11-25", None),
    ("是后天，不是明天", "2026-11-25", None),
    ("后天吧，明天不行", "2026-11-25", None),
    ("明天不要上午，要下午", "2026-11-24", "下午"),
    ("下周二不行，下周三", "2026-12-02", None),
    ("明天，不对，后天", "2026-11-25", None),     # self-correction without a negation still works
])
def test_dates_skip_the_negated_day(text, iso, time_of_day):
    found = parse_date(without_negated_days(text), TODAY)
    assert (found.iso, found.time_of_day) == (iso, time_of_day)


@pytest.mark.parametrize("text", ["不是明天", "不用上午", "不要后天的"])
def test_a_date_that_is_only_negated_is_no_date(text):
    assert parse_date(without_negated_days(text), TODAY) is None


@pytest.mark.parametrize("text, district", [
    ("不是江岸区，是江汉区", "江汉区"),
    ("是江汉区，不是江岸区", "江汉区"),
    ("不是江岸，江汉", "江汉区"),
    ("不是江岸区", None),
    ("江岸", "江岸区"),
    ("东西湖区", "东西湖区"),
])
def test_district_of_takes_the_district_not_negated(text, district):
    assert district_of(text) == district


# --- the forms' slot extraction ------------------------------------------------

def entities(text: str, entity: str, values: Dict[str, str]) -> List[Dict[str, Any]]:
    """RegexEntityExtractor's entities for the words in ``values`` (said → canonical value)."""
    found = []
    for word, value in values.items():
        at = text.find(word)
        while at >= 0:
            found.append({"entity": entity, "start": at, "end": at + len(word), "value": value})
            at = text.find(word, at + len(word))
    return sorted(found, key=lambda e: e["start"])


def form_turn(form: str, requested: str, text: str, intent: str, ents: List[Dict[str, Any]],
              slots: Dict[str, Any]) -> Tracker:
    """The tracker the form's validation action gets: Rasa's from_entity candidate (the last entity) set."""
    parse = {"intent": {"name": intent, "confidence": 0.99}, "entities": ents, "text": text}
    candidates: Dict[str, Any] = {}
    for e in ents:
        for slot, spec in domain()["slots"].items():
            if slot in domain()["forms"][form]["required_slots"] and any(
                    m.get("type") == "from_entity" and m.get("entity") == e["entity"] for m in spec.get("mappings", [])):
                candidates[slot] = e["value"]
    events = [{"event": "slot", "name": "requested_slot", "value": requested},
              {"event": "user", "text": text, "parse_data": parse},
              {"event": "action", "name": form}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in candidates.items()]
    all_slots = {"elder_id": "1", "requested_slot": requested, **slots, **candidates}
    return Tracker("test-sender", all_slots, parse, events, False, None, {"name": form}, form)


def final_slots(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


HOME_CARE = dict(service_type="助洁", date="2026-11-24")
TIMES = {"上午": "上午", "下午": "下午"}


async def test_home_care_books_the_time_not_negated(dispatcher):
    text = "不要上午，要下午"
    tracker = form_turn("home_care_form", "time_of_day", text, "book_home_care",
                        entities(text, "time_of_day", TIMES), HOME_CARE)
    slots = final_slots(await ValidateHomeCareForm().run(dispatcher, tracker, domain()))
    assert slots["time_of_day"] == "下午" and slots["requested_slot"] == "care_confirmed"


@pytest.mark.parametrize("text", ["要下午，不要上午", "上午不行，下午吧"])
async def test_home_care_the_wanted_time_wins_wherever_it_is_said(dispatcher, text):
    tracker = form_turn("home_care_form", "time_of_day", text, "inform",
                        entities(text, "time_of_day", TIMES), HOME_CARE)
    slots = final_slots(await ValidateHomeCareForm().run(dispatcher, tracker, domain()))
    assert slots["time_of_day"] == "下午"


async def test_only_a_negated_time_leaves_the_slot_empty_and_asks_again(dispatcher):
    text = "不用上午"
    tracker = form_turn("home_care_form", "time_of_day", text, "deny",
                        entities(text, "time_of_day", TIMES), HOME_CARE)
    slots = final_slots(await ValidateHomeCareForm().run(dispatcher, tracker, domain()))
    assert slots["time_of_day"] is None and slots["requested_slot"] == "time_of_day"
    assert texts(dispatcher) == ""  # nothing to complain about: the question comes again


async def test_negating_the_booked_value_at_the_read_back_clears_it(dispatcher):
    text = "不要上午"
    tracker = form_turn("home_care_form", "care_confirmed", text, "deny",
                        entities(text, "time_of_day", TIMES), dict(HOME_CARE, time_of_day="上午"))
    tracker.events.append({"event": "slot", "name": "care_confirmed", "value": False})
    tracker.slots["care_confirmed"] = False
    slots = final_slots(await ValidateHomeCareForm().run(dispatcher, tracker, domain()))
    assert slots["time_of_day"] is None and slots["care_confirmed"] is None
    assert slots["requested_slot"] == "time_of_day"


@pytest.mark.parametrize("text, iso", [("不是明天，是后天", "2026-11-25"), ("是后天，不是明天", "2026-11-25"),
                                       ("后天吧，明天不行", "2026-11-25")])
async def test_meal_date_is_the_day_not_negated(dispatcher, text, iso):
    tracker = form_turn("meal_form", "date", text, "deny",
                        entities(text, "date", {"明天": "明天", "后天": "后天"}), {})
    slots = final_slots(await ValidateMealForm().run(dispatcher, tracker, domain()))
    assert slots["date"] == iso and slots["requested_slot"] == "meal"


async def test_meal_date_only_negated_is_asked_again_without_complaint(dispatcher):
    text = "不是明天"
    tracker = form_turn("meal_form", "date", text, "deny", entities(text, "date", {"明天": "明天"}), {})
    slots = final_slots(await ValidateMealForm().run(dispatcher, tracker, domain()))
    assert slots["date"] is None and slots["requested_slot"] == "date"
    assert "没听明白" not in texts(dispatcher)


MEAL = dict(date="2026-11-24")


@pytest.mark.parametrize("requested, text, entity, values, slot, expected", [
    ("meal", "不要午饭，要晚饭", "meal", {"午饭": "午餐", "晚饭": "晚餐"}, "meal", "晚餐"),
    ("portions", "不要两份，一份就够", "portions", {"两份": "两份", "一份": "一份"}, "portions", 1.0),
    ("dining_mode", "别送到家里，我自己过去吃", "dining_mode", {"送到家里": "送餐", "自己过去吃": "堂食"},
     "dining_mode", "堂食"),
    ("diet", "不要低盐，要低糖", "diet", {"低盐": "低盐", "低糖": "低糖"}, "diet", "低糖"),
    ("diet", "不要太咸", "diet", {"不要太咸": "低盐"}, "diet", "低盐"),
    ("meal", "不要午饭", "meal", {"午饭": "午餐"}, "meal", None),
    ("dining_mode", "不要送餐", "dining_mode", {"送餐": "送餐"}, "dining_mode", None),
])
async def test_meal_slots_take_the_value_not_negated(dispatcher, requested, text, entity, values, slot, expected):
    tracker = form_turn("meal_form", requested, text, "inform", entities(text, entity, values), MEAL)
    slots = final_slots(await ValidateMealForm().run(dispatcher, tracker, domain()))
    assert slots[slot] == expected


@pytest.mark.parametrize("text, diet", [("没有忌口", "普通"), ("没有", "普通"), ("不要辣的", "普通")])
async def test_a_no_to_the_diet_question_is_still_an_ordinary_meal(dispatcher, text, diet):
    # 辣 is no diet of this domain: 不要辣的 negates nothing the form knows, a plain no as today.
    tracker = form_turn("meal_form", "diet", text, "deny", [], dict(MEAL, meal="午餐", portions=1.0,
                                                                    dining_mode="送餐"))
    slots = final_slots(await ValidateMealForm().run(dispatcher, tracker, domain()))
    assert slots["diet"] == diet


async def test_a_negated_diet_is_not_an_ordinary_meal_but_asked_again(dispatcher):
    text = "不要低盐"
    tracker = form_turn("meal_form", "diet", text, "deny", entities(text, "diet", {"低盐": "低盐"}),
                        dict(MEAL, meal="午餐", portions=1.0, dining_mode="送餐"))
    slots = final_slots(await ValidateMealForm().run(dispatcher, tracker, domain()))
    assert slots["diet"] is None and slots["requested_slot"] == "diet"


async def test_home_care_service_type_not_negated(dispatcher):
    text = "不是打扫卫生，是洗澡"
    tracker = form_turn("home_care_form", "service_type", text, "deny",
                        entities(text, "service_type", {"打扫卫生": "助洁", "洗澡": "助浴"}), {})
    slots = final_slots(await ValidateHomeCareForm().run(dispatcher, tracker, domain()))
    assert slots["service_type"] == "助浴"


@pytest.mark.parametrize("form", [ValidateElderCardForm, ValidateInstitutionForm])
@pytest.mark.parametrize("text", ["是江汉区，不是江岸区", "不是江岸区，是江汉区"])
async def test_district_is_the_one_not_negated(dispatcher, form, text):
    form_name = form().form_name()
    tracker = form_turn(form_name, "district", text, "deny",
                        entities(text, "district", {"江岸区": "江岸区", "江汉区": "江汉区"}),
                        {"applicant_name": "王秀英", "id_number": "420102195003041238"})
    slots = final_slots(await form().run(dispatcher, tracker, domain()))
    assert slots["district"] == "江汉区"


async def test_without_a_negation_nothing_changes(dispatcher):
    text = "下午"
    tracker = form_turn("home_care_form", "time_of_day", text, "inform",
                        entities(text, "time_of_day", TIMES), HOME_CARE)
    slots = final_slots(await ValidateHomeCareForm().run(dispatcher, tracker, domain()))
    assert slots["time_of_day"] == "下午"


# --- asking again ----------------------------------------------------------------

def ask(action_name: str) -> AskQuestion:
    return type("Ask", (AskQuestion,), {"action_name": action_name})()


@pytest.mark.parametrize("action, requested, text, entity, values, question", [
    ("action_ask_home_care_form_time_of_day", "time_of_day", "不用上午", "time_of_day", TIMES,
     "好的，不要上午，那您要什么时间？"),
    ("action_ask_meal_form_date", "date", "不是明天", "date", {"明天": "明天"}, "好的，不是明天，那您要哪一天？"),
    ("action_ask_dining_mode", "dining_mode", "别送到家里", "dining_mode", {"送到家里": "送餐"},
     "好的，不要送到家里，那您想怎么吃？"),
])
async def test_the_question_again_acknowledges_what_was_refused(dispatcher, action, requested, text, entity,
                                                                values, question):
    tracker = form_turn("meal_form" if "meal" in action or requested == "dining_mode" else "home_care_form",
                        requested, text, "deny", entities(text, entity, values), {})
    await ask(action).run(dispatcher, tracker, domain())
    assert texts(dispatcher) == question


async def test_the_question_is_the_usual_one_otherwise(dispatcher):
    text = "明天"
    tracker = form_turn("home_care_form", "date", text, "inform", entities(text, "date", {"明天": "明天"}), {})
    await ask("action_ask_home_care_form_time_of_day").run(dispatcher, tracker, domain())
    assert responses_said(dispatcher) == ["utter_q_home_care_form_time_of_day"]
