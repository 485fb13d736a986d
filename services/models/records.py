"""Records tables: elders and their devices, elder-card applications, allowances,
institutions, meal sites and their weekly menus."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.models.base import Base, UTCDateTime, utcnow


class Elder(Base):
    __tablename__ = "elders"

    elder_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    # Several elders may share a landline or a relative's mobile, so not unique.
    phone: Mapped[str] = mapped_column(String(20), index=True)
    district: Mapped[str] = mapped_column(String(20), index=True)
    address: Mapped[str] = mapped_column(String(200))
    login: Mapped[str | None] = mapped_column(String(40), unique=True)
    contact_name: Mapped[str | None] = mapped_column(String(40))
    contact_relation: Mapped[str | None] = mapped_column(String(20))
    contact_phone: Mapped[str | None] = mapped_column(String(20))

    devices: Mapped[list[Device]] = relationship(back_populates="elder", order_by="Device.device_id")


class VerificationAttempt(Base):
    """One last-four check: the per-elder lock and per-client limit count these, so the limits
    hold across every worker and process sharing the database."""

    __tablename__ = "verification_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    elder_id: Mapped[str] = mapped_column(String(8), index=True)  # no FK: rows outlive nothing
    client: Mapped[str] = mapped_column(String(40), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Device(Base):
    """A smart speaker bound to one elder."""

    __tablename__ = "devices"

    device_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.elder_id"), index=True)

    elder: Mapped[Elder] = relationship(back_populates="devices")


class Application(Base):
    __tablename__ = "applications"

    application_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    elder_id: Mapped[str | None] = mapped_column(ForeignKey("elders.elder_id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    district: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(32), default="api")
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Allowance(Base):
    __tablename__ = "allowances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    elder_id: Mapped[str] = mapped_column(ForeignKey("elders.elder_id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    amount_yuan: Mapped[int] = mapped_column(Integer)
    # Paid monthly on this day; the next date is worked out when asked.
    payment_day: Mapped[int] = mapped_column(Integer)


class Institution(Base):
    __tablename__ = "institutions"

    institution_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(20), index=True)
    care_levels: Mapped[list[str]] = mapped_column(JSON)
    price_min_yuan: Mapped[int] = mapped_column(Integer)
    price_max_yuan: Mapped[int] = mapped_column(Integer)
    beds_total: Mapped[int] = mapped_column(Integer)
    beds_free: Mapped[int] = mapped_column(Integer)
    phone: Mapped[str] = mapped_column(String(20))


class MealSite(Base):
    __tablename__ = "meal_sites"

    site_id: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    district: Mapped[str] = mapped_column(String(20), index=True)
    address: Mapped[str] = mapped_column(String(200))
    delivers: Mapped[bool] = mapped_column(Boolean)


class Dish(Base):
    """One dish on a meal site's weekly menu (weekday 0 = Monday)."""

    __tablename__ = "dishes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("meal_sites.site_id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    meal: Mapped[str] = mapped_column(String(4))
    name: Mapped[str] = mapped_column(String(40))
    price_yuan: Mapped[int] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(JSON)
