"""老年证怎么办: the caller hears what is needed and is offered, not pushed into, an application.

Against the real stack: the answer, the form that yes starts, and the records
service holding no application after a no.
"""
from __future__ import annotations

from tests.dialogue.conftest import DEMO_DEVICE, DEMO_PHONE

FIRST_QUESTION = "请问办证的老人叫什么名字？"  # the elder-card form's first question


def applications_of(stack, elder_id):
    return stack.api("records", "GET", "/records/v1/elder-card-applications",
                     params={"elder_id": elder_id}).json()["items"]


def demo_elder_id(stack):
    return stack.api("records", "GET", "/records/v1/elders", params={"phone": DEMO_PHONE}).json()["items"][0]["elder_id"]


def ask_how(stack, question="老年证怎么办理"):
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say(question)
    assert "60周岁" in chat.text and "身份证" in chat.text and "照片" in chat.text
    assert "登记" in chat.text and chat.text.endswith("？"), chat.text
    assert FIRST_QUESTION not in chat.text and "没有找到" not in chat.text  # offered, not started; never "not found"
    return chat


def test_how_to_get_an_elder_card_is_answered_then_yes_starts_the_form(stack):
    chat = ask_how(stack)
    chat.say("对")
    assert chat.text.endswith(FIRST_QUESTION), chat.text
    chat.say("王秀英")
    assert "身份证号" in chat.text  # the form goes on


def test_no_to_registering_ends_politely_and_files_nothing(stack):
    elder_id = demo_elder_id(stack)
    before = len(applications_of(stack, elder_id))
    chat = ask_how(stack, "办老年证要带什么")
    chat.say("不用")
    assert "好的" in chat.text and FIRST_QUESTION not in chat.text
    chat.say("对")  # the offer is over: a later yes starts nothing
    assert FIRST_QUESTION not in chat.text
    assert len(applications_of(stack, elder_id)) == before


def test_repeat_then_yes_still_registers(stack):
    chat = ask_how(stack, "多大年纪能办敬老卡")
    offer = chat.text
    chat.say("再说一遍")
    assert offer in chat.text
    chat.say("好的")
    assert chat.text.endswith(FIRST_QUESTION), chat.text


def test_a_direct_request_still_starts_the_form(stack):
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say("我要办老年证")
    assert "60周岁" in chat.text and chat.text.endswith(FIRST_QUESTION), chat.text


def test_elder_card_question_mid_form_gets_the_facts_and_the_form_goes_on(stack):
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say("我要订明天的午饭")
    question = chat.text
    chat.say("问一下，办老年证要带什么材料")
    assert "身份证" in chat.text and "登记" not in chat.text  # no second question on top of the form's
    assert chat.text.endswith(question), chat.text


def test_a_genuine_policy_question_is_not_the_elder_card_answer(stack):
    chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
    chat.say("高龄津贴有多少钱")
    assert chat.text and "一寸照片" not in chat.text and FIRST_QUESTION not in chat.text
