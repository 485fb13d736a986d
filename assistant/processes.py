"""Start the project's own servers as subprocesses and stop them again.

Used by the production launcher, the tests and the benchmarks. Standard
library only, so every environment (Rasa's, the services', the voice front
end's) can use it.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional

from assistant.settings import settings as _settings

REPO = Path(__file__).resolve().parents[1]
APP_PYTHON = REPO / ".venv" / "bin" / "python"
RASA_BIN = REPO / ".venv-rasa" / "bin" / "rasa"
MODEL = _settings.rasa_model


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Server:
    """One subprocess listening on a loopback port, with its log kept for failures."""

    def __init__(self, name: str, cmd: List[str], port: int, env: Dict[str, str], log_dir: Path):
        self.name, self.cmd, self.port, self.env = name, cmd, port, env
        self.log_path = log_dir / f"{name}.log"
        self.proc: Optional[subprocess.Popen] = None

    def start(self, timeout_s: float = 180) -> "Server":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.cmd, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if port_open(self.port):
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not open port {self.port} in {timeout_s}s:\n{self.tail()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def project_env(var_dir: Path, **overrides: str) -> Dict[str, str]:
    """Environment for a server of ours: repo importable, state in ``var_dir``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env["E12349_VAR_DIR"] = str(var_dir)
    env.update(overrides)
    return env
