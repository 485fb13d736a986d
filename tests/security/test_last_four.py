"""The last four digits of the ID number: three wrong answers hand over, and a relative verifies the elder
they ask about, never hearing their own data."""
from __future__ import annotations

from tests.security.test_spoofing import ASK, LI_LAST4, LI_PHONE, reads_li_allowance

WANG_PHONE, WANG_LAST4 = "13800138002", "1350"  # 王德明: no device, no login


def reads_wang_allowance(text: str) -> bool:
    return "100" in text or "暂停" in text


def test_fourth_last_four_is_never_asked_the_third_wrong_one_hands_over(stack):
    """王德明 (his 高龄津贴 of 100 元 is suspended): a caller on his line guesses; the records service
    also locks him for a while after three wrong answers, so the other tests use other elders."""
    chat = stack.chat(channel="hotline", caller_id=WANG_PHONE)
    chat.say(ASK)
    for wrong in ("1234", "5678"):
        chat.say(wrong)
        assert chat.custom("handover") is None and not reads_wang_allowance(chat.text)
    chat.say("9999")
    # no operator on this stack: no transfer is promised, a call-back is offered and a yes files it
    assert chat.custom("handover") is None and not reads_wang_allowance(chat.text), chat.last
    chat.say("行，让他们给俺回个电话吧")
    assert chat.custom("order_id"), chat.last
    callback = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{chat.custom('order_id')}").json()
    assert callback["type"] == "callback" and callback["details"]["reason"] == "identity_failed"
    chat.say(ASK)
    chat.say(WANG_LAST4)  # right now, but too late in this conversation
    assert not reads_wang_allowance(chat.text)


def test_right_last_four_on_the_hotline_reads_the_allowance(stack):
    chat = stack.chat(channel="hotline", caller_id=LI_PHONE)
    assert not reads_li_allowance(chat.say(ASK))
    assert reads_li_allowance(chat.say(LI_LAST4))


def test_a_son_on_his_fathers_speaker_asking_for_his_mother_verifies_her(stack):
    chat = stack.chat(channel="speaker", device_id="speaker-0001")
    first = chat.say("帮我妈查一下她的补贴发了没有")
    assert "200" not in first and not reads_li_allowance(first)  # neither his father's data nor hers yet
    chat.say(LI_PHONE)
    assert not reads_li_allowance(chat.text)
    assert reads_li_allowance(chat.say(LI_LAST4))
