"""Dispatch API shapes (docs/CONTRACT.md). Order details are checked per order type."""
from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi.exceptions import RequestValidationError
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from services.common.city import TZ, local_today
from services.common.schemas import PHONE_PATTERN
from services.common.schemas import StrictRequest as _Strict

OrderType = Literal["meal", "home_care", "emergency", "complaint", "callback"]
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


MAX_TEXT = 2000
MAX_EXTRAS = 20
MAX_EXTRA_CHARS = 2000
IsoDate = Annotated[date, Field(strict=False)]  # JSON has no date type: ISO strings are the date


class _Details(BaseModel):
    # Clients may attach channel-specific extras (caller phone, ASR text); keep them, bounded.
    model_config = ConfigDict(strict=True, extra="allow")

    @model_validator(mode="after")
    def _bounded_extras(self) -> _Details:
        extras = self.model_extra or {}
        if len(extras) > MAX_EXTRAS:
            raise ValueError(f"at most {MAX_EXTRAS} extra fields in details")
        for key, value in extras.items():
            if len(key) > 64 or len(json.dumps(value, ensure_ascii=False, default=str)) > MAX_EXTRA_CHARS:
                raise ValueError(f"details field {key[:64]!r} is over {MAX_EXTRA_CHARS} characters")
        return self


class MealDetails(_Details):
    date: IsoDate
    meal: Literal["早餐", "午餐", "晚餐"]
    portions: int = Field(ge=1, le=10)
    mode: Literal["堂食", "送餐"]
    diet: list[Diet] = Field(default_factory=lambda: ["普通"], max_length=4)
    site_id: str | None = Field(default=None, max_length=8)

    @field_validator("diet", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    _date = field_validator("date")(_bookable)


class HomeCareDetails(_Details):
    service: HomeService
    date: IsoDate
    slot: str = Field(min_length=1, max_length=40)

    _date = field_validator("date")(_bookable)


class EmergencyDetails(_Details):
    situation: str = Field(min_length=1, max_length=MAX_TEXT)
    location: str | None = Field(default=None, max_length=200)
    # Set by the action server: only a verified caller's emergency may tell the family the
    # elder's own record (address); otherwise the message carries the caller's words only.
    identity_verified: bool = False


class ComplaintDetails(_Details):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    about_order_id: str | None = Field(default=None, pattern=ORDER_ID)


class TranscriptLine(_Strict):
    who: Literal["caller", "bot"]
    text: str = Field(max_length=500)


CallbackReason = Literal["asked_human", "failed_turns", "emergency", "booking_failed", "identity_failed",
                         "policy_not_found", "other"]


class CallbackDetails(_Details):
    """A call-back request: no operator could take the conversation, so one calls back."""

    reason: CallbackReason
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    channel: str = Field(min_length=1, max_length=32)
    transcript: list[TranscriptLine] = Field(default_factory=list, max_length=50)
    slots: dict[str, Any] = Field(default_factory=dict, max_length=40)

    @field_validator("slots")
    @classmethod
    def _small_slots(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key, item in value.items():
            if len(key) > 64 or len(json.dumps(item, ensure_ascii=False, default=str)) > 500:
                raise ValueError(f"slot {key[:64]!r} is over 500 characters")
        return value


DETAILS: dict[str, type[_Details]] = {
    "meal": MealDetails,
    "home_care": HomeCareDetails,
    "emergency": EmergencyDetails,
    "complaint": ComplaintDetails,
    "callback": CallbackDetails,
}
DEFAULT_PRIORITY = {"meal": "P2", "home_care": "P2", "emergency": "P0", "complaint": "P2", "callback": "P1"}
NO_ELDER_NEEDED = {"emergency", "callback"}

_MEAL_EXAMPLE = {
    "elder_id": "10000001", "type": "meal", "priority": "P2", "channel": "hotline",
    "details": {"date": "2030-01-01", "meal": "午餐", "portions": 1, "mode": "送餐", "diet": ["低盐"]},
}


class OrderCreate(_Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [_MEAL_EXAMPLE]})

    # Optional for emergencies and call-backs: an unidentified caller must never be turned away.
    elder_id: str | None = Field(default=None, pattern=r"^\d{1,12}$")
    type: OrderType
    priority: Priority | None = None
    channel: str = Field(default="api", min_length=1, max_length=32)
    details: dict[str, Any] = Field(
        max_length=40,
        description="meal: date, meal, portions, mode, diet, site_id?; home_care: service, date, slot; "
        "emergency: situation, location?, identity_verified?; complaint: text, about_order_id?; "
        "callback: reason, phone?, channel, transcript, slots?",
    )

    @model_validator(mode="after")
    def _check(self) -> OrderCreate:
        if self.elder_id is None and self.type not in NO_ELDER_NEEDED:
            raise ValueError("elder_id is required unless type is emergency or callback")
        # Emergencies are always P0, whatever the client sent.
        if self.type == "emergency" or self.priority is None:
            self.priority = DEFAULT_PRIORITY[self.type]
        return self

    def canonical_hash(self) -> str:
        """SHA-256 of the body as understood (key order and defaults do not matter)."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def checked_details(order: OrderCreate) -> dict[str, Any]:
    """Validate ``details`` against the model for the order's type; 422 points into details."""
    try:
        return DETAILS[order.type].model_validate(order.details).model_dump(mode="json")
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", "details", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from None


class Feedback(_Strict):
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


class Transition(_Strict):
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


class CallCreate(_Strict):
    caller: str = Field(min_length=1, max_length=40, description="caller ID, device id or login")
    channel: str = Field(min_length=1, max_length=32)
    started_at: Annotated[datetime, Field(strict=False)]
    ended_at: Annotated[datetime | None, Field(strict=False)] = None
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
    model_config = ConfigDict(strict=False, extra="ignore")  # a response, read from the table
    call_id: str
    created_at: datetime
