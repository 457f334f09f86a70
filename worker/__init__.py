"""The Celery worker: claims match runs, solves them with `matching`, writes proposals.

The only package that knows both the ORM (`market.models`) and the engine (`matching`).
Start it with `celery -A worker.celery_app worker` (see docs/worker.md).
"""
