"""The operator's work end to end over HTTP: the queue's order, live take-over with Rasa paused and
resumed, messages both ways, call-back and emergency orders from dispatch, the emergency board,
work orders through dispatch, the supervisor's figures, and the queue pushed over SSE."""
from __future__ import annotations

import dataclasses
import json
import threading
import time
import uuid
from datetime import timedelta

import httpx
import pytest

from assistant.settings import settings
from desk.app import create_desk_app
from services.common.city import local_today
from services.tools.live_server import LiveServer
from tests.desk.api.conftest import API_CLIENTS, RASA_TOKEN, bearer
from tests.desk.api.test_security import hand_over

pytestmark = pytest.mark.fast


def until(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("not within the time")


def listed(client: httpx.Client) -> list[dict]:
    return client.get("/desk/v1/queue").json()["items"]


def order(live, body: dict) -> dict:
    answer = httpx.post(live.dispatch + "/dispatch/v1/orders", json=body, timeout=30,
                        headers={**bearer("actions"), "Idempotency-Key": str(uuid.uuid4())})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_live_take_over_pauses_the_bot_carries_messages_both_ways_and_hands_back(live, rasa, operator, channel):
    page = uuid.uuid4().hex  # the widget page's sender id; Rasa's conversation adds the login's tag
    item = hand_over(channel, elder_id="10000001", conversation_id=f"widget-{page}-3f9a0c12d4e5")
    conversation, item_id = item["conversation_id"], item["handover_id"]
    widget = httpx.Client(base_url=live.desk + "/desk/v1", headers=bearer("widget"), timeout=30)
    prefix = f"widget-{page}"
    assert widget.get("/live/events", params={"prefix": prefix}).json()["held"] is True
    operator.get(f"/desk/v1/items/{item_id}")
    assert operator.post(f"/desk/v1/items/{item_id}/take").status_code == 200
    assert (conversation, [{"event": "pause"}], RASA_TOKEN) in rasa.calls
    assert operator.post(f"/desk/v1/items/{item_id}/reply", json={"text": "您好，我是王芳"}).status_code == 201
    seen = widget.get("/live/events", params={"prefix": prefix}).json()
    assert seen["operator"] == "王芳" and "您好，我是王芳" in [m["text"] for m in seen["messages"]]
    # the elder answers while the desk holds the conversation
    assert widget.post("/live/messages", json={"conversation_id": prefix, "text": "我想改成两份"}).status_code == 201
    lines = operator.get(f"/desk/v1/items/{item_id}/messages").json()["messages"]
    assert ("elder", "我想改成两份") in [(m["who"], m["text"]) for m in lines]
    # a private note never reaches the elder
    operator.post(f"/desk/v1/items/{item_id}/notes", json={"text": "老人耳背，说慢点"})
    after = max(m["id"] for m in seen["messages"])
    assert "老人耳背，说慢点" not in str(widget.get("/live/events", params={"prefix": prefix, "after": 0}).json())
    closed = operator.post(f"/desk/v1/items/{item_id}/close", json={"disposition": "resolved"})
    assert closed.json()["status"] == "closed"
    # the bot resumes in the form it was in, waiting for the elder's next words
    assert (conversation, [{"event": "resume"}, {"event": "active_loop", "name": "meal_form"},
                           {"event": "action", "name": "action_listen"}], RASA_TOKEN) in rasa.calls
    state = widget.get("/live/events", params={"prefix": prefix, "after": after}).json()
    assert state["held"] is False and state["messages"]  # told the bot is back
    assert widget.post("/live/messages", json={"conversation_id": prefix, "text": "喂？"}).status_code == 409
    assert item_id not in [i["id"] for i in listed(operator)]
    widget.close()


def test_a_long_poll_answers_as_soon_as_the_operator_writes(live, operator, channel):
    item = hand_over(channel)
    operator.get(f"/desk/v1/items/{item['handover_id']}")
    operator.post(f"/desk/v1/items/{item['handover_id']}/take")
    first = httpx.get(live.desk + "/desk/v1/live/events", headers=bearer("widget"),
                      params={"prefix": item["conversation_id"]}).json()
    after = max(m["id"] for m in first["messages"])
    result = {}

    def poll():
        started = time.monotonic()
        result["body"] = httpx.get(live.desk + "/desk/v1/live/events", headers=bearer("widget"), timeout=30,
                                   params={"prefix": item["conversation_id"], "after": after, "wait": 20}).json()
        result["took"] = time.monotonic() - started

    waiter = threading.Thread(target=poll)
    waiter.start()
    time.sleep(0.5)
    operator.post(f"/desk/v1/items/{item['handover_id']}/reply", json={"text": "我在"})
    waiter.join(30)
    assert [m["text"] for m in result["body"]["messages"]] == ["我在"]
    assert result["took"] < 3


def test_two_operators_cannot_both_take_one_item(operator, operator2, channel):
    item = hand_over(channel)
    for client in (operator, operator2):
        client.get(f"/desk/v1/items/{item['handover_id']}")
    assert operator.post(f"/desk/v1/items/{item['handover_id']}/take").status_code == 200
    assert operator2.post(f"/desk/v1/items/{item['handover_id']}/take").status_code == 409
    assert operator2.post(f"/desk/v1/items/{item['handover_id']}/reply", json={"text": "x"}).status_code == 409


def test_the_queue_puts_emergencies_first_then_the_elders_risk_then_the_wait(live, operator, channel):
    younger = hand_over(channel, elder_id="10000001")  # 78
    older = hand_over(channel, elder_id="10000002")  # 88, nursing allowance
    unknown = hand_over(channel)
    emergency = order(live, {"type": "emergency", "channel": "phone", "elder_id": "10000003",
                             "details": {"situation": "我摔倒了起不来"}})
    def with_emergency():
        queue = listed(operator)
        return queue if emergency["order_id"] in [i["order_id"] for i in queue] else None

    queue = until(with_emergency)
    position = {i["id"]: n for n, i in enumerate(queue)}
    first = queue[0]
    assert first["kind"] == "emergency"
    assert position[older["handover_id"]] < position[younger["handover_id"]]
    assert position[younger["handover_id"]] < position[unknown["handover_id"]]  # same risk: the longer wait first


def test_a_callback_order_from_the_bot_lands_on_the_desk_with_its_context(live, operator):
    made = order(live, {"type": "callback", "channel": "speaker", "elder_id": "10000002", "details": {
        "reason": "booking_failed", "channel": "speaker", "phone": "13800138001",
        "transcript": [{"who": "caller", "text": "我要订后天的晚饭"}, {"who": "bot", "text": "抱歉，没订上"}],
        "slots": {"meal": "晚餐", "portions": "1"}}})
    item = until(lambda: next((i for i in listed(operator) if i["order_id"] == made["order_id"]), None))
    assert (item["kind"], item["channel"], item["reason"]) == ("callback", "speaker", "booking_failed")
    opened = operator.get(f"/desk/v1/items/{item['id']}").json()
    assert opened["transcript"][0]["text"] == "我要订后天的晚饭"
    assert opened["slots"]["meal"] == "晚餐"
    assert made["order_id"] in [o["order_id"] for o in opened["orders"]]
    # a call-back item has nobody online to write to
    operator.post(f"/desk/v1/items/{item['id']}/take")
    assert operator.post(f"/desk/v1/items/{item['id']}/reply", json={"text": "您好"}).status_code == 409
    assert operator.post(f"/desk/v1/items/{item['id']}/close", json={"disposition": "callback"}).status_code == 200


def test_an_emergency_alarms_every_desk_until_one_acknowledges(live, operator, operator2):
    made = order(live, {"type": "emergency", "channel": "widget", "elder_id": "10000001",
                        "details": {"situation": "胸口疼得厉害"}})
    mine = until(lambda: next((a for a in operator.get("/desk/v1/alarms").json()["items"]
                               if a["order_id"] == made["order_id"]), None))
    assert made["order_id"] in [a["order_id"] for a in operator2.get("/desk/v1/alarms").json()["items"]]
    acked = operator2.post(f"/desk/v1/alarms/{mine['id']}/ack")
    assert acked.json()["acked_by"] == "李强"
    for client in (operator, operator2):
        assert made["order_id"] not in [a["order_id"] for a in client.get("/desk/v1/alarms").json()["items"]]


def test_an_unacknowledged_alarm_escalates_to_the_supervisor_then_the_emergency_contact(live, operator):
    made = order(live, {"type": "emergency", "channel": "phone", "elder_id": "10000003",
                        "details": {"situation": "喘不上气"}})
    escalated = until(lambda: next((a for a in operator.get("/desk/v1/alarms").json()["items"]
                                    if a["order_id"] == made["order_id"] and a["escalated"]), None), 8)
    assert escalated["wait_s"] >= 2
    until(lambda: next((a for a in operator.get("/desk/v1/alarms").json()["items"]
                        if a["order_id"] == made["order_id"] and a["contact_notified"]), None), 8)
    sent = httpx.get(f"{live.dispatch}/dispatch/v1/orders/{made['order_id']}/notifications",
                     headers=bearer("admin")).json()["items"]
    assert "13900139002" in [n["to_phone"] for n in sent if n["kind"] == "desk_escalation"]  # 王芳, the daughter
    operator.post(f"/desk/v1/alarms/{escalated['id']}/ack")


def test_work_orders_go_through_dispatch_with_the_same_idempotency(live, operator, channel):
    item = hand_over(channel, elder_id="10000001")
    operator.get(f"/desk/v1/items/{item['handover_id']}")
    day = (local_today() + timedelta(days=2)).isoformat()
    body = {"type": "home_care", "details": {"service": "助洁", "date": day, "slot": "上午"}, "idempotency_key": "k12345678"}
    first = operator.post(f"/desk/v1/items/{item['handover_id']}/orders", json=body)
    again = operator.post(f"/desk/v1/items/{item['handover_id']}/orders", json=body)
    assert first.status_code == 201, first.text
    assert again.json()["order_id"] == first.json()["order_id"]
    assert first.json()["elder_id"] == "10000001"
    bad = operator.post(f"/desk/v1/items/{item['handover_id']}/orders",
                        json={**body, "details": {"service": "理发"}, "idempotency_key": "k87654321"})
    assert bad.status_code == 422
    amended = operator.post(f"/desk/v1/items/{item['handover_id']}/orders/{first.json()['order_id']}/notes",
                            json={"text": "老人要求上午九点以后"})
    assert amended.json()["details"]["notes"][-1]["text"] == "老人要求上午九点以后"


def test_the_supervisor_sees_todays_figures(supervisor, operator, channel):
    item = hand_over(channel, reason="failed_turns")
    operator.get(f"/desk/v1/items/{item['handover_id']}")
    operator.post(f"/desk/v1/items/{item['handover_id']}/take")
    today = supervisor.get("/desk/v1/supervisor/today").json()
    figures = today["today"]
    assert figures["offered"] >= figures["answered"] >= 1
    assert 0 < figures["answer_rate"] <= 1 and figures["asa_s"] is not None
    assert 0 <= figures["service_level"] <= 1
    assert "failed_turns" in [r["reason"] for r in figures["reasons"]]
    assert sum(figures["by_hour"]) >= figures["offered"]
    assert "王芳" in [a["name"] for a in today["floor"]["agents"]]


def test_the_queue_is_pushed_to_an_open_page(live, operator, channel):
    got: list[dict] = []
    ready = threading.Event()

    def read():
        with operator.stream("GET", "/desk/v1/events", timeout=30) as stream:
            event = None
            for line in stream.iter_lines():
                ready.set()
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "queue":
                    got.append({"at": time.monotonic(), "ids": [i["id"] for i in json.loads(line[6:])]})
                    if len(got) >= 2:
                        return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    until(lambda: got, 10)  # the first snapshot on connecting
    sent = time.monotonic()
    item = hand_over(channel)
    reader.join(10)
    assert item["handover_id"] in got[-1]["ids"]
    assert got[-1]["at"] - sent < 2


def test_a_second_desk_process_on_the_same_database_sees_the_same_queue(live, operator, channel, desk_config):
    """Several desk processes behind one address: a hand-over taken in by one is pushed by the other."""
    config = dataclasses.replace(settings, api_clients=API_CLIENTS)
    with LiveServer(create_desk_app(live.db_url, API_CLIENTS, config, desk_config)) as other:
        page = httpx.Client(base_url=other.url, cookies=operator.cookies, timeout=30)  # sessions live in the database
        got: list[list[int]] = []

        def read():
            with page.stream("GET", "/desk/v1/events") as stream:
                event = None
                for line in stream.iter_lines():
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: ") and event == "queue":
                        got.append([i["id"] for i in json.loads(line[6:])])
                        if len(got) >= 2 and item_id[0] in got[-1]:
                            return

        item_id: list[int] = [0]
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        until(lambda: got, 10)
        sent = time.monotonic()
        item_id[0] = hand_over(channel)["handover_id"]  # to the first process
        reader.join(10)
        assert item_id[0] in got[-1]
        assert time.monotonic() - sent < 3
        page.close()
