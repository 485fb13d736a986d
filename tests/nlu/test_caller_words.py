"""Classes of caller phrasing the caller suite found missed, checked on kin lines (not the suite's own,
not training data): dialect days and times, a time of day corrected in one breath, home services
described rather than named, diets and portions in callers' words, districts from the city pack, and
the words that settle an intent (one's own allowance, a greeting before a request, cannot hear,
a complaint in dialect, the rules of care homes)."""
import datetime as dt

import pytest

from actions.dates import parse_date
from assistant.components.entity_values import adjust
from assistant.components.intent_rules import settle

TODAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize("text, days, time_of_day", [
    ("听日晏昼嚟食饭", 1, "中午"),           # Cantonese tomorrow, noon
    ("大后日朝早", 3, "早上"),
    ("后日下昼得唔得", 2, "下午"),
    ("俺后儿个黑了去饭堂", 2, "晚上"),       # Henan
    ("明儿个后晌来人吧", 1, "下午"),
    ("今儿个黑间那顿", 0, "晚上"),
    ("后天的夜饭", 2, "晚上"),               # Hunan supper
])
def test_dialect_days_and_times(text, days, time_of_day):
    found = parse_date(text, TODAY)
    assert found and found.date == TODAY + dt.timedelta(days=days) and found.time_of_day == time_of_day


@pytest.mark.parametrize("text, time_of_day", [
    ("后天早上的，哦不，中午的", "中午"),
    ("明天下午来，不对，还是上午吧", "上午"),
    ("大后天晚上，说错了，早上", "早上"),
    ("明天中午送，晚上也行", "中午"),        # no correction: the first one said stands
])
def test_a_time_of_day_corrected_in_one_breath_is_the_last_one(text, time_of_day):
    assert parse_date(text, TODAY).time_of_day == time_of_day


def _values(text):
    return {e["entity"]: e["value"] for e in adjust(text, [])}


@pytest.mark.parametrize("text, service", [
    ("家里乱得很，叫个人来搞搞卫生", "助洁"),
    ("搵个阿姨嚟执下屋", "助洁"),
    ("想请人扶俺到楼下转转", "助行"),
    ("谁能扶我出门走两步", "助行"),
    ("后天要去医院复查，想找个人陪", "陪诊"),
    ("找人替我去卫生院拿点药", "助医"),
    ("帮俺老伴冲个凉", "助浴"),
])
def test_home_services_described_in_callers_words(text, service):
    assert _values(text).get("service_type") == service


@pytest.mark.parametrize("text, diet", [
    ("菜做得淡一点", "低盐"),
    ("莫放太多盐", "低盐"),
    ("唔要咁甜", "低糖"),
    ("要煮得烂一点", "软食"),
    ("么子都吃得", "普通"),
    ("冇乜讲究", "普通"),
])
def test_diet_in_callers_words(text, diet):
    assert _values(text).get("diet") == diet


def test_one_portion_said_as_who_eats():
    assert _values("屋里就我一个吃")["portions"] == "一份"
    assert "diet" not in _values("啥都能办吗")


@pytest.mark.parametrize("text, district", [("我住汉阳", "汉阳区"), ("江夏区那边", "江夏区"), ("不是青山，是洪山", "洪山区")])
def test_districts_come_from_the_city_pack(text, district):
    assert _values(text)["district"] == district


def test_another_citys_district_is_not_taken_in_this_city():
    assert "district" not in _values("我住天元区")  # Zhuzhou's; the test stack is Wuhan's


def _ranking(*names):
    return [{"name": n, "confidence": c} for n, c in zip(names, (0.9, 0.06, 0.03))]


@pytest.mark.parametrize("text, diet_says, expected", [
    ("俺的高龄津贴这月到账没", "ask_policy", "query_allowance"),
    ("我妈那个护理补贴一个月给几多", "ask_policy", "query_allowance"),
    ("高龄津贴怎么申请", "ask_policy", None),                 # a how-to question stays policy
    ("您好，我想约个人上门打扫", "greet", "book_home_care"),
    ("喂，喂，声音太小听不到", "greet", "repeat"),
    ("我要跟你们评评理，饭菜一点热气都冇", "query_allowance", "complaint"),
    ("住敬老院得符合啥条件", "find_institution", "ask_policy"),
    ("附近有没有条件好点的养老院", "find_institution", None),  # a search for one
])
def test_words_settle_the_intent(text, diet_says, expected):
    second = "book_home_care" if diet_says == "greet" else "thank"
    assert settle(text, diet_says, _ranking(diet_says, second, "deny")) == expected


def test_a_hebi_deployment_hears_hebi_districts(monkeypatch):
    from assistant.components import entity_values
    from services.common import city

    monkeypatch.setattr(city, "current", lambda: city.pack_for("鹤壁市"))
    entity_values._district_pattern.cache_clear()
    try:
        assert _values("俺住淇滨那边")["district"] == "淇滨区"
        assert "district" not in _values("我住汉阳")
    finally:
        entity_values._district_pattern.cache_clear()


@pytest.mark.parametrize("text", ["行，就这么定了吧", "是着嘞", "对头咯", "要得要得哒", "中中，就这", "好嘞🙂", "是的，提交"])
def test_regional_yeses_at_a_read_back(text):
    from actions.answers import is_yes

    assert is_yes(text)


@pytest.mark.parametrize("text", ["不对咯", "不是着", "好的，不过改成两份", "👍不要了"])
def test_a_no_or_a_change_is_never_a_yes(text):
    from actions.answers import is_yes

    assert not is_yes(text)


def test_a_request_human_without_words_for_a_person_is_the_answer_it_holds():
    ranking = _ranking("request_human", "book_meal", "deny")
    assert settle("三个人，俺闺女也来", "request_human", ranking, ["portions"]) == "inform"
    assert settle("俺要跟工作人员说", "request_human", ranking) is None


def test_a_booking_with_a_correction_inside_is_the_booking():
    ranking = _ranking("deny", "book_meal", "repeat")
    assert settle("订后天的晚饭，不对不对，是大后天", "deny", ranking, ["date", "meal"]) == "book_meal"
    assert settle("不对，是大后天", "deny", ranking, ["date"]) is None


def test_a_name_said_with_a_lead_in_is_no_request_for_a_person():
    ranking = [{"name": "request_human", "confidence": 0.7}, {"name": "emergency", "confidence": 0.08}]
    assert settle("俺叫王桂兰", "request_human", ranking) == "inform"


def test_asking_to_be_called_back_is_asking_for_a_person():
    ranking = _ranking("goodbye", "request_human", "deny")
    assert settle("行，让人回头给我打回来", "goodbye", ranking) == "affirm"  # the yes to the offer
    assert settle("让人回头给我打回来", "goodbye", ranking) == "request_human"


def test_an_ordinary_meal_said_in_the_booking_is_the_diet():
    assert _values("订后天午饭，两份，堂食，普通的")["diet"] == "普通"
    assert "diet" not in _values("俺就是个普通老头")


@pytest.mark.parametrize("text, entities, expected", [
    ("这个这个，怎么讲呢", [], "nlu_fallback"),          # hesitation, nothing asked yet
    ("冇么子讲究咯", ["diet"], "inform"),                 # an answer to the diet question
    ("不用了不用了", [], "deny"),
    ("你讲啥子？", [], None),                             # a real 再说一遍
    ("哈？", [], None),
    ("声音小得很", [], None),
])
def test_repeat_needs_words_asking_to_hear_again(text, entities, expected):
    ranking = [{"name": "repeat", "confidence": 0.7}, {"name": "deny", "confidence": 0.2}]
    assert settle(text, "repeat", ranking, entities) == expected


@pytest.mark.parametrize("text, entities, expected", [
    ("俺们这儿要建几个大的居家养老服务中心呀", [], "nlu_fallback"),  # a question for the papers
    ("给俺整两份", ["portions"], None),
    ("后个儿晌午的", [], None),
    ("帮我老伴也弄一顿吃的", [], None),
])
def test_a_booking_needs_words_about_food(text, entities, expected):
    ranking = [{"name": "book_meal", "confidence": 0.5}, {"name": "greet", "confidence": 0.1}]
    assert settle(text, "book_meal", ranking, entities) == expected
