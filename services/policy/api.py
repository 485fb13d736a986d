"""HTTP routes of the policy knowledge base (docs/CONTRACT.md, "Policy API").

The records app mounts `router` and adds authentication; nothing here checks
tokens. The index loads on the first request (built from the papers when no
store exists yet), not at import, so mounting the router costs nothing.
"""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.policy import answer as kb

router = APIRouter(prefix="/policy/v1", tags=["policy"])


class Clause(BaseModel):
    doc_id: str
    doc_title: str
    issuer: str
    date: str
    doc_number: str
    city: str
    status: str
    clause_path: str
    heading: str
    text: str


class ScoredClause(Clause):
    score: float


class SearchResponse(BaseModel):
    items: list[ScoredClause]


class AnswerResponse(BaseModel):
    found: bool
    answer: str
    warning: Optional[str] = None
    clause: Optional[Clause] = None


def _city(city: Optional[str]) -> Optional[str]:
    return city.strip() or None if city else None


@router.get("/search", response_model=SearchResponse)
def search(
    q: str = Query(..., min_length=1, description="the caller's question or keywords"),
    city: Optional[str] = Query(None, description="limit to this city's papers when it has any"),
    k: int = Query(3, ge=1, le=20),
) -> dict:
    return {"items": kb.search(q, _city(city), k)}


@router.get("/answer", response_model=AnswerResponse)
def answer(
    q: str = Query(..., min_length=1, description="the caller's question"),
    city: Optional[str] = Query(None, description="the caller's city"),
) -> dict:
    return kb.answer(q, _city(city))
