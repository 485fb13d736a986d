"""The whole assistant on loopback: records, dispatch, action server, Rasa.

Real servers and a real SQLite database in a directory of the caller's;
used by the dialogue tests and the benchmarks alike.
"""
from __future__ import annotations

import contextlib
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import httpx

from assistant import launcher
from assistant.channels import signing
from assistant.processes import MODEL, REPO, Server, free_port, project_env

TOKEN = "test-token-12349"  # the admin client's: Stack.api reads everything with it
# each process its own services token and scopes (services/common/scopes.py)
CLIENT_TOKENS = {"actions": "test-actions-12349", "hotline": "test-hotline-12349", "widget": "test-widget-12349",
                 "desk": "test-desk-12349", "admin": TOKEN}
# Rasa's HTTP API token and the identity keys of this test stack: the SIP gateway's, the widget
# gateway's, and the speakers' own (the two seeded demo devices)
RASA_TOKEN = "test-rasa-api-12349"
HOTLINE_SECRET, WIDGET_SECRET = "test-hotline-secret", "test-widget-secret"
# (the demo devices and those services.seed gives generated elders: speaker-1000 …)
SPEAKER_SECRETS = {d: f"test-{d}-secret" for d in [f"speaker-{n:04d}" for n in (*range(1, 4), *range(1000, 1300))]}
KEYS = signing.Keys(HOTLINE_SECRET, WIDGET_SECRET, SPEAKER_SECRETS)
# what every process of a test deployment is given, so Chat's signatures are believed
IDENTITY_ENV = {"E12349_RASA_API_TOKEN": RASA_TOKEN, "E12349_HOTLINE_SECRET": HOTLINE_SECRET,
                "E12349_WIDGET_SECRET": WIDGET_SECRET,
                "E12349_SPEAKER_SECRETS": ",".join(f"{d}:{s}" for d, s in SPEAKER_SECRETS.items())}


@dataclass
class Chat:
    """One conversation through the REST channel, as a client would hold it."""

    rasa_url: str
    sender: str
    metadata: dict
    last: List[dict] = field(default_factory=list)
    signed: bool = True  # the caller ID / login / device is signed as its gateway or speaker would

    def say(self, text: str) -> str:
        metadata = self.metadata
        claim = signing.claim_of(metadata)
        if self.signed and claim:
            metadata = signing.sign(metadata, self.sender, KEYS.secret_for(*claim))
        response = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook",
                              json={"sender": self.sender, "message": text, "metadata": metadata}, timeout=60)
        response.raise_for_status()
        self.last = response.json()
        return self.text

    @property
    def text(self) -> str:
        return "".join(m.get("text", "") for m in self.last)

    def custom(self, key: str) -> Optional[object]:
        for message in self.last:
            if key in (message.get("custom") or {}):
                return message["custom"][key]
        return None


@dataclass
class Stack:
    env: Dict[str, str]
    var: Path
    ports: Dict[str, int]
    servers: Dict[str, Server] = field(default_factory=dict)
    model: Path = MODEL

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def api(self, name: str, method: str, path: str, **kwargs) -> httpx.Response:
        return httpx.request(method, self.url(name) + path, headers={"Authorization": f"Bearer {TOKEN}"},
                             timeout=10, **kwargs)

    def chat(self, signed: bool = True, **metadata: str) -> Chat:
        """A conversation; a caller_id / login / device_id in it is signed unless ``signed=False``."""
        return Chat(self.url("rasa"), f"test-{uuid.uuid4().hex[:10]}", {"channel": "rest", **metadata},
                    signed=signed)

    def rasa_api(self, method: str, path: str, token: Optional[str] = RASA_TOKEN, **kwargs) -> httpx.Response:
        """Rasa's HTTP API (trackers, /model/parse), with its token unless ``token=None``."""
        params = {"token": token} if token else {}
        return httpx.request(method, self.url("rasa") + path, params=params, timeout=30, **kwargs)

    def command(self, name: str) -> List[str]:
        if name == "actions":
            return launcher.actions(self.ports[name])
        if name == "rasa":
            return launcher.rasa(self.ports[name], self.var / "endpoints.yml", model=self.model, api_token=RASA_TOKEN)
        return {"records": launcher.records, "dispatch": launcher.dispatch}[name]()

    def env_for(self, client: str) -> Dict[str, str]:
        """``env`` with the services token of ``client`` (actions, hotline, widget, desk, admin)."""
        return {**self.env, "E12349_API_TOKEN": CLIENT_TOKENS[client]}

    def start(self, name: str) -> Server:
        env = self.env_for("actions") if name == "actions" else self.env
        server = Server(name, self.command(name), self.ports[name], env, self.var).start()
        self.servers[name] = server
        return server

    def stop(self, name: str) -> None:
        self.servers.pop(name).stop()


@contextlib.contextmanager
def running_stack(var: Path, elders: int = 200, model: Path = MODEL) -> Iterator[Stack]:
    """Seed a fresh database in ``var`` and run every server (Rasa on ``model``) until the block ends."""
    if not model.exists():
        raise RuntimeError(f"no trained model at {model}: run bin/train first")
    ports = {name: free_port() for name in ("records", "dispatch", "actions", "rasa")}
    env = project_env(
        var,
        # env as such is what the gateways started from it (tests/phone, tests/web) send: the hotline's token
        E12349_API_TOKEN=CLIENT_TOKENS["hotline"],
        E12349_API_CLIENTS=",".join(f"{name}={token}" for name, token in CLIENT_TOKENS.items()),
        **launcher.service_env(ports), **IDENTITY_ENV,
    )
    stack = Stack(env, var, ports, model=model)
    subprocess.run(launcher.seed(elders), cwd=REPO, env=env, check=True, capture_output=True)
    launcher.write_endpoints(var / "endpoints.yml", ports["actions"])
    try:
        for name in ("records", "dispatch", "actions", "rasa"):
            stack.start(name)
        yield stack
    finally:
        for server in reversed(list(stack.servers.values())):
            server.stop()
