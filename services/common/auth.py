"""Bearer tokens per client, and the scope each route needs.

No or unknown token → 401; a known client outside its scope → 403. Every
route carries exactly one ``needs(scope)`` dependency (tests check it).
"""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.common.scopes import Client

# auto_error=False: we answer 401 (not 403) ourselves, with a WWW-Authenticate header.
_bearer = HTTPBearer(auto_error=False, description="The client's own token (E12349_API_CLIENTS)")


def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Client:
    clients: tuple[Client, ...] = request.app.state.clients
    offered = (credentials.credentials if credentials else "").encode()
    # Compare against every token so timing does not reveal which one nearly matched.
    found = None
    for client in clients:
        if hmac.compare_digest(offered, client.token.encode()):
            found = client
    if not offered or found is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="缺少或无效的访问令牌 / missing or invalid bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return found


def needs(scope: str):
    """A dependency admitting only clients holding ``scope``; it yields the Client."""

    def check(client: Annotated[Client, Depends(authenticate)]) -> Client:
        if scope not in client.scopes:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"客户端{client.name}无权访问此接口 / client {client.name} lacks the scope {scope}",
            )
        return client

    check.scope = scope  # read by the test that every route is guarded
    return Depends(check)


AUTH = [Depends(authenticate)]
