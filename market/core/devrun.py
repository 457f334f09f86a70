"""`make run`: the whole product on one laptop, with no server to install.

In order: settings (embedded default: SQLite and a filesystem broker under instance/),
the instance folders, the migrations, the demo data (its accounts are printed), a real
Celery worker and Celery beat as child processes, and the web app on 127.0.0.1.

Beat is what makes this mode as crash-safe as production: the filesystem broker loses the
message of a killed worker, and beat's sweeper (`mestmatch.sweep_stuck_runs`) queues such a
run again. It is the same `celery beat` a cluster runs (not a thread in this process), so
the drill that kills a worker here is the production drill. A child that dies is started
again, as a process supervisor would (at most `MAX_RESTARTS` within `RESTART_WINDOW_S`;
after that the product stops with exit code 1: half a product only confuses).
Ctrl-C (SIGINT) or SIGTERM stops the web server, then the children (terminate, wait, kill
after a timeout).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from types import FrameType

from sqlalchemy.engine import make_url
from werkzeug.serving import BaseWSGIServer, make_server

from config import Settings, tasks
from config.settings import PROJECT_ROOT
from market.core.app import create_app
from market.core.broker import ensure_broker_folders
from market.core.clock import today
from market.core.db import make_engine, make_session_factory, session_scope, upgrade
from market.demo.seed import enqueue_demo_run, seed_demo

HOST = "127.0.0.1"
DEFAULT_PORT = 5000
WORKER_STOP_TIMEOUT_S = 15.0
WORKER_POLL_S = 0.5
MAX_RESTARTS = 3
RESTART_WINDOW_S = 60.0
#: After the URL and the accounts only what needs the user's eye: warnings and errors (a
#: failed task, a crash), not banners, requests or tasks received. `--quiet`: no start-up
#: banners (some 60 lines); `--loglevel=WARNING`: no "ready.", "Connected to" or per-task
#: lines. `-W`: not Celery's warning about running as root, printed by each worker in the
#: containers where a laptop's `make run` often is root (production runs workers itself).
ROOT_WARNING = "You're running the worker with superuser privileges"
CELERY = ("-W", f"ignore:{ROOT_WARNING}", "-m", "celery", "-A", "worker.celery_app", "--quiet")
LOG_LEVEL = "--loglevel=WARNING"
WORKER_FLAGS = (LOG_LEVEL, "--without-gossip", "--without-mingle", "--without-heartbeat")
#: One process solves runs, one sends mail (`config.tasks.QUEUE_MAIL`): a long solve never
#: holds a farmer's mail back.
WORKER_COMMAND = (
    *CELERY,
    "worker",
    *WORKER_FLAGS,
    "-c",
    "1",
    "-Q",
    tasks.QUEUE_RUNS,
    "-n",
    "runs@%h",
)
MAIL_WORKER_COMMAND = (
    *CELERY,
    "worker",
    *WORKER_FLAGS,
    "-c",
    "1",
    "-Q",
    tasks.QUEUE_MAIL,
    "-n",
    "mail@%h",
)
BEAT_COMMAND = (*CELERY, "beat", LOG_LEVEL)

log = logging.getLogger("mestmatch.devrun")


#: Loggers that speak at INFO on every request: a line per HTTP request (werkzeug), ten
#: lines per PDF (WeasyPrint's steps). After the accounts, `make run` shows only what needs
#: attention.
CHATTY_LOGGERS = ("werkzeug", "weasyprint.progress")


def configure_logging() -> None:
    """INFO and up on stderr, but warnings only from `CHATTY_LOGGERS`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main() -> int:
    """Run until Ctrl-C; the exit code is 0 after a requested stop, 1 if a child kept dying."""
    configure_logging()
    settings = Settings.from_env()
    prepare_instance(settings)
    migrate_and_seed(settings)
    stop = install_stop_handlers()
    children = [
        Child("the Celery worker", WORKER_COMMAND),
        Child("the mail worker", MAIL_WORKER_COMMAND),
        Child("Celery beat", BEAT_COMMAND),
    ]
    for child in children:
        child.start()
    server = make_web_server(settings, requested_port())
    thread = threading.Thread(target=server.serve_forever, name="web", daemon=True)
    thread.start()
    print(f"mestmatch is running at http://{HOST}:{server.port}/", flush=True)
    broken = wait_for_stop(stop, children)
    shut_down(server, thread, children)
    return 1 if broken else 0


def prepare_instance(settings: Settings) -> None:
    """The instance folder holds the SQLite file and the embedded broker's messages."""
    log.info("instance folder: %s", settings.instance_dir)
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    ensure_broker_folders(settings)


def migrate_and_seed(settings: Settings) -> None:
    """Newest schema, then the demo data (kept if present) and its run, sent to the worker
    started next; prints the demo accounts."""
    log.info("migrating %s", make_url(settings.database_url).render_as_string(hide_password=True))
    upgrade(settings.database_url)
    engine = make_engine(settings)
    try:
        with session_scope(make_session_factory(engine)) as session:
            report = seed_demo(session, today(settings), settings)
    finally:
        engine.dispose()
    enqueue_demo_run(settings, report)
    print("\n".join(report.lines()), flush=True)


def install_stop_handlers() -> threading.Event:
    """SIGINT and SIGTERM only set an event; the main thread does the stopping."""
    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s, stopping", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    return stop


@dataclass
class Child:
    """A Celery process of `make run` (worker or beat), started again when it dies."""

    name: str
    args: tuple[str, ...]
    process: subprocess.Popen[bytes] | None = None
    restarts: list[float] = field(default_factory=list)

    def start(self) -> None:
        """The same environment, so it builds the same settings; a session of its own, so a
        terminal's Ctrl-C reaches only devrun, which stops the web server first."""
        self.process = subprocess.Popen(
            [sys.executable, *self.args],
            cwd=PROJECT_ROOT,
            env=dict(os.environ),
            start_new_session=True,
        )
        log.info("started %s (pid %d)", self.name, self.process.pid)

    def revive(self) -> bool:
        """Start the child again if it exited; False when it died too often to go on."""
        if self.process is None or self.process.poll() is None:
            return True
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if now - t < RESTART_WINDOW_S] + [now]
        if len(self.restarts) > MAX_RESTARTS:
            log.error("%s exited with code %s again; stopping", self.name, self.process.returncode)
            return False
        log.warning("%s exited with code %s; starting it again", self.name, self.process.returncode)
        self.start()
        return True


def requested_port() -> int:
    """MESTMATCH_PORT, default 5000; 0 asks the system for any free port."""
    return int(os.environ.get("MESTMATCH_PORT", str(DEFAULT_PORT)))


def make_web_server(settings: Settings, port: int) -> BaseWSGIServer:
    """Bind 127.0.0.1 only; fall back to a free port when the wanted one is taken."""
    if not bindable(port):
        log.warning("port %d is taken; using a free port instead", port)
        port = 0
    return make_server(HOST, port, create_app(settings), threaded=True)


def bindable(port: int) -> bool:
    """Probe first: Werkzeug's server exits the process when its port is taken."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def wait_for_stop(stop: threading.Event, children: list[Child]) -> bool:
    """Block until a stop is requested (False) or a child keeps dying (True)."""
    while not stop.wait(WORKER_POLL_S):
        if not all(child.revive() for child in children):
            return True
    return False


def shut_down(server: BaseWSGIServer, thread: threading.Thread, children: list[Child]) -> None:
    log.info("stopping the web server")
    server.shutdown()
    thread.join()
    for child in children:
        if child.process is not None:
            log.info("stopping %s (pid %d)", child.name, child.process.pid)
            stop_worker(child.process)
    log.info("stopped")


def stop_worker(worker: subprocess.Popen[bytes], timeout: float = WORKER_STOP_TIMEOUT_S) -> None:
    """Warm shutdown first (SIGTERM lets a running task finish), SIGKILL after `timeout`."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout)
    except subprocess.TimeoutExpired:
        log.warning("the worker did not stop within %.0f s; killing it", timeout)
        worker.kill()
        worker.wait()


if __name__ == "__main__":
    sys.exit(main())
