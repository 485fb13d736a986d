"""GET /policy/v1/search and /policy/v1/answer as CONTRACT.md describes them."""
from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.policy import index as index_module
from services.policy.api import router

CLAUSE_FIELDS = {"doc_id", "doc_title", "issuer", "date", "doc_number", "city", "status",
                 "clause_path", "heading", "text"}


@pytest.fixture()
def client(index):
    index_module.set_index(index)  # no store under var/ needed
    app = FastAPI()
    app.include_router(router)
    yield TestClient(app)
    index_module.set_index(None)


def test_search_shape(client):
    response = client.get("/policy/v1/search", params={"q": "长者饭堂", "city": "东莞市", "k": 2})
    assert response.status_code == 200
    items = response.json()["items"]
    assert 1 <= len(items) <= 2
    assert set(items[0]) == CLAUSE_FIELDS | {"score"}
    assert items[0]["city"] == "东莞市" and items[0]["score"] > 0


def test_answer_shape(client):
    body = client.get("/policy/v1/answer", params={"q": "老年证能不能在网上办", "city": "武汉市"}).json()
    assert set(body) == {"found", "answer", "warning", "clause", "type", "clause_id"}
    assert body["found"] and "网上办理" in body["answer"] and body["answer"].startswith("能")
    assert body["type"] == "yesno" and body["clause_id"].startswith("wuhan_2017_yanglao_fuwu_gongji#")
    assert body["warning"].startswith("这份文件已经失效")
    assert set(body["clause"]) == CLAUSE_FIELDS


def test_answer_not_found(client):
    body = client.get("/policy/v1/answer", params={"q": "老年大学怎么报名", "city": ""}).json()
    assert body["found"] is False and body["clause"] is None and body["warning"] is None


def test_query_is_required_and_bounded(client):
    assert client.get("/policy/v1/answer").status_code == 422
    assert client.get("/policy/v1/search", params={"q": ""}).status_code == 422
    assert client.get("/policy/v1/answer", params={"q": "养老" * 400}).status_code == 422
    assert client.get("/policy/v1/answer", params={"q": "那山城区呢？", "prev_q": "问" * 600}).status_code == 422


def test_follow_up_through_the_api(client):
    first = client.get("/policy/v1/answer", params={"q": "东莞到2022年要建几所高端养老机构？", "city": "东莞市"}).json()
    assert first["found"] and "5所" in first["answer"]
    # an old client sends no prev_q: 那新增床位呢 alone names nothing and is not guessed at
    assert not client.get("/policy/v1/answer", params={"q": "那新增床位呢？", "city": "东莞市"}).json()["found"]
    follow = client.get("/policy/v1/answer", params={
        "q": "那新增床位呢？", "city": "东莞市", "prev_q": "东莞到2022年要建几所高端养老机构？",
        "prev_clause": first["clause_id"]}).json()
    assert follow["found"] and "1000张" in follow["answer"]


def test_city_pack_of_the_deployment(client):
    body = client.get("/policy/v1/city").json()
    assert body["name"] == "武汉市" and body["policy_city"] == "武汉市" and "12349" in body["hotline"]
    assert {"name": "武昌区", "area_code": "420106"} in body["districts"]


def test_index_built_lazily_when_no_store(tmp_path, monkeypatch):
    from services.policy import ingest

    store = tmp_path / "clauses.json"
    monkeypatch.setattr(ingest, "default_store", lambda: store)
    monkeypatch.setattr(index_module, "default_store", lambda: store)
    index_module.set_index(None)
    try:
        built = index_module.get_index()
        assert store.exists() and index_module.get_index() is built
    finally:
        index_module.set_index(None)
