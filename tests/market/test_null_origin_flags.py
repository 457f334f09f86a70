"""A lot written without its origin flags (the demo's, an API post leaving them out) and
saved again with them false, as the lot form's unticked boxes say, is not changed: a null
flag means false (INSTANCE.md clarification 10), so its proposals stay valid. A newcomer
lowered a demo lot's tonnes and approve-all then skipped its proposals as "changed"."""

from __future__ import annotations

from sqlalchemy.orm import Session

from market.core.reference import only_code
from market.core.schemas import parse
from market.listings.schemas import LotPatch
from market.listings.services.listings import update_lot
from matching.rules import ORIGIN_FLAGS
from tests.factories import add_farm, add_lot


def test_false_for_a_null_origin_flag_is_no_change(db: Session) -> None:
    code = only_code("cattle_slurry")  # as the form fills it: only the flags differ
    lot = add_lot(db, add_farm(db), manure_code=code, **dict.fromkeys(ORIGIN_FLAGS))
    assert lot.version == 1
    update_lot(db, lot, parse(LotPatch, {"tonnes": 400, **dict.fromkeys(ORIGIN_FLAGS, False)}))
    assert (lot.tonnes, lot.version) == (400.0, 1)


def test_a_flag_set_true_is_a_change(db: Session) -> None:
    lot = add_lot(db, add_farm(db), **dict.fromkeys(ORIGIN_FLAGS))
    update_lot(db, lot, parse(LotPatch, {"husbandry_ok": True}))
    assert lot.version == 2
