"""Search the city's care catalogue: institutions, meal sites and their menus."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from assistant.settings import settings
from services.common.city import local_today, normalize_district
from services.common.db import ReadDB
from services.common.errors import NOT_FOUND, get_or_404
from services.models import Dish, Institution, MealSite
from services.records import schemas

router = APIRouter(tags=["catalogue"])
MAX_RESULTS = 20


def _district(name: str | None) -> str | None:
    # Unknown names pass through unchanged and simply match nothing.
    return None if name is None else (normalize_district(settings.city, name) or name)


@router.get("/institutions", response_model=schemas.InstitutionList)
def search_institutions(
    session: ReadDB,
    district: Annotated[str | None, Query(max_length=20)] = None,
    care_level: schemas.CareLevel | None = None,
    max_price: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
) -> schemas.InstitutionList:
    """Institutions with free beds first, then cheapest first."""
    query = select(Institution)
    if district:
        query = query.where(Institution.district == _district(district))
    if max_price is not None:
        query = query.where(Institution.price_min_yuan <= max_price)
    query = query.order_by(Institution.beds_free.desc(), Institution.price_min_yuan, Institution.institution_id)
    # care_levels is a JSON list; the table is small, so filter it here portably.
    rows = [i for i in session.scalars(query) if care_level is None or care_level in i.care_levels]
    return schemas.InstitutionList(
        items=[schemas.Institution.model_validate(i, from_attributes=True) for i in rows[:MAX_RESULTS]]
    )


@router.get("/meal-sites", response_model=schemas.MealSiteList)
def search_meal_sites(
    session: ReadDB, district: Annotated[str | None, Query(max_length=20)] = None
) -> schemas.MealSiteList:
    query = select(MealSite).order_by(MealSite.site_id)
    if district:
        query = query.where(MealSite.district == _district(district))
    return schemas.MealSiteList(
        items=[schemas.MealSite.model_validate(s, from_attributes=True) for s in session.scalars(query)]
    )


@router.get("/meal-sites/{site_id}/menu", response_model=schemas.DishList, responses=NOT_FOUND)
def site_menu(site_id: str, session: ReadDB, date: date | None = None) -> schemas.DishList:
    """The menu for one day (default today); menus repeat weekly."""
    get_or_404(session, MealSite, site_id, "meal site")
    weekday = (date or local_today()).weekday()
    meal_order = {"早餐": 0, "午餐": 1, "晚餐": 2}
    rows = session.scalars(select(Dish).where(Dish.site_id == site_id, Dish.weekday == weekday).order_by(Dish.id))
    dishes = sorted(rows, key=lambda d: meal_order.get(d.meal, 3))
    return schemas.DishList(items=[schemas.Dish.model_validate(d, from_attributes=True) for d in dishes])
