"""Desk users from the command line.

    python -m desk.users add LOGIN NAME ROLE      (asks for the password twice; role: operator|supervisor|admin)
    python -m desk.users demo                     development only: operator1/2, supervisor1, admin1 (password: <login>-12349-dev)

Uses E12349_DATABASE_URL like the services, and migrates first.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import select

from assistant.settings import settings
from desk import accounts
from services import migrate
from services.common.db import Database
from services.models.desk import DeskUser

DEMO = (("operator1", "王芳", "operator"), ("operator2", "李强", "operator"), ("supervisor1", "陈静", "supervisor"),
        ("admin1", "系统管理员", "admin"))


def demo_password(login: str) -> str:
    return f"{login}-12349-dev"


def seed_demo(db, rounds: int = 10) -> list[str]:
    """Add the demo logins that are missing; returns the logins added."""
    added = []
    for login, name, role in DEMO:
        if db.scalar(select(DeskUser.id).where(DeskUser.login == login)) is None:
            accounts.create_user(db, login, name, role, demo_password(login), rounds)
            added.append(login)
    db.commit()
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desk.users", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="a new desk user")
    add.add_argument("login")
    add.add_argument("name")
    add.add_argument("role", choices=accounts.ROLES)
    sub.add_parser("demo", help="development demo logins (never in production)")
    args = parser.parse_args(argv)
    migrate.upgrade(settings.db_url)
    db = Database(settings.db_url)
    with db.write() as session:
        if args.command == "demo":
            added = seed_demo(session)
            for login, _name, role in DEMO:
                print(f"  {role:<10} {login:<12} password {demo_password(login)}")
            print(f"demo desk users ({len(added)} added). Real users: python -m desk.users add LOGIN NAME ROLE")
            return 0
        password = getpass.getpass("password (10+ characters): ")
        if password != getpass.getpass("again: "):
            print("the two passwords differ", file=sys.stderr)
            return 1
        try:
            accounts.create_user(session, args.login, args.name, args.role, password)
            session.commit()
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 1
    print(f"desk user {args.login} ({args.role}) added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
