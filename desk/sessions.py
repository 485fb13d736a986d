"""Logging in and out of the desk, and who is logged in (``/desk/v1/login``, ``/logout``, ``/me``)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from desk import accounts
from desk.accounts import COOKIE, Who
from desk.guard import current
from desk.schemas import Login

router = APIRouter(tags=["session"])


def _log_in(request: Request, body: Login) -> tuple[accounts.DeskUser | None, str, bool]:
    config = request.app.state.desk
    with request.app.state.db.write() as db:
        if accounts.throttled(db, body.login, config.login_max_failures, config.login_window_s):
            return None, "", True
        user = accounts.check_password(db, body.login, body.password)
        token = accounts.start_session(db, user, config.session_ttl_s) if user else ""
        db.commit()
    return user, token, False


@router.post("/login")
async def log_in(body: Login, request: Request):
    # JSON only: a cross-site HTML form cannot send it without a CORS preflight (login CSRF)
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise HTTPException(415, detail="请用页面登录 / JSON body expected")
    user, token, locked = await run_in_threadpool(_log_in, request, body)
    if locked:
        raise HTTPException(429, detail="密码错误次数太多，请15分钟后再试 / too many failed logins",
                            headers={"Retry-After": str(request.app.state.desk.login_window_s)})
    if user is None:
        raise HTTPException(401, detail="用户名或密码不对 / wrong login or password")
    response = JSONResponse({"login": user.login, "name": user.name, "role": user.role})
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https",
                        path="/desk", max_age=request.app.state.desk.session_ttl_s)
    return response


@router.post("/logout")
def log_out(request: Request, who: Annotated[Who, Depends(current)]):
    with request.app.state.db.write() as db:
        accounts.end_session(db, request.cookies.get(COOKIE))
        db.commit()
    response = JSONResponse({"login": None})
    response.delete_cookie(COOKIE, path="/desk", httponly=True, samesite="strict")
    return response


@router.get("/me")
def me(who: Annotated[Who, Depends(current)]):
    """Who is logged in, and the CSRF token the page sends back on every change."""
    return {"login": who.login, "name": who.name, "role": who.role, "csrf": who.csrf}
