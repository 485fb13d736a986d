"""Fixed demo elders that other components' tests rely on (listed in services/README.md).

Their ids are outside the generated ranges so they never depend on --elders or --seed.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from services.common import idcard
from services.common.city import pack_for
from services.models import Allowance, Application, Device, Elder

# elder_id, name, birth date, district, area code, ID sequence, phone, login, devices, contact
_DEMO = [
    ("10000001", "张建国", date(1948, 3, 15), "武昌区", "420106", 123, "13800138000", "demo",
     ["speaker-0001"], ("张丽", "女儿", "13900139000")),
    ("10000002", "李秀英", date(1938, 8, 8), "江汉区", "420103", 246, "13800138001", "demo2",
     ["speaker-0002"], ("王强", "儿子", "13900139001")),
    ("10000003", "王德明", date(1944, 11, 2), "洪山区", "420111", 135, "13800138002", "demo3",
     [], ("王芳", "女儿", "13900139002")),
]

# elder_id, kind, status, yuan per month, payment day
_ALLOWANCES = [
    ("10000001", "服务补贴", "active", 200, 10),
    ("10000002", "高龄津贴", "active", 100, 10),
    ("10000002", "护理补贴", "active", 400, 15),
    ("10000003", "高龄津贴", "suspended", 100, 10),
]


def _home(city: str, index: int, district: str, area: str) -> tuple[str, str, str]:
    """(city, district, area code): Wuhan's fixed ones, or the city pack's first districts elsewhere."""
    pack = pack_for(city)
    if city == "武汉市" or pack is None:
        return "武汉市", district, area
    names = list(pack.districts)
    name = names[index % len(names)]
    return city, name, pack.districts[name]


def elders(city: str = "武汉市") -> list[Elder]:
    rows = []
    for index, (elder_id, name, born, district, area, seq, phone, login, _devices, contact) in enumerate(_DEMO):
        town, district, area = _home(city, index, district, area)
        id_number = idcard.make(area, born, seq)
        rows.append(Elder(
            elder_id=elder_id, name=name, gender=idcard.gender(id_number), birth_date=born,
            id_number=id_number, phone=phone, district=district,
            address=f"{town}{district}幸福社区{int(elder_id[-1])}栋{seq}室", login=login,
            contact_name=contact[0], contact_relation=contact[1], contact_phone=contact[2],
        ))
    return rows


def devices() -> list[Device]:
    return [Device(device_id=d, elder_id=row[0]) for row in _DEMO for d in row[8]]


def allowances() -> list[Allowance]:
    return [
        Allowance(id=i, elder_id=e, kind=k, status=s, amount_yuan=a, payment_day=d)
        for i, (e, k, s, a, d) in enumerate(_ALLOWANCES, start=1)
    ]


def applications(city: str = "武汉市") -> list[Application]:
    wang = elders(city)[2]
    return [Application(
        application_id="30000001", elder_id=wang.elder_id, name=wang.name, id_number=wang.id_number,
        phone=wang.phone, district=wang.district, channel="hotline", status="reviewing",
        note="街道审核中，约5个工作日", created_at=datetime(2025, 1, 2, 9, 30, tzinfo=timezone.utc),
    )]
