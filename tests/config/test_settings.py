"""Settings from an explicit environment: the embedded default, production guards, clear errors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from config import Settings, SettingsError
from config.settings import DEV_SECRET
from market.core.clock import today

PRODUCTION = {
    "MESTMATCH_ENV": "production",
    "DATABASE_URL": "postgresql://db.example/mestmatch",
    "REDIS_URL": "redis://redis.example:6379/0",
    "SECRET_KEY": "s3cret",
}


def test_no_variables_give_the_embedded_default(tmp_path: Path) -> None:
    settings = Settings.from_env({"MESTMATCH_INSTANCE": str(tmp_path)})
    assert settings.env == "development" and not settings.is_production
    assert settings.database_url == f"sqlite:///{tmp_path / 'mestmatch.sqlite3'}"
    assert settings.broker_url == "filesystem://localhost/" and settings.embedded_broker
    options = settings.broker_transport_options
    queue = str(tmp_path / "broker" / "queue")
    assert options["data_folder_in"] == options["data_folder_out"] == queue
    assert options["control_folder"] == str(tmp_path / "broker" / "control")
    assert options["store_processed"] is False
    assert settings.secret_key == DEV_SECRET and settings.redis_url is None


def test_nothing_is_read_at_import_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MESTMATCH_SOLVER", "cbc")
    assert Settings.from_env().solver == "cbc"
    monkeypatch.setenv("MESTMATCH_SOLVER", "highs")
    assert Settings.from_env().solver == "highs"


def test_production_reads_its_services_and_prefers_psycopg_3() -> None:
    settings = Settings.from_env(PRODUCTION)
    assert settings.is_production and not settings.embedded_broker
    assert settings.database_url == "postgresql+psycopg://db.example/mestmatch"
    assert settings.broker_url == settings.redis_url == PRODUCTION["REDIS_URL"]
    assert settings.secret_key == "s3cret"
    assert Settings.from_env({**PRODUCTION, "DATABASE_URL": "postgres://db/x"}).database_url == (
        "postgresql+psycopg://db/x"
    )


@pytest.mark.parametrize("name", ["DATABASE_URL", "REDIS_URL", "SECRET_KEY"])
def test_production_refuses_to_start_without_each_required_variable(name: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({**PRODUCTION, name: ""})


def test_the_development_secret_is_never_used_in_production() -> None:
    environ = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings.from_env(environ)


def test_an_unknown_mode_or_solver_is_refused() -> None:
    with pytest.raises(SettingsError, match="MESTMATCH_ENV"):
        Settings.from_env({"MESTMATCH_ENV": "staging"})
    with pytest.raises(SettingsError, match="MESTMATCH_SOLVER"):
        Settings.from_env({"MESTMATCH_SOLVER": "gurobi"})


def test_policy_numbers_default_to_the_rulebook_and_can_be_overridden() -> None:
    assert Settings.from_env({}).policy == {
        "n_cap_kg_per_ha": 170.0,
        "a_share_min": 0.70,
        "n_value_eur_per_kg": 2.0,
        "transport_eur_per_t_km": 0.15,
        "road_factor": 1.3,
        "max_distance_km": 150.0,
    }
    policy = Settings.from_env({"MESTMATCH_A_SHARE_MIN": "0.65"}).policy
    assert policy["a_share_min"] == 0.65


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MESTMATCH_SOLVER_GAP", "tiny"),
        ("MESTMATCH_FANOUT_MIN_FARMS", "4.5"),
        ("MESTMATCH_N_CAP_KG_PER_HA", "-1"),
        ("MESTMATCH_ROAD_FACTOR", "nan"),
        ("MAIL_PORT", "smtp"),
    ],
)
def test_a_bad_number_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_solver_and_redis_limits_nest_inside_each_other() -> None:
    limits = {"MESTMATCH_SOLVER_TIME_LIMIT_S": "60", "MESTMATCH_SOLVER_GAP": "0.01"}
    settings = Settings.from_env(limits)
    assert (settings.solver_time_limit_s, settings.solver_gap) == (60.0, 0.01)
    assert settings.solver_time_limit_s < settings.task_time_limit_s < settings.visibility_timeout_s
    redis = Settings.from_env(
        {**limits, "REDIS_URL": "redis://x/1", "MESTMATCH_VISIBILITY_TIMEOUT_S": "361"}
    )
    assert redis.broker_transport_options == {"visibility_timeout": 361.0}


@pytest.mark.parametrize(("visibility", "solver_limit"), [("3", "900"), ("1200", "900")])
def test_a_redelivery_before_the_task_limit_is_refused_naming_both(
    visibility: str, solver_limit: str
) -> None:
    """Redis would hand a live run to a second worker (issue 14: 3 s next to a 1,200 s limit)."""
    env = {
        "REDIS_URL": "redis://x/1",
        "MESTMATCH_VISIBILITY_TIMEOUT_S": visibility,
        "MESTMATCH_SOLVER_TIME_LIMIT_S": solver_limit,
    }
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env)
    message = str(refused.value)
    assert "MESTMATCH_VISIBILITY_TIMEOUT_S" in message
    assert "MESTMATCH_SOLVER_TIME_LIMIT_S" in message and "1200 s" in message


def test_the_farms_time_zone_defaults_to_amsterdam_and_a_bad_one_is_refused() -> None:
    assert Settings.from_env({}).timezone == "Europe/Amsterdam"
    assert Settings.from_env({"MESTMATCH_TIMEZONE": "Europe/Brussels"}).zone.key == (
        "Europe/Brussels"
    )
    with pytest.raises(SettingsError, match="MESTMATCH_TIMEZONE"):
        Settings.from_env({"MESTMATCH_TIMEZONE": "Europe/Atlantis"})


@pytest.mark.parametrize(
    ("utc", "farms_date"),
    [
        (datetime(2026, 3, 31, 21, 59, tzinfo=UTC), date(2026, 3, 31)),  # 23:59 summer time
        (datetime(2026, 3, 31, 22, 0, tzinfo=UTC), date(2026, 4, 1)),  # midnight in Amsterdam
        (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), date(2027, 1, 1)),  # winter time, UTC+1
    ],
)
def test_today_for_the_rules_is_the_date_on_the_farms_clock(
    utc: datetime, farms_date: date
) -> None:
    assert today(Settings.from_env({}), utc) == farms_date
    assert today(Settings.from_env({"MESTMATCH_TIMEZONE": "UTC"}), utc) == utc.date()
