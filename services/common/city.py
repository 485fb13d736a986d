"""The deployment city, read from its city pack (services/cities/<city>.yaml), and local time.

A pack holds everything a deployment city changes: its name, districts with
the 6-digit area codes that open local ID numbers, the hotline number, where
its policy papers are and whose papers answer first, and the demo seed's
meal sites and institutions. settings.city_pack names the pack (a file name
under services/cities, or a path to a pack kept elsewhere); empty: the pack
whose `name` is settings.city. services/README.md ("A new city") describes the file.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from assistant.settings import REPO_ROOT, settings

TZ = ZoneInfo("Asia/Shanghai")
PACKS_DIR = Path(__file__).resolve().parent.parent / "cities"
MAX_PACK_BYTES = 256 * 1024  # a pack is a short hand-written file
_AREA_CODE = re.compile(r"^\d{6}$")
_HOTLINE = re.compile(r"^[\d-]{5,20}$")
# What callers leave off a district's name: 武昌 → 武昌区, 东城 → 东城街道.
_SUFFIXES = ("区", "县", "市", "镇", "街道", "新区")


@dataclass(frozen=True)
class CityPack:
    name: str  # 武汉市
    hotline: str  # the number a caller dials, as it is said (027-12349)
    districts: dict[str, str]  # district → area code
    policy_city: str  # whose policy papers answer first
    policy_folder: Path | None = None  # None: settings.policy_docs_dir
    policy_files: tuple[str, ...] = ()  # empty: every paper in the folder
    landline_area_code: str = ""
    seed: dict = field(default_factory=dict)  # demo seed: streets, meal_sites, institutions
    source: Path | None = None

    def papers_folder(self) -> Path:
        return self.policy_folder or settings.policy_docs_dir


def _fail(path: Path, why: str) -> ValueError:
    return ValueError(f"city pack {path}: {why}")


def load_pack(path: Path) -> CityPack:
    """Read and check one pack file; a broken pack stops the service with a clear message."""
    if path.stat().st_size > MAX_PACK_BYTES:
        raise _fail(path, f"larger than {MAX_PACK_BYTES} bytes")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not str(data.get("name", "")).strip():
        raise _fail(path, "needs a `name`")
    districts = {str(k): str(v) for k, v in (data.get("districts") or {}).items()}
    bad = [d for d, code in districts.items() if not _AREA_CODE.match(code)]
    if not districts or bad:
        raise _fail(path, f"districts need 6-digit area codes (bad: {bad})" if bad else "needs `districts`")
    hotline = str(data.get("hotline", "")).strip()
    if not _HOTLINE.match(hotline):
        raise _fail(path, f"hotline {hotline!r} is not a phone number")
    policy = data.get("policy") or {}
    folder = policy.get("folder")
    return CityPack(
        name=str(data["name"]).strip(),
        hotline=hotline,
        districts=districts,
        policy_city=str(policy.get("city") or data["name"]).strip(),
        policy_folder=(REPO_ROOT / folder).resolve() if folder else None,
        policy_files=tuple(str(f) for f in policy.get("files") or ()),
        landline_area_code=str(data.get("landline_area_code", "")),
        seed=data.get("seed") or {},
        source=path,
    )


_lock = threading.Lock()
_packs: dict[Path, CityPack] = {}


def _cached(path: Path) -> CityPack:
    with _lock:
        if path not in _packs:
            _packs[path] = load_pack(path)
        return _packs[path]


def all_packs() -> list[CityPack]:
    return [_cached(p) for p in sorted(PACKS_DIR.glob("*.yaml"))]


def _chosen_path() -> Path | None:
    chosen = settings.city_pack.strip()
    if not chosen:
        return None
    path = Path(chosen)
    if not path.suffix:
        return PACKS_DIR / f"{chosen}.yaml"
    return path if path.is_absolute() else REPO_ROOT / path


def pack_for(city: str) -> CityPack | None:
    """The pack of a city by its name (武汉市), or None; a pack chosen by path counts too."""
    chosen = _chosen_path()
    packs = ([_cached(chosen)] if chosen else []) + all_packs()
    return next((p for p in packs if p.name == city), None)


def current() -> CityPack:
    """The deployment's pack: settings.city_pack, else the pack named like settings.city."""
    path = _chosen_path()
    if path is None:
        pack = pack_for(settings.city)
        if pack is None:
            raise ValueError(f"no city pack for {settings.city} in {PACKS_DIR}: add one or set E12349_CITY_PACK")
        return pack
    pack = _cached(path)
    if pack.name != settings.city:  # the records service checks districts by settings.city
        raise ValueError(f"city pack {path} is for {pack.name} but E12349_CITY is {settings.city}: set both")
    return pack


def districts(city: str) -> dict[str, str]:
    pack = pack_for(city)
    return dict(pack.districts) if pack else {}


def normalize_district(city: str, name: str) -> str | None:
    """The canonical district name, accepting the short form callers say (武昌 → 武昌区)."""
    name = name.strip()
    known = districts(city)
    short = name.removeprefix(city)
    for candidate in (name, short, *(short + suffix for suffix in _SUFFIXES)):
        if candidate in known:
            return candidate
    return None


def local_today() -> date:
    return datetime.now(TZ).date()
