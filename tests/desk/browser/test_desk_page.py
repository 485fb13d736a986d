"""The desk in Chromium: the emergency board on two desks, an elder's markup shown as text, the queue
masked until an item is opened, and the supervisor's charts."""
from __future__ import annotations

import uuid

import httpx

from tests.desk.browser.servers import CLIENT_TOKENS, desk_page

ACTIONS = {"Authorization": f"Bearer {CLIENT_TOKENS['actions']}"}
MARKUP = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">我要<b>投诉</b>'


def hand_over(desk, **fields) -> dict:
    body = {"conversation_id": f"widget-{uuid.uuid4().hex}", "channel": "widget", "reason": "asked_human",
            "transcript": [{"who": "caller", "text": "我想订后天的晚饭"}, {"who": "caller", "text": "转人工"}],
            "slots": {"meal": "晚餐"}, **fields}
    answer = httpx.post(desk.url + "/desk/v1/handovers", json=body, headers=ACTIONS, timeout=30)
    assert answer.status_code == 201, answer.text
    return {**body, **answer.json()}


def test_an_emergency_alarms_two_desks_and_one_acknowledgement_clears_both(browser, desk, screenshots):
    first, second = desk_page(browser, desk.url, "operator1"), desk_page(browser, desk.url, "operator2")
    made = httpx.post(desk.dispatch + "/dispatch/v1/orders", timeout=30,
                      headers={**ACTIONS, "Idempotency-Key": uuid.uuid4().hex},
                      json={"type": "emergency", "channel": "phone", "elder_id": "10000002",
                            "details": {"situation": "我老伴摔倒了，叫不醒"}}).json()
    alarm = f".alarm:has-text('{made['order_id']}')"
    for page in (first, second):
        page.wait_for_selector(alarm, timeout=10_000)
    first.screenshot(path=str(screenshots / "desk-emergency-alarm.png"))
    second.click(f"{alarm} .ack")
    for page in (first, second):
        page.wait_for_selector(alarm, state="detached", timeout=5_000)
    # the acknowledging desk opens the emergency: its transcript is the caller's words
    second.wait_for_selector("#item .turns li:has-text('我老伴摔倒了')")
    assert second.locator("#item .elder-card").inner_text().count("李秀英") == 1
    for page in (first, second):
        page.context.close()


def test_an_unacknowledged_alarm_escalates_on_the_board(browser, desk):
    page = desk_page(browser, desk.url, "operator1")
    made = httpx.post(desk.dispatch + "/dispatch/v1/orders", timeout=30,
                      headers={**ACTIONS, "Idempotency-Key": uuid.uuid4().hex},
                      json={"type": "emergency", "channel": "speaker", "elder_id": "10000001",
                            "details": {"situation": "喘不上气了"}}).json()
    page.wait_for_selector(f".alarm.escalated:has-text('{made['order_id']}')", timeout=15_000)
    page.click(f".alarm:has-text('{made['order_id']}') .ack")
    page.context.close()


def test_an_elders_markup_is_shown_as_text_never_run(browser, desk, screenshots):
    item = hand_over(desk, transcript=[{"who": "caller", "text": MARKUP}])
    page = desk_page(browser, desk.url, "operator1")
    page.click(f"#queue .entry[data-id='{item['handover_id']}']")
    page.wait_for_selector("#item .turns li")
    assert MARKUP in page.locator("#item .turns").inner_text()
    assert page.locator("#item .turns img, #item .turns b, #item .turns script").count() == 0
    # and the same for what the elder writes live
    page.click("#item .take")
    page.wait_for_selector("#item .reply-form:not([hidden])")
    httpx.post(desk.url + "/desk/v1/live/messages", headers={"Authorization": f"Bearer {CLIENT_TOKENS['widget']}"},
               json={"conversation_id": item["conversation_id"], "text": MARKUP}, timeout=30)
    page.wait_for_selector("#item .lines li.elder")
    assert MARKUP in page.locator("#item .lines").inner_text()
    assert page.locator("#item .lines img, #item .lines b").count() == 0
    assert page.evaluate("window.pwned") is None
    page.screenshot(path=str(screenshots / "desk-markup-as-text.png"))
    page.context.close()


def test_the_queue_names_nobody_until_an_item_is_opened(browser, desk, screenshots):
    item = hand_over(desk, elder_id="10000003")  # 王德明
    page = desk_page(browser, desk.url, "operator2")
    entry = page.locator(f"#queue .entry[data-id='{item['handover_id']}']")
    entry.wait_for()
    assert "王德明" not in page.locator("#queue").inner_text()
    entry.click()
    page.wait_for_selector("#item .elder-card dd:has-text('王德明')")
    page.screenshot(path=str(screenshots / "desk-item-open.png"))
    page.context.close()


def test_the_supervisor_sees_charts(browser, desk, screenshots):
    hand_over(desk, reason="policy_not_found")
    page = desk_page(browser, desk.url, "supervisor1")
    page.click("[data-tab=supervisor]")
    page.wait_for_selector("#supervisor-tab svg.chart rect")
    assert "政策没查到" in page.locator("#supervisor-tab").inner_text()
    page.screenshot(path=str(screenshots / "desk-supervisor.png"), full_page=True)
    page.context.close()


def test_the_admin_sees_users_and_the_audit_log_not_the_queue(browser, desk, screenshots):
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(desk.url + "/desk/")
    page.fill("#login-name", "admin1")
    page.fill("#login-password", "admin1-12349-dev")
    page.click("#login button[type=submit]")
    page.wait_for_selector("#admin-tab table.audit")
    assert page.locator("#queue-tab").is_hidden()
    assert "operator1" in page.locator("#admin-tab table.users").inner_text()
    page.screenshot(path=str(screenshots / "desk-admin.png"), full_page=True)
    context.close()
