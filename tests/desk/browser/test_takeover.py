"""The widget take-over against the whole assistant: an elder's widget and an operator's desk in Chromium.

The elder starts a meal booking and types 转人工; the item appears on the desk with the transcript and
the filled slots; the operator takes it and writes; the elder sees the operator's name and words in the
same thread and answers; the operator hands back; the bot answers the next message and its form goes on
where it was (Rasa's tracker still has the meal form with its answers).
"""
from __future__ import annotations

import os

import pytest

from assistant.processes import free_port
from tests.desk.browser import servers
from tests.desk.browser.servers import desk_page
from tests.support.fixtures import stack  # noqa: F401 - the session-wide assistant stack

BOOKING = "明天中午饭我想订一下"
HUMAN = "转人工"  # the product's words for a person (DESIGN.md), as an elder types them
TO_OPERATOR = "好的，谢谢你"
AFTER = "要两份"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, request):
    """Records, dispatch, actions and Rasa (tests/support), the desk, and the widget with install()."""
    port = free_port()
    # the action server finds the desk through this (it inherits the environment)
    os.environ["E12349_DESK_URL"] = f"http://127.0.0.1:{port}"
    running = request.getfixturevalue("stack")
    var = tmp_path_factory.mktemp("desk-e2e")
    env = {**running.env, "E12349_DESK_PORT": str(port), "E12349_DESK_URL": f"http://127.0.0.1:{port}"}
    desk = servers.start_desk(env, var)
    widget, widget_url = servers.start_widget(env, var)
    yield running, f"http://127.0.0.1:{port}", widget_url
    widget.stop()
    desk.stop()


def elder_says(page, text: str) -> None:
    before = page.locator(".msg.assistant").count()
    page.fill("#input", text)
    page.click("#send")
    page.locator(".msg.assistant").nth(before).wait_for(timeout=90_000)  # (the page's CSP forbids eval)


def test_widget_hand_over_take_over_and_hand_back(browser, assistant, screenshots):
    running, desk_url, widget_url = assistant
    desk = desk_page(browser, desk_url, "operator1")  # an operator on the desk: the bot offers a person
    elder_context = browser.new_context(viewport={"width": 480, "height": 860}, locale="zh-CN")
    elder = elder_context.new_page()
    elder.set_default_timeout(90_000)
    elder.goto(widget_url)
    elder_says(elder, BOOKING)
    elder_says(elder, HUMAN)
    assert elder.locator(".msg.assistant .handover").count() == 1

    entry = desk.locator("#queue .entry.live").first
    entry.wait_for(timeout=15_000)
    assert "张建国" not in desk.locator("#queue").inner_text()  # named only once opened
    entry.click()
    desk.wait_for_selector("#item .turns li")
    transcript = desk.locator("#item .turns").inner_text()
    assert BOOKING in transcript and HUMAN in transcript
    assert "午餐" in desk.locator("#item .slot-list").inner_text()
    assert "张建国" in desk.locator("#item .elder-card").inner_text()
    desk.click("#item .take")
    desk.fill("#item .reply-text", "您好，我是王芳。您要订几份？")
    desk.click("#item .reply-form button[type=submit]")

    elder.wait_for_selector(".msg.operator:has-text('您好，我是王芳')", timeout=30_000)
    assert "王芳" in elder.locator(".msg.operator").last.inner_text()
    elder.fill("#input", TO_OPERATOR)
    elder.click("#send")
    desk.wait_for_selector(f"#item .lines li.elder:has-text('{TO_OPERATOR}')", timeout=15_000)
    desk.screenshot(path=str(screenshots / "desk-takeover.png"))
    elder.screenshot(path=str(screenshots / "widget-operator.png"))

    notices = elder.locator(".msg.notice").count()
    desk.select_option("#item .disposition", "resolved")
    desk.click("#item .close-form button[type=submit]")
    elder.locator(".msg.notice").nth(notices).wait_for(timeout=30_000)  # told the bot is back

    before = elder.locator(".msg.assistant").count()
    elder_says(elder, AFTER)
    elder.screenshot(path=str(screenshots / "widget-after-hand-back.png"))
    assert elder.locator(".msg.assistant").count() > before  # the bot answers again
    sender = elder.evaluate("localStorage.getItem('e12349.sender')")
    tracker = running.rasa_api("GET", f"/conversations/widget-{sender}/tracker").json()
    print([(e["event"], e.get("name") or e.get("text") or (e.get("parse_data") or {}).get("intent"), e.get("value"))
           for e in tracker["events"][-30:]])
    assert tracker["active_loop"].get("name") == "meal_form"  # the form goes on where it was
    assert tracker["slots"]["meal"] == "午餐" and tracker["slots"]["date"]
    assert tracker["slots"]["portions"] in ("2", "两份", "两", 2)
    elder_context.close()
    desk.context.close()
