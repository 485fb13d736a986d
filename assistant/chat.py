"""Terminal chat with the running assistant through its REST channel."""
from __future__ import annotations

import sys
import uuid

import httpx

from assistant.settings import settings


def show(messages: list) -> None:
    for message in messages:
        if message.get("text"):
            print(f"小安：{message['text']}")
        for button in message.get("buttons") or []:
            print(f"      [{button['title']}]")


def main() -> int:
    sender = f"terminal-{uuid.uuid4().hex[:8]}"
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    print("和12349助手聊天（输入 退出 结束）")
    while True:
        try:
            text = input("您：").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text in ("退出", "quit", "exit"):
            return 0
        if not text:
            continue
        try:
            reply = httpx.post(url, json={"sender": sender, "message": text,
                                          "metadata": {"channel": "cmdline"}}, timeout=30)
            reply.raise_for_status()
        except httpx.HTTPError as exc:
            print(f"（助手没有应答：{exc}。请先运行 bin/run start）", file=sys.stderr)
            continue
        show(reply.json())


if __name__ == "__main__":
    sys.exit(main())
