"""The declarative base, the naming convention and the column types every table shares.

Constraint names come from one convention so that Alembic creates, and later alters, the
same names on SQLite and PostgreSQL. Timestamps are stored timezone-aware and always come
back as UTC, also from SQLite, which keeps no time zone of its own.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, CheckConstraint, DateTime, Dialect, Enum, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The callable default of every `_at` column."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp: naive values are refused, results are always UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """All tables; `dict`/`list` annotations map to JSON, `datetime` to `UTCDateTime`."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


def state_enum(enum_class: type[enum.Enum], name: str) -> Enum:
    """A state column stored as its lowercase value in a VARCHAR with a CHECK constraint.

    Non-native on purpose: the same schema on SQLite and PostgreSQL, and adding a state
    later changes a CHECK constraint instead of a PostgreSQL type.
    """
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def at_least_zero(*columns: str) -> list[CheckConstraint]:
    """CHECK (column >= 0) for quantities that cannot be negative (tonnes, kg, km, counts)."""
    return [CheckConstraint(f"{column} >= 0", name=f"{column}_nonneg") for column in columns]


def between(column: str, low: float, high: float) -> CheckConstraint:
    """CHECK (low <= column <= high), named after the column (NULL passes)."""
    return CheckConstraint(f"{column} BETWEEN {low} AND {high}", name=f"{column}_range")


def one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    """CHECK (column IN (...)) for coded strings that are not states (lot kinds, categories)."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


def coordinates(prefix: str = "") -> list[CheckConstraint]:
    """Latitude -90..90 and longitude -180..180 (WGS84 degrees)."""
    return [between(f"{prefix}lat", -90, 90), between(f"{prefix}lon", -180, 180)]
