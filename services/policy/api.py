"""HTTP routes of the policy knowledge base (docs/CONTRACT.md, "Policy API").

The records app mounts `router` and adds authentication; nothing here checks
tokens. The index loads on the first request (built from the papers when no
store exists yet), not at import, so mounting the router costs nothing.
"""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.common.city import current as current_pack
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
    type: Optional[str] = None  # what the question asked for: number, share, when, who, list, how, where, yesno …
    clause_id: Optional[str] = None  # "<doc_id>#<clause_path>": pass back as prev_clause with a follow-up


class District(BaseModel):
    name: str
    area_code: str


class CityResponse(BaseModel):
    name: str
    hotline: str
    policy_city: str
    districts: list[District]


def _city(city: Optional[str]) -> Optional[str]:
    """The caller's city; none given: the city pack's default policy city (its papers answer first)."""
    if city is not None:
        return city.strip() or None
    try:
        return current_pack().policy_city
    except ValueError:  # no pack for this deployment: search every city
        return None


MAX_QUESTION = 500  # characters; a caller's question is a sentence or two


@router.get("/search", response_model=SearchResponse)
def search(
    q: str = Query(..., min_length=1, max_length=MAX_QUESTION, description="the caller's question or keywords"),
    city: Optional[str] = Query(None, description="limit to this city's papers when it has any"),
    k: int = Query(3, ge=1, le=20),
) -> dict:
    return {"items": kb.search(q, _city(city), k)}


@router.get("/answer", response_model=AnswerResponse)
def answer(
    q: str = Query(..., min_length=1, max_length=MAX_QUESTION, description="the caller's question"),
    city: Optional[str] = Query(None, max_length=20, description="the caller's city"),
    prev_q: Optional[str] = Query(None, max_length=MAX_QUESTION, description="the previous policy question"),
    prev_clause: Optional[str] = Query(None, max_length=300, description="clause_id of the previous answer"),
) -> dict:
    """A follow-up (那八十岁以上的呢？) is resolved against prev_q / prev_clause when given."""
    return kb.answer(q, _city(city), prev_question=(prev_q or "").strip() or None, prev_clause=prev_clause or None)


@router.get("/city", response_model=CityResponse)
def city() -> dict:
    """The deployment's city pack: name, hotline number, districts, whose papers answer first."""
    pack = current_pack()
    return {"name": pack.name, "hotline": pack.hotline, "policy_city": pack.policy_city,
            "districts": [{"name": n, "area_code": c} for n, c in pack.districts.items()]}
