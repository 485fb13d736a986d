"""App factory shared by the records and dispatch services, and their runner."""
from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant import privacy
from assistant.settings import Settings, settings
from services import migrate
from services.common.db import Database
from services.common.errors import install_handlers
from services.common.limits import BodyLimit
from services.common.scopes import parse_clients


def create_app(
    title: str,
    configure: Callable[[FastAPI], None],
    database_url: str | None = None,
    api_clients: tuple[str, ...] | None = None,
    config: Settings | None = None,
) -> FastAPI:
    """Build an app on its own Database; ``configure`` adds the routers. ``api_clients`` and
    ``config`` default to settings (tests pass their own)."""
    config = config or settings
    clients = parse_clients(api_clients if api_clients is not None else config.api_clients)
    db = Database(database_url or config.db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    app = FastAPI(title=title, version="1.0.0", lifespan=lifespan)
    app.state.db = db
    app.state.clients = clients
    app.state.config = config
    install_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes)
    configure(app)
    return app


def serve(factory: Callable[[], FastAPI], port: int) -> None:
    """Migrate the database, then run the app with uvicorn on settings.services_host."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    privacy.install()  # access lines carry ?phone=… query strings
    dev = [c.name for c in parse_clients(settings.api_clients) if c.token.startswith("dev-")]
    if dev:
        logging.getLogger("services").warning(
            "development tokens in use for %s: set E12349_API_CLIENTS before exposing this service", ", ".join(dev))
    migrate.upgrade(settings.db_url)
    # log_config=None: uvicorn's loggers propagate to the masked root handler.
    uvicorn.run(factory(), host=settings.services_host, port=port, log_level="info", log_config=None)
