"""The desk's FastAPI app: pages under /desk/, the API under /desk/v1 (OpenAPI at /desk/openapi.json)."""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from assistant.settings import Settings
from assistant.settings import settings as default_settings
from desk import admin, alarms, channels, events, feed, sessions, stats, work
from desk.bus import Bus
from desk.dispatch import DispatchApi
from desk.events import Presence, Snapshots
from desk.rasa import RasaControl
from desk.settings import DeskSettings, desk_settings
from services.common.app import create_app

PREFIX = "/desk/v1"
STATIC = Path(__file__).resolve().parent / "static"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def _configure(app: FastAPI) -> None:
    for module in (sessions, work, channels, events, alarms, stats, admin):
        app.include_router(module.router, prefix=PREFIX)
    app.mount("/desk/static", StaticFiles(directory=STATIC), name="desk-static")

    @app.get("/desk/", include_in_schema=False)
    async def page():
        return FileResponse(STATIC / "desk.html")

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def create_desk_app(database_url: str | None = None, api_clients: tuple[str, ...] | None = None,
                    config: Settings | None = None, desk: DeskSettings | None = None,
                    background: bool = True) -> FastAPI:
    """``background=False``: no order feed or escalation loop (tests drive ``desk.feed`` themselves)."""
    config = config or default_settings
    app = create_app("12349 operator desk", _configure, database_url, api_clients, config)
    app.state.desk = desk or desk_settings
    app.state.bus, app.state.presence, app.state.snapshots = Bus(), Presence(), Snapshots()
    app.state.rasa = RasaControl(config.rasa_url, config.rasa_api_token)
    app.state.dispatch = DispatchApi(config.dispatch_url, config.client_token("desk"))
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[None]:
        app.state.bus.bind(asyncio.get_running_loop())
        task = asyncio.create_task(feed.run(app)) if background else None
        async with inner(running):
            yield
        if task:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await app.state.rasa.close()
        await app.state.dispatch.close()

    app.router.lifespan_context = lifespan
    return app
