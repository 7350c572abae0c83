"""``pausecheck desk``: run the desk, or manage the council server's accounts.

Single-user (the default): binds 127.0.0.1, no account, SQLite under the user's data folder.
Council: ``--database postgresql://… --host 0.0.0.0`` behind the council's HTTPS proxy, with
accounts made by ``--add-user NAME [--role …]`` (password from $PAUSECHECK_PASSWORD or asked)
and roles changed by ``--set-role NAME ROLE``; both go in the audit log.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from pausecheck.store.defaults import RETENTION_DAYS, ROLES

__all__ = ["add_arguments", "run"]

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1; anything else "
                   "is the council's server mode, with accounts)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--database", help="SQLAlchemy URL (default: SQLite under your data folder; postgresql://… "
                   "for a council)")
    p.add_argument("--council", action="store_true", help="accounts and roles even on a loopback address "
                   "(behind a proxy on the same machine)")
    p.add_argument("--pack", help="policy pack: a bundled name or a directory (default: leeds-2019)")
    p.add_argument("--retention-days", type=int, default=RETENTION_DAYS,
                   help=f"delete checks older than this (default: {RETENTION_DAYS})")
    p.add_argument("--add-user", metavar="NAME", help="council mode: create an account and exit")
    p.add_argument("--role", choices=ROLES, default="member", help="with --add-user (default: member)")
    p.add_argument("--set-role", nargs=2, metavar=("NAME", "ROLE"), help="council mode: change a role and exit")


def run(args: argparse.Namespace) -> int:
    from pausecheck.desk.config import DeskConfig

    council = args.council or args.host not in LOOPBACK or bool(args.add_user or args.set_role)
    config = DeskConfig(mode="council" if council else "single", database=args.database, pack=args.pack,
                        retention_days=args.retention_days)
    if args.add_user or args.set_role:
        return _manage(args, config)
    import uvicorn

    from pausecheck.desk.app import create_app

    app = create_app(config)
    print(f"pausecheck desk: http://{args.host}:{args.port}/ ({config.mode} mode)", file=sys.stderr)
    # proxy_headers: behind the council's proxy, the client's address (for the sign-in limit)
    # comes from X-Forwarded-For, trusted from loopback only (uvicorn's default).
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=True, log_level="warning")
    return 0


def _manage(args: argparse.Namespace, config: object) -> int:
    from pausecheck.desk.security import hash_password
    from pausecheck.store import Store, accounts

    store = Store(args.database)
    try:
        with store.sessions.begin() as s:
            if args.add_user:
                if accounts.user_by_name(s, args.add_user):
                    print(f"pausecheck: there is already an account {args.add_user!r}", file=sys.stderr)
                    return 64
                password = os.environ.get("PAUSECHECK_PASSWORD") or getpass.getpass(f"Password for {args.add_user}: ")
                if len(password) < 12:
                    print("pausecheck: a password needs at least 12 characters", file=sys.stderr)
                    return 64
                accounts.create_user(s, args.add_user, hash_password(password), role=args.role, actor="cli")
                print(f"created {args.add_user} ({args.role})")
            else:
                name, role = args.set_role
                user = accounts.user_by_name(s, name)
                if user is None or role not in ROLES:
                    print(f"pausecheck: no account {name!r}, or role not one of {', '.join(ROLES)}", file=sys.stderr)
                    return 64
                accounts.set_role(s, user, role, actor="cli")
                print(f"{name} is now {role}")
    finally:
        store.close()
    return 0
