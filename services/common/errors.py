"""Uniform JSON errors: ``{"detail": str, "errors"?: [...]}`` for every failure.

Validation failures get one readable sentence in ``detail`` plus the field list;
unexpected exceptions are logged and answered with a bare 500, no stack trace.
"""
from __future__ import annotations

import logging
from typing import TypeVar

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

log = logging.getLogger("services")
T = TypeVar("T")


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str


class ErrorBody(BaseModel):
    detail: str
    errors: list[FieldError] | None = None


def _error(description: str) -> dict:
    return {"model": ErrorBody, "description": description}


# Documented on every route so the OpenAPI schema tells clients (and schemathesis) the truth.
COMMON_RESPONSES = {
    400: _error("Malformed request body"),
    401: _error("Missing or invalid bearer token"),
    403: _error("The client's token lacks the scope this operation needs"),
    413: _error("Request body over the size limit"),
    422: _error("Invalid input"),
    500: _error("Internal error"),
}
NOT_FOUND = {404: _error("Unknown id")}
CONFLICT = {409: _error("Not allowed in the current state")}
TOO_MANY = {429: _error("Too many attempts: wait Retry-After seconds")}


def _field_errors(exc: RequestValidationError) -> list[FieldError]:
    return [
        FieldError(loc=[str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
                   msg=str(e.get("msg", "invalid")))
        for e in exc.errors()
    ]


async def _on_validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = _field_errors(exc)
    summary = "; ".join(f"{'.'.join(map(str, e.loc))}: {e.msg}" for e in errors[:5])
    body = ErrorBody(detail=f"输入有误 / invalid input: {summary}", errors=errors)
    return JSONResponse(body.model_dump(), status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _on_crash(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    body = ErrorBody(detail="服务内部错误 / internal server error")
    return JSONResponse(body.model_dump(exclude_none=True), status_code=500)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(Exception, _on_crash)


def not_found(label: str, key: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"{label} {key} 不存在 / {label} {key} not found")


def invalid(message: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=message)


def conflict(message: str) -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, detail=message)


def get_or_404(session: Session, model: type[T], key: str, label: str, lock: bool = False) -> T:
    """``lock`` takes a row lock (PostgreSQL) for read-modify-write endpoints."""
    row = session.get(model, key, with_for_update=lock)
    if row is None:
        raise not_found(label, key)
    return row


def get_or_422(session: Session, model: type[T], key: str, label: str) -> T:
    """For ids inside a request body: unknown is bad input (422), not a missing resource."""
    row = session.get(model, key)
    if row is None:
        raise invalid(f"{label} {key} 不存在 / unknown {label} {key}")
    return row
