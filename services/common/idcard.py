"""Resident ID numbers (GB 11643-1999): 6-digit area, 8-digit birth date,
3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character."""
from __future__ import annotations

import re
from datetime import date

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class IdNumberError(ValueError):
    """Carries a bilingual message suitable for a 422 answer."""


def check_char(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def make(area_code: str, birth: date, sequence: int) -> str:
    first17 = f"{area_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def normalize(id_number: str) -> str:
    return id_number.strip().upper()


def birth_date(id_number: str) -> date:
    """Validate shape, checksum and date; return the birth date or raise IdNumberError."""
    value = normalize(id_number)
    if not _SHAPE.match(value):
        raise IdNumberError("身份证号码应为18位 / ID number must be 17 digits plus a digit or X")
    if check_char(value[:17]) != value[17]:
        raise IdNumberError("身份证号码校验位不正确 / ID number checksum does not match")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise IdNumberError("身份证号码中的出生日期无效 / ID number has an invalid birth date") from None
    if born.year < 1880:
        raise IdNumberError("身份证号码中的出生日期无效 / ID number has an invalid birth date")
    return born


def gender(id_number: str) -> str:
    return "男" if int(id_number[16]) % 2 else "女"


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
