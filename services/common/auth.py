"""Bearer-token check applied to every API route (tokens: settings.api_tokens)."""
from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

# auto_error=False: we answer 401 (not 403) ourselves, with a WWW-Authenticate header.
_bearer = HTTPBearer(auto_error=False, description="Token from E12349_API_TOKENS")


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    tokens: tuple[str, ...] = request.app.state.api_tokens
    offered = credentials.credentials if credentials else ""
    # Compare against every token so timing does not reveal which one nearly matched.
    ok = False
    for token in tokens:
        ok |= hmac.compare_digest(offered.encode(), token.encode())
    if not offered or not ok:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="缺少或无效的访问令牌 / missing or invalid bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return offered


AUTH = [Depends(require_token)]
