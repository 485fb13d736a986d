"""Property-based fuzzing of every records and dispatch operation (hypothesis): random paths,
query strings, headers and JSON bodies — wholly random or a valid body with one field
replaced — never give a 5xx, a non-JSON answer or a stack trace, and memory stays bounded.
(tests/services/test_contract.py adds schemathesis runs from the OpenAPI schemas.)"""
from __future__ import annotations

import re
import string
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.services.helpers import AUTH, meal_order

EXAMPLES_PER_OPERATION = 25
FUZZ = settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
TRACE = re.compile(r"Traceback|File \"|sqlalchemy\.|psycopg|sqlite3\.", re.IGNORECASE)

scalars = st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=300)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=6)
                           | st.dictionaries(st.text(max_size=20), inner, max_size=6), max_leaves=30)
ids = st.one_of(st.from_regex(r"\A\d{1,12}\Z"), st.text(min_size=1, max_size=40))
# (JSON has no NaN or infinity and HTTP no header value with blanks at its ends: httpx refuses to send them)
header_text = st.text(alphabet=string.ascii_letters + string.digits + "-_.:/ ", min_size=1,
                      max_size=250).filter(lambda key: key == key.strip())

TEMPLATES = {
    "/records/v1/elders/{id}/verify": [{"id_last4": "1233"}],
    "/records/v1/elder-card-applications": [{"name": "王秀英", "id_number": "420102195501011234",
                                             "phone": "13800138000", "district": "江岸区"}],
    "/dispatch/v1/orders": [
        meal_order(),
        {"type": "emergency", "details": {"situation": "摔倒了", "identity_verified": False}},
        {"type": "callback", "details": {"reason": "other", "channel": "widget",
                                         "transcript": [{"who": "caller", "text": "喂"}]}},
        {"elder_id": "10000001", "type": "complaint", "details": {"text": "饭凉了"}},
    ],
    "/dispatch/v1/orders/{id}/cancel": [{}],
    "/dispatch/v1/orders/{id}/transition": [{"status": "assigned"}],
    "/dispatch/v1/orders/{id}/feedback": [{"score": 4, "comment": "好"}],
    "/dispatch/v1/orders/{id}/notes": [{"text": "在厨房"}],
    "/dispatch/v1/calls": [{"caller": "13800138000", "channel": "hotline", "started_at": "2025-01-01T10:00:00",
                            "outcome": "resolved", "order_ids": []}],
}


@st.composite
def mutated(draw, templates: list[dict]) -> object:
    """A valid body with one field (top level or in details) replaced, dropped or added — or pure noise."""
    if draw(st.integers(0, 4)) == 0:
        return draw(json_values)
    body = draw(st.sampled_from(templates))
    body = {**body, "details": dict(body["details"])} if isinstance(body.get("details"), dict) else dict(body)
    target = body["details"] if "details" in body and draw(st.booleans()) else body
    key = draw(st.sampled_from(sorted(target)) if target and draw(st.booleans()) else st.text(max_size=20))
    if draw(st.integers(0, 3)) == 0:
        target.pop(key, None)
    else:
        target[key] = draw(json_values)
    return body


def _operations(base: str) -> list[tuple[str, str, list[str]]]:
    spec = httpx.get(base + "/openapi.json").json()
    ops = []
    for path, item in spec["paths"].items():
        if not path.startswith(("/records/", "/dispatch/")):
            continue  # the policy routes are fuzzed with the policy service
        for method, op in item.items():
            params = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
            ops.append((method.upper(), re.sub(r"\{[^}]+\}", "{id}", path), params))
    return ops


def _rss_kb() -> int:
    return int(re.search(r"^VmRSS:\s+(\d+)", Path("/proc/self/status").read_text(), re.MULTILINE).group(1))


def _check(response: httpx.Response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code, response.text[:500])
    assert not TRACE.search(response.text), (what, response.text[:500])
    body = response.json()  # always JSON
    if response.status_code >= 400:
        assert isinstance(body.get("detail"), str) and body["detail"], (what, body)


def _fuzz(client: httpx.Client, method: str, path: str, params: list[str], runs: list[int]) -> None:
    @FUZZ
    @given(ident=ids, query=st.fixed_dictionaries({}, optional={p: st.text(max_size=60) for p in params}),
           body=mutated(TEMPLATES.get(path, [{}])), key=header_text)
    def run(ident, query, body, key) -> None:
        runs[0] += 1
        url = path.replace("{id}", quote(ident, safe=""))
        kwargs = {"params": query}
        if method == "POST":
            kwargs.update(json=body, headers={"Idempotency-Key": key})
        _check(client.request(method, url, **kwargs), f"{method} {url} {query} {str(body)[:200]}")

    run()


@pytest.mark.parametrize("service", ["records", "dispatch"])
def test_fuzzed_requests_never_crash(live, service):
    base = getattr(live, service)
    operations = _operations(base)
    assert len(operations) >= 8
    before, runs = _rss_kb(), [0]
    with httpx.Client(base_url=base, headers=AUTH, timeout=30) as client:
        for method, path, params in operations:
            _fuzz(client, method, path, params, runs)
    grown_mb = (_rss_kb() - before) / 1024
    print(f"\n{service}: {runs[0]} fuzzed requests over {len(operations)} operations, RSS +{grown_mb:.1f} MB")
    assert runs[0] >= EXAMPLES_PER_OPERATION * len(operations) * 0.8
    assert grown_mb < 100
