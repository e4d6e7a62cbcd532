"""The process supervisor behind `make run` and the test fixture."""

import sys

import pytest

from scripts.stack import Service, Stack, free_port


def test_a_failed_start_stops_what_was_already_started(tmp_path):
    model = tmp_path / "model.tar.gz"
    model.write_text("not a model")
    stack = Stack(model=model, log_dir=tmp_path, with_widget=False, with_console=False)
    ok_port = free_port()
    stack.services = {
        "ok": Service(
            "ok",
            [sys.executable, "-m", "http.server", str(ok_port), "--bind", "127.0.0.1"],
            f"http://127.0.0.1:{ok_port}/",
            20,
        ),
        "broken": Service(
            "broken",
            [sys.executable, "-c", "raise SystemExit(3)"],
            f"http://127.0.0.1:{free_port()}/",
            20,
        ),
    }
    with pytest.raises(RuntimeError, match="exited with 3"):
        stack.start()
    assert stack.services["ok"].process is None  # stopped, not leaked


def test_start_refuses_without_a_model(tmp_path):
    with pytest.raises(FileNotFoundError, match="make train"):
        Stack(model=tmp_path / "missing.tar.gz", log_dir=tmp_path).start()
