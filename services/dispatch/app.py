"""The dispatch FastAPI app."""
from __future__ import annotations

from fastapi import FastAPI

from assistant.settings import Settings
from services.common.app import create_app
from services.common.auth import AUTH
from services.common.errors import COMMON_RESPONSES
from services.dispatch import directory, notes, orders

PREFIX = "/dispatch/v1"


def _configure(app: FastAPI) -> None:
    for module in (orders, notes, directory):
        app.include_router(module.router, prefix=PREFIX, dependencies=AUTH, responses=COMMON_RESPONSES)


def create_dispatch_app(database_url: str | None = None, api_clients: tuple[str, ...] | None = None,
                        config: Settings | None = None) -> FastAPI:
    return create_app("12349 dispatch API", _configure, database_url, api_clients, config)
