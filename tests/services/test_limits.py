"""What a hostile or broken body does: over 64 KB is refused with 413 before it is read
(declared or chunked) and the service's memory stays flat; fields have limits (422);
types are strict; text is stored exactly as given."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.processes import APP_PYTHON, Server, free_port, project_env
from tests.services.helpers import API_CLIENTS, AUTH, create_order, meal_order

MB = 1024 * 1024


def rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1))


@pytest.fixture(scope="module")
def services(tmp_path_factory) -> Iterator[dict[str, Server]]:
    """The two services as real processes (as deployed), on a fresh SQLite database."""
    var = tmp_path_factory.mktemp("limits")
    ports = {"records": free_port(), "dispatch": free_port()}
    env = project_env(var, E12349_API_CLIENTS=",".join(API_CLIENTS), E12349_RECORDS_PORT=str(ports["records"]),
                      E12349_DISPATCH_PORT=str(ports["dispatch"]))
    servers = {name: Server(name, [str(APP_PYTHON), "-m", f"services.{name}"], port, env, var).start(60)
               for name, port in ports.items()}
    yield servers
    for server in servers.values():
        server.stop()


def post_operations(base: str) -> list[str]:
    spec = httpx.get(base + "/openapi.json").json()
    return [re.sub(r"\{[^}]+\}", "10000001", path) for path, item in spec["paths"].items() if "post" in item]


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    for _ in range(total // size):
        yield b"x" * size


def test_a_megabyte_to_every_post_is_refused_and_memory_stays_flat(services):
    big = b'{"details": "' + b"x" * MB + b'"}'
    for name, server in services.items():
        base = f"http://127.0.0.1:{server.port}"
        paths = post_operations(base)
        assert len(paths) >= 2
        before = rss_kb(server.proc.pid)
        for _ in range(10):
            for path in paths:
                declared = httpx.post(base + path, content=big, headers={**AUTH, "Content-Type": "application/json"})
                assert declared.status_code == 413, (path, declared.text)
                assert "limit" in declared.json()["detail"]
                streamed = httpx.post(base + path, content=chunks(MB), headers=AUTH)  # chunked: no Content-Length
                assert streamed.status_code == 413, (path, streamed.text)
        after = rss_kb(server.proc.pid)
        print(f"\n{name}: {len(paths)} POST endpoints x 10 x (1 MB declared + 1 MB chunked) -> 413; "
              f"VmRSS {before} kB -> {after} kB")
        assert after - before < 16 * 1024


def test_unauthenticated_big_bodies_are_refused_too(services):
    base = f"http://127.0.0.1:{services['dispatch'].port}"
    assert httpx.post(base + "/dispatch/v1/orders", content=b"x" * (2 * MB)).status_code == 413
    assert httpx.post(base + "/dispatch/v1/orders", json={}).status_code == 401


def test_five_megabyte_details_are_not_stored(dispatch):
    response = create_order(dispatch, meal_order(note="长" * (5 * MB)))
    assert response.status_code == 413
    mine = dispatch.get("/orders", params={"elder_id": "10000001"}).json()["items"]
    assert all(len(str(o["details"])) < 10_000 for o in mine)


def test_field_limits(dispatch, records):
    too_long = {"elder_id": "10000001", "type": "complaint", "details": {"text": "太" * 2001}}
    assert create_order(dispatch, too_long).status_code == 422
    assert create_order(dispatch, {**too_long, "details": {"text": "太" * 2000}}).status_code == 201
    many_extras = meal_order(**{f"x{i}": "y" for i in range(30)})
    assert create_order(dispatch, many_extras).status_code == 422
    big_extra = meal_order(asr_text="嗯" * 3000)
    assert create_order(dispatch, big_extra).status_code == 422
    assert dispatch.post("/orders/10000001/feedback", json={"score": 3, "comment": "好" * 1001}).status_code == 422
    call = {"caller": "13800138000", "channel": "hotline", "started_at": "2025-01-01T10:00:00+08:00",
            "outcome": "resolved", "order_ids": ["12345678"] * 21}
    assert dispatch.post("/calls", json=call).status_code == 422
    application = {"name": "王" * 41, "id_number": "420106194803151233", "phone": "13800138000", "district": "武昌区"}
    assert records.post("/elder-card-applications", json=application).status_code == 422


@pytest.mark.parametrize("body", [
    meal_order(portions="2"),
    meal_order(portions=2.0),
    meal_order(portions=True),
    {**meal_order(), "channel": 2},
    {**meal_order(), "elder_id": 10000001},
    {"elder_id": "10000001", "type": "complaint", "details": {"text": 123}},
    {"type": "emergency", "details": {"situation": "摔了", "identity_verified": "true"}},
    {"type": "emergency", "details": {"situation": "摔了", "identity_verified": 1}},
    {**meal_order(), "unknown_field": "x"},
], ids=["str-int", "float-int", "bool-int", "int-str", "int-elder", "int-text", "str-bool", "int-bool", "extra"])
def test_strict_types_in_orders(dispatch, body):
    response = create_order(dispatch, body)
    assert response.status_code == 422, response.text


def test_strict_types_elsewhere(dispatch, records):
    assert records.post("/elders/10000001/verify", json={"id_last4": 1233}).status_code == 422
    assert dispatch.post("/orders/10000001/feedback", json={"score": "5"}).status_code == 422
    assert dispatch.post("/calls", json={"caller": 13800138000, "channel": "hotline", "outcome": "resolved",
                                         "started_at": "2025-01-01T10:00:00+08:00"}).status_code == 422


def test_text_is_stored_exactly_as_given(dispatch):
    text = "<script>alert('饭菜太咸')</script> & \"引号\" \\ \u200b 😀\n第二行"
    order = create_order(dispatch, {"elder_id": "10000001", "type": "complaint", "details": {"text": text}}).json()
    assert dispatch.get(f"/orders/{order['order_id']}").json()["details"]["text"] == text


def test_default_limit_comes_from_settings():
    from assistant.settings import load

    assert load({}).max_body_bytes == 65536
    assert load({"E12349_MAX_BODY_BYTES": "1024"}).max_body_bytes == 1024
