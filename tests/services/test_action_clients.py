"""The action server's own clients (actions/clients) against the real services with the
actions token: every method the skills call works within the actions scopes, and what lies
outside them (emergency contacts, the operator side) is refused."""
from __future__ import annotations

import asyncio
import dataclasses

import pytest

from actions.clients import ApiError, DispatchClient, RecordsClient
from assistant.settings import settings
from tests.services.helpers import TOKENS, meal_order, new_key


@pytest.fixture
def config(live, tmp_path):
    return dataclasses.replace(settings, records_url=live.records, dispatch_url=live.dispatch,
                               api_token=TOKENS["actions"], var_dir=tmp_path, http_retries=0)


def test_records_methods_with_the_actions_token(config):
    records = RecordsClient(config)
    elder = asyncio.run(records.find_elder(phone="13800138000"))
    assert elder["elder_id"] == "10000001" and elder["name"] == "张建国"
    assert "id_number_last4" not in elder and "emergency_contact" not in elder
    full = asyncio.run(records.elder("10000001"))
    assert full["address"] and "emergency_contact" not in full
    assert asyncio.run(records.verify("10000001", "1233")) is True
    assert asyncio.run(records.allowances("10000002"))
    assert asyncio.run(records.meal_sites("武昌区"))


def test_dispatch_methods_with_the_actions_token(config):
    dispatch = DispatchClient(config)
    receipt = asyncio.run(dispatch.create_order(meal_order(), new_key()))
    assert not receipt.queued and receipt.order["type"] == "meal"
    assert receipt.number in [o["order_id"] for o in asyncio.run(dispatch.orders("10000001", type="meal"))]
    assert asyncio.run(dispatch.cancel(receipt.number))["status"] == "cancelled"
    callback = asyncio.run(dispatch.create_callback(
        reason="failed_turns", channel="hotline", idempotency_key=new_key(), phone="13800138000",
        transcript=[{"who": "caller", "text": "俺说的你咋听不懂嘞"}, {"who": "bot", "text": "对不起，我没听明白。"}]))
    order = asyncio.run(dispatch.order(callback.number))
    assert (order["type"], order["priority"], order["elder_id"]) == ("callback", "P1", None)
    assert order["details"]["reason"] == "failed_turns" and order["details"]["phone"] == "13800138000"
    with pytest.raises(ApiError) as refused:  # the notifications are the operator side's
        asyncio.run(dispatch.request("GET", f"/orders/{callback.number}/notifications"))
    assert refused.value.status == 403


def test_a_retry_with_another_body_is_refused_not_queued(config):
    dispatch = DispatchClient(config)
    key = new_key()
    asyncio.run(dispatch.create_order(meal_order(), key))
    with pytest.raises(ApiError) as refused:
        asyncio.run(dispatch.create_order(meal_order(portions=2), key))
    assert refused.value.status == 422
