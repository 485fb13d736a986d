"""Dispatch down while callers book: every booking arrives once, none lost, none twice."""
import time

from tests.dialogue.conftest import DEMO_DEVICE


def book_meal(chat, day="后天"):
    chat.say(f"帮我订{day}的午饭，一份，送到家里，没有要求")
    assert "对吗" in chat.text
    return chat.say("对")


def test_bookings_made_while_dispatch_is_down_arrive_exactly_once(stack):
    elder = stack.api("records", "GET", "/records/v1/elders", params={"device_id": DEMO_DEVICE}).json()["items"][0]

    def meal_orders():
        items = stack.api("dispatch", "GET", "/dispatch/v1/orders",
                          params={"elder_id": elder["elder_id"], "type": "meal"}).json()["items"]
        return {o["order_id"]: o for o in items}

    before = meal_orders()
    stack.stop("dispatch")
    references = []
    for day in ("后天", "大后天", "下周三"):
        chat = stack.chat(channel="speaker", device_id=DEMO_DEVICE)
        book_meal(chat, day)
        assert "记下了" in chat.text and chat.custom("queued") is True
        references.append(chat.custom("reference"))
    assert len(set(references)) == 3

    stack.start("dispatch")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(meal_orders()) < len(before) + 3:
        time.sleep(1)
    time.sleep(5)  # more worker passes: a duplicate would show up now
    new = [o for oid, o in meal_orders().items() if oid not in before]
    assert len(new) == 3, new
    assert sorted(o["details"]["date"] for o in new) == sorted({o["details"]["date"] for o in new})
