"""The records FastAPI app; mounts the policy router when services.policy is present."""
from __future__ import annotations

import logging

from fastapi import FastAPI

from services.common.app import create_app
from services.common.auth import AUTH
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
    app.include_router(policy_router, dependencies=AUTH, responses=COMMON_RESPONSES)


def _configure(app: FastAPI) -> None:
    for module in (elders, applications, catalog):
        app.include_router(module.router, prefix=PREFIX, dependencies=AUTH, responses=COMMON_RESPONSES)
    _include_policy(app)


def create_records_app(database_url: str | None = None, api_tokens: tuple[str, ...] | None = None) -> FastAPI:
    return create_app("12349 records API", _configure, database_url, api_tokens)
