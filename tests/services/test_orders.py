"""Dispatch orders: creation, idempotency (sequential and concurrent), emergencies,
the state machine, feedback, call records, 404/409/422."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.services.helpers import AUTH, create_order, meal_order, new_key

DEMO_ADDRESS_PART = "幸福社区"


def test_create_and_get_meal_order(dispatch):
    response = create_order(dispatch, meal_order(site_id=None))
    assert response.status_code == 201, response.text
    order = response.json()
    assert len(order["order_id"]) == 8 and order["order_id"].isdigit()
    assert (order["type"], order["priority"], order["status"]) == ("meal", "P2", "created")
    assert order["details"]["diet"] == ["低盐"]
    assert dispatch.get(f"/orders/{order['order_id']}").json() == order
    listed = dispatch.get("/orders", params={"elder_id": "10000001", "type": "meal"}).json()["items"]
    assert order["order_id"] in [o["order_id"] for o in listed]


def test_same_key_and_body_returns_first_order(dispatch):
    key = new_key()
    first = create_order(dispatch, meal_order(), key)
    second = create_order(dispatch, meal_order(), key)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()


def test_same_key_with_another_body_is_refused(dispatch):
    key = new_key()
    first = create_order(dispatch, meal_order(), key)
    other = create_order(dispatch, meal_order(portions=3), key)
    assert (first.status_code, other.status_code) == (201, 422)
    assert "Idempotency-Key" in other.json()["detail"]
    orders = dispatch.get("/orders", params={"elder_id": "10000001", "type": "meal"}).json()["items"]
    stored = next(o for o in orders if o["order_id"] == first.json()["order_id"])
    assert stored["details"]["portions"] == 1


def _post_in_parallel(live, bodies_and_keys: list[tuple[dict, str]]) -> list[httpx.Response]:
    barrier = threading.Barrier(len(bodies_and_keys))
    client = httpx.Client(base_url=live.dispatch + "/dispatch/v1",
                          headers=AUTH, timeout=60,
                          limits=httpx.Limits(max_connections=len(bodies_and_keys)))

    def post(item):
        body, key = item
        barrier.wait()
        return client.post("/orders", json=body, headers={"Idempotency-Key": key})

    with client, ThreadPoolExecutor(len(bodies_and_keys)) as pool:
        return list(pool.map(post, bodies_and_keys))


def test_concurrent_duplicates_make_one_order(live, dispatch):
    key = new_key()
    marker = f"concurrent {key}"
    body = {"elder_id": "10000002", "type": "complaint", "details": {"text": marker}}
    responses = _post_in_parallel(live, [(body, key)] * 24)
    assert sorted({r.status_code for r in responses}) in ([200, 201], [201])
    assert [r.status_code for r in responses].count(201) == 1
    assert len({r.json()["order_id"] for r in responses}) == 1
    complaints = dispatch.get("/orders", params={"elder_id": "10000002", "type": "complaint"}).json()["items"]
    assert sum(o["details"]["text"] == marker for o in complaints) == 1


def test_concurrent_distinct_orders_all_succeed(live):
    responses = _post_in_parallel(live, [(meal_order(), new_key()) for _ in range(24)])
    assert [r.status_code for r in responses] == [201] * 24
    assert len({r.json()["order_id"] for r in responses}) == 24


def test_missing_key_and_bad_input_are_422(dispatch):
    no_key = dispatch.post("/orders", json=meal_order())
    assert no_key.status_code == 422 and "Idempotency-Key" in no_key.json()["detail"]
    bad = create_order(dispatch, meal_order(meal="夜宵", portions=0))
    assert bad.status_code == 422
    locations = {tuple(e["loc"]) for e in bad.json()["errors"]}
    assert locations == {("body", "details", "meal"), ("body", "details", "portions")}
    past = create_order(dispatch, meal_order(date="2020-01-01"))
    assert past.status_code == 422 and "date" in past.json()["detail"]
    unknown = create_order(dispatch, meal_order(elder_id="99999999"))
    assert unknown.status_code == 422 and "99999999" in unknown.json()["detail"]
    no_elder = create_order(dispatch, {"type": "meal", "details": meal_order()["details"]})
    assert no_elder.status_code == 422 and "elder_id" in no_elder.json()["detail"]


def test_unknown_order_is_404(dispatch):
    assert dispatch.get("/orders/00000000").status_code == 404
    assert dispatch.post("/orders/00000000/cancel").status_code == 404
    assert dispatch.post("/orders/00000000/transition", json={"status": "done"}).status_code == 404
    assert dispatch.get("/orders/00000000/notifications").status_code == 404


def test_emergency_is_p0_assigned_and_notifies_contact(dispatch):
    body = {"elder_id": "10000001", "type": "emergency", "priority": "P3", "channel": "speaker",
            "details": {"situation": "摔倒了，起不来", "identity_verified": True}}
    order = create_order(dispatch, body).json()
    assert (order["priority"], order["status"]) == ("P0", "assigned")
    provider = next(p for p in dispatch.get("/providers", params={"service": "emergency"}).json()["items"]
                    if p["provider_id"] == order["provider_id"])
    assert provider["district"] == "武昌区"
    notes = dispatch.get(f"/orders/{order['order_id']}/notifications").json()["items"]
    assert [(n["kind"], n["to_name"], n["to_phone"]) for n in notes] == [("emergency_contact", "张丽", "13900139000")]
    assert "张建国" in notes[0]["message"] and order["order_id"] in notes[0]["message"]
    assert DEMO_ADDRESS_PART in notes[0]["message"]  # a verified caller: the family hears where


def test_unverified_emergency_tells_the_family_nothing_from_the_record(dispatch, records):
    elder = records.get("/elders/10000002").json()
    for details in ({"situation": "救命，快来人"}, {"situation": "救命", "identity_verified": False}):
        order = create_order(dispatch, {"elder_id": "10000002", "type": "emergency", "channel": "hotline",
                                        "details": details}).json()
        notes = dispatch.get(f"/orders/{order['order_id']}/notifications").json()["items"]
        assert len(notes) == 1 and notes[0]["to_phone"] == elder["emergency_contact"]["phone"]
        message = notes[0]["message"]
        assert order["order_id"] in message and details["situation"] in message
        for personal in (elder["address"], elder["name"], elder["phone"], elder["birth_date"][:4]):
            assert personal not in message, personal


def test_only_emergencies_notify(dispatch):
    for body in (meal_order(), {"elder_id": "10000001", "type": "complaint", "details": {"text": "送餐晚了"}},
                 {"elder_id": "10000001", "type": "callback",
                  "details": {"reason": "asked_human", "channel": "hotline", "transcript": []}}):
        order = create_order(dispatch, body).json()
        assert dispatch.get(f"/orders/{order['order_id']}/notifications").json()["items"] == []


def test_emergency_from_unidentified_caller_is_accepted(dispatch):
    response = create_order(dispatch, {"type": "emergency", "channel": "hotline",
                                       "details": {"situation": "胸口疼", "caller_phone": "13000000001"}})
    assert response.status_code == 201 and response.json()["status"] == "assigned"
    assert response.json()["details"]["caller_phone"] == "13000000001"


def test_state_machine_and_feedback(dispatch):
    order = create_order(dispatch, {"elder_id": "10000002", "type": "home_care",
                                    "details": {"service": "助浴", **_day(), "slot": "上午"}}).json()
    oid = order["order_id"]
    move = lambda status: dispatch.post(f"/orders/{oid}/transition", json={"status": status})  # noqa: E731
    assert move("done").status_code == 409
    assert dispatch.post(f"/orders/{oid}/feedback", json={"score": 5}).status_code == 409
    assigned = move("assigned").json()
    assert assigned["status"] == "assigned" and assigned["provider_id"]
    assert move("assigned").status_code == 200  # repeating the current state is harmless
    assert move("in_progress").json()["status"] == "in_progress"
    assert move("done").json()["status"] == "done"
    assert dispatch.post(f"/orders/{oid}/cancel").status_code == 409
    assert dispatch.post(f"/orders/{oid}/feedback", json={"score": 6}).status_code == 422
    rated = dispatch.post(f"/orders/{oid}/feedback", json={"score": 4, "comment": "很满意"}).json()
    assert rated["feedback"] == {"score": 4, "comment": "很满意"}


def test_cancel(dispatch):
    oid = create_order(dispatch, meal_order()).json()["order_id"]
    assert dispatch.post(f"/orders/{oid}/cancel").json()["status"] == "cancelled"
    assert dispatch.post(f"/orders/{oid}/cancel").json()["status"] == "cancelled"
    assert dispatch.post(f"/orders/{oid}/transition", json={"status": "assigned"}).status_code == 409
    cancelled = dispatch.get("/orders", params={"elder_id": "10000001", "status": "cancelled"}).json()["items"]
    assert oid in [o["order_id"] for o in cancelled]


def test_complaint_about_an_order(dispatch):
    oid = create_order(dispatch, meal_order()).json()["order_id"]
    ok = create_order(dispatch, {"elder_id": "10000001", "type": "complaint",
                                 "details": {"text": "饭菜太咸", "about_order_id": oid}})
    assert ok.status_code == 201
    bad = create_order(dispatch, {"elder_id": "10000001", "type": "complaint",
                                  "details": {"text": "x", "about_order_id": "00000000"}})
    assert bad.status_code == 422


def test_call_record(dispatch):
    body = {"caller": "13800138000", "channel": "hotline", "started_at": "2025-01-01T10:00:00+08:00",
            "ended_at": "2025-01-01T10:04:00+08:00", "outcome": "resolved", "order_ids": ["12345678"]}
    created = dispatch.post("/calls", json=body)
    assert created.status_code == 201 and len(created.json()["call_id"]) == 8
    reversed_times = {**body, "ended_at": "2025-01-01T09:00:00+08:00"}
    assert dispatch.post("/calls", json=reversed_times).status_code == 422


def test_providers_by_service(dispatch):
    items = dispatch.get("/providers", params={"service": "助浴"}).json()["items"]
    assert len(items) == 13 and all("助浴" in p["services"] for p in items)


def _day() -> dict:
    return {"date": meal_order()["details"]["date"]}
