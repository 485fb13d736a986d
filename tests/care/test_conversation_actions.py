"""The check-in and 回访 actions on trackers a real turn would give (no trained model): red flags in
an elder's own words, keypad option words, the hand-over with the transcript, the 回访 score."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import checkin, followup
from tests.actions.conftest import make_tracker, rendered, said, user_event

pytestmark = pytest.mark.fast


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.mark.parametrize("answer,flag", [
    ("这两天腰疼，老是不舒服", "不舒服"),
    ("昨儿个在卫生间摔了一下，膝盖青了", "摔了"),
    ("早上起来头晕乎乎的", "头晕"),
    ("晚上一个人在家，心里害怕", "害怕"),
    ("儿女都在外地，没人管我", "没人管"),
    ("没有不舒服，挺好的", None),
    ("我不害怕，邻居常来", None),
    ("身体还行，就是腿脚慢", None),
    ("一般", None),
])
def test_red_flags_in_the_elders_words(answer, flag):
    assert checkin.red_flag(answer) == flag


async def _validate(slot: str, answer: str):
    tracker = make_tracker({"requested_slot": slot}, [user_event(answer, "inform")], active_loop="checkin_form")
    form = checkin.ValidateCheckinForm()
    return await getattr(form, f"validate_{slot}")(answer, None, tracker, {})


async def test_a_red_flag_ends_the_questions():
    got = await _validate("checkin_feeling", "前天下楼梯摔了，现在还疼")
    assert got["checkin_red_flag"] == "摔了"
    assert got["checkin_eaten"] == checkin.SKIPPED and got["checkin_need"] == checkin.SKIPPED


@pytest.mark.parametrize("answer,flagged", [("还没顾上吃呢", True), ("吃过了，下了碗面条", False)])
async def test_not_having_eaten_is_a_red_flag(answer, flagged):
    got = await _validate("checkin_eaten", answer)
    assert (got.get("checkin_red_flag") == "没吃饭") == flagged


async def test_keypad_option_words_are_ordinary_answers():
    assert "checkin_red_flag" not in await _validate("checkin_feeling", "好")
    assert "checkin_red_flag" in await _validate("checkin_feeling", "不舒服")  # keypad 3


async def test_a_red_flag_check_in_hands_over_with_the_transcript(monkeypatch, dispatcher):
    reported, desk_items = [], []

    async def report(job, findings):
        reported.append((job, findings))

    async def open_handover(**fields):
        desk_items.append(fields)
        return {"handover_id": "1"}

    monkeypatch.setattr(checkin, "report", report)
    monkeypatch.setattr(checkin.desk, "open_handover", open_handover)
    bot = [{"event": "bot", "text": "您最近身体怎么样？好，一般，还是不舒服？"}]
    tracker = make_tracker({"care_job": "42", "checkin_red_flag": "头晕", "checkin_feeling": "这几天老头晕",
                            "checkin_eaten": checkin.SKIPPED, "checkin_need": checkin.SKIPPED, "channel": "phone",
                            "elder_id": "10000001"},
                           [user_event("这几天老头晕", "inform")], bot=bot)
    events = await checkin.FinishCheckin().run(dispatcher, tracker, {})
    assert reported[0][0] == "42" and reported[0][1]["red_flag"] == "头晕"
    assert any("头晕" in turn["text"] for turn in reported[0][1]["transcript"])
    assert desk_items and desk_items[0]["elder_id"] == "10000001"
    assert any("头晕" in turn["text"] for turn in desk_items[0]["transcript"])
    names = said(dispatcher)
    assert "utter_checkin_bye" not in names
    assert any(n in ("utter_transfer", "utter_offer_callback_short") for n in names)
    assert {"event": "slot", "name": "checkin_open", "value": False} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]


async def test_a_calm_check_in_says_goodbye(monkeypatch, dispatcher):
    reported = []

    async def report(job, findings):
        reported.append(findings)

    monkeypatch.setattr(checkin, "report", report)
    tracker = make_tracker({"care_job": "7", "checkin_feeling": "挺好", "checkin_eaten": "吃了",
                            "checkin_need": "没有，啥都不缺"}, [user_event("没有，啥都不缺", "deny")])
    await checkin.FinishCheckin().run(dispatcher, tracker, {})
    assert said(dispatcher) == ["utter_checkin_bye"]
    assert "red_flag" not in reported[0]


@pytest.mark.parametrize("answer,score", [("打五分吧", 5), ("不满意，饭都凉了", 1), ("三分", 3), ("还行吧", 3),
                                          ("很满意，师傅人好", 5), ("嗯……", None)])
def test_followup_scores_by_voice(answer, score):
    assert followup.score_of(answer) == score


async def test_a_service_that_never_came_skips_the_score():
    tracker = make_tracker({}, [user_event("压根没送来", "deny")], active_loop="followup_form")
    got = await followup.ValidateFollowupForm().validate_followup_delivered("压根没送来", None, tracker, {})
    assert got == {"followup_delivered": "no", "followup_score": followup.NOT_ASKED}


async def test_a_score_of_one_is_reported_and_apologised_for(monkeypatch, dispatcher):
    reported = []

    async def report(job, findings):
        reported.append((job, findings))

    monkeypatch.setattr(followup, "report", report)
    tracker = make_tracker({"care_job": "9", "followup_delivered": "yes", "followup_score": 1.0},
                           [user_event("一分", "inform")])
    await followup.FinishFollowup().run(dispatcher, tracker, {})
    assert reported == [("9", {"delivered": True, "score": 1})]
    assert said(dispatcher) == ["utter_followup_sorry"]


async def test_the_scheduler_names_the_elder(dispatcher):
    entities = [{"entity": "care_job", "value": "5"}, {"entity": "care_name", "value": "李秀英"},
                {"entity": "care_elder", "value": "10000002"}, {"entity": "care_channel", "value": "phone"}]
    tracker = make_tracker({}, [user_event("", "checkin_start", entities)])
    events = await checkin.StartCheckin().run(dispatcher, tracker, {})
    assert "李秀英" in rendered(dispatcher.messages[0])
    slots = {e["name"]: e["value"] for e in events}
    assert {"care_job": "5", "checkin_open": True, "elder_id": "10000002", "channel": "phone"}.items() <= slots.items()
    assert "verified_elder" not in slots  # named, not proven


async def test_a_red_flag_the_unwell_check_took_still_counts(monkeypatch, dispatcher):
    reported = []

    async def report(job, findings):
        reported.append(findings)

    async def open_handover(**fields):
        return None

    monkeypatch.setattr(checkin, "report", report)
    monkeypatch.setattr(checkin.desk, "open_handover", open_handover)
    turns = [user_event("", "checkin_start"), user_event("昨天在院子里跌了一跤", "feel_unwell"),
             user_event("不用叫人", "deny"), user_event("吃了", "affirm"), user_event("没有", "deny")]
    tracker = make_tracker({"care_job": "3", "checkin_feeling": "不用叫人", "checkin_eaten": "吃了",
                            "checkin_need": "没有"}, turns)
    await checkin.FinishCheckin().run(dispatcher, tracker, {})
    assert reported[0]["red_flag"] == "摔了"
    assert "utter_checkin_bye" not in said(dispatcher)
