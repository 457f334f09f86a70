"""Real `celery worker` and `celery beat` processes, and a private redis-server, for tests.

Each process gets a session of its own, so a test can SIGKILL the whole worker (the main
process and its pool children) the way a crashed machine would lose it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from config.settings import PROJECT_ROOT

READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0
WORKER_FLAGS = ("--without-gossip", "--without-mingle", "--without-heartbeat", "-c", "1")


class Process:
    """A child process with its log in a file; stopped or killed as a whole group."""

    def __init__(
        self, args: list[str], env: Mapping[str, str], log: Path, stop_signal: int = signal.SIGTERM
    ) -> None:
        self.log, self.stop_signal = log, stop_signal
        with log.open("wb") as out:
            self.popen = subprocess.Popen(
                args,
                cwd=PROJECT_ROOT,
                env=dict(env),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, marker: str, timeout: float = READY_TIMEOUT_S) -> None:
        wait_until(lambda: marker in self.text(), timeout, f"{marker!r} in {self.log.name}")

    def kill(self) -> None:
        """SIGKILL to every process of the group: nothing gets to clean up."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()

    def stop(self) -> None:
        """`stop_signal` to the main process, SIGKILL to the group after a timeout."""
        if self.popen.poll() is not None:
            return
        self.popen.send_signal(self.stop_signal)
        try:
            self.popen.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.kill()


def start_worker(env: Mapping[str, str], log: Path, name: str) -> Process:
    """`celery -A worker.celery_app worker`, as docs/worker.md says, ready to consume."""
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "worker.celery_app",
        "worker",
        "--loglevel=INFO",
        "-n",
        f"{name}@%h",
        *WORKER_FLAGS,
    ]
    # SIGQUIT, a cold shutdown: the warm one takes seconds on the filesystem broker, and a
    # test is done with its worker when it stops it.
    worker = Process(args, env, log, stop_signal=signal.SIGQUIT)
    worker.wait_for(" ready.")
    return worker


def start_beat(env: Mapping[str, str], log: Path) -> Process:
    args = [sys.executable, "-m", "celery", "-A", "worker.celery_app", "beat", "--loglevel=INFO"]
    beat = Process(args, env, log)
    beat.wait_for("beat: Starting")
    return beat


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_redis(port: int, folder: Path) -> Process:
    """A throwaway redis-server of our own (never the shared one), in the foreground."""
    args = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(folder),
    ]
    server = Process(args, {"PATH": os.environ.get("PATH", "")}, folder / f"redis-{port}.log")
    server.wait_for("Ready to accept connections", timeout=15.0)
    return server


def wait_until(check: Callable[[], object], timeout: float, what: str, every: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(every)
