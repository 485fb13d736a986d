"""Request-shape pieces shared by the records and dispatch APIs."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

# A mobile number or a landline with its area code (the dash optional).
PHONE_PATTERN = r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$"


class StrictRequest(BaseModel):
    # Request bodies are strict: no "2" for 2, no 2 for "2", booleans stay booleans; unknown fields refused.
    model_config = ConfigDict(strict=True, extra="forbid")
