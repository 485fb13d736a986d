"""The deployment city: its districts (with ID-number area codes) and local time."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")

# District → the 6-digit administrative code that opens local ID numbers.
CITY_DISTRICTS: dict[str, dict[str, str]] = {
    "武汉市": {
        "江岸区": "420102", "江汉区": "420103", "硚口区": "420104", "汉阳区": "420105",
        "武昌区": "420106", "青山区": "420107", "洪山区": "420111", "东西湖区": "420112",
        "汉南区": "420113", "蔡甸区": "420114", "江夏区": "420115", "黄陂区": "420116",
        "新洲区": "420117",
    },
}


def districts(city: str) -> dict[str, str]:
    return CITY_DISTRICTS.get(city, {})


def normalize_district(city: str, name: str) -> str | None:
    """The canonical district name, accepting the short form callers say (武昌 → 武昌区)."""
    name = name.strip()
    known = districts(city)
    for candidate in (name, name + "区", name.removeprefix(city)):
        if candidate in known:
            return candidate
    return None


def local_today() -> date:
    return datetime.now(TZ).date()
