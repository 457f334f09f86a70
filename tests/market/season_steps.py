"""The farms, the listings and the helpers of the random seasons of
`test_season_stateful.py`: a base state machine whose steps post, edit and withdraw lots and
requests through the services the pages and the API call, each committed or rolled back as
the views do. The runs, the review, the farms' answers and the invariants are the test's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule
from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Settings
from market.core.clock import today
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.listings.schemas import LotInput, LotPatch, RequestInput, RequestPatch
from market.listings.services.listings import (
    create_lot,
    create_request,
    update_lot,
    update_request,
    withdraw_lot,
    withdraw_request,
)
from market.models import (
    Farm,
    FarmerResponse,
    ListingStatus,
    Lot,
    Proposal,
    Request,
    ReviewStatus,
    Role,
)
from tests.factories import add_farm, add_user
from tests.market.conftest import LOT_FORM, REQUEST_FORM

EXAMPLES = itertools.count()
#: Four farms close together (Zwolle), so every lot is within every request's 60 km.
PLACES = ((52.51, 6.09), (52.52, 6.10), (52.50, 6.07), (52.53, 6.08))
PICK = st.integers(min_value=0, max_value=1000)


class SeasonListings(RuleBasedStateMachine):
    """One random season's farms and listings on the test's database; `db` and `config` are
    set by the test (on its subclass)."""

    db: Session
    config: Settings

    def __init__(self) -> None:
        super().__init__()
        example = next(EXAMPLES)
        farms = [
            add_farm(self.db, f"Erf {example}-{i}", lat=lat, lon=lon)
            for i, (lat, lon) in enumerate(PLACES)
        ]
        self.suppliers, self.receivers = [f.id for f in farms[:2]], [f.id for f in farms[2:]]
        user = add_user(self.db, f"coordinator{example}@season.test", Role.COORDINATOR, None)
        self.user_id = user.id
        self.lots: list[int] = []
        self.requests: list[int] = []
        self.runs: list[int] = []
        self.db.commit()
        self.today = today(self.config)

    def teardown(self) -> None:
        """Withdraw what this season left open, so the next one's runs solve only its own."""
        for lot in self._open(Lot, self.lots):
            withdraw_lot(self.db, lot)
        for request in self._open(Request, self.requests):
            withdraw_request(self.db, request)
        self.db.commit()

    # -- listings --------------------------------------------------------------------------

    @rule(farm=PICK, tonnes=st.integers(min_value=20, max_value=600), rich=st.booleans())
    def post_lot(self, farm: int, tonnes: int, rich: bool) -> None:
        form = {**LOT_FORM, "tonnes": tonnes, "n_kg_per_t": 5.2 if rich else 4.4}
        supplier = self._farm(self.suppliers[farm % 2])
        self.lots.append(self._do(lambda: create_lot(self.db, supplier, LotInput(**form)).id))

    @rule(farm=PICK, n_kg=st.integers(min_value=200, max_value=3000))
    def post_request(self, farm: int, n_kg: int) -> None:
        receiver = self._farm(self.receivers[farm % 2])
        form = {**REQUEST_FORM, "n_kg": n_kg, "wanted_from": date(2026, 11, 1)}
        self.requests.append(
            self._do(lambda: create_request(self.db, receiver, RequestInput(**form)).id)
        )

    @precondition(lambda self: self.lots)
    @rule(pick=PICK, factor=st.sampled_from((0.2, 0.5, 0.9, 1.0, 1.3)), contents=st.booleans())
    def edit_lot(self, pick: int, factor: float, contents: bool) -> None:
        lot = self._pick(Lot, self.lots, pick)
        patch: dict[str, Any] = {"tonnes": round(lot.tonnes * factor, 1)}
        if contents:
            patch["n_kg_per_t"] = 5.0 if lot.n_kg_per_t != 5.0 else 4.6
        self._do(lambda: update_lot(self.db, lot, parse(LotPatch, patch)))

    @precondition(lambda self: self.requests)
    @rule(pick=PICK, factor=st.sampled_from((0.2, 0.5, 0.9, 1.3)))
    def edit_request(self, pick: int, factor: float) -> None:
        request = self._pick(Request, self.requests, pick)
        patch = {"n_kg": round(request.n_kg * factor)}
        self._do(lambda: update_request(self.db, request, parse(RequestPatch, patch)))

    @precondition(lambda self: self.lots and self.requests)
    @rule(pick=PICK, lot=st.booleans())
    def withdraw(self, pick: int, lot: bool) -> None:
        """Withdraw a lot or a request (its waiting and approved proposals are cancelled)."""
        if lot:
            listing = self._pick(Lot, self.lots, pick)
            self._do(lambda: withdraw_lot(self.db, listing, "sold elsewhere"))
        else:
            ask = self._pick(Request, self.requests, pick)
            self._do(lambda: withdraw_request(self.db, ask, "bought elsewhere"))

    # -- helpers -------------------------------------------------------------------------

    def _do(self, step: Any) -> Any:
        """Run a service call as a view does: commit what it did, or roll back a refusal."""
        try:
            done = step()
        except ValidationError as refused:
            self.db.rollback()
            event(f"refused: {sorted(e.code for e in refused.errors.values())}")
            return None
        self.db.commit()
        event(f"done: {type(done).__name__}")
        return done

    def _farm(self, farm_id: int) -> Farm:
        return self.db.get_one(Farm, farm_id)

    def _pick(self, model: type[Lot] | type[Request], ids: list[int], pick: int) -> Any:
        return self.db.get_one(model, ids[pick % len(ids)])

    def _agreed(self, pick: int) -> Proposal | None:
        query = select(Proposal).where(
            Proposal.run_id.in_(self.runs),
            Proposal.review_status == ReviewStatus.APPROVED,
            Proposal.supplier_response == FarmerResponse.ACCEPTED,
            Proposal.receiver_response == FarmerResponse.ACCEPTED,
        )
        rows = list(self.db.scalars(query.order_by(Proposal.id)))
        return rows[pick % len(rows)] if rows else None

    def _open(self, model: type[Lot] | type[Request], ids: list[int]) -> list[Any]:
        rows: Iterable[Any] = self.db.scalars(select(model).where(model.id.in_(ids)))
        return [row for row in rows if row.status is ListingStatus.OPEN]

    def _proposal(self, pick: int, status: ReviewStatus | None = None) -> Proposal | None:
        """One of this season's proposals (with `status`, if given), or None."""
        query = select(Proposal).where(Proposal.run_id.in_(self.runs)).order_by(Proposal.id)
        if status is not None:
            query = query.where(Proposal.review_status == status)
        rows = list(self.db.scalars(query))
        return rows[pick % len(rows)] if rows else None
