"""Who may call what: desk pages by session and role (CSRF on every change), channels by bearer scope.

- No or expired session: 401. A role outside the route's: 403.
- POST/PUT/DELETE also need ``X-CSRF-Token`` equal to the session's token (403 otherwise): another
  site can make the browser send the cookie (SameSite=Strict already stops most), never read the token.
- Channels (the action server, the widget gateway, the hotline) call with their records/dispatch bearer
  token (services/common/auth.py) and need the ``desk:handovers`` scope.
"""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from desk.accounts import COOKIE, Who, session_user
from services.common.auth import authenticate
from services.common.scopes import Client

CHANNEL_SCOPE = "desk:handovers"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def current(request: Request) -> Who:
    with request.app.state.db.read() as db:
        who = session_user(db, request.cookies.get(COOKIE))
    if who is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="请先登录 / log in first")
    if request.method in UNSAFE:
        offered = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(offered.encode(), who.csrf.encode()):
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail="页面已过期，请刷新 / CSRF token missing or wrong")
    return who


def role(*allowed: str):
    """A dependency admitting logged-in users of these roles; it yields the user."""

    def check(who: Annotated[Who, Depends(current)]) -> Who:
        if who.role not in allowed:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"{who.role} 无权进行此操作 / not allowed for {who.role}")
        return who

    return Depends(check)


def channel(client: Annotated[Client, Depends(authenticate)]) -> Client:
    if CHANNEL_SCOPE not in client.scopes:
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            detail=f"客户端{client.name}无权访问此接口 / client {client.name} lacks the scope {CHANNEL_SCOPE}")
    return client


DESK = role("operator", "supervisor")  # the queue and elders' data
SUPERVISOR = role("supervisor")
ADMIN = role("admin")
CHANNEL = Depends(channel)
