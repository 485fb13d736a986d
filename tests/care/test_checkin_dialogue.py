"""The check-in conversation through the real assistant (trained model, action server, services),
started as a care call starts it: Rasa's trigger-intent API with the care job and the elder's name,
then the elder's answers over the REST channel. The elder's lines are written here, not taken from
the NLU data."""
from __future__ import annotations

import pytest

from assistant.processes import MODEL
from tests.support.fixtures import stack  # noqa: F401 (fixture)

pytestmark = [pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL}")]


TRIGGER = {"name": "checkin_start",
           "entities": {"care_job": "1", "care_name": "张建国", "care_elder": "10000001", "care_channel": "phone"}}


def start(running, chat) -> None:
    """What the care call does first: trigger the check-in (Rasa's token), then the elder answers."""
    answer = running.rasa_api("POST", f"/conversations/{chat.sender}/trigger_intent", json=TRIGGER)
    answer.raise_for_status()
    chat.last = answer.json()["messages"]


def asked(chat) -> str | None:
    expect = chat.custom("expect")
    return expect.get("slot") if isinstance(expect, dict) else None


def test_a_calm_check_in_asks_one_thing_at_a_time_and_says_goodbye(stack):  # noqa: F811
    chat = stack.chat(caller_id="13800138000")
    start(stack, chat)
    assert "张建国" in chat.text
    assert asked(chat) == "checkin_feeling"
    assert chat.custom("expect")["options"][2] == "不舒服"  # keypad 3
    chat.say("挺好，能吃能睡的")
    assert asked(chat) == "checkin_eaten"
    chat.say("早上喝了碗粥")
    assert asked(chat) == "checkin_need"
    chat.say("没有，你们忙吧")
    assert asked(chat) is None and not chat.custom("handover") and chat.text


@pytest.mark.parametrize("answer", ["前天晚上起夜摔了一跤，腰到现在还疼", "不舒服"])
def test_a_red_flag_ends_in_a_hand_over(stack, answer):  # noqa: F811
    chat = stack.chat(caller_id="13800138001")
    start(stack, chat)
    chat.say(answer)
    if asked(chat) == "unwell_answer":  # the assistant first asks whether someone must come now
        chat.say("不用叫人，歇一会儿就好")
    for reply in ("吃过了", "没啥事"):  # the check-in may go on; its end is the hand-over
        if asked(chat) not in ("checkin_feeling", "checkin_eaten", "checkin_need"):
            break
        chat.say(reply)
    # no operator line in this deployment: the truthful hand-over is a call-back offer
    assert asked(chat) == "offered_callback" or chat.custom("handover"), chat.last


def test_a_meal_booked_inside_the_check_in_comes_back_to_it(stack):  # noqa: F811
    chat = stack.chat(caller_id="13800138000")
    start(stack, chat)
    chat.say("还行吧")
    assert asked(chat) == "checkin_eaten"
    chat.say("帮我订个饭吧，明天中午的")
    slots_asked = [asked(chat)]
    for answer in ("一份就够", "送到家里", "少放盐", "对"):
        if asked(chat) in ("checkin_eaten", "checkin_need"):
            break
        chat.say(answer)
        slots_asked.append(asked(chat))
    assert slots_asked[0] not in ("checkin_eaten", None)  # the meal form took over
    assert asked(chat) in ("checkin_eaten", "checkin_need"), (slots_asked, chat.last)
