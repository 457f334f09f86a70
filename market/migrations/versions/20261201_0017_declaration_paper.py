"""A declaration of origin keeps what it prints from outside its delivery's row, as issued.

The paper was rendered from the live rows at every download, so renaming a farm changed what
an issued number printed. `deliveries.declaration_paper` (JSON, nullable) now holds, from
the moment the declaration is numbered, both farms (name, address, province, Skal, RVO
relation and KvK numbers, certification), the manure code's names (Dutch and English), the
digestate's manure share and whether the supplier stated it, the intermediary's Skal
declaration as the lot recorded it, and the proposal's delivery window
(`market.deliveries.services.declaration_paper`).

Upgrading fills it for every delivery of animal manure (those offer a declaration, all the
market's numbered ones among them) from the rows as they are now: the best the database
knows of the day it was issued. Deliveries without animal manure keep NULL. Downgrading
drops the column (the paper is then rendered from the live rows again).

Frozen like 0001: plain values, no imports from the app. The manure codes' names and the
rulebook's default manure share of a digestate (0.5) are copied as they stood on
2026-12-01.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: RVO manure code → (Dutch name, English name), `matching/data/manure_codes.json`.
CODE_NAMES = {
    "10": ("Rundvee: vaste mest", "Cattle: solid manure"),
    "14": ("Rundvee: drijfmest", "Cattle: slurry"),
    "18": ("Witvleeskalveren: drijfmest", "White veal calves: slurry"),
    "19": ("Rosévleeskalveren: drijfmest", "Rosé veal calves: slurry"),
    "25": ("Paarden: vaste mest", "Horses: solid manure"),
    "35": (
        "Leghennen, strooiselhuisvesting: vaste mest",
        "Laying hens, litter housing: solid manure",
    ),
    "39": ("Vleeskuikens: vaste mest", "Broilers: solid manure"),
    "40": ("Varkens: vaste mest", "Pigs: solid manure"),
    "46": ("Fokzeugen (met biggen): drijfmest", "Breeding sows (with piglets): slurry"),
    "50": ("Vleesvarkens: drijfmest", "Fattening pigs: slurry"),
    "56": ("Schapen: vaste mest", "Sheep: solid manure"),
    "60": ("Geiten: drijfmest", "Goats: slurry"),
    "61": ("Geiten: vaste mest", "Goats: solid manure"),
    "110": ("Champost", "Champost (spent mushroom compost)"),
}
#: `digestate_manure_share_default` of `matching/data/rulebook.json`.
MANURE_SHARE_DEFAULT = 0.5
PARTY = ("name", "address", "province", "skal_number", "rvo_relation_number", "kvk_number")
FARMS = sa.table("farms", sa.column("id"), sa.column("status"), *(sa.column(c) for c in PARTY))
LOTS = sa.table(
    "lots",
    sa.column("id"),
    sa.column("manure_share", sa.Float()),
    sa.column("intermediary_name"),
    sa.column("intermediary_skal_approved", sa.Boolean()),
    sa.column("intermediary_valid_until", sa.Date()),
)
PROPOSALS = sa.table(
    "proposals",
    sa.column("id"),
    sa.column("delivery_from", sa.Date()),
    sa.column("delivery_until", sa.Date()),
)
DELIVERIES = sa.table(
    "deliveries",
    *(sa.column(c) for c in ("id", "kind", "manure_code", "intermediary_name")),
    *(sa.column(c) for c in ("supplier_farm_id", "receiver_farm_id", "lot_id", "proposal_id")),
    sa.column("animal_fraction", sa.Float()),
    sa.column("delivered_on", sa.Date()),
    sa.column("declaration_paper", sa.JSON()),
)


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("declaration_paper", sa.JSON(), nullable=True))
    connection = op.get_bind()
    farms = {row.id: row for row in connection.execute(sa.select(FARMS))}
    lots = {row.id: row for row in connection.execute(sa.select(LOTS))}
    windows = {row.id: row for row in connection.execute(sa.select(PROPOSALS))}
    found = connection.execute(sa.select(DELIVERIES).where(DELIVERIES.c.animal_fraction > 0))
    rows = [
        {"row_id": d.id, "paper": _paper(d, farms, lots.get(d.lot_id), windows.get(d.proposal_id))}
        for d in found
    ]
    if rows:
        kept = (
            DELIVERIES.update()
            .where(DELIVERIES.c.id == sa.bindparam("row_id"))
            .values(declaration_paper=sa.bindparam("paper", type_=sa.JSON()))
        )
        connection.execute(kept, rows)


def _paper(d: Any, farms: dict[int, Any], lot: Any, proposal: Any) -> dict[str, Any]:
    """What `declaration_paper.kept_paper` keeps, of the rows as they are now."""
    digestate = d.kind == "digestate"
    stated = lot.manure_share if digestate and lot is not None else None
    names = CODE_NAMES.get(d.manure_code) if d.manure_code else None
    window = None if proposal is None else [proposal.delivery_from, proposal.delivery_until]
    return {
        "supplier": _party(farms[d.supplier_farm_id]),
        "receiver": _party(farms[d.receiver_farm_id]),
        "code_names": None if names is None else {"nl": names[0], "en": names[1]},
        "manure_share": (MANURE_SHARE_DEFAULT if stated is None else stated) if digestate else None,
        "manure_share_stated": stated is not None,
        "intermediary": _intermediary(d, lot),
        "window": None if window is None else [_iso(day) for day in window],
    }


def _party(farm: Any) -> dict[str, Any]:
    return {"status": farm.status, **{column: getattr(farm, column) for column in PARTY}}


def _intermediary(d: Any, lot: Any) -> dict[str, Any] | None:
    """As the lot holds it: known when the lot names the delivery's intermediary, valid on
    the day when approved and not ended before it."""
    if not d.intermediary_name:
        return None
    known = lot is not None and lot.intermediary_name == d.intermediary_name
    until = lot.intermediary_valid_until if known else None
    approved = known and bool(lot.intermediary_skal_approved)
    return {
        "name": d.intermediary_name,
        "known": known,
        "skal_approved": approved,
        "valid_until": _iso(until),
        "valid_on_delivery": approved and (until is None or until >= d.delivered_on),
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("declaration_paper")
