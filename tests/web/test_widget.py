"""What a user of the chat page sees, in headless Chromium against the real assistant."""
from __future__ import annotations

import re
from datetime import timedelta

import httpx
from playwright.sync_api import expect

from actions.dates import today_in_china

DEMO_PHONE = "13800138000"  # the seeded demo elder behind login "demo"


def answers(page):
    return page.locator(".msg.assistant:not(.thinking) .bubble .text")


def say(page, text: str) -> None:
    """Type and send, then wait until the assistant has answered it."""
    before = answers(page).count()
    page.fill("#input", text)
    page.click("#send")
    expect(answers(page)).not_to_have_count(before)
    expect(page.locator("#thinking")).to_be_hidden()


def last_answer(page) -> str:
    return answers(page).last.inner_text()


def test_meal_booking_typed_with_quick_replies_ends_with_the_order_number(page, stack, screenshots):
    say(page, "我想订明天的午饭")
    expect(answers(page).last).to_contain_text("几份")
    page.locator(".quick-replies:not(.used) .quick", has_text="两份").click()
    expect(answers(page).last).to_contain_text("送到家里")
    page.locator(".quick-replies:not(.used) .quick", has_text="送到家里").click()
    expect(page.locator(".msg.user .text").last).to_have_text("送到家里")
    expect(answers(page).last).to_contain_text("低盐")
    page.locator(".quick-replies:not(.used) .quick", has_text="低盐").click()
    expect(answers(page).last).to_contain_text("对吗")
    page.screenshot(path=screenshots / "meal-confirm.png")
    page.locator(".quick-replies:not(.used) .quick", has_text="对").first.click()
    number = page.locator(".number-value").last
    expect(number).to_have_text(re.compile(r"^\d{6,}$"))
    order_id = number.inner_text()
    # the sentence a listener hears digit by digit shows the reader the number itself
    expect(page.locator(".msg.assistant", has=number).locator(".text")).to_contain_text(order_id)
    expect(page.locator(".msg.user .text").last).to_have_text("对")  # the title shown, not "/affirm"
    expect(page.locator(".quick-replies:not(.used)")).to_have_count(0)  # answered questions take no clicks
    page.screenshot(path=screenshots / "meal-order-number.png")

    elder = stack.api("records", "GET", "/records/v1/elders", params={"phone": DEMO_PHONE}).json()["items"][0]
    order = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}").json()
    assert order["elder_id"] == elder["elder_id"] and order["type"] == "meal" and order["channel"] == "widget"
    tomorrow = today_in_china() + timedelta(days=1)
    assert order["details"]["date"] == tomorrow.isoformat() and order["details"]["portions"] == 2
    assert order["details"]["mode"] == "送餐" and order["details"]["diet"] == ["低盐"]


def test_reload_shows_the_whole_conversation(page, screenshots):
    say(page, "你好")
    say(page, "谢谢")
    conversation = page.locator(".msg.user .text, .msg.assistant:not(.thinking) .text")
    shown = conversation.all_inner_texts()
    assert len(shown) == 4
    sender = page.evaluate("localStorage.getItem('e12349.sender')")
    page.reload()
    expect(conversation).to_have_text(shown)
    assert page.evaluate("localStorage.getItem('e12349.sender')") == sender
    page.screenshot(path=screenshots / "reloaded-history.png")


def test_voice_note_is_recognised_shown_as_text_and_answered(page, screenshots):
    expect(page.locator("#talk")).to_have_text("按住 说话")
    page.locator("#talk").hover()
    page.mouse.down()
    expect(page.locator("#talk")).to_have_text("松开 发送")
    page.wait_for_timeout(6000)  # the fake microphone plays the request (~4 s) once, then silence
    page.mouse.up()
    mine = page.locator(".msg.user").last
    expect(mine.locator(".voice-tag")).to_have_text("语音")
    expect(mine.locator(".text")).to_contain_text("明天", timeout=120_000)
    assert "午" in mine.locator(".text").inner_text()
    expect(answers(page).last).to_contain_text("几份")
    page.screenshot(path=screenshots / "voice-note.png")


def test_typed_markup_stays_literal_text(page):
    attack = '<img src=x onerror="window.__pwned=1"><b>粗体</b>'
    say(page, attack)
    expect(page.locator(".msg.user .text").last).to_have_text(attack)
    assert page.locator("#messages img, #messages b").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.reload()  # and from the stored history too
    expect(page.locator(".msg.user .text").last).to_have_text(attack)
    assert page.locator("#messages img, #messages b").count() == 0


def test_a_ten_thousand_character_message_gets_the_polite_limit_message(page, gateway, screenshots):
    page.fill("#input", "好" * 10_000)
    page.click("#send")
    notice = page.locator(".msg.notice .text").last
    expect(notice).to_contain_text("太长")
    expect(notice).to_contain_text("10000")
    expect(page.locator(".msg.user")).to_have_count(0)  # nothing half-sent stays on screen
    assert len(page.input_value("#input")) == 10_000  # the text is back in the box, ready to split
    page.screenshot(path=screenshots / "too-long.png")
    sender = page.evaluate("localStorage.getItem('e12349.sender')")
    assert httpx.get(f"{gateway.url}/api/history", params={"sender": sender}).json()["messages"] == []


def test_page_reconnects_after_a_gateway_restart_and_delivers_what_was_typed_meanwhile(page, gateway,
                                                                                          screenshots):
    say(page, "你好")
    gateway.stop()
    try:
        page.fill("#input", "谢谢")
        page.click("#send")
        expect(page.locator("#offline")).to_be_visible(timeout=20_000)
        expect(page.locator(".msg.user.unsent")).to_have_count(1)
        page.screenshot(path=screenshots / "offline-banner.png")
    finally:
        gateway.start()  # the other tests need it whatever happened here
    expect(page.locator("#offline")).to_be_hidden(timeout=30_000)
    expect(page.locator(".msg.user.unsent")).to_have_count(0)
    expect(answers(page).last).to_contain_text("不客气")
    say(page, "再见")
    expect(answers(page).last).to_contain_text("再见")


def test_large_font_and_high_contrast_switches_change_the_page_and_are_remembered(page, screenshots):
    say(page, "你好")
    text = answers(page).last

    def style(locator, prop):
        return locator.evaluate(f"e => getComputedStyle(e).{prop}")

    normal_size = float(style(text, "fontSize").rstrip("px"))
    assert normal_size >= 20  # large even before the switch
    page.click("#big-text")
    assert float(style(text, "fontSize").rstrip("px")) >= normal_size * 1.3
    expect(page.locator("#big-text")).to_have_attribute("aria-pressed", "true")
    page.click("#high-contrast")
    assert style(page.locator("body"), "backgroundColor") == "rgb(0, 0, 0)"
    assert style(page.locator(".msg.assistant .bubble").last, "color") == "rgb(255, 255, 255)"
    page.screenshot(path=screenshots / "big-text-high-contrast.png")
    page.reload()
    expect(page.locator("body")).to_have_class(re.compile(r"big-text.*high-contrast|high-contrast.*big-text"))
    page.click("#high-contrast")
    assert style(page.locator("body"), "backgroundColor") != "rgb(0, 0, 0)"


def test_an_answer_plays_as_speech(page, gateway):
    say(page, "你好")
    play = page.locator(".msg.assistant .play").last
    play.click()
    expect(play).to_have_text("■ 停止", timeout=60_000)  # the browser decoded and started the WAV
    expect(play).to_have_text("▶ 听一听", timeout=60_000)  # and played it to the end


def test_a_policy_answer_keeps_its_clause_folded_behind_view_original(page, screenshots):
    say(page, "独居老人家里装紧急呼叫器有补贴吗")
    answer = page.locator(".msg.assistant", has=page.locator(".clause")).last
    expect(answer.locator(".clause summary")).to_have_text("查看原文")
    expect(answer.locator(".clause-text")).to_be_hidden()  # the answer first; the clause for who wants it
    page.screenshot(path=screenshots / "policy-answer-folded.png")
    answer.locator(".clause summary").click()
    expect(answer.locator(".clause-text")).to_be_visible()
    assert len(answer.locator(".clause-text").inner_text()) > 10
    page.screenshot(path=screenshots / "policy-clause-open.png")
