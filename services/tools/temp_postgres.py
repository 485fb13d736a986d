"""A throw-away PostgreSQL server in a temp directory, from Debian's packages.

The server runs as the ``postgres`` user when we are root (initdb refuses root),
listens on a free loopback port and on a unix socket inside the temp directory,
trusts local connections, and is stopped and deleted on exit.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.processes import free_port


def find_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


class TempPostgres:
    """``root``/``port`` given: a kept server (bin/run-production) whose data survives stop()."""

    def __init__(self, root: Path | None = None, port: int | None = None) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL binaries not found: apt-get install postgresql")
        self.bindir = bindir
        self.keep = root is not None
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="e12349-pg-"))
        self.data = self.root / "data"
        self.port = port or free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self) -> TempPostgres:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        if not (self.data / "PG_VERSION").exists():  # a kept server is initialised once
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start")
        return self

    def create_database(self, name: str) -> str:
        """Create ``name`` (if missing) and return its SQLAlchemy URL (psycopg 3 over the unix socket)."""
        try:
            self._run("createdb", "-h", str(self.root), "-p", str(self.port), "-U", "postgres", name)
        except subprocess.CalledProcessError as error:
            if b"already exists" not in (error.stderr or b""):
                raise
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@/{name}?host={self.root}&port={self.port}"

    def halt(self) -> None:
        """Stop the server, keep its data: start() brings the same databases back (restart tests)."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self.halt()
        finally:
            if not self.keep:
                shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> TempPostgres:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
