"""`make run` end to end: `python -m market.core.devrun` as a real process with a real worker.

It must print the URL and the demo accounts, then nothing while all goes well (so they stay in
view), answer /healthz, let a demo user log in with the printed password, have the worker solve
the demo run, and on SIGINT stop both itself and the worker.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from config import Settings
from market.core.db import engine_for_url, make_session_factory
from market.core.devrun import make_web_server, stop_worker
from market.models import RunStatus
from tests.conftest import CSRF_FIELD
from tests.integration.runs import finished_run
from tests.web.test_health import closed_port

ROOT = Path(__file__).resolve().parents[2]
URL_LINE = re.compile(r"mestmatch is running at (http://127\.0\.0\.1:\d+/)")
ACCOUNT_LINE = re.compile(r"^\s+(\w+)\s+(\S+@\S+) / (\S+)\s*$")
WORKER_PID = re.compile(r"started the Celery worker \(pid (\d+)\)")
CHILD_PID = re.compile(r"started (?:the Celery worker|the mail worker|Celery beat) \(pid (\d+)\)")
BEAT_PID = re.compile(r"started Celery beat \(pid (\d+)\)")
MAIL_PID = re.compile(r"started the mail worker \(pid (\d+)\)")
DEMO_RUN = re.compile(r"Demo run (\d+) is queued")
STARTUP_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0
#: Output is done arriving once the pipe stayed silent this long (s).
SILENCE_S = 1.0


class Output:
    """The merged stdout/stderr of a process, read in a thread so the pipe never fills."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._reader.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self._queue.put(line)
        self._queue.put(None)

    def close(self, process: subprocess.Popen[str]) -> None:
        """After the process ended: let the reader reach the end of the pipe, then close it."""
        self._reader.join(timeout=STOP_TIMEOUT_S)
        assert process.stdout is not None
        process.stdout.close()

    def rest(self) -> list[str]:
        """The lines that came since the last read, once none came for `SILENCE_S`."""
        new: list[str] = []
        while True:
            try:
                line = self._queue.get(timeout=SILENCE_S)
            except queue.Empty:
                return new
            if line is None:
                return new
            self.lines.append(line)
            new.append(line)

    def wait_for(self, pattern: re.Pattern[str]) -> re.Match[str]:
        """Read lines until one matches; fail with the output so far if the process ends first."""
        while True:
            line = self._queue.get(timeout=STARTUP_TIMEOUT_S)
            assert line is not None, "devrun ended early:\n" + "".join(self.lines)
            self.lines.append(line)
            found = pattern.search(line)
            if found:
                return found


@pytest.fixture
def devrun(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Output]]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(MESTMATCH_ENV="development", MESTMATCH_INSTANCE=str(tmp_path / "instance"))
    env.update(MESTMATCH_PORT=str(closed_port()), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "market.core.devrun"],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = Output(process)
    yield process, output
    if process.poll() is None:
        process.kill()
        process.wait()
        kill_orphaned_worker(output.lines)
    output.close(process)


def kill_orphaned_worker(lines: list[str]) -> None:
    """devrun was killed before it could stop its worker and beat (a failed test): stop them."""
    for found in filter(None, map(CHILD_PID.search, lines)):
        if not gone(int(found.group(1))):
            os.kill(int(found.group(1)), signal.SIGKILL)


def log_in(base: str, email: str, password: str) -> str:
    """Log in through real HTTP with a cookie jar; return the page the browser lands on."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(base + "login") as response:
        token = CSRF_FIELD.search(response.read().decode())
    assert token is not None
    form = {"csrf_token": token.group(1), "email": email, "password": password}
    with opener.open(base + "login", urllib.parse.urlencode(form).encode()) as response:
        assert response.url == base
        return response.read().decode()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def demo_run_solved(instance: Path, run_id: int) -> bool:
    """Wait for the worker to finish the demo run in devrun's SQLite file."""
    engine = engine_for_url(f"sqlite:///{instance / 'mestmatch.sqlite3'}")
    try:
        run = finished_run(make_session_factory(engine), run_id, timeout=STARTUP_TIMEOUT_S)
    finally:
        engine.dispose()
    return run.status is RunStatus.SOLVED


@pytest.mark.slow
def test_devrun_serves_the_demo_and_stops_cleanly(
    devrun: tuple[subprocess.Popen[str], Output], tmp_path: Path
) -> None:
    process, output = devrun
    run_id = int(output.wait_for(DEMO_RUN).group(1))
    accounts_end = len(output.lines)
    worker_pid = int(output.wait_for(WORKER_PID).group(1))
    mail_pid = int(output.wait_for(MAIL_PID).group(1))
    beat_pid = int(output.wait_for(BEAT_PID).group(1))
    base = output.wait_for(URL_LINE).group(1)
    accounts = [ACCOUNT_LINE.match(line) for line in output.lines]
    email, password = next((m.group(2), m.group(3)) for m in accounts if m)
    with urllib.request.urlopen(base + "healthz") as response:
        assert json.load(response) == {"database": "ok", "broker": "ok"}
    assert "Mestmarkt" in log_in(base, email, password)
    assert demo_run_solved(tmp_path / "instance", run_id)
    # Celery's banners (`--quiet`), its warning about root, its "ready." and per-task lines,
    # kombu's "No hostname was supplied", the HiGHS banner of the solve and a line per HTTP
    # request all came after the accounts and pushed them out of view.
    later = output.lines[accounts_end:] + output.rest()
    assert [line for line in later if not (CHILD_PID.search(line) or URL_LINE.search(line))] == []
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=STOP_TIMEOUT_S) == 0
    assert gone(worker_pid) and gone(mail_pid) and gone(beat_pid)


def test_taken_port_falls_back_to_a_free_one(settings: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = make_web_server(settings, port)
        server.server_close()
    assert server.port not in {port, 0}


def sleeper(ignore_sigterm: bool) -> subprocess.Popen[str]:
    """A stand-in child that is ready once it printed a line, optionally deaf to SIGTERM."""
    code = "import signal, sys, time\n"
    if ignore_sigterm:
        code += "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    code += "print('ready', flush=True)\ntime.sleep(60)\n"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def test_worker_is_terminated_politely() -> None:
    child = sleeper(ignore_sigterm=False)
    stop_worker(child, timeout=30)
    child.stdout.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGTERM


def test_worker_that_ignores_terminate_is_killed() -> None:
    child = sleeper(ignore_sigterm=True)
    stop_worker(child, timeout=0.2)
    child.stdout.close()  # type: ignore[union-attr]
    assert child.returncode == -signal.SIGKILL
