"""Two Rasa instances, two action servers, one PostgreSQL and one Redis (deploy/production.py).

What a caller must not notice: which instance takes a turn, or that one of them died.
Runs in .venv-rasa with PYTHONPATH at the repository root; needs postgresql,
redis-server and nginx (bin/setup installs them).
"""
from __future__ import annotations

import shutil
import uuid

import httpx
import pytest

from assistant.zh_text import read_digits
from assistant.deploy.production import Ports, Production
from services.tools.temp_postgres import find_bindir
from tests.support.stack import IDENTITY_ENV, TOKEN, Chat

DEMO_ELDER = "10000001"
SPEAKER = {"channel": "speaker", "device_id": "speaker-0001"}
TURNS = ["我想订明天的午饭", "两份", "送到家里", "低盐的", "对"]
# what each reply must contain: the form asks on, then reads back, then confirms
EXPECTED = ["几份", "送到家", "", "对吗", ""]

missing = [tool for tool in ("redis-server", "nginx") if not shutil.which(tool)] + ([] if find_bindir() else ["postgresql"])
pytestmark = pytest.mark.skipif(bool(missing), reason=f"not installed: {missing}")


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    stack = Production(tmp_path_factory.mktemp("production"), Ports.free(), TOKEN,
                       env_overrides=IDENTITY_ENV)  # the speaker's signature is believed
    stack.start(elders=50)  # cleans up after itself if it fails
    try:
        yield stack
    finally:
        stack.stop()


def url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def meal_orders(production) -> dict:
    response = httpx.get(f"{url(production.ports.dispatch)}/dispatch/v1/orders",
                         params={"elder_id": DEMO_ELDER, "type": "meal"},
                         headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
    response.raise_for_status()
    return {order["order_id"]: order for order in response.json()["items"]}


def converse(chats, production, after_turn=lambda i: None) -> str:
    """Say TURNS, the i-th through chats[i % len(chats)], checking the form's question at
    each step; return the confirmed order's id after checking it is the only new one."""
    before = meal_orders(production)
    for i, (text, expected) in enumerate(zip(TURNS, EXPECTED)):
        chat = chats[i % len(chats)]
        chat.say(text)
        assert expected in chat.text, (i, text, chat.text)
        after_turn(i)
    order_id = chat.custom("order_id")
    assert order_id and read_digits(order_id) in chat.text, chat.text  # the number is read out
    new = {oid: o for oid, o in meal_orders(production).items() if oid not in before}
    assert list(new) == [order_id], new  # exactly one order: this one
    details = new[order_id]["details"]
    assert (details["portions"], details["meal"], details["mode"], details["diet"]) == (2, "午餐", "送餐", ["低盐"])
    return order_id


def test_turns_alternating_between_instances_keep_the_form(production):
    sender = f"scale-{uuid.uuid4().hex[:10]}"
    converse([Chat(url(production.ports.rasa[r]), sender, SPEAKER) for r in ("a", "b")], production)


def test_conversation_survives_instance_a_dying_midway(production):
    chat = Chat(url(production.ports.rasa_lb), f"scale-{uuid.uuid4().hex[:10]}", SPEAKER)

    def crash_a_after_second_turn(i: int) -> None:
        if i == 1:
            production.kill("rasa-a")  # SIGKILL, no clean shutdown

    converse([chat], production, crash_a_after_second_turn)
