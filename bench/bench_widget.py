"""Chat widget: time from clicking 发送 to the answer bubble on the page.

Headless Chromium (Debian's) on the widget, against the whole assistant on
loopback; each turn is timed inside the page, from the click to the moment
the answer bubble is in the DOM. The baseline is the same turn sent straight
to Rasa's REST channel in the same run (interleaved, own conversation), so
the ratio is the gateway's and the page's share.

Run: PYTHONPATH=. .venv-voice/bin/python bench/bench_widget.py [--turns 30]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.rasa_client import RasaClient
from tests.support.stack import WIDGET_SECRET, running_stack
from tests.web.gateway import Gateway

TURNS = {
    "rule reply (greet)": "你好",
    "service-backed (allowance from records)": "查一下我的补贴",
}

# click send, resolve when a new answer bubble is in the DOM: the elapsed ms as the page saw them
CLICK_TO_ANSWER = """async (text) => {
  const list = document.getElementById("messages");
  const count = () => list.querySelectorAll(".msg.assistant:not(.thinking)").length;
  const before = count();
  document.getElementById("input").value = text;
  const start = performance.now();
  const shown = new Promise((resolve) => {
    const watch = new MutationObserver(() => { if (count() > before) { watch.disconnect(); resolve(); } });
    watch.observe(list, { childList: true });
  });
  document.getElementById("send").click();
  await shown;
  return performance.now() - start;
}"""


def percentiles(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def direct_turn(client: RasaClient, sender: str, text: str) -> float:
    start = time.perf_counter()
    # the login signed with the stack's widget secret, as the gateway signs it: the same identified turn
    if not client.send(sender, text, {"channel": "widget", "login": "demo"}).messages:
        raise RuntimeError(f"no reply to {text}")
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=30, help="measured turns per path (split over the kinds)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as tmp, running_stack(Path(tmp)) as stack, \
            Gateway(stack.env, Path(tmp) / "widget", login="demo") as gateway, sync_playwright() as pw, \
            RasaClient(stack.url("rasa"), 120, secrets={"login": WIDGET_SECRET}) as client:  # kept open, as the gateway's
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(gateway.url)
        page.wait_for_selector("#messages .msg")
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        for text in TURNS.values():  # warm-up: session start, model graphs, connections
            page.evaluate(CLICK_TO_ANSWER, text)
            direct_turn(client, sender, text)
        widget = {kind: [] for kind in TURNS}
        direct = {kind: [] for kind in TURNS}
        kinds = list(TURNS.items())
        for i in range(args.turns):
            kind, text = kinds[i % len(kinds)]
            # alternate which path goes first, so neither always meets a just-warmed cache
            order = [("widget", lambda t=text: page.evaluate(CLICK_TO_ANSWER, t)),
                     ("direct", lambda t=text: direct_turn(client, sender, t))]
            for path, run in (order if i % 4 < 2 else order[::-1]):
                (widget if path == "widget" else direct)[kind].append(run())
        browser.close()

    print(f"Chat widget: click 发送 → answer bubble shown, vs the same turn straight to Rasa REST "
          f"({args.turns} turns per path, 2-core machine, sequential)")
    print(f"{'turn':42s} {'widget p50':>11s} {'p95':>8s} {'Rasa p50':>10s} {'p95':>8s} {'ratio p50':>10s} {'added p50':>10s}")
    rows = list(TURNS) + ["all turns"]
    for kind in rows:
        w = [x for v in widget.values() for x in v] if kind == "all turns" else widget[kind]
        d = [x for v in direct.values() for x in v] if kind == "all turns" else direct[kind]
        (wp50, wp95), (dp50, dp95) = percentiles(w), percentiles(d)
        print(f"{kind:42s} {wp50:9.0f}ms {wp95:6.0f}ms {dp50:8.0f}ms {dp95:6.0f}ms {wp50 / dp50:9.2f}x {wp50 - dp50:8.0f}ms")


if __name__ == "__main__":
    main()
