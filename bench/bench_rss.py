"""Peak memory of Rasa answering one 1 MB message: Rasa's stock REST channel against ours.

    .venv-rasa/bin/python bench/bench_rss.py [--model PATH] [--size-kb 1024] [--cap-gb 4]

"before": a credentials file holding only ``rest:`` (Rasa's RestInput, what ran
until the REST channel got its limits); "after": assistant/credentials.yml
(assistant.channels.rest.SignedRestInput: 64 KB body limit, 500-character
message limit). Same model, no action server (the memory goes in the NLU, before
any action). RSS of the Rasa process tree is sampled every 50 ms from /proc; a
run that passes ``--cap-gb`` is killed there (one 50,000-character message once
grew Rasa to 22.7 GB and the kernel killed it; other processes share this machine).
Prints both peaks and their ratio. Model: /tmp/lead/models/12349.tar.gz if present,
else settings.rasa_model.
"""
from __future__ import annotations

import argparse
import json
import random
import tempfile
import threading
import time
from pathlib import Path

import httpx

from assistant.processes import RASA_BIN, REPO, Server, free_port, project_env
from assistant.settings import settings
from tests.security.memory import rss_bytes

LEAD_MODEL = Path("/tmp/lead/models/12349.tar.gz")
GB = 1024 ** 3
VARIANTS = {"before": "rest:\n", "after": (REPO / "assistant" / "credentials.yml").read_text()}


def make_message(kind: str, chars: int) -> str:
    if kind == "sentence":
        sentence = "我摔倒了起不来，快来人啊。"
        return (sentence * (chars // len(sentence) + 1))[:chars]
    words = ("明天", "午饭", "两份", "送到家", "低盐", "老年证", "补贴", "摔倒", "救命", "武昌区", "幺三八",
             "俺", "晌午", "饭堂", "咋办", "陪诊", "维修", "高龄津贴", "一二三四", "谢谢", "不要", "取消")
    rng = random.Random(12349)
    parts, size = [], 0
    while size < chars:
        part = rng.choice(words) + rng.choice("，。？ ")
        parts.append(part)
        size += len(part)
    return "".join(parts)[:chars]


def measure(model: Path, credentials: str, message: str, cap: int, timeout_s: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp)
        (var / "credentials.yml").write_text(credentials)
        port = free_port()
        rasa = Server("rasa", [str(RASA_BIN), "run", "--model", str(model), "-i", "127.0.0.1", "--port", str(port),
                               "--credentials", str(var / "credentials.yml")], port,
                      project_env(var, RASA_TELEMETRY_ENABLED="false"), var).start()
        url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        try:
            httpx.post(url, json={"sender": "warm", "message": "你好"}, timeout=120)
            pid, peak, killed = rasa.proc.pid, 0, []
            idle = rss_bytes(pid)
            done = threading.Event()

            def sample() -> None:
                nonlocal peak
                while not done.is_set():
                    now = rss_bytes(pid)
                    peak = max(peak, now)
                    if now > cap and not killed:
                        killed.append(time.monotonic())
                        rasa.stop()
                    time.sleep(0.05)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            start = time.monotonic()
            body = json.dumps({"sender": "big", "message": message}, ensure_ascii=False).encode()
            try:
                response = httpx.post(url, content=body, timeout=timeout_s,
                                      headers={"Content-Type": "application/json"})
                outcome = f"HTTP {response.status_code}"
            except httpx.HTTPError as error:
                outcome = "killed at the cap" if killed else f"no answer ({type(error).__name__})"
            took = time.monotonic() - start
            time.sleep(0.3)
            done.set()
            sampler.join()
            return {"idle": idle, "peak": peak, "outcome": outcome, "seconds": took}
        finally:
            rasa.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=LEAD_MODEL if LEAD_MODEL.exists() else settings.rasa_model)
    parser.add_argument("--size-kb", type=int, default=1024)
    parser.add_argument("--cap-gb", type=float, default=4.0)
    parser.add_argument("--timeout-s", type=float, default=600)
    parser.add_argument("--text", choices=("sentence", "words"), default="sentence",
                        help="sentence: one repeated (the higher peak); words: callers' words shuffled (busy >10 min)")
    args = parser.parse_args()
    message = make_message(args.text, args.size_kb * 1024 // 3)  # CJK: 3 bytes of UTF-8 each
    print(f"model {args.model}; message {len(message)} characters, {len(message.encode()) // 1024} KB")
    results = {}
    for name, credentials in VARIANTS.items():
        r = results[name] = measure(args.model, credentials, message, int(args.cap_gb * GB), args.timeout_s)
        print(f"{name:6}  idle {r['idle'] / GB:5.2f} GB  peak {r['peak'] / GB:5.2f} GB  "
              f"growth {(r['peak'] - r['idle']) / GB:5.2f} GB  {r['outcome']} in {r['seconds']:.1f} s", flush=True)
    ratio = results["before"]["peak"] / max(results["after"]["peak"], 1)
    capped = " (at least: the before run was killed at the cap)" if "cap" in results["before"]["outcome"] else ""
    print(f"peak RSS before/after: {ratio:.1f}x{capped}")


if __name__ == "__main__":
    main()
