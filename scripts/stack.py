"""Start, watch and stop every process of the assistant.

Used by ``make run`` (``python -m scripts.stack run``) and by the test suite's session
fixture (``tests/conftest.py``), so tests exercise exactly what users run: the rasa-sdk
action server, the Rasa server (REST + socket.io + messaging channels), the widget
demo page and the staff console, as real processes on loopback.
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
from typing import Dict, List, Optional

from clinical import settings

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


@dataclass
class Stack:
    """The running assistant. Ports default to the documented ones (env overrides)."""

    rasa_port: int = int(os.environ.get("RASA_PORT", "5005"))
    action_port: int = int(os.environ.get("ACTION_PORT", "5055"))
    widget_port: int = int(os.environ.get("WIDGET_PORT", "8080"))
    console_port: int = int(os.environ.get("CONSOLE_PORT", "8081"))
    tracker_db_url: str = os.environ.get("TRACKER_DB_URL", "sqlite:///var/tracker.db")
    model: Path = MODEL
    log_dir: Path = ROOT / "var" / "logs"
    extra_env: Dict[str, str] = field(default_factory=dict)
    with_widget: bool = True
    with_console: bool = True
    progress: bool = False  # print each service as it becomes ready (make run)
    services: Dict[str, Service] = field(default_factory=dict)

    # ------------------------------------------------------------ configuration
    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def widget_url(self) -> str:
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
        env.update({
            "RASA_TELEMETRY_ENABLED": "false",
            "PYTHONPATH": str(ROOT),
            "RASA_PORT": str(self.rasa_port),
            "ACTION_PORT": str(self.action_port),
            "WIDGET_PORT": str(self.widget_port),
            "CONSOLE_PORT": str(self.console_port),
            "ACTION_ENDPOINT_URL": f"{self.action_url}/webhook",
            "TRACKER_DB_URL": self.tracker_db_url,
            "RASA_URL": self.rasa_url,
            "RASA_API_TOKEN": env.get("RASA_API_TOKEN") or api_token(),
            # Loopback only unless BIND_HOST says otherwise (e.g. 0.0.0.0 behind a proxy).
            "SANIC_HOST": env.get("BIND_HOST", "127.0.0.1"),
        })
        for name, default in settings.defaults().items():
            env.setdefault(name, default)
        env.update(self.extra_env)
        return env

    def _define(self) -> None:
        py = str(VENV_BIN / "python")
        self.services["actions"] = Service(
            "actions",
            [py, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.action_port)],
            f"{self.action_url}/health", start_timeout=90,
        )
        self.services["rasa"] = Service(
            "rasa",
            [str(VENV_BIN / "rasa"), "run", "--model", str(self.model), "--enable-api",
             "--interface", os.environ.get("BIND_HOST", "127.0.0.1"),
             "--auth-token", self.env["RASA_API_TOKEN"], "--port", str(self.rasa_port),
             "--credentials", str(ROOT / "credentials.yml"),
             "--endpoints", str(ROOT / "endpoints.yml"),
             "--cors", os.environ.get("CORS_ORIGINS", "*")],
            f"{self.rasa_url}/status?token={self.env['RASA_API_TOKEN']}",
            start_timeout=420,
        )
        if self.with_widget and (ROOT / "widget" / "server.py").exists():
            self.services["widget"] = Service(
                "widget", [py, str(ROOT / "widget" / "server.py")],
                f"{self.widget_url}/", start_timeout=30)
        if self.with_console and (ROOT / "console" / "__main__.py").exists():
            self.services["console"] = Service(
                "console", [py, "-m", "console", "serve"], f"{self.console_url}/login",
                start_timeout=60)

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
            for name in names:
                self.start_service(name, wait=False)
            started = time.monotonic()
            for name in names:
                service = self.services[name]
                try:
                    wait_http(service.health_url, service.start_timeout, service.process)
                except (RuntimeError, TimeoutError) as error:
                    raise RuntimeError(f"{name} did not start ({error}); its log: "
                                       f"{service.log_path}") from error
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
        service.process = subprocess.Popen(
            service.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait:
            wait_http(service.health_url, service.start_timeout, service.process)

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

    def stop(self) -> None:
        for name in reversed(list(self.services)):
            self.stop_service(name)

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _banner(stack: Stack) -> str:
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
        "       -d '{\"sender\": \"me\", \"message\": \"I feel dizzy since starting baclofen\"}'",
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["run"])
    parser.parse_args(argv)
    stack = Stack(progress=True)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print("Starting the action server, the Rasa server (loading the model takes a minute "
          "or two on a small machine), the widget page and the staff console...",
          flush=True)
    try:
        try:
            stack.start()
        except RuntimeError as error:
            print(f"FAILED at step \"start the servers\": {error}", file=sys.stderr)
            return 1
        print(_banner(stack), flush=True)
        while not stopping:
            for service in stack.services.values():
                if service.process is not None and service.process.poll() is not None:
                    print(f"{service.name} exited ({service.process.returncode}); see "
                          f"{service.log_path}. Stopping.", file=sys.stderr)
                    stopping = True
            time.sleep(1)
    finally:
        print("Stopping...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
