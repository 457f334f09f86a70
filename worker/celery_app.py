"""The entry point of `celery -A worker.celery_app worker|beat`: settings read here, once.

Everything else receives the settings object; only this module (like `create_app()` for
the web) reads the environment, and only when Celery imports it.
"""

from config import Settings
from worker.app import make_celery

app = make_celery(Settings.from_env())
