"""The HTTP clients: bearer token, retries on timeouts and 5xx only, the durable outbox."""
import asyncio

import httpx
import pytest

from actions.clients import ApiError, DispatchClient, RecordsClient, ServiceUnavailable
from actions.clients.outbox import Outbox, OutboxWorker
from assistant.settings import load


@pytest.fixture
def config(tmp_path):
    return load({"E12349_VAR_DIR": str(tmp_path), "E12349_HTTP_BACKOFF_S": "0.01", "E12349_API_TOKEN": "t0k"})


def transport(responses, seen):
    """Answers with the given statuses in turn and records each request."""
    def handler(request):
        seen.append(request)
        status = responses[min(len(seen), len(responses)) - 1]
        return httpx.Response(status, json={"items": [{"elder_id": "1"}], "detail": "bad"})
    return httpx.MockTransport(handler)


def test_retries_5xx_then_succeeds_with_the_bearer_token(config):
    seen = []
    client = RecordsClient(config, transport([503, 502, 200], seen))
    assert asyncio.run(client.find_elder(phone="13800138000")) == {"elder_id": "1"}
    assert len(seen) == 3 and seen[0].headers["Authorization"] == "Bearer t0k"


def test_4xx_is_not_retried(config):
    seen = []
    client = RecordsClient(config, transport([422], seen))
    with pytest.raises(ApiError) as err:
        asyncio.run(client.apply_elder_card({}))
    assert err.value.status == 422 and len(seen) == 1


def test_gives_up_after_the_configured_retries(config):
    seen = []
    client = RecordsClient(config, transport([500], seen))
    with pytest.raises(ServiceUnavailable):
        asyncio.run(client.allowances("1"))
    assert len(seen) == 1 + config.http_retries


def test_unreachable_dispatch_queues_the_order_durably(config):
    client = DispatchClient(load({"E12349_VAR_DIR": str(config.var_dir), "E12349_HTTP_BACKOFF_S": "0.01",
                                  "E12349_DISPATCH_URL": "http://127.0.0.1:9"}))
    receipt = asyncio.run(client.create_order({"type": "meal"}, "key-1"))
    again = asyncio.run(client.create_order({"type": "meal"}, "key-1"))
    assert receipt.queued and receipt.number == again.number
    reopened = Outbox(config.outbox_path)  # a new process sees the same row
    assert [item.key for item in reopened.pending()] == ["key-1"]


def test_worker_delivers_each_item_once_and_keeps_it_while_dispatch_is_down(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    for key in ("a", "b"):
        outbox.add(key, {"n": key})
    up = {"value": False}
    delivered = []

    def send(item):
        if not up["value"]:
            raise ServiceUnavailable("down")
        delivered.append(item.key)
        return "order-" + item.key

    worker = OutboxWorker(outbox, send)
    assert worker.deliver_pending() == 0 and len(outbox.pending()) == 2
    up["value"] = True
    assert worker.deliver_pending() == 2 and worker.deliver_pending() == 0
    assert delivered == ["a", "b"] and outbox.delivered_order("b") == "order-b"


def test_a_refused_item_is_parked_not_retried_forever(tmp_path):
    outbox = Outbox(tmp_path / "outbox.sqlite")
    outbox.add("bad", {})

    def send(item):
        raise ApiError(422, "invalid")

    worker = OutboxWorker(outbox, send)
    worker.deliver_pending()
    assert outbox.pending() == []


def test_two_replicas_never_hand_out_the_same_reference(tmp_path):
    """Each action-server replica has its own outbox file; the instance digit keeps their 登记号 apart."""
    a = Outbox(tmp_path / "a.sqlite", instance=1)
    b = Outbox(tmp_path / "b.sqlite", instance=2)
    refs_a = [a.add(f"a{i}", {}).reference for i in range(3)]
    refs_b = [b.add(f"b{i}", {}).reference for i in range(3)]
    assert not set(refs_a) & set(refs_b)
    assert all(len(r) == 8 and r.startswith("9") for r in refs_a + refs_b)
    assert Outbox(tmp_path / "a.sqlite", instance=1).add("a0", {}).reference == refs_a[0]  # stable on retry


def test_outbox_instance_must_be_one_digit(tmp_path):
    with pytest.raises(ValueError):
        Outbox(tmp_path / "x.sqlite", instance=10)
