"""One frozen settings object, read once from the environment by the entry points.

Nothing here is read at import time: `Settings.from_env()` is called by `create_app`,
the Celery app factory and the CLI, and the object is passed on explicitly.
With no variables set the embedded default applies: a SQLite file and a filesystem
broker under `instance/`, so a laptop needs no server at all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-not-for-production"
MODES = ("development", "production", "test")
PRODUCTION_REQUIRED = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")
SOLVERS = ("highs", "cbc")
#: A task's hard time limit is the solver's limit plus this (s): the solver always stops first.
TASK_LIMIT_MARGIN_S = 300.0
#: The farms' clock: "today" in the rules is the date here (storage stays in UTC).
FARM_TIMEZONE = "Europe/Amsterdam"
#: Years before and after today (the farms' date) within which a listing's dates lie: when a
#: lot is available or a request wants N, when a lot was analysed, until when an
#: intermediary's Skal declaration runs. The market plans a season or two ahead, and an
#: analysis or a stored heap older than a few years is no longer what is on offer; a date
#: further off (1900-01-01, 9999-12-31) is a slip of the keyboard, not a plan.
LISTING_YEARS_BACK = 5
LISTING_YEARS_AHEAD = 5
#: The embedded broker (kombu's filesystem transport). The host means nothing to it, but
#: kombu logs "No hostname was supplied" at every connection that names none.
EMBEDDED_BROKER_URL = "filesystem://localhost/"


@dataclass(frozen=True)
class ServiceArea:
    """Where the market's farms and lots lie: a box in WGS84 degrees, and the most land a
    farm inside it can have (ha). A place outside the box, or more hectares, is refused."""

    south: float
    west: float
    north: float
    east: float
    land_ha: float

    def holds(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


#: The European Netherlands: its extreme points (Vaals 50°45′N, Rottumerplaat 53°33′N,
#: Cadzand 3°21′E, Bad Nieuweschans 7°13′E; Kadaster, "Uiterste punten van Nederland", 2024)
#: plus a margin of 0.25° (17–28 km) for farms on the border; `land_ha` is the land area of the
#: Netherlands, 33,670 km² (CBS, "Oppervlakte; gebruik, 2024"), rounded up: no farm is larger.
#: Fixed in code, not read from the environment, because the input schemas check against it
#: and they have no settings object (a schema is one rule for page, API and services).
SERVICE_AREA = ServiceArea(south=50.5, west=3.1, north=53.8, east=7.5, land_ha=3.4e6)


class SettingsError(RuntimeError):
    """The environment does not describe a runnable configuration."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable; policy numbers of the rulebook have defaults from RULES.md."""

    env: str
    instance_dir: Path
    database_url: str
    broker_url: str
    broker_transport_options: Mapping[str, object]
    redis_url: str | None
    secret_key: str
    solver: str = "highs"
    solver_gap: float = 1e-4
    solver_time_limit_s: float = 900.0
    fanout_min_farms: int = 400
    stuck_run_after_s: float = 1800.0
    scheduled_regions: tuple[str, ...] = ()
    mail_host: str | None = None
    mail_port: int = 25
    mail_sender: str = "mestmatch@localhost"
    #: Tries per queued mail before it is marked failed, and the wait after the first failed
    #: try (doubled after each further one, at most an hour: `market.core.mail`).
    mail_max_attempts: int = 12
    mail_retry_s: float = 60.0
    tile_url: str | None = None
    #: How far a proposal's weighed deliveries may exceed its tonnes (0.10 = 10 %) before a
    #: coordinator must confirm the excess with a reason (`market.deliveries.services`).
    delivery_tolerance: float = 0.10
    #: Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed (0: none).
    trusted_proxies: int = 0
    #: IANA zone whose date is "today" for the rules (`market.core.clock.today`).
    timezone: str = FARM_TIMEZONE
    policy: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse a Redis redelivery that could fire while the task may still be running."""
        visibility = self.broker_transport_options.get("visibility_timeout")
        if self.redis_url and visibility is not None:
            _check_redelivery(float(str(visibility)), self.solver_time_limit_s)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def zone(self) -> ZoneInfo:
        """The farms' time zone (`timezone`), checked by `from_env`."""
        return ZoneInfo(self.timezone)

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url.startswith("filesystem://")

    @property
    def task_time_limit_s(self) -> float:
        """Hard limit for a solve task: above the solver's own limit, so the solver stops first."""
        return task_time_limit(self.solver_time_limit_s)

    @property
    def visibility_timeout_s(self) -> float:
        """Redis redelivers an unacknowledged task after this; longer than the longest run."""
        return self.task_time_limit_s + 600.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build the settings from `environ` (default `os.environ`); refuse what cannot run.

        Production must name its database, broker and secret: silently falling back to the
        embedded SQLite file or a development secret there would lose data or sessions.
        """
        env = dict(os.environ if environ is None else environ)
        mode = _mode(env)
        instance_dir = Path(env.get("MESTMATCH_INSTANCE", PROJECT_ROOT / "instance")).resolve()
        redis_url = env.get("REDIS_URL") or None
        return cls(
            env=mode,
            instance_dir=instance_dir,
            database_url=_database_url(env, instance_dir),
            broker_url=redis_url or EMBEDDED_BROKER_URL,
            broker_transport_options=_transport_options(env, instance_dir, redis_url),
            redis_url=redis_url,
            secret_key=_secret_key(env, mode),
            **_solver(env),
            stuck_run_after_s=_number(env, "MESTMATCH_STUCK_RUN_AFTER_S", 1800.0),
            scheduled_regions=_csv(env.get("MESTMATCH_SCHEDULED_REGIONS", "")),
            mail_host=env.get("MAIL_HOST") or None,
            mail_port=int(_number(env, "MAIL_PORT", 25, whole=True)),
            mail_sender=env.get("MAIL_SENDER", "mestmatch@localhost"),
            mail_max_attempts=max(
                1, int(_number(env, "MESTMATCH_MAIL_MAX_ATTEMPTS", 12, whole=True))
            ),
            mail_retry_s=_number(env, "MESTMATCH_MAIL_RETRY_S", 60.0),
            tile_url=env.get("MESTMATCH_TILE_URL") or None,
            delivery_tolerance=_number(env, "MESTMATCH_DELIVERY_TOLERANCE", 0.10),
            trusted_proxies=int(_number(env, "MESTMATCH_TRUSTED_PROXIES", 0, whole=True)),
            timezone=_timezone(env),
            policy=_policy(env),
        )


def task_time_limit(solver_time_limit_s: float) -> float:
    """A task's hard time limit (s): the solver's limit plus `TASK_LIMIT_MARGIN_S`."""
    return solver_time_limit_s + TASK_LIMIT_MARGIN_S


def _check_redelivery(visibility_s: float, solver_time_limit_s: float) -> None:
    """Redis hands an unacknowledged task to another worker after the visibility timeout; a
    task may run up to its hard limit, so a shorter timeout gives a live run to a second
    worker. Raises `SettingsError` naming both settings."""
    hard = task_time_limit(solver_time_limit_s)
    if visibility_s <= hard:
        raise SettingsError(
            f"MESTMATCH_VISIBILITY_TIMEOUT_S ({visibility_s:g} s) must be longer than the "
            f"task's hard time limit, MESTMATCH_SOLVER_TIME_LIMIT_S ({solver_time_limit_s:g} s)"
            f" + {TASK_LIMIT_MARGIN_S:g} s = {hard:g} s: Redis would hand a running task to "
            "a second worker"
        )


def _mode(env: Mapping[str, str]) -> str:
    """`MESTMATCH_ENV`; production additionally requires its three variables."""
    mode = env.get("MESTMATCH_ENV", "development")
    if mode not in MODES:
        raise SettingsError(f"MESTMATCH_ENV must be one of {', '.join(MODES)}, not {mode!r}")
    missing = [name for name in PRODUCTION_REQUIRED if not env.get(name)]
    if mode == "production" and missing:
        raise SettingsError(f"production (MESTMATCH_ENV=production) needs {', '.join(missing)}")
    return mode


def _number(env: Mapping[str, str], name: str, default: float, *, whole: bool = False) -> float:
    """A non-negative number from `name`, or an error naming the variable (not a traceback)."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise SettingsError(f"{name} must be {kind}, not {raw!r}") from None
    if not value >= 0:  # also refuses NaN
        raise SettingsError(f"{name} must not be negative, not {raw!r}")
    return value


def _solver(env: Mapping[str, str]) -> dict[str, Any]:
    """Solver choice and limits (the engine's `--solver`, `--gap`, `--time-limit`)."""
    solver = env.get("MESTMATCH_SOLVER", "highs")
    if solver not in SOLVERS:
        raise SettingsError(f"MESTMATCH_SOLVER must be one of {', '.join(SOLVERS)}, not {solver!r}")
    return {
        "solver": solver,
        "solver_gap": _number(env, "MESTMATCH_SOLVER_GAP", 1e-4),
        "solver_time_limit_s": _number(env, "MESTMATCH_SOLVER_TIME_LIMIT_S", 900.0),
        "fanout_min_farms": int(_number(env, "MESTMATCH_FANOUT_MIN_FARMS", 400, whole=True)),
    }


def _database_url(env: Mapping[str, str], instance_dir: Path) -> str:
    url = env.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_dir / 'mestmatch.sqlite3'}"
    if url.startswith(("postgres://", "postgresql://")):
        # psycopg 3 is the driver we ship; the bare scheme would ask SQLAlchemy for psycopg2.
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _transport_options(
    env: Mapping[str, str], instance_dir: Path, redis_url: str | None
) -> dict[str, object]:
    if redis_url:
        visibility = _number(env, "MESTMATCH_VISIBILITY_TIMEOUT_S", 0.0)
        return {"visibility_timeout": visibility} if visibility else {}
    queue = instance_dir / "broker" / "queue"
    return {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(instance_dir / "broker" / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }


def _secret_key(env: Mapping[str, str], mode: str) -> str:
    key = env.get("SECRET_KEY")
    if key:
        return key
    if mode == "production":
        raise SettingsError("SECRET_KEY must be set in production (MESTMATCH_ENV=production)")
    return DEV_SECRET


def _timezone(env: Mapping[str, str]) -> str:
    """`MESTMATCH_TIMEZONE`, an IANA zone name such as Europe/Amsterdam (the default)."""
    name = env.get("MESTMATCH_TIMEZONE") or FARM_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"MESTMATCH_TIMEZONE must be an IANA zone name, not {name!r}") from None
    return name


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


#: The rulebook's policy numbers and the market's prices, each overridable by MESTMATCH_<NAME>.
#: Sources (as restated in RULES.md from Skal's "Regelgeving biologische meststoffen en
#: voorwaarden", 2025): `n_cap_kg_per_ha` — R1, 170 kg N/ha/yr from animal manure;
#: `a_share_min` — R8, at least 70 % of applied N from A fertilisers (since 2020; 65 % before).
#: The prices, road factor and distance limit are the example `params` of INSTANCE.md (2026):
#: planning figures, not law.
POLICY_DEFAULTS: Mapping[str, float] = {
    "n_cap_kg_per_ha": 170.0,
    "a_share_min": 0.70,
    "n_value_eur_per_kg": 2.0,
    "transport_eur_per_t_km": 0.15,
    "road_factor": 1.3,
    "max_distance_km": 150.0,
}


def _policy(env: Mapping[str, str]) -> dict[str, float]:
    """Rulebook numbers (R1 cap, R8 share, prices); each may be overridden by MESTMATCH_<NAME>."""
    return {
        name: _number(env, f"MESTMATCH_{name.upper()}", default)
        for name, default in POLICY_DEFAULTS.items()
    }
