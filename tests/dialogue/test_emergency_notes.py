"""POST /dispatch/v1/orders/{id}/notes, the way an emergency caller's later words reach the order:
bounded in size and number, only for clients allowed to create orders, refused cleanly otherwise."""
from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support.stack import CLIENT_TOKENS


def emergency_order(stack, key):
    response = httpx.post(f"{stack.url('dispatch')}/dispatch/v1/orders", timeout=10,
                          headers={"Authorization": f"Bearer {CLIENT_TOKENS['actions']}", "Idempotency-Key": key},
                          json={"type": "emergency", "channel": "rest",
                                "details": {"situation": "老伴在卫生间倒了 叫不醒", "identity_verified": False}})
    assert response.status_code == 201, response.text
    return response.json()["order_id"]


def add_note(stack, order_id, body, client="actions"):
    return httpx.post(f"{stack.url('dispatch')}/dispatch/v1/orders/{order_id}/notes", json=body, timeout=10,
                      headers={"Authorization": f"Bearer {CLIENT_TOKENS[client]}"})


def test_notes_are_kept_in_order_as_said(stack):
    order_id = emergency_order(stack, "notes-in-order")
    for text in ("在硚口区宝丰路 三楼", "就我一个人 门没锁"):
        assert add_note(stack, order_id, {"text": text}).status_code == 201
    notes = stack.api("dispatch", "GET", f"/dispatch/v1/orders/{order_id}").json()["details"]["notes"]
    assert [n["text"] for n in notes] == ["在硚口区宝丰路 三楼", "就我一个人 门没锁"]


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "救" * 501}, {"text": 12}, {}, {"text": "好", "x": 1}])
def test_empty_oversized_or_mistyped_notes_are_refused(stack, body):
    order_id = emergency_order(stack, f"notes-bad-{uuid.uuid4().hex}")
    assert add_note(stack, order_id, body).status_code == 422


def test_the_number_of_notes_is_bounded(stack):
    order_id = emergency_order(stack, "notes-bounded")
    codes = [add_note(stack, order_id, {"text": f"第{i}句"}).status_code for i in range(51)]
    assert codes[:50] == [201] * 50 and codes[50] == 409


def test_an_unknown_order_or_a_client_without_the_scope_is_refused(stack):
    assert add_note(stack, "99999999", {"text": "在家"}).status_code == 404
    order_id = emergency_order(stack, "notes-scope")
    assert add_note(stack, order_id, {"text": "在家"}, client="widget").status_code == 403
