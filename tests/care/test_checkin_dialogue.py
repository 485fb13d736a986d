"""The check-in conversation through the real assistant (trained model, action server, services),
started as a care call starts it: the opening payload with the care job and the elder's name. The
elder's lines are written here, not taken from the NLU data."""
from __future__ import annotations

import pytest

from assistant.processes import MODEL
from tests.support.fixtures import stack  # noqa: F401 (fixture)

pytestmark = [pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL}")]
OPENING = '/checkin_start{"care_job":"1","care_name":"张建国"}'


def asked(chat) -> str | None:
    expect = chat.custom("expect")
    return expect.get("slot") if isinstance(expect, dict) else None


def test_a_calm_check_in_asks_one_thing_at_a_time_and_says_goodbye(stack):  # noqa: F811
    chat = stack.chat(caller_id="13800138000")
    assert "张建国" in chat.say(OPENING)
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
    chat.say(OPENING)
    chat.say(answer)
    # no operator line in this deployment: the truthful hand-over is a call-back offer
    assert asked(chat) == "offered_callback" or chat.custom("handover"), chat.last


def test_a_meal_booked_inside_the_check_in_comes_back_to_it(stack):  # noqa: F811
    chat = stack.chat(caller_id="13800138000")
    chat.say(OPENING)
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
