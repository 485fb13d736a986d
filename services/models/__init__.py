"""ORM models; importing this package registers every table on ``Base.metadata``."""
from services.models.base import Base
from services.models.care import CareCall, CareEscalation, CareJob, CarePlan  # noqa: F401
from services.models.dispatch import CallRecord, Notification, Order, Provider
from services.models import desk as _desk  # noqa: F401 - registers the operator desk tables
from services.models.records import (
    Allowance,
    Application,
    Device,
    Dish,
    Elder,
    Institution,
    MealSite,
    VerificationAttempt,
)

__all__ = [
    "Allowance", "Application", "Base", "CallRecord", "Device", "Dish", "Elder",
    "Institution", "MealSite", "Notification", "Order", "Provider", "VerificationAttempt",
]
