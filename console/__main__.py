"""Command line: ``python -m console {serve,create-admin,create-user,purge,export-labelled,
rebuild-summaries}``."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import time
from pathlib import Path

from console import security
from console.app import create_app
from console.config import Settings
from console.store import Store
from eval import labelled


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
            name, help=f"create a{'n admin' if role else ' viewer, staff or admin'} account"
        )
        cmd.add_argument("--username", required=True)
        cmd.add_argument(
            "--password-stdin", action="store_true", help="read the password from one stdin line"
        )
        if role is None:
            cmd.add_argument("--role", choices=security.ROLES, default="staff")

    purge = sub.add_parser(
        "purge", help="delete conversations whose last activity is older than N days"
    )
    purge.add_argument(
        "--older-than-days", type=int, default=None, help="default CONSOLE_RETENTION_DAYS (365)"
    )
    purge.add_argument("--dry-run", action="store_true", help="only report what would be deleted")

    export = sub.add_parser(
        "export-labelled",
        help="write reviewer-labelled patient messages as a regression suite for `make eval`",
    )
    export.add_argument(
        "--out", type=Path, default=labelled.DEFAULT_DIR, help=f"default {labelled.DEFAULT_DIR}"
    )
    export.add_argument(
        "--redact", action="store_true", help="replace phone numbers, e-mail addresses, dates"
    )
    sub.add_parser("rebuild-summaries", help="fold every stored event into the summaries again")

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
    if args.command == "export-labelled":
        return _export_labelled(args)
    if args.command == "rebuild-summaries":
        store = _store()
        started = time.perf_counter()
        progress = store.rebuild_summaries()
        print(
            f"Summaries rebuilt from {progress.max_event_id} events in "
            f"{time.perf_counter() - started:.1f} s."
        )
        return 0
    return 2


def _export_labelled(args) -> int:
    store = _store()
    cases = store.labelled_cases(redact=args.redact)
    path = labelled.write_suite(args.out, cases, args.redact)
    written = len(labelled.to_vignettes(cases))
    store.audit(
        "cli",
        "export_labelled",
        None,
        {"cases": written, "labels": len(cases), "redacted": args.redact},
    )
    skipped = len(cases) - written
    print(
        f"Wrote {written} labelled case(s) to {path}"
        + (f" ({skipped} label(s) without a patient message left out)" if skipped else "")
        + ". `make eval` runs them."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
