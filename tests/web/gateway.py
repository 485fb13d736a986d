"""The widget gateway (python -m web) as a subprocess on a free port, restartable on the same port."""
from __future__ import annotations

import sys
from pathlib import Path

from assistant.processes import Server, free_port


class Gateway:
    def __init__(self, stack_env: dict, var: Path, login: str = "", rasa_url: str | None = None):
        var.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        env = dict(stack_env)
        env.update(E12349_VAR_DIR=str(var), E12349_WIDGET_PORT=str(self.port), E12349_WIDGET_LOGIN=login,
                   E12349_RASA_TIMEOUT_S="90", E12349_VOICE_CACHE_DIR=str(var / "voice_cache"))
        if rasa_url:
            env["E12349_RASA_URL"] = rasa_url
        self.server = Server(f"widget-{self.port}", [sys.executable, "-m", "web"], self.port, env, var)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gateway:
        self.server.start(timeout_s=60)
        return self

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> Gateway:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
