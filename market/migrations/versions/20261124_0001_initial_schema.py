"""Initial schema: farms, listings, users, match runs and the delivery ledger.

Written compactly with the helpers below (one line per column) and frozen: the value lists
are copies, not imports, so later code changes never change what this revision creates.
States are VARCHAR with a CHECK constraint (no PostgreSQL enum types), so SQLite and
PostgreSQL get the same schema. Constraint names follow the models' naming convention.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("organic", "conversion", "conventional")
LISTING = ("open", "withdrawn", "closed")
RESPONSES = ("pending", "accepted", "declined")
KINDS = (
    "cattle_slurry",
    "cattle_solid",
    "veal_calf_manure",
    "pig_slurry",
    "pig_solid",
    "poultry_manure",
    "poultry_pellets",
    "goat_manure",
    "sheep_manure",
    "horse_manure",
    "digestate",
    "compost_organic_plant",
    "green_compost",
    "plant_product",
    "champost",
    "bokashi",
    "mineral_n",
)
TABLES = (
    "farms",
    "livestock",
    "lots",
    "natural_land_parcels",
    "requests",
    "users",
    "match_runs",
    "proposals",
    "run_components",
    "run_explanations",
    "deliveries",
)
Item = sa.Column | sa.Constraint | sa.Index


def col(name: str, type_: sa.types.TypeEngine, nullable: bool = False) -> sa.Column:
    return sa.Column(name, type_, nullable=nullable)


def num(*names: str, nullable: bool = False) -> list[sa.Column]:
    return [sa.Column(name, sa.Double(), nullable=nullable) for name in names]


def stamp(*names: str, nullable: bool = False) -> list[sa.Column]:
    return [sa.Column(name, sa.DateTime(timezone=True), nullable=nullable) for name in names]


def flag(*names: str, nullable: bool = True) -> list[sa.Column]:
    return [sa.Column(name, sa.Boolean(), nullable=nullable) for name in names]


def fk(
    table: str, name: str, target: str, nullable: bool = False, ondelete: str | None = None
) -> list[Item]:
    """The column, its foreign key to `target`.id (ON DELETE `ondelete`) and its index."""
    return [
        sa.Column(name, sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint(
            [name], [f"{target}.id"], op.f(f"fk_{table}_{name}_{target}"), ondelete=ondelete
        ),
        ix(table, name),
    ]


def one_of(table: str, name: str, values: Sequence[str], ck: str) -> sa.CheckConstraint:
    quoted = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{name} IN ({quoted})", name=op.f(f"ck_{table}_{ck}"))


def state(table: str, name: str, values: Sequence[str], ck: str) -> list[Item]:
    """A non-native enum: VARCHAR as long as the longest value, with its CHECK."""
    length = max(len(value) for value in values)
    return [col(name, sa.String(length)), one_of(table, name, values, ck)]


def nonneg(table: str, *names: str) -> list[sa.CheckConstraint]:
    return [sa.CheckConstraint(f"{n} >= 0", name=op.f(f"ck_{table}_{n}_nonneg")) for n in names]


def rng(table: str, name: str, low: float, high: float) -> sa.CheckConstraint:
    return check(table, f"{name} BETWEEN {low} AND {high}", f"{name}_range")


def check(table: str, text: str, ck: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(text, name=op.f(f"ck_{table}_{ck}"))


def ix(table: str, name: str) -> sa.Index:
    return sa.Index(op.f(f"ix_{table}_{name}"), name)


def uq(table: str, *names: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*names, name=op.f(f"uq_{table}_{'_'.join(names)}"))


def table(name: str, *items: Item | Sequence[Item]) -> None:
    """Create `name` with an integer primary key `id` named pk_<name>."""
    flat: list[Item] = []
    for item in items:
        if isinstance(item, sa.Column | sa.Constraint | sa.Index):
            flat.append(item)
        else:
            flat.extend(item)
    id_col = sa.Column("id", sa.Integer(), nullable=False)
    op.create_table(name, id_col, *flat, sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")))


def upgrade() -> None:
    farms()
    table(
        "livestock",
        fk("livestock", "farm_id", "farms", ondelete="CASCADE"),
        col("category", sa.String(60)),
        col("head_count", sa.Integer()),
        nonneg("livestock", "head_count"),
        uq("livestock", "farm_id", "category"),
    )
    lots()
    table(
        "natural_land_parcels",
        fk("natural_land_parcels", "farm_id", "farms", ondelete="CASCADE"),
        col("name", sa.String(120)),
        num("ha", "n_limit_kg_per_ha"),
        nonneg("natural_land_parcels", "ha", "n_limit_kg_per_ha"),
    )
    requests()
    users()
    match_runs()
    proposals()
    run_components()
    run_explanations()
    deliveries()


def farms() -> None:
    t = "farms"
    table(
        t,
        col("name", sa.String(200)),
        col("skal_number", sa.String(32), nullable=True),
        state(t, "status", STATUSES, "farm_status"),
        flag("approved", nullable=False),
        num("lat", "lon"),
        col("province", sa.String(40)),
        col("address", sa.String(300)),
        num("area_ha"),
        state(t, "own_manure_status", STATUSES, "own_manure_status"),
        num("measured_own_manure_n_kg", nullable=True),
        num("other_n_kg", "other_a_n_kg"),
        num("p2o5_room_kg", "a_share_min_exemption", nullable=True),
        col("a_share_exemption_valid_until", sa.Date(), nullable=True),
        stamp("created_at"),
        rng(t, "lat", -90, 90),
        rng(t, "lon", -180, 180),
        rng(t, "a_share_min_exemption", 0, 1),
        nonneg(
            t, "area_ha", "measured_own_manure_n_kg", "other_n_kg", "other_a_n_kg", "p2o5_room_kg"
        ),
        check(t, "other_a_n_kg <= other_n_kg", "other_a_within_other"),
        uq(t, "skal_number"),
        ix(t, "province"),
    )


def lots() -> None:
    t = "lots"
    table(
        t,
        fk(t, "farm_id", "farms"),
        col("kind", sa.String(40)),
        num("tonnes", "n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t"),
        state(t, "analysis_source", ("measured", "standard"), "analysis_source"),
        col("analysed_on", sa.Date(), nullable=True),
        state(t, "origin_status", STATUSES, "origin_status"),
        flag("husbandry_ok", "direct_from_organic_farm"),
        num("manure_share", nullable=True),
        flag("manure_organic", "coproducts_annex_ii"),
        num("coproducts_organic_share", nullable=True),
        col("made_from", sa.String(1), nullable=True),
        flag("skal_input_list"),
        col("available_from", sa.Date()),
        col("available_until", sa.Date(), nullable=True),
        num("max_distance_km", "lat", "lon", nullable=True),
        col("intermediary_name", sa.String(200), nullable=True),
        flag("intermediary_skal_approved"),
        col("intermediary_valid_until", sa.Date(), nullable=True),
        state(t, "status", LISTING, "listing_status"),
        col("version", sa.Integer()),
        stamp("created_at", "updated_at"),
        one_of(t, "kind", KINDS, "lot_kind"),
        one_of(t, "made_from", "ABC", "made_from_grade"),
        nonneg(t, "tonnes", "p2o5_kg_per_t", "k2o_kg_per_t", "max_distance_km"),
        rng(t, "n_kg_per_t", 0, 100),
        rng(t, "manure_share", 0, 1),
        rng(t, "coproducts_organic_share", 0, 1),
        rng(t, "lat", -90, 90),
        rng(t, "lon", -180, 180),
        check(t, "(lat IS NULL) = (lon IS NULL)", "lat_lon_together"),
        check(t, "available_until IS NULL OR available_until >= available_from", "available_order"),
        check(t, "version >= 1", "version_positive"),
        ix(t, "status"),
    )


def requests() -> None:
    t = "requests"
    table(
        t,
        fk(t, "farm_id", "farms"),
        num("n_kg"),
        col("kinds", sa.JSON(), nullable=True),
        flag("accept_nonorganic", nullable=False),
        num("max_distance_km", nullable=True),
        col("wanted_from", sa.Date()),
        col("wanted_until", sa.Date(), nullable=True),
        state(t, "status", LISTING, "listing_status"),
        col("version", sa.Integer()),
        stamp("created_at", "updated_at"),
        nonneg(t, "n_kg", "max_distance_km"),
        check(t, "wanted_until IS NULL OR wanted_until >= wanted_from", "wanted_order"),
        check(t, "version >= 1", "version_positive"),
        ix(t, "status"),
    )


def users() -> None:
    t = "users"
    roles = ("livestock_farmer", "arable_farmer", "coordinator")
    table(
        t,
        col("email", sa.String(254)),
        col("name", sa.String(120)),
        col("password_hash", sa.String(255)),
        state(t, "role", roles, "user_role"),
        fk(t, "farm_id", "farms", nullable=True, ondelete="SET NULL"),
        col("locale", sa.String(8)),
        flag("active", nullable=False),
        stamp("created_at"),
        uq(t, "email"),
    )


def match_runs() -> None:
    t = "match_runs"
    table(
        t,
        fk(t, "created_by_id", "users", nullable=True, ondelete="SET NULL"),
        state(t, "status", ("queued", "running", "solved", "infeasible", "failed"), "run_status"),
        state(t, "phase", ("queued", "snapshot", "solving", "writing", "done"), "run_phase"),
        col("scope", sa.JSON()),
        col("params", sa.JSON()),
        col("solver", sa.String(20)),
        num("gap"),
        num("time_limit_s", nullable=True),
        col("input_snapshot", sa.JSON(), nullable=True),
        col("stats", sa.JSON(), nullable=True),
        num("objective_eur", "bound_eur", nullable=True),
        col("error_text", sa.Text(), nullable=True),
        col("components_total", sa.Integer()),
        col("components_done", sa.Integer()),
        col("attempts", sa.Integer()),
        col("claimed_by", sa.String(200), nullable=True),
        stamp("created_at"),
        stamp("started_at", "heartbeat_at", "finished_at", nullable=True),
        nonneg(t, "gap", "components_total", "components_done", "attempts"),
        ix(t, "status"),
    )


def proposals() -> None:
    t = "proposals"
    quantities = ("tonnes", "n_kg", "a_n_kg", "animal_n_kg", "distance_km", "cost_eur")
    table(
        t,
        fk(t, "run_id", "match_runs", ondelete="CASCADE"),
        fk(t, "lot_id", "lots"),
        fk(t, "request_id", "requests"),
        num(*quantities),
        col("lot_version", sa.Integer()),
        col("request_version", sa.Integer()),
        state(t, "review_status", ("proposed", "approved", "rejected", "stale"), "review_status"),
        state(t, "supplier_response", RESPONSES, "supplier_response"),
        state(t, "receiver_response", RESPONSES, "receiver_response"),
        fk(t, "reviewed_by_id", "users", nullable=True, ondelete="SET NULL"),
        stamp("reviewed_at", nullable=True),
        stamp("created_at"),
        nonneg(t, *quantities),
        uq(t, "run_id", "lot_id", "request_id"),
    )


def run_components() -> None:
    t = "run_components"
    table(
        t,
        fk(t, "run_id", "match_runs", ondelete="CASCADE"),
        col("index", sa.Integer()),
        col("farm_count", sa.Integer()),
        state(t, "status", ("pending", "solved", "failed"), "component_status"),
        col("instance", sa.JSON()),
        col("solution", sa.JSON(), nullable=True),
        stamp("solved_at", nullable=True),
        nonneg(t, "farm_count"),
        uq(t, "run_id", "index"),
    )


def run_explanations() -> None:
    t = "run_explanations"
    either = (
        "(lot_id IS NULL AND request_id IS NOT NULL) OR (lot_id IS NOT NULL AND request_id IS NULL)"
    )
    figures = ("placed_t", "left_t", "met_n_kg", "unmet_n_kg")
    table(
        t,
        fk(t, "run_id", "match_runs", ondelete="CASCADE"),
        fk(t, "lot_id", "lots", nullable=True),
        fk(t, "request_id", "requests", nullable=True),
        col("code", sa.String(60)),
        col("text", sa.Text()),
        num(*figures, nullable=True),
        check(t, either, "lot_xor_request"),
        nonneg(t, *figures),
    )


def deliveries() -> None:
    t = "deliveries"
    table(
        t,
        fk(t, "proposal_id", "proposals", nullable=True, ondelete="SET NULL"),
        fk(t, "lot_id", "lots", nullable=True),
        fk(t, "supplier_farm_id", "farms"),
        fk(t, "receiver_farm_id", "farms"),
        col("kind", sa.String(40)),
        col("category", sa.String(3)),
        num("a_fraction"),
        flag("organic_manure", nullable=False),
        num("animal_fraction"),
        col("delivered_on", sa.Date()),
        num("weighed_tonnes", "n_kg_per_t", "p2o5_kg_per_t", "k2o_kg_per_t"),
        col("sample_analysis_ref", sa.String(100), nullable=True),
        col("transport_document_no", sa.String(100), nullable=True),
        col("intermediary_name", sa.String(200), nullable=True),
        col("declaration_of_origin_no", sa.String(100), nullable=True),
        stamp("created_at"),
        one_of(t, "kind", KINDS, "delivery_kind"),
        one_of(t, "category", ("A", "A/B", "B", "C"), "delivery_category"),
        rng(t, "a_fraction", 0, 1),
        rng(t, "animal_fraction", 0, 1),
        rng(t, "n_kg_per_t", 0, 100),
        nonneg(t, "weighed_tonnes", "p2o5_kg_per_t", "k2o_kg_per_t"),
        check(t, "supplier_farm_id <> receiver_farm_id", "different_farms"),
        ix(t, "delivered_on"),
    )


def downgrade() -> None:
    for name in reversed(TABLES):
        op.drop_table(name)
