"""Dispatch API shapes (docs/CONTRACT.md). Order details are checked per order type."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from services.common.city import TZ, local_today

OrderType = Literal["meal", "home_care", "emergency", "complaint"]
Priority = Literal["P0", "P1", "P2", "P3"]
OrderStatus = Literal["created", "assigned", "in_progress", "done", "cancelled"]
Diet = Literal["低盐", "低糖", "软食", "普通"]
HomeService = Literal["助洁", "助浴", "助医", "助行", "陪诊", "维修"]
ORDER_ID = r"^\d{8}$"
BOOKING_HORIZON_DAYS = 60


def _bookable(day: date) -> date:
    today = local_today()
    if not today <= day <= today + timedelta(days=BOOKING_HORIZON_DAYS):
        raise ValueError(f"date must be between today and {BOOKING_HORIZON_DAYS} days ahead")
    return day


class _Details(BaseModel):
    # Clients may attach channel-specific extras (caller phone, ASR text); keep them.
    model_config = ConfigDict(extra="allow")


class MealDetails(_Details):
    date: date
    meal: Literal["早餐", "午餐", "晚餐"]
    portions: int = Field(ge=1, le=10)
    mode: Literal["堂食", "送餐"]
    diet: list[Diet] = Field(default_factory=lambda: ["普通"])
    site_id: str | None = Field(default=None, max_length=8)

    @field_validator("diet", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    _date = field_validator("date")(_bookable)


class HomeCareDetails(_Details):
    service: HomeService
    date: date
    slot: str = Field(min_length=1, max_length=40)

    _date = field_validator("date")(_bookable)


class EmergencyDetails(_Details):
    situation: str = Field(min_length=1, max_length=500)
    location: str | None = Field(default=None, max_length=200)


class ComplaintDetails(_Details):
    text: str = Field(min_length=1, max_length=2000)
    about_order_id: str | None = Field(default=None, pattern=ORDER_ID)


DETAILS: dict[str, type[_Details]] = {
    "meal": MealDetails,
    "home_care": HomeCareDetails,
    "emergency": EmergencyDetails,
    "complaint": ComplaintDetails,
}
DEFAULT_PRIORITY = {"meal": "P2", "home_care": "P2", "emergency": "P0", "complaint": "P2"}

_MEAL_EXAMPLE = {
    "elder_id": "10000001", "type": "meal", "priority": "P2", "channel": "hotline",
    "details": {"date": "2030-01-01", "meal": "午餐", "portions": 1, "mode": "送餐", "diet": ["低盐"]},
}


class OrderCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_MEAL_EXAMPLE]})

    # Optional only for emergencies: an unidentified caller must never be turned away.
    elder_id: str | None = Field(default=None, pattern=r"^\d{1,12}$")
    type: OrderType
    priority: Priority | None = None
    channel: str = Field(default="api", min_length=1, max_length=32)
    details: dict[str, Any] = Field(
        description="meal: date, meal, portions, mode, diet, site_id?; home_care: service, date, slot; "
        "emergency: situation, location?; complaint: text, about_order_id?"
    )

    @model_validator(mode="after")
    def _check(self) -> OrderCreate:
        if self.elder_id is None and self.type != "emergency":
            raise ValueError("elder_id is required unless type is emergency")
        # Emergencies are always P0, whatever the client sent.
        if self.type == "emergency" or self.priority is None:
            self.priority = DEFAULT_PRIORITY[self.type]
        return self


def checked_details(order: OrderCreate) -> dict[str, Any]:
    """Validate ``details`` against the model for the order's type; 422 points into details."""
    try:
        return DETAILS[order.type].model_validate(order.details).model_dump(mode="json")
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", "details", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


class Feedback(BaseModel):
    score: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=1000)


class Order(BaseModel):
    order_id: str
    elder_id: str | None
    type: OrderType
    priority: Priority
    status: OrderStatus
    channel: str
    details: dict[str, Any]
    provider_id: str | None
    feedback: Feedback | None
    created_at: datetime
    updated_at: datetime


class OrderList(BaseModel):
    items: list[Order]


class Transition(BaseModel):
    status: Literal["assigned", "in_progress", "done"]


class Notification(BaseModel):
    kind: str
    to_name: str
    to_phone: str
    message: str
    created_at: datetime


class NotificationList(BaseModel):
    items: list[Notification]


class Provider(BaseModel):
    provider_id: str
    name: str
    district: str
    services: list[str]
    phone: str


class ProviderList(BaseModel):
    items: list[Provider]


class CallCreate(BaseModel):
    caller: str = Field(min_length=1, max_length=40, description="caller ID, device id or login")
    channel: str = Field(min_length=1, max_length=32)
    started_at: datetime
    ended_at: datetime | None = None
    outcome: str = Field(min_length=1, max_length=40, examples=["resolved", "handed_over", "hung_up"])
    order_ids: list[Annotated[str, Field(pattern=ORDER_ID)]] = Field(default_factory=list, max_length=20)

    @field_validator("started_at", "ended_at")
    @classmethod
    def _local_if_naive(cls, value: datetime | None) -> datetime | None:
        # A time without a zone is the hotline's local (China) time.
        return value.replace(tzinfo=TZ) if value is not None and value.tzinfo is None else value

    @model_validator(mode="after")
    def _times(self) -> CallCreate:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        return self


class Call(CallCreate):
    call_id: str
    created_at: datetime
