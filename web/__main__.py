"""python -m web — the chat widget gateway on settings.widget_host:widget_port."""
from __future__ import annotations

import logging

import uvicorn

from assistant.settings import load

from .app import create_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = load()
    # access log off: request URLs carry the sender id, and nothing else in it is needed
    uvicorn.run(create_app(settings), host=settings.widget_host, port=settings.widget_port, access_log=False)


if __name__ == "__main__":
    main()
