"""Starting gunicorn on loopback for tests and benchmarks, with the repository's gunicorn.conf.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port}")


def start_server(app: str, port: int, env: dict[str, str], args: Sequence[str] = (),
                 output: int | None = subprocess.DEVNULL) -> subprocess.Popen:
    """gunicorn from the repository root, so it reads gunicorn.conf.py as every other start does."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *args, app],
        cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=output)
    try:
        wait_for_port(port, server)
    except RuntimeError:
        server.kill()
        raise
    return server


@contextmanager
def gunicorn_server(app: str, env: dict[str, str], args: Sequence[str] = ()) -> Iterator[int]:
    port = free_port()
    server = start_server(app, port, env, args)
    try:
        yield port
    finally:
        server.terminate()
        server.wait(10)
