"""City packs: the same services started with Dongguan's pack are Dongguan's.

The seed command and the policy API run as separate processes with only
E12349_CITY=东莞市 changed, as a deployment would start them.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from assistant.processes import free_port
from services.common import city
from services.policy.answer import answer

REPO = Path(__file__).resolve().parents[2]
# The policy router alone, served as the records process serves it (auth is the records app's).
SERVE_POLICY = """
import sys, uvicorn
from fastapi import FastAPI
from services.policy.api import router
app = FastAPI()
app.include_router(router)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _env(tmp_path: Path, city_name: str) -> dict[str, str]:
    return {**os.environ, "E12349_CITY": city_name, "E12349_VAR_DIR": str(tmp_path / "var")}


def _serve_policy(env: dict[str, str]):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVE_POLICY, str(port)], cwd=REPO,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/policy/v1"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{url}/city", timeout=1.0)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"policy service did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    return proc, url


@pytest.fixture()
def dongguan_policy(tmp_path):
    proc, url = _serve_policy(_env(tmp_path, "东莞市"))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_a_new_city_brings_its_own_pack_and_papers(tmp_path):
    """襄阳市 is not shipped: its pack and its paper live outside the repository."""
    from tests.policy.test_policy_splitter import PAGE

    papers = tmp_path / "xiangyang_papers"
    papers.mkdir()
    (papers / "xiangyang_2023_zhucan.txt").write_text(PAGE.replace("（草案）", ""), encoding="utf-8")
    pack = tmp_path / "xiangyang.yaml"
    pack.write_text(
        "name: 襄阳市\nhotline: '0710-12349'\n"
        f"policy: {{city: 襄阳市, folder: '{papers}'}}\n"
        "districts: {襄城区: '420602', 樊城区: '420606', 襄州区: '420607'}\n", encoding="utf-8")
    env = {**_env(tmp_path, "襄阳市"), "E12349_CITY_PACK": str(pack)}
    proc, url = _serve_policy(env)
    try:
        assert httpx.get(f"{url}/city", timeout=10).json()["hotline"] == "0710-12349"
        body = httpx.get(f"{url}/answer", params={"q": "八十岁以上的老人吃饭每餐补贴多少钱？"}, timeout=30).json()
        assert body["found"] and body["clause"]["city"] == "襄阳市" and "3元" in body["answer"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_four_packs_with_districts_codes_and_hotlines():
    packs = {p.name: p for p in city.all_packs()}
    assert set(packs) >= {"武汉市", "东莞市", "鹤壁市", "株洲市"}
    assert packs["鹤壁市"].districts["淇滨区"] == "410611" and packs["株洲市"].districts["醴陵市"] == "430281"
    assert set(packs["东莞市"].districts.values()) == {"441900"}
    assert len({p.hotline for p in packs.values()}) == len(packs)
    assert city.normalize_district("东莞市", "虎门") == "虎门镇"
    assert city.normalize_district("东莞市", "武昌") is None


def test_broken_pack_is_refused_with_a_reason(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: 某市\nhotline: 12349\ndistricts: {东区: '12'}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="6-digit"):
        city.load_pack(bad)
    bad.write_text("name: 某市\nhotline: call us\ndistricts: {东区: '123456'}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="hotline"):
        city.load_pack(bad)


def test_dongguan_pack_answers_dongguan_first(dongguan_policy, index):
    pack = httpx.get(f"{dongguan_policy}/city", timeout=10).json()
    assert pack["name"] == "东莞市" and pack["hotline"] == "0769-12349" and pack["policy_city"] == "东莞市"
    assert {"name": "虎门镇", "area_code": "441900"} in pack["districts"]
    # Wuhan's and Dongguan's papers both set the nursing-bed share; with no city given, the pack decides.
    question = "养老院护理型床位要占到多少？"
    assert answer(question, "武汉市", index=index)["clause"]["city"] == "武汉市"
    body = httpx.get(f"{dongguan_policy}/answer", params={"q": question}, timeout=30).json()
    assert body["found"] and body["clause"]["city"] == "东莞市" and "东莞市" in body["answer"]
    assert "50" in body["answer"]


def test_seed_with_dongguan_pack(tmp_path):
    url = f"sqlite:///{tmp_path / 'dg.db'}"
    run = subprocess.run([sys.executable, "-m", "services.seed", "--elders", "30", "--database-url", url],
                         cwd=REPO, env=_env(tmp_path, "东莞市"), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    engine = create_engine(url)
    with engine.connect() as conn:
        elders = conn.execute(text("SELECT district, id_number, address FROM elders")).all()
        sites = {name for (name,) in conn.execute(text("SELECT name FROM meal_sites"))}
        homes = {name for (name,) in conn.execute(text("SELECT name FROM institutions"))}
    engine.dispose()
    dongguan = city.districts("东莞市")
    assert len(elders) == 33
    assert all(d in dongguan and n.startswith("441900") and a.startswith("东莞市") for d, n, a in elders)
    assert {"东城街道长者饭堂", "虎门镇长者饭堂"} <= sites and "东莞市社会福利中心（演示）" in homes
