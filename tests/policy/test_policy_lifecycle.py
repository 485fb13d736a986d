"""Papers come and go: an expired or replaced paper steps aside for a current one,
and a new paper is answered from without restarting the service."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.settings import settings
from services.policy import index as index_module
from services.policy import ingest
from services.policy.api import router
from services.policy.index import PolicyIndex

OLD = "wuhan_2017_yanglao_fuwu_gongji"
QUESTION = "新建小区的养老服务用房每百户配多少平方米？"
# A newer Wuhan paper on the same subject, in force, with another figure.
NEW_PAPER = """武汉市人民政府关于推进养老服务高质量发展的意见
【制定机关】武汉市人民政府
【公布日期】2024.03.01
【字 号】武政规〔2024〕5号
【时效性】现行有效
正文
各区人民政府，市人民政府各部门：
  为推进全市养老服务高质量发展，现提出如下意见：
  一、完善养老服务设施
  新建居住区按照每百户不少于30平方米的标准配置养老服务用房，并与住宅同步规划、同步建设、同步验收、同步交付使用。
  二、发展社区助餐
  每个街道至少建设1个社区老年食堂，为辖区老年人提供助餐服务。
"""


def _folder(tmp_path: Path, *, new: str | None = None, old_status: str | None = None) -> Path:
    source = settings.policy_docs_dir / f"{OLD}.txt"
    if not source.exists():
        pytest.skip(f"policy paper not found: {source}")
    folder = tmp_path / "papers"
    folder.mkdir(exist_ok=True)
    text = source.read_text(encoding="utf-8")
    if old_status:
        text = text.replace("【时效性】失效", f"【时效性】{old_status}")
    (folder / f"{OLD}.txt").write_text(text, encoding="utf-8")
    if new:
        (folder / "wuhan_2024_yanglao_gaozhiliang.txt").write_text(new, encoding="utf-8")
    return folder


def _ask(index: PolicyIndex) -> dict:
    from services.policy.answer import answer

    return answer(QUESTION, "武汉市", index=index)


def test_expired_paper_answers_with_warning_when_it_is_all_there_is(tmp_path):
    result = _ask(PolicyIndex.from_folder(_folder(tmp_path)))
    assert result["found"] and result["clause"]["doc_id"] == OLD and "20平方米" in result["answer"]
    assert result["warning"] and "失效" in result["warning"]


def test_current_paper_replaces_expired_one_on_the_same_topic(tmp_path):
    index = PolicyIndex.from_folder(_folder(tmp_path, new=NEW_PAPER))
    assert index.retired == {OLD}
    result = _ask(index)
    assert result["found"] and result["clause"]["doc_id"] != OLD
    assert "30平方米" in result["answer"] and "20平方米" not in result["answer"] and result["warning"] is None


def test_older_paper_in_force_is_superseded_by_a_newer_one(tmp_path):
    index = PolicyIndex.from_folder(_folder(tmp_path, new=NEW_PAPER, old_status="现行有效"))
    assert index.retired == {OLD}
    assert "30平方米" in _ask(index)["answer"]


def test_paper_on_another_topic_does_not_replace(tmp_path):
    other = NEW_PAPER.replace("推进养老服务高质量发展的意见", "老年人助餐服务的管理办法")
    index = PolicyIndex.from_folder(_folder(tmp_path, new=other))
    assert index.retired == set()


@pytest.fixture()
def served(tmp_path, monkeypatch):
    """The policy API answering from a papers folder the test controls, watched every request."""
    folder = _folder(tmp_path)
    store = tmp_path / "var" / "policy_clauses.json"
    monkeypatch.setattr(index_module, "papers", lambda: (folder, ()))
    monkeypatch.setattr(index_module, "default_store", lambda: store)
    monkeypatch.setattr(ingest, "default_store", lambda: store)
    monkeypatch.setattr(index_module, "WATCH_EVERY_S", 0.0)
    index_module.set_index(None)
    app = FastAPI()
    app.include_router(router)
    yield folder, TestClient(app)
    index_module.set_index(None)


def _answer_until(client: TestClient, wanted: str, seconds: float = 30.0) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        body = client.get("/policy/v1/answer", params={"q": QUESTION, "city": "武汉市"}).json()
        if wanted in body["answer"] or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_new_paper_is_answered_without_restart(served):
    folder, client = served
    assert "20平方米" in _answer_until(client, "20平方米")["answer"]
    (folder / "wuhan_2024_yanglao_gaozhiliang.txt").write_text(NEW_PAPER, encoding="utf-8")
    body = _answer_until(client, "30平方米")
    assert "30平方米" in body["answer"] and body["warning"] is None
    # the paper withdrawn again: the expired one answers again, with its warning
    (folder / "wuhan_2024_yanglao_gaozhiliang.txt").unlink()
    body = _answer_until(client, "20平方米")
    assert "20平方米" in body["answer"] and "失效" in body["warning"]


def test_broken_new_paper_keeps_the_old_answers(served):
    folder, client = served
    assert "20平方米" in _answer_until(client, "20平方米")["answer"]
    (folder / "wuhan_2025_broken.pdf").write_bytes(b"%PDF-1.4 broken")
    time.sleep(1.0)
    for _ in range(5):
        body = client.get("/policy/v1/answer", params={"q": QUESTION, "city": "武汉市"}).json()
        assert body["found"] and "20平方米" in body["answer"]
        time.sleep(0.1)
    shutil.rmtree(folder)  # even a vanished folder does not take the answers away
    assert client.get("/policy/v1/answer", params={"q": QUESTION, "city": "武汉市"}).json()["found"]
