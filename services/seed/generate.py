"""Build the demo city's rows from one random.Random(seed): same seed, same city.

Dates are drawn relative to a fixed reference day, not today, so a re-run next
year still produces identical rows (ages are computed from birth dates at read time).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from services.common import idcard
from services.common.city import districts, pack_for
from services.models import Allowance, Application, Device, Dish, Elder, Institution, MealSite, Provider
from services.seed import pools

REFERENCE_DAY = date(2025, 1, 1)
ELDER_BASE, APPLICATION_BASE, SITE_BASE, INSTITUTION_BASE, PROVIDER_BASE = (
    20000000, 30000100, 40000000, 50000000, 60000000)
ALLOWANCE_ID_BASE = 1000
PACK_ROWS = 900000  # the city pack's own demo sites and institutions: ids 40900000…, 50900000…


@dataclass
class City:
    elders: list[Elder] = field(default_factory=list)
    devices: list[Device] = field(default_factory=list)
    allowances: list[Allowance] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    meal_sites: list[MealSite] = field(default_factory=list)
    dishes: list[Dish] = field(default_factory=list)
    institutions: list[Institution] = field(default_factory=list)
    providers: list[Provider] = field(default_factory=list)


class _Generator:
    def __init__(self, seed: int, city: str) -> None:
        self.rng = random.Random(seed)
        self.city = city
        self.districts = districts(city)
        pack = pack_for(city)
        self.pack_seed = pack.seed if pack else {}
        self.streets = self.pack_seed.get("streets") or pools.STREETS
        self.area_code = (pack.landline_area_code if pack else "") or "027"
        self.used_ids: set[str] = set()
        self.out = City()

    def mobile(self) -> str:
        return self.rng.choice(pools.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def landline(self) -> str:
        return f"{self.area_code}-{self.rng.randrange(10**7, 10**8)}"

    def address(self, district: str) -> str:
        r = self.rng
        return (f"{self.city}{district}{r.choice(self.streets)}{r.randint(1, 300)}号"
                f"{r.choice(pools.COMMUNITIES)}小区{r.randint(1, 30)}栋{r.randint(1, 28)}0{r.randint(1, 6)}室")

    def person_name(self, male: bool, surname: str | None = None) -> str:
        pool = pools.MALE_GIVEN if male else pools.FEMALE_GIVEN
        given = "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2))))
        return (surname or self.rng.choice(pools.SURNAMES)) + given

    def id_number(self, area: str, born: date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(0, 999)
            seq += (seq % 2 == 0) if male else (seq % 2 == 1)  # odd sequence = male
            number = idcard.make(area, born, seq % 1000)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def elder(self, index: int) -> None:
        r = self.rng
        elder_id = str(ELDER_BASE + index)
        district = r.choice(list(self.districts))
        born = REFERENCE_DAY - timedelta(days=r.randint(int(60.05 * 365.25), int(99.9 * 365.25)))
        male = r.random() < 0.45
        name = self.person_name(male)
        id_number = self.id_number(self.districts[district], born, male)
        relation = r.choice(pools.CONTACT_RELATIONS)
        contact_male = relation in ("儿子", "女婿", "侄子", "孙子") or (relation == "老伴" and not male)
        self.out.elders.append(Elder(
            elder_id=elder_id, name=name, gender=idcard.gender(id_number), birth_date=born,
            id_number=id_number, phone=self.mobile() if r.random() < 0.7 else self.landline(),
            district=district, address=self.address(district),
            login=f"elder{index:04d}" if r.random() < 0.1 else None,
            contact_name=self.person_name(contact_male, name[0] if relation in ("儿子", "女儿", "孙子") else None),
            contact_relation=relation, contact_phone=self.mobile(),
        ))
        if r.random() < 0.15:
            self.out.devices.append(Device(device_id=f"speaker-{1000 + index:04d}", elder_id=elder_id))
        self.allowances(elder_id, idcard.age_on(born, REFERENCE_DAY))
        if r.random() < 0.15:
            self.application(self.out.elders[-1])

    def allowances(self, elder_id: str, age: int) -> None:
        r = self.rng
        grants = []
        if age >= 80:
            grants.append(("高龄津贴", 100 if age < 90 else 300 if age < 100 else 500))
        if r.random() < 0.2:
            grants.append(("护理补贴", r.choice((200, 300, 400, 600))))
        if r.random() < 0.15:
            grants.append(("服务补贴", r.choice((100, 150, 200))))
        for kind, amount in grants:
            status = r.choices(("active", "pending", "suspended"), weights=(8, 1, 1))[0]
            self.out.allowances.append(Allowance(
                id=ALLOWANCE_ID_BASE + len(self.out.allowances), elder_id=elder_id, kind=kind,
                status=status, amount_yuan=amount, payment_day=r.choice((5, 10, 15, 20)),
            ))

    def application(self, elder: Elder) -> None:
        status = self.rng.choice(list(pools.APPLICATION_NOTES))
        created = datetime.combine(REFERENCE_DAY - timedelta(days=self.rng.randint(1, 300)), time(1),
                                   tzinfo=timezone.utc) + timedelta(minutes=self.rng.randint(0, 480))
        self.out.applications.append(Application(
            application_id=str(APPLICATION_BASE + len(self.out.applications)), elder_id=elder.elder_id,
            name=elder.name, id_number=elder.id_number, phone=elder.phone, district=elder.district,
            channel=self.rng.choice(("hotline", "widget", "counter")), status=status,
            note=pools.APPLICATION_NOTES[status], created_at=created,
        ))

    def district_services(self, d_index: int, district: str) -> None:
        r = self.rng
        for k in range(3):
            site_id = str(SITE_BASE + d_index * 10 + k)
            community = pools.COMMUNITIES[(d_index + k) % len(pools.COMMUNITIES)]
            self.out.meal_sites.append(MealSite(
                site_id=site_id, name=f"{district}{community}社区长者饭堂", district=district,
                address=self.address(district), delivers=k != 2,
            ))
            self.menu(site_id, int(site_id) % 10**6 * 100)
        for k in range(3):
            levels = sorted(r.sample(pools.CARE_LEVELS, r.randint(1, 3)), key=pools.CARE_LEVELS.index)
            low = r.randrange(1500, 5000, 100)
            total = r.randint(40, 400)
            self.out.institutions.append(Institution(
                institution_id=str(INSTITUTION_BASE + d_index * 10 + k),
                name=f"{self.city}{district}{pools.COMMUNITIES[(d_index * 3 + k) % 10]}"
                     f"{r.choice(pools.INSTITUTION_KINDS)}",
                district=district, care_levels=levels, price_min_yuan=low,
                price_max_yuan=low + r.randrange(500, 4000, 100), beds_total=total,
                beds_free=r.randint(0, total // 5), phone=self.landline(),
            ))
        kinds = [("助餐配送中心", ["meal"]), ("居家养老服务中心", list(pools.HOME_SERVICES)),
                 ("社区应急服务站", ["emergency", "助医"])]
        for k, (label, services) in enumerate(kinds):
            self.out.providers.append(Provider(
                provider_id=str(PROVIDER_BASE + d_index * 10 + k), name=f"{district}{label}",
                district=district, services=services, phone=self.landline(),
            ))

    def pack_rows(self) -> None:
        """The city pack's named demo meal sites and institutions (after the drawn ones, fixed ids).

        Their menus come from a generator of their own, so the drawn city stays as it was.
        """
        drawn, self.rng = self.rng, random.Random(f"city-pack {self.city}")
        for i, site in enumerate(self.pack_seed.get("meal_sites") or []):
            site_id = str(SITE_BASE + PACK_ROWS + i)
            self.out.meal_sites.append(MealSite(
                site_id=site_id, name=site["name"], district=site["district"],
                address=site["address"], delivers=bool(site.get("delivers", True)),
            ))
            self.menu(site_id, int(site_id) % 10**6 * 100)
        for i, home in enumerate(self.pack_seed.get("institutions") or []):
            self.out.institutions.append(Institution(
                institution_id=str(INSTITUTION_BASE + PACK_ROWS + i), name=home["name"], district=home["district"],
                care_levels=list(home["care_levels"]), price_min_yuan=int(home["price_min_yuan"]),
                price_max_yuan=int(home["price_max_yuan"]), beds_total=int(home["beds_total"]),
                beds_free=int(home.get("beds_free", int(home["beds_total"]) // 10)), phone=str(home["phone"]),
            ))
        self.rng = drawn

    def menu(self, site_id: str, first_id: int) -> None:
        dish_id = first_id
        for weekday in range(7):
            for meal in pools.MEALS:
                choices = [d for d in pools.DISHES if d[1] == meal]
                for name, _, price, tags in self.rng.sample(choices, 3):
                    self.out.dishes.append(Dish(
                        id=dish_id, site_id=site_id, weekday=weekday,
                        meal=meal, name=name, price_yuan=price, tags=list(tags),
                    ))
                    dish_id += 1


def build(n_elders: int, seed: int, city: str, reserved_ids: set[str]) -> City:
    """``reserved_ids``: ID numbers already taken (the fixed demo elders)."""
    gen = _Generator(seed, city)
    gen.used_ids |= reserved_ids
    # Catalogue first (fixed size), elders last: a larger --elders only appends elders.
    for d_index, district in enumerate(gen.districts):
        gen.district_services(d_index, district)
    gen.pack_rows()
    for index in range(1, n_elders + 1):
        gen.elder(index)
    return gen.out
