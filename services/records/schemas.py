"""Records API shapes (docs/CONTRACT.md)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from services.common.schemas import PHONE_PATTERN
from services.common.schemas import StrictRequest as _Request

CareLevel = Literal["自理", "半失能", "失能"]
ApplicationStatus = Literal["submitted", "reviewing", "approved", "rejected", "issued"]


class EmergencyContact(BaseModel):
    name: str
    relation: str
    phone: str


class Elder(BaseModel):
    """An identify lookup gives elder_id and name only; the rest needs records:read, the
    emergency contact records:contacts. Never the ID number or any part of it."""

    elder_id: str
    name: str
    gender: str | None = None
    age: int | None = None
    birth_date: date | None = None
    phone: str | None = None
    district: str | None = None
    address: str | None = None
    emergency_contact: EmergencyContact | None = None
    device_ids: list[str] | None = None


class ElderList(BaseModel):
    items: list[Elder]


class VerifyRequest(_Request):
    id_last4: str = Field(pattern=r"^\d{3}[\dXx]$", examples=["1233"])


class VerifyResult(BaseModel):
    verified: bool
    tries_left: int = Field(description="wrong answers left for this elder before the lock")


class ApplicationCreate(_Request):
    name: str = Field(min_length=1, max_length=40, examples=["张建国"])
    # Checked in the handler so the 422 carries a bilingual, specific reason.
    id_number: str = Field(max_length=32, examples=["420106194803151233"])
    phone: str = Field(pattern=PHONE_PATTERN, examples=["13800138000"])
    district: str = Field(min_length=1, max_length=20, examples=["武昌区"])
    elder_id: str | None = Field(default=None, pattern=r"^\d{1,12}$")
    channel: str = Field(default="api", min_length=1, max_length=32)


class Application(BaseModel):
    application_id: str
    elder_id: str | None
    name: str
    district: str
    status: ApplicationStatus
    created_at: datetime
    note: str


class ApplicationList(BaseModel):
    items: list[Application]


class Allowance(BaseModel):
    kind: Literal["高龄津贴", "护理补贴", "服务补贴"]
    status: Literal["active", "suspended", "pending"]
    amount_yuan: int
    next_payment_date: date | None


class AllowanceList(BaseModel):
    items: list[Allowance]


class Institution(BaseModel):
    institution_id: str
    name: str
    district: str
    care_levels: list[CareLevel]
    price_min_yuan: int
    price_max_yuan: int
    beds_total: int
    beds_free: int
    phone: str


class InstitutionList(BaseModel):
    items: list[Institution]


class MealSite(BaseModel):
    site_id: str
    name: str
    district: str
    address: str
    delivers: bool


class MealSiteList(BaseModel):
    items: list[MealSite]


class Dish(BaseModel):
    name: str
    meal: Literal["早餐", "午餐", "晚餐"]
    price_yuan: int
    tags: list[Literal["低盐", "低糖", "软食"]]


class DishList(BaseModel):
    items: list[Dish]
