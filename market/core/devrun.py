"""`make run`: the whole product on one laptop, with no server to install.

In order: settings (embedded default: SQLite and a filesystem broker under instance/),
the instance folders, the migrations, the demo data (its accounts are printed), one real
Celery worker as a child process, and the web app on 127.0.0.1. Ctrl-C (SIGINT) or SIGTERM
stops the web server, then the worker (terminate, wait, kill after a timeout).
If the worker dies on its own, the web app is stopped too: half a product only confuses.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from types import FrameType

from sqlalchemy.engine import make_url
from werkzeug.serving import BaseWSGIServer, make_server

from config import Settings
from config.settings import PROJECT_ROOT
from market.core.app import create_app
from market.core.broker import ensure_broker_folders
from market.core.clock import today
from market.core.db import make_engine, make_session_factory, session_scope, upgrade
from market.demo.seed import seed_demo

HOST = "127.0.0.1"
DEFAULT_PORT = 5000
WORKER_STOP_TIMEOUT_S = 15.0
WORKER_POLL_S = 0.5
WORKER_COMMAND = (
    "-m",
    "celery",
    "-A",
    "worker.celery_app",
    "worker",
    "--loglevel=INFO",
    "--without-gossip",
    "--without-mingle",
    "--without-heartbeat",
    "-c",
    "1",
)

log = logging.getLogger("mestmatch.devrun")


def main() -> int:
    """Run until Ctrl-C; the exit code is 0 after a requested stop, 1 if the worker died."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    settings = Settings.from_env()
    prepare_instance(settings)
    migrate_and_seed(settings)
    stop = install_stop_handlers()
    worker = start_worker()
    server = make_web_server(settings, requested_port())
    thread = threading.Thread(target=server.serve_forever, name="web", daemon=True)
    thread.start()
    print(f"mestmatch is running at http://{HOST}:{server.port}/", flush=True)
    worker_died = wait_for_stop(stop, worker)
    shut_down(server, thread, worker)
    return 1 if worker_died else 0


def prepare_instance(settings: Settings) -> None:
    """The instance folder holds the SQLite file and the embedded broker's messages."""
    log.info("instance folder: %s", settings.instance_dir)
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    ensure_broker_folders(settings)


def migrate_and_seed(settings: Settings) -> None:
    """Newest schema, then the demo data (kept if present); prints the demo accounts."""
    log.info("migrating %s", make_url(settings.database_url).render_as_string(hide_password=True))
    upgrade(settings.database_url)
    engine = make_engine(settings)
    try:
        with session_scope(make_session_factory(engine)) as session:
            report = seed_demo(session, today(settings))
    finally:
        engine.dispose()
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


def start_worker() -> subprocess.Popen[bytes]:
    """A real Celery worker with the same environment, so it builds the same settings.

    It gets a session of its own: a terminal's Ctrl-C reaches only this process, which then
    stops the web server first and the worker second, in that order.
    """
    worker = subprocess.Popen(
        [sys.executable, *WORKER_COMMAND],
        cwd=PROJECT_ROOT,
        env=dict(os.environ),
        start_new_session=True,
    )
    log.info("started the Celery worker (pid %d)", worker.pid)
    return worker


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


def wait_for_stop(stop: threading.Event, worker: subprocess.Popen[bytes]) -> bool:
    """Block until a stop is requested (False) or the worker exits by itself (True)."""
    while not stop.wait(WORKER_POLL_S):
        if worker.poll() is not None:
            log.error("the Celery worker exited with code %s; stopping", worker.returncode)
            return True
    return False


def shut_down(
    server: BaseWSGIServer, thread: threading.Thread, worker: subprocess.Popen[bytes]
) -> None:
    log.info("stopping the web server")
    server.shutdown()
    thread.join()
    stop_worker(worker)
    log.info("stopped")


def stop_worker(worker: subprocess.Popen[bytes], timeout: float = WORKER_STOP_TIMEOUT_S) -> None:
    """Warm shutdown first (SIGTERM lets a running task finish), SIGKILL after `timeout`."""
    if worker.poll() is not None:
        return
    log.info("stopping the Celery worker (pid %d)", worker.pid)
    worker.terminate()
    try:
        worker.wait(timeout)
    except subprocess.TimeoutExpired:
        log.warning("the worker did not stop within %.0f s; killing it", timeout)
        worker.kill()
        worker.wait()


if __name__ == "__main__":
    sys.exit(main())
