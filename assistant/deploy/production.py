"""The production topology on one machine, the way bin/run-production and the scale tests run it.

    PostgreSQL ── records, dispatch (services database) and Rasa's tracker store
    Redis ─────── Rasa's lock store (one conversation is processed by one instance at a time)
    nginx ─────── round robin over rasa-a/rasa-b and over actions-a/actions-b

Every process is started from the command lines of assistant/launcher.py (and
services/tools/temp_postgres.TempPostgres) and leaves a pid file, so a later
``stop`` from another process can end what this one started.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from assistant import launcher
from assistant.deploy import nginx
from assistant.processes import MODEL, REPO, Server, free_port, project_env
from assistant.settings import client_token
from services.tools.temp_postgres import TempPostgres

ENDPOINTS = REPO / "assistant" / "endpoints.production.yml"
CREDENTIALS = REPO / "assistant" / "credentials.production.yml"
REPLICAS = ("a", "b")


def outbox_instance(replica: str) -> int:
    """The digit a replica's action server puts in its 登记号 (E12349_OUTBOX_INSTANCE)."""
    return REPLICAS.index(replica) + 1


# Stopping order: front doors first, so no request meets a half-stopped back end.
STOP_ORDER = ("balancer", "rasa-a", "rasa-b", "actions-a", "actions-b", "records", "dispatch", "redis")


@dataclass(frozen=True)
class Ports:
    postgres: int
    redis: int
    records: int
    dispatch: int
    actions_lb: int
    actions: dict[str, int]
    rasa_lb: int
    rasa: dict[str, int]

    @classmethod
    def fixed(cls) -> Ports:
        # The balancers take the embedded default ports, so clients need no change;
        # PostgreSQL and Redis sit off their usual ports to leave any system servers alone.
        return cls(postgres=5433, redis=6380, records=8101, dispatch=8102,
                   actions_lb=5055, actions={"a": 5056, "b": 5057}, rasa_lb=5005, rasa={"a": 5006, "b": 5007})

    @classmethod
    def free(cls) -> Ports:
        return cls(free_port(), free_port(), free_port(), free_port(),
                   free_port(), {r: free_port() for r in REPLICAS}, free_port(), {r: free_port() for r in REPLICAS})

    def table(self) -> list[tuple[str, int, str]]:
        return ([("rasa (load balancer)", self.rasa_lb, "REST channel /webhooks/rest/webhook")]
                + [(f"rasa-{r}", p, "Rasa instance") for r, p in self.rasa.items()]
                + [("actions (load balancer)", self.actions_lb, "action endpoint /webhook")]
                + [(f"actions-{r}", p, "action server replica") for r, p in self.actions.items()]
                + [("records", self.records, "/records/v1, /policy/v1"), ("dispatch", self.dispatch, "/dispatch/v1"),
                   ("postgresql", self.postgres, "services database e12349, tracker store rasa"),
                   ("redis", self.redis, "Rasa lock store")])


class Production:
    def __init__(self, var: Path, ports: Ports, token: str, postgres_root: Path | None = None,
                 actions_dispatch_url: str | None = None, env_overrides: dict[str, str] | None = None,
                 clients: Sequence[str] = ()) -> None:
        self.var, self.ports, self.token = var, ports, token
        # the clients records/dispatch accept ("client=token ...", settings.api_clients); none given:
        # ``token`` is the admin's (tests and benches read with it) and the actions' is derived from it
        self.clients = tuple(clients) or (f"actions={token}-actions", f"admin={token}")
        # The action servers' way to dispatch, when something (a fault proxy) sits in between.
        self.actions_dispatch_url = actions_dispatch_url
        self.env_overrides = env_overrides or {}  # e.g. E12349_STORE_WAIT_S for the restart tests
        # No root: a throw-away server in a temp dir (tests); else data kept under var.
        self.postgres = TempPostgres(postgres_root, ports.postgres)
        self.group = launcher.Group(var / "run", var / "log")

    @property
    def servers(self) -> dict[str, Server]:
        return self.group.servers

    # -- environment -------------------------------------------------------------------
    def env(self, var_dir: Path | None = None, **extra: str) -> dict[str, str]:
        p = self.ports
        return project_env(
            var_dir or self.var,
            # the action servers send their own token, limited to the actions scopes (services/common/scopes.py)
            E12349_API_TOKEN=client_token(self.clients, "actions"),
            E12349_API_CLIENTS=",".join(self.clients),
            E12349_DATABASE_URL=self.postgres.url("e12349"),
            **launcher.service_env({"records": p.records, "dispatch": p.dispatch, "rasa": p.rasa_lb}),
            **{**self.env_overrides, **extra},
        )

    def rasa_env(self) -> dict[str, str]:
        """The variables assistant/endpoints.production.yml reads."""
        return self.env(
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.ports.actions_lb}/webhook",
            TRACKER_DB_HOST="127.0.0.1", TRACKER_DB_PORT=str(self.ports.postgres), TRACKER_DB_NAME="rasa",
            TRACKER_DB_USER="postgres", TRACKER_DB_PASSWORD="",  # local trust auth on one machine
            LOCK_STORE_HOST="127.0.0.1", LOCK_STORE_PORT=str(self.ports.redis), LOCK_STORE_DB="1",
            LOCK_STORE_PASSWORD="",
        )

    # -- processes ---------------------------------------------------------------------
    def rasa(self, replica: str) -> Server:
        port = self.ports.rasa[replica]
        return self.group.server(f"rasa-{replica}", launcher.rasa(port, ENDPOINTS, CREDENTIALS), port,
                                 self.rasa_env())

    def actions(self, replica: str) -> Server:
        # Own var dir per replica: each has its own durable outbox, as on separate machines;
        # the dispatch service's Idempotency-Key keeps redelivery from booking twice.
        port = self.ports.actions[replica]
        via = {"E12349_DISPATCH_URL": self.actions_dispatch_url} if self.actions_dispatch_url else {}
        return self.group.server(f"actions-{replica}", launcher.actions(port), port,
                                 {**self.env(self.var / f"actions-{replica}"), **via,
                                  "E12349_OUTBOX_INSTANCE": str(outbox_instance(replica))})

    def redis(self) -> Server:
        # The lock store holds only short-lived ticket locks: nothing to persist.
        return self.group.server("redis", [
            "redis-server", "--bind", "127.0.0.1", "--port", str(self.ports.redis), "--save", "", "--appendonly",
            "no", "--dir", str(self.var)], self.ports.redis, self.env())

    def start(self, elders: int = 1000) -> None:
        p, group = self.ports, self.group
        try:
            self.postgres.start()
            self.postgres.create_database("e12349")
            self.postgres.create_database("rasa")
            group.start(self.redis())
            for command in (launcher.seed(elders), launcher.ingest()):
                subprocess.run(command, cwd=REPO, env=self.env(), check=True, capture_output=True)
            config = nginx.write_config(self.var / "nginx", {
                "rasa": (p.rasa_lb, list(p.rasa.values())), "actions": (p.actions_lb, list(p.actions.values()))})
            group.start(group.server("balancer", nginx.command(config), p.rasa_lb, self.env()),
                        group.server("records", launcher.records(), p.records, self.env()),
                        group.server("dispatch", launcher.dispatch(), p.dispatch, self.env()),
                        *(self.actions(r) for r in REPLICAS))
            group.start(*(self.rasa(r) for r in REPLICAS))
        except BaseException:
            self.stop()
            raise

    def kill(self, name: str) -> None:
        """Crash one process (SIGKILL, no clean shutdown), as a failing machine would."""
        self.group.kill(name)

    def take_down(self, name: str) -> None:
        """Stop ``redis`` or ``postgres`` cleanly, as an operator restarting it would (bring_up starts it again)."""
        if name == "postgres":
            self.postgres.halt()
        else:
            self.group.stop_one(name)

    def bring_up(self, name: str) -> None:
        if name == "postgres":
            self.postgres.start()  # same data directory: the databases are still there
        else:
            self.group.start({"redis": self.redis}[name]())

    def stop(self) -> None:
        """Stop everything; pid files cover the processes an earlier ``start`` left running."""
        self.group.stop(STOP_ORDER)
        self.postgres.stop()


def main(argv: list[str]) -> int:
    """python -m assistant.deploy.production [start|stop|status] — fixed ports, state in var/production."""
    from assistant.settings import settings
    from assistant.processes import port_open

    verb = argv[0] if argv else "start"
    var = settings.var_dir / "production"
    production = Production(var, Ports.fixed(), settings.client_token("admin"), postgres_root=var / "postgres",
                            clients=settings.api_clients)
    if verb == "stop":
        production.stop()
        print("production stack stopped")
        return 0
    if verb == "start":
        if not MODEL.exists():
            print(f"no trained model at {MODEL}: run bin/train first")
            return 1
        busy = [f"{name} 127.0.0.1:{port}" for name, port, _ in production.ports.table() if port_open(port)]
        if busy:  # a second start would pile new processes onto the ports of the first
            print("already listening, not starting (bin/run-production status / stop):\n  " + "\n  ".join(busy))
            return 1
        production.start()
    elif verb != "status":
        print(main.__doc__)
        return 2
    for name, port, what in production.ports.table():
        state = "up  " if port_open(port) else "DOWN"
        print(f"{state} {name:24} 127.0.0.1:{port:<5}  {what}")
    print(f"logs: {var / 'log'}   stop: bin/run-production stop")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
