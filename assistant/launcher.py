"""The command lines and environments of the project's own processes, built in one place.

bin/run (assistant/deploy/embedded.py), bin/run-production (assistant/deploy/production.py)
and the test stack (tests/support/stack.py) all start their processes from these, and
``Group`` starts a set of them side by side and stops them again, also from a later
process (pid files). Standard library only, like assistant/processes.py.
"""
from __future__ import annotations

import contextlib
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

from assistant.processes import APP_PYTHON, MODEL, RASA_BIN, REPO, Server

RASA_PYTHON = REPO / ".venv-rasa" / "bin" / "python"
VOICE_PYTHON = REPO / ".venv-voice" / "bin" / "python"
CREDENTIALS = REPO / "assistant" / "credentials.yml"


def records() -> List[str]:
    return [str(APP_PYTHON), "-m", "services.records"]  # port: E12349_RECORDS_PORT


def dispatch() -> List[str]:
    return [str(APP_PYTHON), "-m", "services.dispatch"]  # port: E12349_DISPATCH_PORT


def desk() -> List[str]:
    return [str(APP_PYTHON), "-m", "desk"]  # port: E12349_DESK_PORT


def desk_demo_users() -> List[str]:
    return [str(APP_PYTHON), "-m", "desk.users", "demo"]


def care_plans() -> List[str]:
    return [str(APP_PYTHON), "-m", "services.care.seed"]  # a care plan for every elder without one


def care(port: int) -> List[str]:
    return [str(APP_PYTHON), "-m", "services.care", "--port", str(port)]


def seed(elders: Optional[int] = None) -> List[str]:
    return [str(APP_PYTHON), "-m", "services.seed", *(["--elders", str(elders)] if elders else [])]


def ingest() -> List[str]:
    return [str(APP_PYTHON), "-m", "services.policy.ingest"]


def actions(port: int) -> List[str]:
    return [str(RASA_BIN), "run", "actions", "--actions", "actions", "--port", str(port)]


def rasa(port: int, endpoints: Path, credentials: Path = CREDENTIALS, model: Path = MODEL,
         api_token: str = "") -> List[str]:
    """A Rasa server on loopback; its HTTP API only with ``api_token`` (without one, none)."""
    api = ["--enable-api", "--auth-token", api_token] if api_token else []
    return [str(RASA_BIN), "run", "--model", str(model), *api, "-i", "127.0.0.1", "--port", str(port),
            "--endpoints", str(endpoints), "--credentials", str(credentials)]


def widget() -> List[str]:
    return [str(VOICE_PYTHON), "-m", "web"]  # settings.widget_host / widget_port


def hotline() -> List[str]:
    return [str(VOICE_PYTHON), "-m", "voice.phone"]  # SIP on sip_port, health on hotline_health_port


def chat() -> List[str]:
    return [str(RASA_PYTHON), "-m", "assistant.chat"]


def write_endpoints(path: Path, action_port: int) -> Path:
    """Embedded endpoints (in-memory trackers) with the action server on ``action_port``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    return path


def service_env(ports: Dict[str, int]) -> Dict[str, str]:
    """Where records, dispatch and Rasa listen, as every process of one deployment is told."""
    return {"E12349_RECORDS_URL": f"http://127.0.0.1:{ports['records']}",
            "E12349_DISPATCH_URL": f"http://127.0.0.1:{ports['dispatch']}",
            "E12349_RECORDS_PORT": str(ports["records"]), "E12349_DISPATCH_PORT": str(ports["dispatch"]),
            "E12349_RASA_URL": f"http://127.0.0.1:{ports['rasa']}", "RASA_TELEMETRY_ENABLED": "false",
            **({"E12349_DESK_URL": f"http://127.0.0.1:{ports['desk']}", "E12349_DESK_PORT": str(ports["desk"])}
               if "desk" in ports else {}),
            **({"E12349_CARE_URL": f"http://127.0.0.1:{ports['care']}"} if "care" in ports else {})}


class Group:
    """Servers started side by side (Rasa takes a while to load), each leaving a pid file in
    ``run_dir`` so that a later process (``bin/run stop``) can end what this one started."""

    def __init__(self, run_dir: Path, log_dir: Path) -> None:
        self.run_dir, self.log_dir = run_dir, log_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        log_dir.mkdir(parents=True, exist_ok=True)
        self.servers: Dict[str, Server] = {}

    def server(self, name: str, cmd: Sequence[str], port: int, env: Dict[str, str]) -> Server:
        return Server(name, list(cmd), port, env, self.log_dir)

    def start(self, *servers: Server) -> None:
        with ThreadPoolExecutor(len(servers)) as pool:
            started = list(pool.map(lambda s: s.start(), servers))  # re-raises the first failure
        for server in started:
            self.servers[server.name] = server
            self._pidfile(server.name).write_text(str(server.proc.pid))

    def kill(self, name: str) -> None:
        """Crash one process (SIGKILL, no clean shutdown), as a failing machine would."""
        server = self.servers.pop(name)
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait()
        self._pidfile(name).unlink(missing_ok=True)

    def stop_one(self, name: str) -> None:
        self.servers.pop(name).stop()
        self._pidfile(name).unlink(missing_ok=True)

    def stop(self, order: Iterable[str] = ()) -> List[str]:
        """Stop ``order`` first, then the rest; pid files cover what an earlier process started.
        Returns the names stopped."""
        names = list(order) + sorted({p.stem for p in self.run_dir.glob("*.pid")} | set(self.servers))
        stopped, leftovers = [], []
        for name in dict.fromkeys(names):
            server, pidfile = self.servers.pop(name, None), self._pidfile(name)
            if server:
                server.stop()
                stopped.append(name)
            elif pidfile.exists():
                leftovers.append(int(pidfile.read_text()))
                stopped.append(name)
            pidfile.unlink(missing_ok=True)
        stop_groups(leftovers)
        return stopped

    def _pidfile(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"


def stop_groups(pids: List[int], grace_s: float = 15) -> None:
    """SIGTERM process groups an earlier run started (all at once: each takes seconds), SIGKILL after ``grace_s``."""
    def signal_all(sig: int) -> List[int]:
        alive = []
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, sig)
                alive.append(pid)
        return alive

    signal_all(signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while signal_all(0) and time.monotonic() < deadline:
        time.sleep(0.2)
    signal_all(signal.SIGKILL)
