"""Fixtures for console tests: SQLite and a real throwaway PostgreSQL server."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from console_helpers import ADMIN, STAFF, VIEWER, ConsoleServer, make_store  # noqa: E402
from pg import PostgresServer  # noqa: E402


@pytest.fixture(scope="session")
def postgres():
    # No skip: a missing server is an error (install with apt-get install -y postgresql).
    server = PostgresServer().start()
    yield server
    server.stop()


def _fresh_pg_db(postgres) -> str:
    import sqlalchemy as sa

    name = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(
        postgres.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return postgres.url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty tracker database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return _fresh_pg_db(request.getfixturevalue("postgres"))


@pytest.fixture
def store(db_url):
    tracker_store = make_store(db_url)
    yield tracker_store
    tracker_store.engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server_db(request, tmp_path_factory):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('console') / 'tracker.db'}"
    return _fresh_pg_db(request.getfixturevalue("postgres"))


@pytest.fixture(scope="module")
def console(server_db):
    """A running console (real Sanic server in a subprocess) with an admin and a staff user."""
    server = ConsoleServer(server_db)
    accounts = (
        (ADMIN, ["create-admin"]),
        (STAFF, ["create-user", "--role", "staff"]),
        (VIEWER, ["create-user", "--role", "viewer"]),
    )
    for (user, pw), cmd in accounts:
        result = server.cli(*cmd, "--username", user, "--password-stdin", stdin=pw + "\n")
        assert result.returncode == 0, result.stderr
    server.start()
    server.store = make_store(server_db)
    yield server
    server.stop()
    server.store.engine.dispose()


@pytest.fixture
def admin(console):
    session = console.login(*ADMIN)
    assert session.last_login_response.status_code == 303
    return session


@pytest.fixture
def staff(console):
    session = console.login(*STAFF)
    assert session.last_login_response.status_code == 303
    return session
