"""The servers the scaled mode runs beside the assistant: PostgreSQL, Redis, nginx.

All three are the Debian packages (``scripts/install_system_deps.sh``), started as
ordinary child processes on loopback ports, with their data and logs under one
directory, the way the tests start them. Nothing is installed as a system service.

* :class:`LocalPostgres` - ``initdb`` once, then ``pg_ctl start/stop``; a restart
  keeps the data. Runs as the ``postgres`` user when we are root (PostgreSQL refuses
  root). Password authentication on TCP. Logging is set so that no SQL statement (which
  would carry message text) is ever written to its log.
* :class:`LocalRedis` - ``redis-server`` without persistence (locks only).
* :class:`Nginx` - the load balancer; :func:`render_nginx_conf` writes its config
  (also used for ``deploy/nginx/nginx.conf``).
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

# Settings that keep message text out of PostgreSQL's own log (statements are never
# logged, not even the one that caused an error).
PG_PRIVACY_SETTINGS = {
    "log_statement": "none",
    "log_min_error_statement": "panic",
    "log_min_duration_statement": "-1",
    "log_duration": "off",
}


class InfraUnavailable(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_tcp(port: int, timeout: float, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{host}:{port} did not accept connections within {timeout:.0f}s")


def _run_as() -> Optional[str]:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise InfraUnavailable(
            "Running as root and no 'postgres' system user exists; PostgreSQL cannot run "
            "as root. Install the server package: bash scripts/install_system_deps.sh"
        ) from error
    return "postgres"


def find_pg_bin() -> str:
    for path in [os.environ.get("PG_BIN", "")] + sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), reverse=True
    ):
        if path and os.path.exists(os.path.join(path, "pg_ctl")):
            return path
    raise InfraUnavailable(
        "PostgreSQL server binaries not found (PG_BIN, "
        "/usr/lib/postgresql/*/bin): bash scripts/install_system_deps.sh"
    )


class LocalPostgres:
    """A PostgreSQL server in ``root`` (created on first start, kept afterwards)."""

    def __init__(
        self,
        root: Path,
        port: Optional[int] = None,
        database: str = "baclofen",
        user: str = "baclofen",
    ) -> None:
        self.root = Path(root)
        self.bin = find_pg_bin()
        self.port = port or free_port()
        self.database = database
        self.user = user
        self.run_as = _run_as()
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"
        self._password_file = self.root / "password"

    @property
    def password(self) -> str:
        return self._password_file.read_text().strip()

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            list(args), check=True, capture_output=True, text=True, user=self.run_as, timeout=120
        )

    def _chown(self, *paths: Path) -> None:
        if self.run_as:
            entry = pwd.getpwnam(self.run_as)
            for path in paths:
                os.chown(path, entry.pw_uid, entry.pw_gid)

    def _init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        if self.run_as:  # the postgres user must be able to reach its directory
            parent = self.root.parent
            os.chmod(parent, os.stat(parent).st_mode | 0o011)
        if not self._password_file.exists():
            self._password_file.write_text(secrets.token_hex(16) + "\n")
        self._password_file.chmod(0o600)
        self._chown(self.root, self._password_file)
        locale = "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C"
        self._run(
            os.path.join(self.bin, "initdb"),
            "-D",
            str(self.data),
            "-U",
            self.user,
            f"--pwfile={self._password_file}",
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            locale,
        )
        self._start()
        self._create_database()

    def _start(self) -> None:
        options = [
            f"-h 127.0.0.1 -p {self.port} -k {self.root}",
            "-c fsync=off",
            "-c full_page_writes=off",
            "-c synchronous_commit=off",
            "-c max_connections=200",
        ]
        options += [f"-c {k}={v}" for k, v in PG_PRIVACY_SETTINGS.items()]
        try:
            self._run(
                os.path.join(self.bin, "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log_path),
                "-w",
                "-t",
                "60",
                "-o",
                " ".join(options),
                "start",
            )
        except subprocess.CalledProcessError as error:
            tail = self.log_path.read_text()[-2000:] if self.log_path.exists() else ""
            raise InfraUnavailable(f"PostgreSQL failed to start: {error.stderr}\n{tail}") from error

    def start(self) -> "LocalPostgres":
        if not (self.data / "PG_VERSION").exists():
            self._init()
        else:
            self._start()
        return self

    def _create_database(self) -> None:
        import sqlalchemy as sa

        admin = sa.create_engine(
            f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/postgres",
            isolation_level="AUTOCOMMIT",
        )
        try:
            with admin.connect() as conn:
                exists = conn.execute(
                    sa.text("SELECT 1 FROM pg_database WHERE datname=:d"), {"d": self.database}
                ).first()
                if not exists:
                    conn.execute(sa.text(f'CREATE DATABASE "{self.database}"'))
        finally:
            admin.dispose()

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._run(
                    os.path.join(self.bin, "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                pass

    def restart(self) -> None:
        self.stop()
        self._start()

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class ThrowawayPostgres(LocalPostgres):
    """A PostgreSQL server in a fresh temporary directory, removed again on ``stop()``
    (tests and benchmarks: a real server, never a mock).

        with ThrowawayPostgres() as pg:
            url = pg.url  # postgresql://console:<pw>@127.0.0.1:<port>/console
    """

    def __init__(self, database: str = "console", user: str = "console") -> None:
        self._tmp = Path(tempfile.mkdtemp(prefix="pg-"))
        super().__init__(self._tmp / "pg", database=database, user=user)

    def start(self) -> "ThrowawayPostgres":
        try:
            super().start()
        except Exception:
            self.stop()
            raise
        return self

    def stop(self, mode: str = "immediate") -> None:
        super().stop(mode)
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> "ThrowawayPostgres":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class LocalRedis:
    """redis-server on loopback without persistence; stop/start keep the port."""

    def __init__(self, root: Path, port: Optional[int] = None) -> None:
        self.root = Path(root)
        self.port = port or free_port()
        self.process: Optional[subprocess.Popen] = None
        self.log_path = self.root / "redis.log"
        binary = shutil.which("redis-server")
        if not binary:
            raise InfraUnavailable("redis-server is missing: bash scripts/install_system_deps.sh")
        self.binary = binary

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def start(self) -> "LocalRedis":
        if self.process is not None and self.process.poll() is None:
            return self
        self.root.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
                "--logfile",
                str(self.log_path),
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_tcp(self.port, 15)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


# ---------------------------------------------------------------- nginx


@dataclass
class Upstream:
    """One Rasa server as the balancer sees it (``instance`` tags its socket.io ids)."""

    instance: str
    address: str  # host:port


def render_nginx_conf(
    *,
    listen: str,
    rasa: Sequence[Upstream],
    actions: Sequence[str],
    widget: Optional[str],
    action_listen: Optional[str],
    prefix: str,
    error_log: str,
    access_log: str,
    max_body: str = "256k",
    user: Optional[str] = None,
) -> str:
    """The balancer's nginx.conf.

    * ``/socket.io/``: long-polling requests that carry ``sid=<instance>.<id>`` go to
      the server that issued that session id (sticky without cookies); new sessions
      (no ``sid``) go to any live server.
    * ``/webhooks/``: REST and the messaging channels, spread over all servers
      (least connections). A server that refuses connections is skipped at once and
      left out for 5 s; a request lost in flight gets a 503 with a JSON "please send
      that again" message, never an empty answer.
    * ``/``: the widget demo page (one public URL for widget and channels).
    * the action servers on ``action_listen`` (internal), round robin.
    Access logs hold method, path and status only: no query strings, no bodies.
    """
    lines: List[str] = []
    add = lines.append
    if user:
        add(f"user {user};")
    add("worker_processes 1;")
    add(f"pid {prefix}/nginx.pid;")
    add(f"error_log {error_log} warn;")
    add("events { worker_connections 1024; }")
    add("http {")
    add("    default_type application/octet-stream;")
    add("    log_format privacy '$time_iso8601 $request_method $uri $status '")
    add("                       '$request_time $upstream_addr';")
    add(f"    access_log {access_log} privacy;")
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        add(f"    {temp}_temp_path {prefix}/{temp}_temp;")
    add(f"    client_max_body_size {max_body};")
    add("    client_body_buffer_size 256k;")
    add("    server_tokens off;")
    add("    proxy_http_version 1.1;")
    add('    proxy_set_header Connection "";')
    add("    proxy_set_header Host $http_host;")
    add("    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
    add("    proxy_set_header X-Forwarded-Proto $scheme;")
    add("    proxy_set_header X-Forwarded-Host $http_host;")
    add("    proxy_connect_timeout 2s;")
    add("    proxy_read_timeout 90s;")
    add("    proxy_send_timeout 90s;")
    add("    proxy_next_upstream error timeout;")
    add("    proxy_next_upstream_tries 3;")
    add("")
    add("    upstream rasa {")
    add("        least_conn;")
    for up in rasa:
        add(f"        server {up.address} max_fails=1 fail_timeout=5s;")
    add("        keepalive 32;")
    add("    }")
    for up in rasa:
        add(f"    upstream rasa_{up.instance} {{ server {up.address}; keepalive 8; }}")
    add("    # socket.io long-polling: the session id names the server that issued it")
    add("    map $arg_sid $socketio_upstream {")
    add("        default rasa;")
    for up in rasa:
        add(f"        ~^{up.instance}\\. rasa_{up.instance};")
    add("    }")
    if widget:
        add(f"    upstream widget {{ server {widget}; }}")
    add("")
    add("    server {")
    add(f"        listen {listen};")
    add("        location = /healthz { default_type text/plain; return 200 'ok'; }")
    add("        location /socket.io/ {")
    add("            proxy_pass http://$socketio_upstream;")
    add("            proxy_buffering off;")
    add("        }")
    add("        location /webhooks/ {")
    add("            proxy_pass http://rasa;")
    add("            error_page 502 503 504 = @rasa_unavailable;")
    add("            error_page 413 = @too_large;")
    add("        }")
    add("        location @too_large {")
    add("            default_type application/json;")
    add(
        '            return 413 \'{"error": "too_large", "message": "The request is '
        "too large. Send a shorter message.\"}';"
    )
    add("        }")
    add("        location @rasa_unavailable {")
    add("            default_type application/json;")
    add("            add_header Retry-After 2 always;")
    add(
        '            return 503 \'[{"recipient_id": "", "error": "unavailable", '
        '"text": "Sorry, that message did not reach me. Please send it again. If you '
        "feel very unwell, call your emergency number now.\"}]';"
    )
    add("        }")
    if widget:
        add("        location / { proxy_pass http://widget; }")
    else:
        add("        location / { return 404; }")
    add("    }")
    if actions and action_listen:
        add("")
        add("    upstream actions {")
        for address in actions:
            add(f"        server {address} max_fails=1 fail_timeout=5s;")
        add("        keepalive 16;")
        add("    }")
        add("    server {")
        add(f"        listen {action_listen};")
        add("        location / { proxy_pass http://actions; }")
        add("    }")
    add("}")
    return "\n".join(lines) + "\n"


class Nginx:
    """nginx in the foreground (``daemon off``) with its files under ``prefix``."""

    def __init__(self, prefix: Path, config: str) -> None:
        self.prefix = Path(prefix)
        self.config = config
        self.conf_path = self.prefix / "nginx.conf"
        self.process: Optional[subprocess.Popen] = None
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(binary):
            raise InfraUnavailable("nginx is missing: bash scripts/install_system_deps.sh")
        self.binary = binary

    def write(self) -> Path:
        self.prefix.mkdir(parents=True, exist_ok=True)
        self.conf_path.write_text(self.config)
        return self.conf_path

    def test_config(self) -> Tuple[bool, str]:
        """``nginx -t`` on the config: (ok, output)."""
        self.write()
        result = subprocess.run(
            [
                self.binary,
                "-t",
                "-q",
                "-p",
                str(self.prefix),
                "-c",
                str(self.conf_path),
                "-e",
                str(self.prefix / "nginx-test.log"),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        return result.returncode == 0, (result.stdout + result.stderr).strip()

    def command(self) -> List[str]:
        return [
            self.binary,
            "-p",
            str(self.prefix),
            "-c",
            str(self.conf_path),
            "-e",
            str(self.prefix / "nginx-startup.log"),
            "-g",
            "daemon off;",
        ]


def _has_c_utf8() -> bool:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.lower() in ("c.utf8", "c.utf-8") for line in out.splitlines())


def deploy_nginx_conf(kind: str) -> str:
    """The balancer config shipped in deploy/ ("compose" or "k8s"); tests keep the
    committed files equal to this (``python -m scripts.infra compose|k8s`` prints it)."""
    if kind == "compose":
        rasa = [Upstream("rasa1", "rasa1:5005"), Upstream("rasa2", "rasa2:5005")]
        actions = ["actions1:5055", "actions2:5055"]
        widget = "widget:8080"
    elif kind == "k8s":
        host = "{}.rasa.baclofen.svc.cluster.local:5005"
        rasa = [Upstream(f"rasa-{i}", host.format(f"rasa-{i}")) for i in range(2)]
        actions = []  # the action servers are reached through their Service
        widget = "widget.baclofen.svc.cluster.local:8080"
    else:
        raise ValueError(kind)
    return render_nginx_conf(
        listen="80",
        rasa=rasa,
        actions=actions,
        widget=widget,
        action_listen="5056" if actions else None,
        prefix="/tmp",
        error_log="/dev/stderr",
        access_log="/dev/stdout",
    )


if __name__ == "__main__":
    import sys

    print(deploy_nginx_conf(sys.argv[1]), end="")
