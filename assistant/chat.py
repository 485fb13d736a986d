"""Terminal chat with the running assistant: a thin adapter over the one Rasa client.

    python -m assistant.chat [--login NAME]

``Chat.turn(text)`` is the function API (the cross-channel test drives it):
one typed line in, the lines shown out. ``--login`` talks as that widget
login, signed with ``widget_secret`` as the widget gateway signs it, so it
only counts where this machine holds the gateway's secret (a developer's
stack); without it the conversation is anonymous.
"""
from __future__ import annotations

import argparse
import sys
import uuid

from assistant.rasa_client import RasaClient, RasaUnavailable, Reply
from assistant.settings import settings

QUIT = ("退出", "quit", "exit")


def lines(reply: Reply) -> list[str]:
    """What the terminal shows: each sentence, its buttons, the numbers and the clause it reported."""
    shown = []
    for message in reply.messages:
        if not isinstance(message, dict):
            continue
        if message.get("text"):
            shown.append(f"小安：{message['text']}")
        shown += [f"      [{b['title']}]" for b in message.get("buttons") or [] if isinstance(b, dict) and b.get("title")]
        clause = (message.get("custom") or {}).get("policy_clause")
        if isinstance(clause, dict) and clause.get("text"):
            shown.append(f"      （原文）{clause['text']}")
    return shown


class Chat:
    def __init__(self, client: RasaClient, login: str = ""):
        self.client = client
        self.sender = f"chat-{uuid.uuid4().hex[:10]}"
        self.metadata = {"channel": "chat", **({"login": login} if login else {})}

    def turn(self, text: str) -> list[str]:
        """Raises RasaUnavailable when the assistant does not answer."""
        return lines(self.client.send(self.sender, text, self.metadata))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="和12349助手聊天")
    parser.add_argument("--login", default="", help="talk as this widget login (needs widget_secret)")
    args = parser.parse_args(argv)
    chat = Chat(RasaClient.from_settings(settings), args.login)
    print("和12349助手聊天（输入 退出 结束）")
    while True:
        try:
            text = input("您：").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text in QUIT:
            return 0
        if not text:
            continue
        try:
            print("\n".join(chat.turn(text)), flush=True)
        except RasaUnavailable as exc:
            print(f"（助手没有应答：{exc}。请先运行 bin/run start）", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
