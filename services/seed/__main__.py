"""python -m services.seed [--elders 1000] [--seed 12349] [--database-url URL]

Migrates the database, then loads the deterministic demo city plus the fixed
demo elders. Safe to re-run: existing rows are left alone.
"""
from __future__ import annotations

import argparse
import sys
import time

from assistant.settings import settings
from services import migrate
from services.common.db import Database
from services.seed import demo, generate
from services.seed.load import insert_missing


def seed(database_url: str, n_elders: int, seed_value: int, report=print) -> dict[str, int]:
    started = time.monotonic()
    migrate.upgrade(database_url)
    demo_elders = demo.elders(settings.city)
    city = generate.build(n_elders, seed_value, settings.city, {e.id_number for e in demo_elders})
    report(f"seeding {settings.city}: {n_elders} elders (+{len(demo_elders)} demo), seed {seed_value}")
    tables = [  # parents before children (foreign keys)
        ("elders", demo_elders + city.elders),
        ("devices", demo.devices() + city.devices),
        ("allowances", demo.allowances() + city.allowances),
        ("applications", demo.applications(settings.city) + city.applications),
        ("meal_sites", city.meal_sites),
        ("dishes", city.dishes),
        ("institutions", city.institutions),
        ("providers", city.providers),
    ]
    db = Database(database_url)
    try:
        with db.write() as session:
            added = {label: insert_missing(session, rows, label, report) for label, rows in tables}
    finally:
        db.dispose()
    report(f"done in {time.monotonic() - started:.1f}s")
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.seed", description=__doc__.splitlines()[2])
    parser.add_argument("--elders", type=int, default=1000, help="generated elders (default 1000)")
    parser.add_argument("--seed", type=int, default=12349, help="random seed (default 12349)")
    parser.add_argument("--database-url", default=settings.db_url, help="default: settings.db_url")
    args = parser.parse_args(argv)
    if args.elders < 0:
        parser.error("--elders must be >= 0")
    seed(args.database_url, args.elders, args.seed, report=lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
