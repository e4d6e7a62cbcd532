"""Throwaway PostgreSQL server on loopback for tests (real server, not a mock).

One implementation for the tests, the benchmarks and ``make run-scaled``:
``scripts.infra.ThrowawayPostgres`` (a ``LocalPostgres`` in a temp dir, removed on
stop). The Debian server binaries come from ``bash scripts/install_system_deps.sh``;
as root the server runs as the ``postgres`` system user.

    with PostgresServer() as pg:
        url = pg.url  # postgresql://console:<pw>@127.0.0.1:<port>/console
"""

from scripts.infra import InfraUnavailable as PostgresUnavailable
from scripts.infra import ThrowawayPostgres as PostgresServer
from scripts.infra import find_pg_bin, free_port

__all__ = ["PostgresServer", "PostgresUnavailable", "find_pg_bin", "free_port"]
