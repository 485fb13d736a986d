"""The care FastAPI app (/care/v1) on the services database."""
from __future__ import annotations

from fastapi import FastAPI

from assistant.settings import Settings
from services.care import api
from services.care.clock import Clock, SystemClock
from services.common.app import create_app
from services.common.auth import AUTH
from services.common.errors import COMMON_RESPONSES

PREFIX = "/care/v1"


def create_care_app(database_url: str | None = None, api_clients: tuple[str, ...] | None = None,
                    config: Settings | None = None, clock: Clock | None = None) -> FastAPI:
    def configure(app: FastAPI) -> None:
        app.state.care_clock = clock or SystemClock()
        app.include_router(api.router, prefix=PREFIX, dependencies=AUTH, responses=COMMON_RESPONSES)

    return create_app("12349 care API", configure, database_url, api_clients, config)
