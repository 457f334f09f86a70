"""The Celery app built from settings: the promises of DESIGN.md's Celery section."""

from __future__ import annotations

from pathlib import Path

from celery.schedules import crontab

from config import Settings, tasks
from worker.app import make_celery

REDIS = "redis://127.0.0.1:6379/11"


def settings_with(tmp_path: Path, **environ: str) -> Settings:
    return Settings.from_env(
        {"MESTMATCH_ENV": "test", "MESTMATCH_INSTANCE": str(tmp_path / "instance"), **environ}
    )


def test_json_only_late_acks_one_at_a_time_and_limits_above_the_solver(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, MESTMATCH_SOLVER_TIME_LIMIT_S="600")
    conf = make_celery(settings).conf
    assert conf.task_serializer == conf.result_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert 600 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.task_default_queue == tasks.QUEUE_RUNS
    assert [q.name for q in conf.task_queues] == [tasks.QUEUE_RUNS, tasks.QUEUE_MAIL]


def test_the_embedded_default_needs_no_server(tmp_path: Path) -> None:
    settings = settings_with(tmp_path)
    conf = make_celery(settings).conf
    assert conf.broker_url == "filesystem://localhost/"
    options = conf.broker_transport_options
    assert options["data_folder_in"] == options["data_folder_out"]
    assert Path(options["control_folder"]).is_relative_to(settings.instance_dir)
    assert conf.result_backend.startswith("file://")
    assert (settings.instance_dir / "results").is_dir()


def test_redis_redelivers_only_after_the_longest_task(tmp_path: Path) -> None:
    conf = make_celery(settings_with(tmp_path, REDIS_URL=REDIS)).conf
    assert conf.broker_url == conf.result_backend == REDIS
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    short = settings_with(
        tmp_path,
        REDIS_URL=REDIS,
        MESTMATCH_SOLVER_TIME_LIMIT_S="0",
        MESTMATCH_VISIBILITY_TIMEOUT_S="301",
    )
    options = make_celery(short).conf.broker_transport_options
    assert (options["visibility_timeout"], options["unacked_restore_interval"]) == (301.0, 10)


def test_every_task_name_of_config_is_registered(tmp_path: Path) -> None:
    app = make_celery(settings_with(tmp_path))
    names = {
        tasks.RUN_MATCHING,
        tasks.SOLVE_COMPONENT,
        tasks.MERGE_COMPONENTS,
        tasks.SWEEP_STUCK_RUNS,
        tasks.SCHEDULED_RUN,
        tasks.SEND_MAIL,
        tasks.SWEEP_OUTBOX,
    }
    assert names <= set(app.tasks)


def test_beat_sweeps_always_and_runs_regions_only_when_asked(tmp_path: Path) -> None:
    default = make_celery(settings_with(tmp_path)).conf.beat_schedule
    assert [entry["task"] for entry in default.values()] == [
        tasks.SWEEP_STUCK_RUNS,
        tasks.SWEEP_OUTBOX,
    ]
    assert default["sweep-stuck-runs"]["schedule"] == 60.0
    assert default["sweep-outbox"]["schedule"] == 60.0
    quick = make_celery(settings_with(tmp_path, MESTMATCH_MAIL_RETRY_S="5")).conf.beat_schedule
    assert quick["sweep-outbox"]["schedule"] == 5.0
    regions = settings_with(tmp_path, MESTMATCH_SCHEDULED_REGIONS="Gelderland, Zeeland")
    schedule = make_celery(regions).conf.beat_schedule
    nightly = schedule["scheduled-run-Zeeland"]
    assert (nightly["task"], nightly["args"]) == (tasks.SCHEDULED_RUN, ["Zeeland"])
    assert nightly["schedule"] == crontab(hour=2, minute=0)
    assert "scheduled-run-Gelderland" in schedule


def test_the_nightly_run_keeps_the_farms_clock_and_messages_stay_in_utc(tmp_path: Path) -> None:
    conf = make_celery(settings_with(tmp_path)).conf
    assert (conf.timezone, conf.enable_utc) == ("Europe/Amsterdam", True)
    lisbon = make_celery(settings_with(tmp_path, MESTMATCH_TIMEZONE="Europe/Lisbon")).conf
    assert lisbon.timezone == "Europe/Lisbon"
