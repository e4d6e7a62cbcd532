"""Command line: ``python -m console {serve,create-admin,create-user,purge}``."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from console import security
from console.app import create_app
from console.config import Settings
from console.store import Store


def _read_password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get("CONSOLE_ADMIN_PASSWORD") and args.command == "create-admin":
        password = os.environ["CONSOLE_ADMIN_PASSWORD"]
    else:
        password = getpass.getpass("Password (12+ characters): ")
        if getpass.getpass("Repeat: ") != password:
            raise SystemExit("Passwords differ.")
    return password


def _store() -> Store:
    store = Store(Settings.from_env())
    store.init()
    return store


def _create(args, role: str) -> int:
    store = _store()
    password = _read_password(args)
    try:
        user = store.create_user("cli", args.username, password, role)
    except security.AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Created {role} '{user.username}'.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web console")
    serve.add_argument("--host", default=None, help="default CONSOLE_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default CONSOLE_PORT or 8081")

    for name, role in (("create-admin", "admin"), ("create-user", None)):
        cmd = sub.add_parser(
            name, help=f"create a{'n admin' if role else ' staff or admin'} account"
        )
        cmd.add_argument("--username", required=True)
        cmd.add_argument(
            "--password-stdin", action="store_true", help="read the password from one stdin line"
        )
        if role is None:
            cmd.add_argument("--role", choices=("staff", "admin"), default="staff")

    purge = sub.add_parser(
        "purge", help="delete conversations whose last activity is older than N days"
    )
    purge.add_argument(
        "--older-than-days", type=int, default=None, help="default CONSOLE_RETENTION_DAYS (365)"
    )
    purge.add_argument("--dry-run", action="store_true", help="only report what would be deleted")

    args = parser.parse_args(argv)
    if args.command == "serve":
        settings = Settings.from_env()
        app = create_app(settings)
        app.run(
            host=args.host or settings.host,
            port=args.port or settings.port,
            access_log=False,
            workers=1,
            motd=False,
        )
        return 0
    if args.command == "create-admin":
        return _create(args, "admin")
    if args.command == "create-user":
        return _create(args, args.role)
    if args.command == "purge":
        store = _store()
        days = args.older_than_days
        if days is None:
            days = store.settings.retention_days
        try:
            result = store.purge(days, args.dry_run)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        verb = "Would delete" if args.dry_run else "Deleted"
        print(
            f"{verb} {result['conversations']} conversation(s) with no activity in {days} days"
            + ("" if args.dry_run else f" ({result['events_deleted']} events)")
            + "."
        )
        if args.dry_run and result["sender_ids"]:
            print(json.dumps({"conversations": result["sender_ids"]}, indent=1))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
