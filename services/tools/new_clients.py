"""python -m services.tools.new_clients — a fresh E12349_API_CLIENTS line for a deployment:
one random token per client (actions, hotline, widget, desk, admin), default scopes.
Give each process its own with E12349_API_TOKEN; keep the line out of the repository."""
from __future__ import annotations

import secrets

from services.common.scopes import DEFAULT_SCOPES


def line() -> str:
    # token_urlsafe never contains ',', '=' or whitespace, the separators of the setting
    return "E12349_API_CLIENTS=" + ",".join(f"{name}={secrets.token_urlsafe(32)}" for name in DEFAULT_SCOPES)


if __name__ == "__main__":
    print(line())
