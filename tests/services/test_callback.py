"""Call-back orders: what the assistant files when no operator can take the caller now."""
from __future__ import annotations

import pytest

from tests.services.helpers import auth, create_order, new_key

TRANSCRIPT = [{"who": "caller", "text": "俺要找个真人说话"},
              {"who": "bot", "text": "现在没有空闲的工作人员。要不要安排工作人员给您回电话？"},
              {"who": "caller", "text": "中，你们给俺回个电话"}]


def callback(**details) -> dict:
    base = {"reason": "asked_human", "channel": "widget", "transcript": TRANSCRIPT}
    return {"type": "callback", "channel": "widget", "details": {**base, **details}}


def test_anonymous_callback_is_a_p1_order_with_the_transcript(dispatch):
    response = create_order(dispatch, callback(phone="13912345678", slots={"meal": "午餐", "portions": 2}))
    assert response.status_code == 201, response.text
    order = response.json()
    assert (order["type"], order["priority"], order["status"], order["elder_id"]) == ("callback", "P1", "created", None)
    stored = dispatch.get(f"/orders/{order['order_id']}").json()["details"]
    assert stored["transcript"] == TRANSCRIPT and stored["phone"] == "13912345678"
    assert stored["slots"] == {"meal": "午餐", "portions": 2} and stored["reason"] == "asked_human"


def test_callback_for_a_known_elder_from_the_action_server(dispatch):
    body = {**callback(reason="identity_failed"), "elder_id": "10000002"}
    response = dispatch.post("/orders", json=body, headers={**auth("actions"), "Idempotency-Key": new_key()})
    assert response.status_code == 201 and response.json()["elder_id"] == "10000002"
    listed = dispatch.get("/orders", params={"elder_id": "10000002", "type": "callback"}).json()["items"]
    assert response.json()["order_id"] in [o["order_id"] for o in listed]


@pytest.mark.parametrize("details", [
    {"reason": "because"},
    {"transcript": [{"who": "assistant", "text": "您好"}]},
    {"transcript": [{"who": "caller", "text": "啊" * 501}]},
    {"transcript": [{"who": "caller", "text": "喂"}] * 51},
    {"transcript": [{"who": "caller"}]},
    {"phone": "12345"},
    {"slots": {f"s{i}": "x" for i in range(41)}},
    {"slots": {"note": "很" * 501}},
    {"channel": ""},
], ids=["reason", "who", "long-line", "51-lines", "no-text", "phone", "many-slots", "big-slot", "channel"])
def test_callback_details_are_checked(dispatch, details):
    assert create_order(dispatch, callback(**details)).status_code == 422
