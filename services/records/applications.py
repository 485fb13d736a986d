"""Elder-card (老年证) applications: eligibility checks, create, look up."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import select

from assistant.settings import settings
from services.common import idcard
from services.common.auth import needs
from services.common.city import districts, local_today, normalize_district
from services.common.db import ReadDB, WriteDB
from services.common.errors import NOT_FOUND, get_or_404, get_or_422, invalid
from services.common.ids import new_id
from services.models import Application, Elder
from services.records import schemas

router = APIRouter(tags=["elder-card applications"])

MIN_AGE = 60
RECEIVED_NOTE = "已受理，等待街道审核 / received, awaiting review by the sub-district office"


def view(app: Application) -> schemas.Application:
    return schemas.Application.model_validate(app, from_attributes=True)


def check_eligibility(body: schemas.ApplicationCreate) -> tuple[str, str]:
    """Return (normalised ID number, canonical district) or raise a bilingual 422."""
    try:
        born = idcard.birth_date(body.id_number)
    except idcard.IdNumberError as exc:
        raise invalid(str(exc)) from None
    age = idcard.age_on(born, local_today())
    if age < MIN_AGE:
        raise invalid(f"申请人{age}岁，未满{MIN_AGE}周岁 / applicant is {age}, under {MIN_AGE}")
    district = normalize_district(settings.city, body.district)
    if district is None:
        names = "、".join(districts(settings.city))
        raise invalid(
            f"{body.district}不在{settings.city}辖区内（{names}） / "
            f"district {body.district!r} is not in {settings.city}"
        )
    return idcard.normalize(body.id_number), district


@router.post(
    "/elder-card-applications",
    response_model=schemas.Application,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": schemas.Application, "description": "An open application already exists"}},
    dependencies=[needs("records:write")],
)
def create_application(
    body: schemas.ApplicationCreate, session: WriteDB, response: Response
) -> schemas.Application:
    """Submit an application. A retry (or a second call) for the same ID number while an
    earlier application is not rejected returns that one with 200 instead of a duplicate."""
    id_number, district = check_eligibility(body)
    existing = session.scalars(
        select(Application)
        .where(Application.id_number == id_number, Application.status != "rejected")
        .order_by(Application.created_at)
    ).first()
    if existing is not None:
        response.status_code = status.HTTP_200_OK
        return view(existing)
    elder_id = body.elder_id
    if elder_id is not None:
        get_or_422(session, Elder, elder_id, "elder")
    else:
        elder_id = session.scalar(select(Elder.elder_id).where(Elder.id_number == id_number))
    application = Application(
        application_id=new_id(session, Application.application_id),
        elder_id=elder_id,
        name=body.name.strip(),
        id_number=id_number,
        phone=body.phone,
        district=district,
        channel=body.channel,
        status="submitted",
        note=RECEIVED_NOTE,
    )
    session.add(application)
    session.commit()
    return view(application)


@router.get("/elder-card-applications/{application_id}", response_model=schemas.Application, responses=NOT_FOUND,
            dependencies=[needs("records:read")])
def get_application(application_id: str, session: ReadDB) -> schemas.Application:
    return view(get_or_404(session, Application, application_id, "application"))


@router.get("/elder-card-applications", response_model=schemas.ApplicationList,
            dependencies=[needs("records:read")])
def list_applications(
    session: ReadDB, elder_id: Annotated[str, Query(max_length=12)]
) -> schemas.ApplicationList:
    rows = session.scalars(
        select(Application).where(Application.elder_id == elder_id).order_by(Application.created_at.desc())
    )
    return schemas.ApplicationList(items=[view(a) for a in rows])
