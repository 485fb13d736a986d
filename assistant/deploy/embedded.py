"""The embedded topology bin/run starts: SQLite, in-memory trackers, one of each process.

    python -m assistant.deploy.embedded start|stop|status|chat [chat options]

Ports come from assistant/settings.py (records_port, dispatch_port, action_port, the port
of rasa_url, widget_port, hotline_health_port); each process is handed its own services
token from api_clients. The secrets the processes share are made once and kept in
var_dir/secrets.env (this user only); a value set in the environment wins over the file.
"""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple
from urllib.parse import urlsplit

from assistant import launcher
from assistant.processes import REPO, Server, port_open, project_env
from assistant.settings import Settings, settings

SHARED_SECRETS = ("E12349_RASA_API_TOKEN", "E12349_HOTLINE_SECRET", "E12349_WIDGET_SECRET")
ORDER = ("records", "dispatch", "desk", "care", "actions", "rasa", "widget", "hotline")
STOP_ORDER = ("hotline", "widget", "rasa", "actions", "care", "desk", "dispatch", "records")  # front doors first


def ports(s: Settings) -> Dict[str, int]:
    # the SIP hotline answers on UDP; what is waited on is its TCP health port
    return {"records": s.records_port, "dispatch": s.dispatch_port, "desk": s.desk_port, "care": s.care_port,
            "actions": s.action_port,
            "rasa": urlsplit(s.rasa_url).port or 5005, "widget": s.widget_port, "hotline": s.hotline_health_port}


def shared_secrets(var: Path) -> Dict[str, str]:
    path = var / "secrets.env"
    if not path.is_file() or not path.stat().st_size:
        var.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.writelines(f"{name}={secrets.token_hex(24)}\n" for name in SHARED_SECRETS)
    stored = dict(line.split("=", 1) for line in path.read_text().split() if "=" in line)
    return {name: os.environ.get(name) or stored[name] for name in SHARED_SECRETS}


def plan(s: Settings) -> List[Tuple[str, List[str], int, Dict[str, str]]]:
    """(name, command, port, environment) of every process, in start order."""
    p, var = ports(s), s.var_dir
    keys = shared_secrets(var)
    env = project_env(var, **launcher.service_env(p), **keys)
    endpoints = launcher.write_endpoints(var / "run" / "endpoints.yml", p["actions"])
    token = s.client_token
    return [
        ("records", launcher.records(), p["records"], env),
        ("dispatch", launcher.dispatch(), p["dispatch"], env),
        # the operator desk (demo logins: development only, see docs/DESK.md) and the care-call API
        ("desk", launcher.desk(), p["desk"], {**env, "E12349_API_TOKEN": token("desk")}),
        ("care", launcher.care(p["care"]), p["care"], env),
        ("actions", launcher.actions(p["actions"]), p["actions"], {**env, "E12349_API_TOKEN": token("actions")}),
        # the HTTP API only with the token (the voice front end's /model/parse passes it)
        ("rasa", launcher.rasa(p["rasa"], endpoints, model=s.rasa_model, api_token=keys["E12349_RASA_API_TOKEN"]),
         p["rasa"], env),
        # development switch: every widget visitor is the demo login 'demo', the seeded elder 张建国
        # (E12349_WIDGET_LOGIN= turns it off; real logins: E12349_WIDGET_USERS, see web/README.md)
        ("widget", launcher.widget(), p["widget"],
         {**env, "E12349_API_TOKEN": token("widget"), "E12349_WIDGET_LOGIN": os.environ.get("E12349_WIDGET_LOGIN", "demo")}),
        # one ASR model and one voice for all calls (operator: E12349_SIP_OPERATOR_URI)
        ("hotline", launcher.hotline(), p["hotline"], {**env, "E12349_API_TOKEN": token("hotline")}),
    ]


def start(s: Settings) -> int:
    if not s.rasa_model.exists():
        print(f"no trained model at {s.rasa_model}: run bin/train first", file=sys.stderr)
        return 1
    group = launcher.Group(s.var_dir / "run", s.var_dir / "log")
    steps = plan(s)
    print("[run] preparing the demo city database and the policy index", file=sys.stderr)
    for command in (launcher.seed(), launcher.care_plans(), launcher.ingest(), launcher.desk_demo_users()):
        subprocess.run(command, cwd=REPO, env=steps[0][3], check=True, stdout=subprocess.DEVNULL)
    todo: List[Server] = []
    for name, command, port, env in steps:
        if port_open(port):
            print(f"[run] {name} already listening on 127.0.0.1:{port}", file=sys.stderr)
        else:
            print(f"[run] {name} starting on 127.0.0.1:{port} (log: {group.log_dir / name}.log)", file=sys.stderr)
            todo.append(group.server(name, command, port, env))
    if todo:
        group.start(*todo)  # waits until each listens; a failure shows the tail of its log
    p = ports(s)
    print(f"""The assistant is running:
  Rasa REST channel   http://127.0.0.1:{p['rasa']}/webhooks/rest/webhook
  action server       http://127.0.0.1:{p['actions']}
  records API         http://127.0.0.1:{p['records']}/docs
  dispatch API        http://127.0.0.1:{p['dispatch']}/docs
  operator desk       http://127.0.0.1:{p['desk']}/desk/  (demo login operator1 / operator1-12349-dev)
  care calls API      http://127.0.0.1:{p['care']}/docs
  chat widget         http://127.0.0.1:{p['widget']}/
  SIP hotline         sip:{s.hotline}@127.0.0.1:{s.sip_port} (UDP; e.g. baresip, see README)
Chat in a terminal: bin/run chat      Stop everything: bin/run stop""", file=sys.stderr)
    return 0


def main(argv: List[str]) -> int:
    verb = argv[0] if argv else "start"
    if verb == "start":
        try:
            return start(settings)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            print(f"[run] {error}", file=sys.stderr)
            return 1
    if verb == "stop":
        for name in launcher.Group(settings.var_dir / "run", settings.var_dir / "log").stop(STOP_ORDER):
            print(f"[run] stopped {name}", file=sys.stderr)
        return 0
    if verb == "chat":  # the terminal chat, holding this deployment's secrets (it signs a --login)
        command = launcher.chat() + argv[1:]
        os.execve(command[0], command, {**os.environ, **shared_secrets(settings.var_dir)})
    if verb == "status":
        for name, port in ports(settings).items():
            print(f"{name}: up (127.0.0.1:{port})" if port_open(port) else f"{name}: down")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
