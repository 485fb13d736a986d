"""Desk security: sessions, roles, CSRF, login throttling, no personal data before opening, the audit log."""
from __future__ import annotations

import uuid

import httpx
import pytest

from desk import users
from tests.desk.api.conftest import bearer, log_in

pytestmark = pytest.mark.fast

# (method, path) of every route a logged-in desk user calls
SESSION_ROUTES = [
    ("GET", "/me"), ("POST", "/logout"), ("GET", "/queue"), ("GET", "/canned"), ("GET", "/items/1"),
    ("GET", "/items/1/messages"), ("POST", "/items/1/take"), ("POST", "/items/1/reply"), ("POST", "/items/1/notes"),
    ("POST", "/items/1/close"), ("POST", "/items/1/orders"), ("POST", "/items/1/orders/10000001/notes"),
    ("POST", "/items/1/orders/10000001/cancel"), ("GET", "/events"), ("GET", "/alarms"), ("POST", "/alarms/1/ack"),
    ("GET", "/supervisor/today"), ("GET", "/admin/users"), ("POST", "/admin/users"), ("GET", "/audit"),
]
CHANNEL_ROUTES = [("POST", "/handovers"), ("GET", "/online"), ("POST", "/live/messages"),
                  ("GET", "/live/events?prefix=widget-abcdef12")]


def hand_over(channel: httpx.Client, **fields) -> dict:
    body = {"conversation_id": f"widget-{uuid.uuid4().hex}", "channel": "widget", "reason": "asked_human",
            "transcript": [{"who": "caller", "text": "我要订明天的午饭"}, {"who": "bot", "text": "您要几份？"},
                           {"who": "caller", "text": "转人工"}],
            "slots": {"date": "2026-12-02", "meal": "午餐", "phone": "13800138001"}, **fields}
    answer = channel.post("/handovers", json=body)
    assert answer.status_code == 201, answer.text
    return {**body, **answer.json()}


def test_every_desk_route_refuses_without_a_session(live):
    with httpx.Client(base_url=live.desk + "/desk/v1", timeout=10) as anonymous:
        for method, path in SESSION_ROUTES:
            answer = anonymous.request(method, path, json={})
            assert answer.status_code == 401, (method, path, answer.status_code)
        for method, path in CHANNEL_ROUTES:
            answer = anonymous.request(method, path, json={})
            assert answer.status_code == 401, (method, path, answer.status_code)
            assert answer.headers.get("www-authenticate") == "Bearer"


def test_the_route_list_above_is_complete(live):
    schema = httpx.get(live.desk + "/openapi.json").json()
    listed = {path.split("?")[0] for _m, path in SESSION_ROUTES + CHANNEL_ROUTES} | {"/login"}
    served = {p.removeprefix("/desk/v1") for p in schema["paths"] if p.startswith("/desk/v1")}
    generic = {p.replace("{item_id}", "1").replace("{order_id}", "10000001").replace("{alarm_id}", "1")
               for p in served}
    assert generic <= listed, generic - listed


def test_roles_are_kept_apart(operator, supervisor, admin):
    assert operator.get("/desk/v1/supervisor/today").status_code == 403
    assert operator.get("/desk/v1/admin/users").status_code == 403
    assert operator.get("/desk/v1/audit").status_code == 403
    assert admin.get("/desk/v1/queue").status_code == 403  # the admin manages users, not elders
    assert admin.get("/desk/v1/items/1").status_code == 403
    assert admin.get("/desk/v1/events").status_code == 403
    assert supervisor.get("/desk/v1/supervisor/today").status_code == 200
    assert supervisor.get("/desk/v1/admin/users").status_code == 403
    assert admin.get("/desk/v1/admin/users").status_code == 200


def test_a_channel_token_is_not_a_session_and_a_session_is_not_a_channel(live, operator):
    with httpx.Client(base_url=live.desk + "/desk/v1", headers=bearer("actions"), timeout=10) as channel:
        assert channel.get("/queue").status_code == 401
    assert operator.post("/desk/v1/handovers", json={}).status_code == 401
    with httpx.Client(base_url=live.desk + "/desk/v1", headers=bearer("desk"), timeout=10) as desk_token:
        assert desk_token.post("/handovers", json={}).status_code == 403  # the desk's own token hands nothing over


def test_state_changes_need_the_sessions_csrf_token(live, operator, channel):
    item = hand_over(channel)
    item_id = item["handover_id"]
    assert operator.get(f"/desk/v1/items/{item_id}").status_code == 200
    without = operator.post(f"/desk/v1/items/{item_id}/take", headers={"X-CSRF-Token": ""})
    wrong = operator.post(f"/desk/v1/items/{item_id}/take", headers={"X-CSRF-Token": "x" * 32})
    assert (without.status_code, wrong.status_code) == (403, 403)
    other = log_in(live.desk, "operator2")  # another session's token does not fit either
    stolen = operator.post(f"/desk/v1/items/{item_id}/take", headers={"X-CSRF-Token": other.headers["X-CSRF-Token"]})
    other.close()
    assert stolen.status_code == 403
    listed = {i["id"]: i for i in operator.get("/desk/v1/queue").json()["items"]}
    assert listed[item_id]["status"] == "waiting"
    assert operator.post(f"/desk/v1/items/{item_id}/take").status_code == 200


def test_login_is_throttled_per_login(live, admin):
    login = f"t{uuid.uuid4().hex[:8]}"
    made = admin.post("/desk/v1/admin/users", json={"login": login, "name": "测试", "role": "operator",
                                                    "password": "right-password-123"})
    assert made.status_code == 201, made.text
    with httpx.Client(base_url=live.desk + "/desk/v1", timeout=30) as anonymous:
        for _ in range(5):
            assert anonymous.post("/login", json={"login": login, "password": "wrong-password"}).status_code == 401
        locked = anonymous.post("/login", json={"login": login, "password": "right-password-123"})
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
        # other logins are not locked by it
        assert anonymous.post("/login", json={"login": "operator2",
                                              "password": users.demo_password("operator2")}).status_code == 200


def test_login_wants_json_and_never_says_which_half_was_wrong(live):
    with httpx.Client(base_url=live.desk + "/desk/v1", timeout=30) as anonymous:
        form = anonymous.post("/login", data={"login": "operator1", "password": users.demo_password("operator1")})
        assert form.status_code in (415, 422)
        unknown = anonymous.post("/login", json={"login": "nobody-here", "password": "whatever-123"})
        wrong = anonymous.post("/login", json={"login": "supervisor1", "password": "whatever-123"})
        assert unknown.status_code == wrong.status_code == 401
        assert unknown.json()["detail"] == wrong.json()["detail"]


def test_the_queue_carries_no_personal_data_until_opened_and_opening_is_audited(operator, admin, channel):
    item = hand_over(channel, elder_id="10000002")  # 李秀英, 88, 护理补贴
    listed = next(i for i in operator.get("/desk/v1/queue").json()["items"] if i["id"] == item["handover_id"])
    flat = str(listed)
    for personal in ("李秀英", "13800138001", "10000002", "江汉区", "王强", "13900139001", "午饭"):
        assert personal not in flat
    assert set(listed["risk"]) >= {"高龄", "失能"}  # the risk shows, not whose
    before = admin.get("/desk/v1/audit", params={"elder_id": "10000002"}).json()["items"]
    opened = operator.get(f"/desk/v1/items/{item['handover_id']}").json()
    assert opened["elder"]["name"] == "李秀英"
    assert [t["text"] for t in opened["transcript"]][-1] == "转人工"
    assert opened["slots"]["meal"] == "午餐"
    after = admin.get("/desk/v1/audit", params={"elder_id": "10000002"}).json()["items"]
    assert len(after) == len(before) + 1
    assert after[0]["user"] == "operator1" and after[0]["item_id"] == item["handover_id"]


def test_messages_of_an_item_need_it_opened_first(operator, operator2, channel):
    item = hand_over(channel)
    assert operator2.get(f"/desk/v1/items/{item['handover_id']}/messages").status_code == 403
    assert operator2.post(f"/desk/v1/items/{item['handover_id']}/notes", json={"text": "看看"}).status_code == 403


def test_bodies_are_strict_and_bounded(operator, channel):
    assert channel.post("/handovers", json={"conversation_id": "widget-x", "channel": "fax"}).status_code == 422
    long = channel.post("/handovers", json={"conversation_id": "widget-abcdefgh", "channel": "widget",
                                            "transcript": [{"who": "caller", "text": "x"}] * 51})
    assert long.status_code == 422
    item = hand_over(channel)
    operator.get(f"/desk/v1/items/{item['handover_id']}")
    assert operator.post(f"/desk/v1/items/{item['handover_id']}/notes", json={"text": "x" * 501}).status_code == 422
    assert operator.post(f"/desk/v1/items/{item['handover_id']}/notes", json={"text": "ok", "x": 1}).status_code == 422
