"""What channels see: the action server's desk client against the real desk, and a live hand-over
nobody takes (the elder is told, the item stays as a call-back)."""
from __future__ import annotations

import asyncio
import dataclasses
import threading
import uuid

import httpx
import pytest

from actions.clients.desk import DeskClient
from assistant.settings import settings
from desk import feed
from services.common.db import Database
from tests.desk.api.conftest import TOKENS, bearer

pytestmark = pytest.mark.fast


def client(live, name: str = "actions") -> DeskClient:
    return DeskClient(dataclasses.replace(settings, api_token=TOKENS[name]), base_url=live.desk)


def test_the_action_server_hands_over_only_when_someone_is_on_the_desk(live, operator):
    desk = client(live)
    assert asyncio.run(desk.desk_online("widget")) is False  # logged in, but no desk page open
    opened = threading.Event()
    page = httpx.Client(base_url=live.desk, cookies=operator.cookies, timeout=30)

    def page_open():
        with page.stream("GET", "/desk/v1/events") as stream:
            for _line in stream.iter_lines():
                opened.set()

    threading.Thread(target=page_open, daemon=True).start()
    assert opened.wait(10)
    assert asyncio.run(desk.desk_online("widget")) is True
    assert asyncio.run(desk.desk_online("phone")) is False  # no operator can write into a phone call
    queued = asyncio.run(desk.open_handover(conversation_id=f"widget-{uuid.uuid4().hex}", channel="widget",
                                            reason="failed_turns", transcript=[{"who": "caller", "text": "嗯嗯"}],
                                            slots={"meal": "午餐"}, elder_id="10000001"))
    assert queued["handover_id"] > 0 and queued["position"] >= 1
    page.close()


def test_a_silent_or_refusing_desk_counts_as_nobody_there(live):
    assert asyncio.run(DeskClient(settings, base_url="http://127.0.0.1:9").desk_online("widget")) is False
    assert asyncio.run(client(live, "desk").open_handover(conversation_id="widget-abcdefgh", channel="widget",
                                                          reason="asked_human", transcript=[])) is None  # 403


def test_a_live_hand_over_nobody_takes_becomes_a_call_back_and_the_elder_is_told(live, operator, channel):
    page = uuid.uuid4().hex
    item = channel.post("/handovers", json={"conversation_id": f"widget-{page}", "channel": "widget",
                                            "reason": "asked_human", "transcript": []}).json()
    expired = feed.expire_unassigned(Database(live.db_url).write, 0)
    assert item["handover_id"] in [i.id for i in expired]
    state = httpx.get(live.desk + "/desk/v1/live/events", headers=bearer("widget"),
                      params={"prefix": f"widget-{page}"}).json()
    assert state["held"] is False and state["messages"]  # the elder hears nobody is free
    listed = next(i for i in operator.get("/desk/v1/queue").json()["items"] if i["id"] == item["handover_id"])
    assert listed["kind"] == "callback"  # still on the desk: somebody calls back
