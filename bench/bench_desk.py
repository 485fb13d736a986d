"""Operator desk: how fast a hand-over reaches the desk page, and the desk under a burst.

1. Hand-over to visible: a channel's POST /desk/v1/handovers (what the action server sends when an
   elder asks for a person) until the item is in the DOM of an open desk page (headless Chromium,
   Debian's), one at a time. The page records when each item first appeared (``window.deskSeen``);
   the clock is the machine's, shared by both sides.
2. Burst: 5 operators with the desk open, 20 hand-overs sent at once; page update latency (post →
   shown, every page and item), items lost (any page missing any item), then the 5 operators
   take the 20 items at the same time: each item taken exactly once.

The desk, a dispatch service and a seeded SQLite database run as subprocesses (no Rasa: the
elder-side share of a hand-over is bench_widget's turn time).

Run: PYTHONPATH=. .venv-voice/bin/python bench/bench_desk.py [--single 30] [--burst 20] [--operators 5]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.processes import free_port
from tests.desk.browser import servers

ACTIONS = {"Authorization": f"Bearer {servers.CLIENT_TOKENS['actions']}"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def hand_over(base: str, client: httpx.Client) -> tuple[int, float]:
    sent = time.time() * 1000
    answer = client.post(base + "/desk/v1/handovers", headers=ACTIONS, json={
        "conversation_id": f"widget-{uuid.uuid4().hex}", "channel": "widget", "reason": "asked_human",
        "transcript": [{"who": "caller", "text": "我想找个人说说"}], "slots": {"meal": "午餐"}})
    answer.raise_for_status()
    return answer.json()["handover_id"], sent


def seen(page, item_id: int, timeout_s: float = 30) -> float:
    page.wait_for_selector(f"#queue .entry[data-id='{item_id}']", state="attached", timeout=timeout_s * 1000)
    return page.evaluate(f"window.deskSeen[{item_id}]")


def clear(base: str, page) -> None:
    """Close what is open so the next round starts from an empty queue (an operator's own work)."""
    ids = page.evaluate("Array.from(document.querySelectorAll('#queue .entry')).map(e => Number(e.dataset.id))")
    csrf = page.evaluate("fetch('/desk/v1/me').then(r => r.json()).then(b => b.csrf)")
    for item_id in ids:
        page.evaluate("""async ([id, csrf]) => {
          await fetch('/desk/v1/items/' + id);
          await fetch('/desk/v1/items/' + id + '/close', {method: 'POST', headers: {'Content-Type': 'application/json',
            'X-CSRF-Token': csrf}, body: JSON.stringify({disposition: 'resolved'})});
        }""", [item_id, csrf])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--single", type=int, default=30)
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--operators", type=int, default=5)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    port = free_port()
    env = servers.services_env(var, port, E12349_DESK_FEED_POLL_S="0.5")
    servers.seed(env)
    dispatch, desk = servers.start_dispatch(env, var), servers.start_desk(env, var)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright, httpx.Client(timeout=30) as client:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            admin = servers.desk_session(base, "admin1")
            logins = [f"bench{n}" for n in range(1, args.operators + 1)]  # one login per operator
            for login in logins:
                admin.post("/desk/v1/admin/users", json={"login": login, "name": f"坐席{login[-1]}", "role": "operator",
                                                         "password": servers.desk_password(login)})
            pages = [servers.desk_page(browser, base, login) for login in logins]
            single = []
            for _ in range(args.single):
                item_id, sent = hand_over(base, client)
                single.append(seen(pages[0], item_id) - sent)
            clear(base, pages[0])
            print(f"hand-over → visible on the desk page: n={len(single)} p50 {statistics.median(single):.0f} ms, "
                  f"p95 {p95(single):.0f} ms, max {max(single):.0f} ms")

            with ThreadPoolExecutor(args.burst) as pool:
                burst = list(pool.map(lambda _n: hand_over(base, httpx.Client(timeout=30)), range(args.burst)))
            latencies, lost = [], 0
            for page in pages:
                for item_id, sent in burst:
                    try:
                        latencies.append(seen(page, item_id, 30) - sent)
                    except Exception:  # noqa: BLE001 - counted
                        lost += 1
            print(f"burst of {args.burst} hand-overs, {len(pages)} desk pages: update latency p50 "
                  f"{statistics.median(latencies):.0f} ms, p95 {p95(latencies):.0f} ms, max {max(latencies):.0f} ms; "
                  f"items lost {lost} of {args.burst * len(pages)}")

            takers = [servers.desk_session(base, login) for login in logins]
            for taker in takers:
                for item_id, _sent in burst:
                    taker.get(f"/desk/v1/items/{item_id}")

            def take_all(taker: httpx.Client) -> list[int]:
                return [item_id for item_id, _ in burst
                        if taker.post(f"/desk/v1/items/{item_id}/take").status_code == 200]

            with ThreadPoolExecutor(len(takers)) as pool:
                taken = list(pool.map(take_all, takers))
            per_item = [sum(item_id in mine for mine in taken) for item_id, _ in burst]
            print(f"{len(takers)} operators taking {args.burst} items at once: taken once {per_item.count(1)}, "
                  f"never {per_item.count(0)}, more than once {sum(1 for n in per_item if n > 1)} "
                  f"(per operator: {[len(m) for m in taken]})")
            browser.close()
    finally:
        desk.stop()
        dispatch.stop()


if __name__ == "__main__":
    main()
