"""The records FastAPI app; mounts the policy router when services.policy is present."""
from __future__ import annotations

import logging

from fastapi import FastAPI

from assistant.settings import Settings
from services.common.app import create_app
from services.common.auth import AUTH, needs
from services.common.errors import COMMON_RESPONSES
from services.records import applications, catalog, elders

log = logging.getLogger(__name__)
PREFIX = "/records/v1"


def _include_policy(app: FastAPI) -> None:
    # Written separately (services/policy/); the records service runs without it.
    try:
        from services.policy.api import router as policy_router
    except ImportError as exc:
        log.warning("policy API not mounted: %s", exc)
        return
    app.include_router(policy_router, dependencies=[*AUTH, needs("policy:read")], responses=COMMON_RESPONSES)


def _configure(app: FastAPI) -> None:
    for module in (elders, applications):
        app.include_router(module.router, prefix=PREFIX, dependencies=AUTH, responses=COMMON_RESPONSES)
    app.include_router(catalog.router, prefix=PREFIX, dependencies=[*AUTH, needs("catalog:read")],
                       responses=COMMON_RESPONSES)
    _include_policy(app)


def create_records_app(database_url: str | None = None, api_clients: tuple[str, ...] | None = None,
                       config: Settings | None = None) -> FastAPI:
    return create_app("12349 records API", _configure, database_url, api_clients, config)
