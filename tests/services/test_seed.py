"""The seed command: deterministic, idempotent, plausible elders, fixed demo elders."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, func, inspect, select, text

from services.common import idcard
from services.models import Base, Elder
from services.seed.__main__ import seed
from services.seed.generate import REFERENCE_DAY

REPO = Path(__file__).resolve().parents[2]


def _dump(url: str) -> dict[str, list[tuple]]:
    """Every seeded table's rows, in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: [tuple(r) for r in conn.execute(t.select().order_by(*t.primary_key.columns))]
                    for t in Base.metadata.sorted_tables}
    finally:
        engine.dispose()


def _quiet(url: str, elders: int, seed_value: int) -> dict[str, int]:
    return seed(url, elders, seed_value, report=lambda _line: None)


def test_same_seed_same_city_and_rerun_adds_nothing(tmp_path):
    a, b, c = (f"sqlite:///{tmp_path / name}.db" for name in "abc")
    _quiet(a, 200, 7)
    _quiet(b, 200, 7)
    _quiet(c, 200, 8)
    assert _dump(a) == _dump(b)
    assert _dump(a)["elders"] != _dump(c)["elders"]
    assert sum(_quiet(a, 200, 7).values()) == 0
    assert _dump(a) == _dump(b)
    # A larger run keeps the smaller run's elders and only appends.
    added = _quiet(a, 250, 7)
    assert added["elders"] == 50 and _dump(a)["elders"][:203] == _dump(b)["elders"]


def test_seed_command_default_city(tmp_path):
    url = f"sqlite:///{tmp_path / 'city.db'}"
    run = subprocess.run([sys.executable, "-m", "services.seed", "--database-url", url],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "elders: 1003 added" in run.stdout and "done in" in run.stdout
    engine = create_engine(url)
    with engine.connect() as conn:
        elders = conn.execute(select(Elder.id_number, Elder.birth_date, Elder.phone, Elder.contact_phone)).all()
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in inspect(conn).get_table_names()}
        statuses = {s for (s,) in conn.execute(text("SELECT DISTINCT status FROM applications"))}
        journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    engine.dispose()
    assert len(elders) >= 1000
    for id_number, born, phone, contact in elders:
        assert idcard.birth_date(id_number) == born  # checksum passes and the date matches
        assert 60 <= idcard.age_on(born, REFERENCE_DAY) <= 100
        assert phone and contact
    assert statuses == {"submitted", "reviewing", "approved", "rejected", "issued"}
    assert counts["meal_sites"] >= 13 and counts["institutions"] >= 13 and counts["providers"] >= 13
    assert counts["devices"] > 50 and counts["allowances"] > 100
    assert journal == "wal"


def test_demo_elders_are_fixed(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    _quiet(url, 0, 1)
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(Elder.elder_id, Elder.phone, Elder.login, Elder.id_number)
                            .order_by(Elder.elder_id)).all()
        assert conn.execute(select(func.count()).select_from(Elder)).scalar() == 3
    engine.dispose()
    assert [(r.elder_id, r.phone, r.login, r.id_number[-4:]) for r in rows] == [
        ("10000001", "13800138000", "demo", "1233"),
        ("10000002", "13800138001", "demo2", "2464"),
        ("10000003", "13800138002", "demo3", "1350"),
    ]
