"""Request bodies of the desk API (strict JSON, bounded, unknown fields refused)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from services.common.schemas import StrictRequest

Text = Field(min_length=1, max_length=500)
Channel = Literal["phone", "widget", "speaker", "chat", "rest"]
Reason = Literal["asked_human", "offered_human", "failed_turns", "emergency", "booking_failed", "identity_failed",
                 "policy_not_found", "other"]


class Login(StrictRequest):
    login: str = Field(min_length=1, max_length=40)
    password: str = Field(min_length=1, max_length=256)


class Turn(StrictRequest):
    who: Literal["caller", "bot"]
    text: str = Field(max_length=500)


class HandOver(StrictRequest):
    """A conversation a channel hands to the desk now (the caller is still there)."""

    conversation_id: str = Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9_.:+-]+$")
    channel: Channel
    reason: Reason = "asked_human"
    transcript: list[Turn] = Field(default_factory=list, max_length=50)
    slots: dict[str, Any] = Field(default_factory=dict, max_length=40)
    elder_id: str | None = Field(default=None, pattern=r"^\d{8}$")
    caller: str | None = Field(default=None, max_length=40)


class ElderSays(StrictRequest):
    conversation_id: str = Field(min_length=1, max_length=120)
    text: str = Text


class Message(StrictRequest):
    text: str = Text


class Close(StrictRequest):
    disposition: Literal["resolved", "callback", "escalated", "referred"]


class NewOrder(StrictRequest):
    type: Literal["meal", "home_care", "emergency", "complaint", "callback"]
    priority: Literal["P0", "P1", "P2", "P3"] | None = None
    details: dict[str, Any] = Field(default_factory=dict, max_length=20)
    idempotency_key: str = Field(min_length=8, max_length=100, pattern=r"^[A-Za-z0-9-]+$")


class NewUser(StrictRequest):
    login: str = Field(min_length=2, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1, max_length=40)
    role: Literal["operator", "supervisor", "admin"]
    password: str = Field(min_length=10, max_length=256)
