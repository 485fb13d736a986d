"""The desk and the widget gateway as subprocesses, and a logged-in desk page (tests and bench_desk)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.processes import APP_PYTHON, REPO, Server, free_port, project_env

# What web/operator.py's docstring asks web/app.py to do, until it does (install() runs once either way).
WIDGET = """
import uvicorn
from assistant.settings import load
from web import operator
from web.app import create_app
settings = load()
app = create_app(settings)
operator.install(app, settings)
uvicorn.run(app, host=settings.widget_host, port=settings.widget_port, access_log=False)
"""
CLIENT_TOKENS = {"actions": "test-actions-12349", "hotline": "test-hotline-12349", "widget": "test-widget-12349",
                 "desk": "test-desk-12349", "admin": "test-token-12349"}


def desk_password(login: str) -> str:
    return f"{login}-12349-dev"  # desk/users.py demo_password (not importable in this environment)


def services_env(var: Path, desk_port: int, **extra: str) -> dict:
    """A database and dispatch service of their own (no Rasa): for desk-only tests."""
    dispatch_port = free_port()
    return project_env(var, E12349_API_CLIENTS=",".join(f"{n}={t}" for n, t in CLIENT_TOKENS.items()),
                       E12349_DISPATCH_URL=f"http://127.0.0.1:{dispatch_port}", E12349_DISPATCH_PORT=str(dispatch_port),
                       E12349_DESK_PORT=str(desk_port), E12349_DESK_URL=f"http://127.0.0.1:{desk_port}", **extra)


def seed(env: dict, elders: int = 20) -> None:
    subprocess.run([str(APP_PYTHON), "-m", "services.seed", "--elders", str(elders)], cwd=REPO, env=env, check=True,
                   capture_output=True)


def start_dispatch(env: dict, var: Path) -> Server:
    return Server("dispatch", [str(APP_PYTHON), "-m", "services.dispatch"], int(env["E12349_DISPATCH_PORT"]), env,
                  var).start(60)


def start_desk(env: dict, var: Path) -> Server:
    """Demo desk users (operator1/2, supervisor1, admin1), then the desk on E12349_DESK_PORT."""
    env = {**env, "E12349_API_TOKEN": CLIENT_TOKENS["desk"]}
    subprocess.run([str(APP_PYTHON), "-m", "desk.users", "demo"], cwd=REPO, env=env, check=True, capture_output=True)
    return Server("desk", [str(APP_PYTHON), "-m", "desk"], int(env["E12349_DESK_PORT"]), env, var).start(60)


def start_widget(env: dict, var: Path, login: str = "demo") -> tuple[Server, str]:
    port = free_port()
    env = {**env, "E12349_API_TOKEN": CLIENT_TOKENS["widget"], "E12349_WIDGET_PORT": str(port),
           "E12349_WIDGET_LOGIN": login, "E12349_RASA_TIMEOUT_S": "90", "E12349_VOICE_CACHE_DIR": str(var / "vc")}
    return Server(f"widget-{port}", [sys.executable, "-c", WIDGET], port, env, var).start(90), f"http://127.0.0.1:{port}"


def desk_page(browser, url: str, login: str):
    """A fresh browser profile logged in to the desk as ``login``; its queue is live when this returns."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url + "/desk/")
    page.fill("#login-name", login)
    page.fill("#login-password", desk_password(login))
    page.click("#login button[type=submit]")
    page.wait_for_selector("#link:not([hidden])")
    return page


def desk_session(base: str, login: str):
    """An httpx client logged in to the desk, with its CSRF token."""
    import httpx

    client = httpx.Client(base_url=base, timeout=30)
    client.post("/desk/v1/login", json={"login": login, "password": desk_password(login)}).raise_for_status()
    client.headers["X-CSRF-Token"] = client.get("/desk/v1/me").json()["csrf"]
    return client
