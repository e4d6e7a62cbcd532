"""Throwaway PostgreSQL server on loopback for tests (real server, not a mock).

Uses the Debian/Ubuntu server binaries (``apt-get install -y postgresql``), found
under /usr/lib/postgresql/<version>/bin or via PG_BIN. PostgreSQL refuses to run
as root, so when the tests run as root the server runs as the ``postgres`` system
user (created by the Debian package). The data directory lives in a temp dir and
is removed on stop. Password authentication (scram-sha-256) is enforced on TCP.

    with PostgresServer() as pg:
        url = pg.url  # postgresql://console:<pw>@127.0.0.1:<port>/console
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Optional


class PostgresUnavailable(RuntimeError):
    pass


def find_pg_bin() -> str:
    candidates = [os.environ.get("PG_BIN", "")] + sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), reverse=True
    )
    for path in candidates:
        if (
            path
            and os.path.exists(os.path.join(path, "initdb"))
            and os.path.exists(os.path.join(path, "pg_ctl"))
        ):
            return path
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found (looked in PG_BIN and "
        "/usr/lib/postgresql/*/bin). Install them: apt-get install -y postgresql"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    def __init__(self, database: str = "console", user: str = "console") -> None:
        self.bin = find_pg_bin()
        self.database = database
        self.user = user
        self.password = secrets.token_hex(16)
        self.port = free_port()
        self.tmp: Optional[str] = None
        self.run_as: Optional[str] = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError as error:
                raise PostgresUnavailable(
                    "Running as root and no 'postgres' system user exists; PostgreSQL "
                    "cannot run as root. Install the server package (apt-get install -y "
                    "postgresql), which creates that user."
                ) from error
            self.run_as = "postgres"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            list(args),
            check=True,
            capture_output=True,
            text=True,
            user=self.run_as,
            timeout=120,
            **kwargs,
        )

    def start(self) -> "PostgresServer":
        self.tmp = tempfile.mkdtemp(prefix="console-pg-")
        data = os.path.join(self.tmp, "data")
        pwfile = os.path.join(self.tmp, "pw")
        with open(pwfile, "w") as handle:
            handle.write(self.password + "\n")
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            for path in (self.tmp, pwfile):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        os.chmod(self.tmp, 0o700)
        try:
            self._run(
                os.path.join(self.bin, "initdb"),
                "-D",
                data,
                "-U",
                self.user,
                f"--pwfile={pwfile}",
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C",
            )
            self._run(
                os.path.join(self.bin, "pg_ctl"),
                "-D",
                data,
                "-l",
                os.path.join(self.tmp, "log"),
                "-w",
                "-t",
                "60",
                "-o",
                f"-h 127.0.0.1 -p {self.port} -k {self.tmp} -c fsync=off -c full_page_writes=off",
                "start",
            )
        except subprocess.CalledProcessError as error:
            log = ""
            try:
                with open(os.path.join(self.tmp, "log")) as handle:
                    log = handle.read()[-2000:]
            except OSError:
                pass
            self.stop()
            raise PostgresUnavailable(
                f"PostgreSQL failed to start: {error.stderr or error.stdout}\n{log}"
            ) from error
        self._create_database()
        return self

    def _create_database(self) -> None:
        import sqlalchemy as sa

        admin_url = f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/postgres"
        engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        deadline = time.time() + 30
        while True:
            try:
                with engine.connect() as conn:
                    conn.execute(sa.text(f'CREATE DATABASE "{self.database}"'))
                break
            except sa.exc.OperationalError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        engine.dispose()

    def stop(self) -> None:
        if self.tmp and os.path.isdir(os.path.join(self.tmp, "data")):
            try:
                self._run(
                    os.path.join(self.bin, "pg_ctl"),
                    "-D",
                    os.path.join(self.tmp, "data"),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                pass
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _has_c_utf8() -> bool:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.lower() in ("c.utf8", "c.utf-8") for line in out.splitlines())
