"""Start, watch and stop every process of the assistant.

Used by ``make run`` (``python -m scripts.stack run``), ``make run-scaled``
(``python -m scripts.stack run --rasa 2 --actions 2``) and by the test suite
(``tests/conftest.py``, ``tests/scale``), so tests exercise exactly what users run.

One instance (default): the rasa-sdk action server, the Rasa server (REST + socket.io +
messaging channels), the widget demo page and the staff console, on loopback.

Scaled (``--rasa N`` / ``--actions M`` / ``--scaled``):

* PostgreSQL for conversations and the console: ``TRACKER_DB_URL`` if it is a
  ``postgresql://`` URL, else a local server started here (data in ``var/scaled/``);
* Redis for the conversation locks: ``REDIS_URL`` if set, else a local server;
* N Rasa servers and M action servers on internal loopback ports;
* nginx in front: one public URL (``PUBLIC_PORT``, default 8000) for the widget page,
  socket.io (sticky by session id) and every webhook; the action servers behind a
  second, internal nginx port;
* the staff console on ``CONSOLE_PORT`` (staff only, not behind the public URL), on the
  same database.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional

from clinical import settings

if TYPE_CHECKING:  # imported where used at run time (only the scaled stack needs it)
    from scripts import infra

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "current.tar.gz"


def free_port() -> int:
    """An unused TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float, process: Optional[subprocess.Popen] = None) -> None:
    """Wait until ``url`` answers (any HTTP status), or raise."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=3):
                return
        except urllib.error.HTTPError:
            return
        except Exception as exc:  # noqa: BLE001 - still starting
            last_error = exc
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s ({last_error})")


def api_token() -> str:
    """The Rasa HTTP API token: RASA_API_TOKEN, or one generated and kept in var/."""
    token = os.environ.get("RASA_API_TOKEN")
    if token:
        return token
    path = ROOT / "var" / "api_token"
    path.parent.mkdir(exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass
class Service:
    name: str
    command: List[str]
    health_url: str
    start_timeout: float = 60.0
    process: Optional[subprocess.Popen] = None
    log_path: Optional[Path] = None
    env: Dict[str, str] = field(default_factory=dict)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


@dataclass
class Stack:
    """The running assistant. Ports default to the documented ones (env overrides)."""

    rasa_port: int = _env_int("RASA_PORT", 5005)
    action_port: int = _env_int("ACTION_PORT", 5055)
    widget_port: int = _env_int("WIDGET_PORT", 8080)
    console_port: int = _env_int("CONSOLE_PORT", 8081)
    tracker_db_url: str = os.environ.get("TRACKER_DB_URL", "sqlite:///var/tracker.db")
    model: Path = MODEL
    log_dir: Path = ROOT / "var" / "logs"
    extra_env: Dict[str, str] = field(default_factory=dict)
    with_widget: bool = True
    with_console: bool = True
    progress: bool = False  # print each service as it becomes ready (make run)
    services: Dict[str, Service] = field(default_factory=dict)
    # ---- scaled mode
    scaled: bool = False
    rasa_count: int = 1
    action_count: int = 1
    public_port: int = _env_int("PUBLIC_PORT", 8000)
    redis_url: Optional[str] = os.environ.get("REDIS_URL") or None
    data_dir: Path = ROOT / "var" / "scaled"
    postgres: Optional[infra.LocalPostgres] = None  # when started here
    redis: Optional[infra.LocalRedis] = None  # when started here
    nginx: Optional[infra.Nginx] = None  # set by _define_scaled
    rasa_ports: List[int] = field(default_factory=list)
    action_ports: List[int] = field(default_factory=list)
    action_balancer_port: int = 0

    # ------------------------------------------------------------ configuration
    @property
    def rasa_url(self) -> str:
        """Where clients talk to the assistant (the balancer in scaled mode)."""
        if self.scaled:
            return f"http://127.0.0.1:{self.public_port}"
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rasa_urls(self) -> List[str]:
        """Each Rasa server directly (one in single mode)."""
        if self.scaled:
            return [f"http://127.0.0.1:{p}" for p in self.rasa_ports]
        return [f"http://127.0.0.1:{self.rasa_port}"]

    @property
    def rasa_names(self) -> List[str]:
        return [f"rasa{i}" for i in range(1, self.rasa_count + 1)] if self.scaled else ["rasa"]

    @property
    def action_names(self) -> List[str]:
        if self.scaled:
            return [f"actions{i}" for i in range(1, self.action_count + 1)]
        return ["actions"]

    @property
    def action_url(self) -> str:
        if self.scaled:
            return f"http://127.0.0.1:{self.action_balancer_port}"
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def widget_url(self) -> str:
        if self.scaled:
            return self.rasa_url
        return f"http://127.0.0.1:{self.widget_port}"

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.console_port}"

    @property
    def token(self) -> str:
        return self.env["RASA_API_TOKEN"]

    @property
    def env(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "RASA_TELEMETRY_ENABLED": "false",
                "PYTHONPATH": str(ROOT),
                "RASA_PORT": str(self.rasa_port),
                "ACTION_PORT": str(self.action_port),
                "WIDGET_PORT": str(self.widget_port),
                "CONSOLE_PORT": str(self.console_port),
                "ACTION_ENDPOINT_URL": f"{self.action_url}/webhook",
                "TRACKER_DB_URL": self.tracker_db_url,
                "RASA_URL": (self.rasa_urls or [self.rasa_url])[0],
                "RASA_API_TOKEN": env.get("RASA_API_TOKEN") or api_token(),
                # Loopback only unless BIND_HOST says otherwise (e.g. 0.0.0.0 behind a proxy).
                "SANIC_HOST": env.get("BIND_HOST", "127.0.0.1"),
            }
        )
        if self.scaled:
            env["REDIS_URL"] = self.redis_url or ""
            env["RASA_SOCKET_URL"] = self.rasa_url
            env["SANIC_WORKERS"] = "1"
        for name, default in settings.defaults().items():
            env.setdefault(name, default)
        env.update(self.extra_env)
        return env

    def _rasa_command(self, port: int) -> List[str]:
        return [
            str(VENV_BIN / "python"),
            "-m",
            "rasa_ext",
            "run",
            "--model",
            str(self.model),
            "--enable-api",
            "--interface",
            os.environ.get("BIND_HOST", "127.0.0.1"),
            "--auth-token",
            self.env["RASA_API_TOKEN"],
            "--port",
            str(port),
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--endpoints",
            str(ROOT / "endpoints.yml"),
            "--cors",
            os.environ.get("CORS_ORIGINS", "*"),
        ]

    def _define(self) -> None:
        py = str(VENV_BIN / "python")
        if self.scaled:
            return self._define_scaled()
        self.services["actions"] = Service(
            "actions",
            [py, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
            f"{self.action_url}/health",
            start_timeout=90,
        )
        self.services["rasa"] = Service(
            "rasa",
            self._rasa_command(self.rasa_port),
            f"{self.rasa_url}/status?token={self.env['RASA_API_TOKEN']}",
            start_timeout=420,
        )
        if self.with_widget and (ROOT / "widget" / "server.py").exists():
            self.services["widget"] = Service(
                "widget",
                [py, str(ROOT / "widget" / "server.py")],
                f"{self.widget_url}/",
                start_timeout=30,
            )
        self._define_console()

    def _define_console(self) -> None:
        if self.with_console and (ROOT / "console" / "__main__.py").exists():
            self.services["console"] = Service(
                "console",
                [str(VENV_BIN / "python"), "-m", "console", "serve"],
                f"{self.console_url}/login",
                start_timeout=60,
            )

    def _define_scaled(self) -> None:
        from scripts import infra

        py = str(VENV_BIN / "python")
        token = self.env["RASA_API_TOKEN"]
        self.action_ports = self.action_ports or [free_port() for _ in range(self.action_count)]
        self.rasa_ports = self.rasa_ports or [free_port() for _ in range(self.rasa_count)]
        self.action_balancer_port = self.action_balancer_port or free_port()
        for name, port in zip(self.action_names, self.action_ports, strict=True):
            self.services[name] = Service(
                name,
                [py, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
                f"http://127.0.0.1:{port}/health",
                start_timeout=90,
            )
        for name, port in zip(self.rasa_names, self.rasa_ports, strict=True):
            self.services[name] = Service(
                name,
                self._rasa_command(port),
                f"http://127.0.0.1:{port}/status?token={token}",
                start_timeout=420,
                env={"RASA_INSTANCE_ID": name, "RASA_PORT": str(port)},
            )
        widget = None
        if self.with_widget and (ROOT / "widget" / "server.py").exists():
            widget = f"127.0.0.1:{self.widget_port}"
            self.services["widget"] = Service(
                "widget",
                [py, str(ROOT / "widget" / "server.py")],
                f"http://127.0.0.1:{self.widget_port}/",
                start_timeout=30,
            )
        prefix = self.data_dir / "nginx"
        config = infra.render_nginx_conf(
            listen=f"127.0.0.1:{self.public_port}",
            rasa=[
                infra.Upstream(n, f"127.0.0.1:{p}")
                for n, p in zip(self.rasa_names, self.rasa_ports, strict=True)
            ],
            actions=[f"127.0.0.1:{p}" for p in self.action_ports],
            action_listen=f"127.0.0.1:{self.action_balancer_port}",
            widget=widget,
            prefix=str(prefix),
            error_log=str(self.log_dir / "nginx-error.log"),
            access_log=str(self.log_dir / "nginx-access.log"),
            # local loopback stack: when we are root, nginx's workers must be able to use
            # its temp directories under our private data directory
            user="root" if os.geteuid() == 0 else None,
        )
        self.nginx = infra.Nginx(prefix, config)
        self.services["nginx"] = Service(
            "nginx", self.nginx.command(), f"{self.rasa_url}/healthz", start_timeout=20
        )
        self._define_console()

    # ------------------------------------------------------------ infrastructure
    def _start_infra(self) -> None:
        from scripts import infra

        if not self.tracker_db_url.startswith("postgresql"):
            self.postgres = infra.LocalPostgres(self.data_dir / "postgres").start()
            self.tracker_db_url = self.postgres.url
        if not self.redis_url:
            self.redis = infra.LocalRedis(self.data_dir / "redis").start()
            self.redis_url = self.redis.url
        if self.nginx is None:
            raise RuntimeError("the scaled stack has no nginx configuration: _define it first")
        ok, output = self.nginx.test_config()
        if not ok:
            raise RuntimeError(f"nginx -t rejected the generated config: {output}")

    def _stop_infra(self) -> None:
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()

    # ------------------------------------------------------------ lifecycle
    def start(self, only: Optional[List[str]] = None) -> "Stack":
        if not self.model.exists():
            raise FileNotFoundError(f"{self.model} is missing: run `make train` first")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        (ROOT / "var").mkdir(exist_ok=True)
        if not self.services:
            self._define()
        names = only or list(self.services)
        try:
            if self.scaled:
                self._start_infra()
            for name in names:
                self.start_service(name, wait=False)
            started = time.monotonic()
            for name in names:
                service = self.services[name]
                try:
                    wait_http(service.health_url, service.start_timeout, service.process)
                except (RuntimeError, TimeoutError) as error:
                    raise RuntimeError(
                        f"{name} did not start ({error}); its log: {service.log_path}"
                    ) from error
                if self.progress:
                    print(f"  {name} ready ({time.monotonic() - started:.0f}s)", flush=True)
        except BaseException:
            self.stop()  # never leave half a stack running
            raise
        return self

    def start_service(self, name: str, wait: bool = True) -> None:
        service = self.services[name]
        if service.process is not None and service.process.poll() is None:
            return
        service.log_path = self.log_dir / f"{name}.log"
        log = open(service.log_path, "ab")
        env = self.env
        env.update(service.env)
        service.process = subprocess.Popen(
            service.command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        if wait:
            wait_http(service.health_url, service.start_timeout, service.process)

    def kill_service(self, name: str) -> None:
        """SIGKILL a service (a crash, for the fault tests)."""
        service = self.services.get(name)
        if service and service.process is not None and service.process.poll() is None:
            os.killpg(service.process.pid, signal.SIGKILL)
            service.process.wait(timeout=10)
        if service:
            service.process = None

    def stop_service(self, name: str) -> None:
        service = self.services.get(name)
        if not service or service.process is None:
            return
        if service.process.poll() is None:
            os.killpg(service.process.pid, signal.SIGTERM)
            try:
                service.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(service.process.pid, signal.SIGKILL)
                service.process.wait(timeout=5)
        service.process = None

    def pid(self, name: str) -> Optional[int]:
        service = self.services.get(name)
        if service and service.process is not None and service.process.poll() is None:
            return service.process.pid
        return None

    def stop(self) -> None:
        for name in reversed(list(self.services)):
            self.stop_service(name)
        if self.scaled:
            self._stop_infra()

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _banner(stack: Stack) -> str:
    if stack.scaled:
        lines = [
            "",
            "The baclofen assistant is running (scaled). Ctrl-C stops everything.",
            f"  Public URL (widget page, socket.io, webhooks): {stack.rasa_url}/",
            f"  Rasa servers ({len(stack.rasa_ports)}): "
            + ", ".join(
                f"{n} :{p}" for n, p in zip(stack.rasa_names, stack.rasa_ports, strict=True)
            ),
            f"  Action servers ({len(stack.action_ports)}) behind {stack.action_url}",
            "  PostgreSQL: "
            + (
                f"local, data in {stack.data_dir / 'postgres'}"
                if stack.postgres
                else "TRACKER_DB_URL"
            ),
            f"  Redis locks: {'local' if stack.redis else 'REDIS_URL'}",
        ]
    else:
        lines = [
            "",
            "The baclofen assistant is running. Ctrl-C stops everything.",
            f"  Rasa server (REST, socket.io): {stack.rasa_url}",
            f"  Action server:                 {stack.action_url}",
        ]
        if "widget" in stack.services:
            lines.append(f"  Chat widget demo page:         {stack.widget_url}/")
    if "console" in stack.services:
        lines.append(f"  Staff review console:          {stack.console_url}/")
    lines += [
        "",
        "Talk to it from a terminal:",
        f"  curl -s {stack.rasa_url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\",
        '       -d \'{"sender": "me", "message": "I feel dizzy since starting baclofen"}\'',
        "  or interactively, in another terminal: make chat",
        f"Logs: {stack.log_dir}",
        "",
    ]
    ready = [f"chat {stack.widget_url}/"] if "widget" in stack.services else []
    ready += [f"console {stack.console_url}/"] if "console" in stack.services else []
    ready += [f"REST {stack.rasa_url}/webhooks/rest/webhook"]
    lines.append("Ready: " + "  |  ".join(ready))
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["run"])
    parser.add_argument("--rasa", type=int, default=None, help="Rasa servers (scaled mode)")
    parser.add_argument("--actions", type=int, default=None, help="action servers (scaled)")
    parser.add_argument(
        "--scaled",
        action="store_true",
        help="PostgreSQL + Redis + nginx even with one server of each",
    )
    parser.add_argument(
        "--public-port", type=int, default=None, help="balancer port (default PUBLIC_PORT or 8000)"
    )
    args = parser.parse_args(argv)
    scaled = args.scaled or (args.rasa or 1) > 1 or (args.actions or 1) > 1
    if scaled:
        stack = Stack(
            scaled=True,
            rasa_count=max(1, args.rasa or 2),
            action_count=max(1, args.actions or 2),
            widget_port=free_port(),
            progress=True,
        )
        if args.public_port:
            stack.public_port = args.public_port
    else:
        stack = Stack(progress=True)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    what = (
        f"PostgreSQL, Redis, {stack.action_count} action server(s), {stack.rasa_count} "
        "Rasa server(s), nginx"
        if scaled
        else "the action server, the Rasa server"
    )
    print(
        f"Starting {what} (loading the model takes a minute or two on a small machine), "
        "the widget page and the staff console...",
        flush=True,
    )
    try:
        try:
            stack.start()
        except RuntimeError as error:
            print(f'FAILED at step "start the servers": {error}', file=sys.stderr)
            return 1
        print(_banner(stack), flush=True)
        while not stopping:
            for service in stack.services.values():
                if service.process is not None and service.process.poll() is not None:
                    print(
                        f"{service.name} exited ({service.process.returncode}); see "
                        f"{service.log_path}. Stopping.",
                        file=sys.stderr,
                    )
                    stopping = True
            time.sleep(1)
    finally:
        print("Stopping...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
