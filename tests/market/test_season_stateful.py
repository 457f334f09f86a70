"""Random seasons: whatever farmers and coordinators do, in any order, no tonne is held twice.

Issue 10: a hypothesis state machine posts lots and requests, edits them (tonnes up and down,
contents), withdraws them, runs the matching (the worker's own steps in-process:
`build_snapshot`, `admit_snapshot`, `matching.solve_instance`, `supersede`,
`replace_results`), approves, rejects, approves a whole run, adjusts, lets the farms accept
and decline, and books deliveries, each through the service the pages and the API call, and
each committed or rolled back as the views do. After every step, for every lot and request:
what its proposals and deliveries hold stays within what it lists, plus only what deliveries
weighed beyond their proposals (the tolerance, or a coordinator's confirmed excess); a
withdrawn listing has no proposal waiting or approved; a superseded or cancelled proposal
holds nothing but its deliveries; a delivery is booked only on an agreed proposal. On SQLite
and on PostgreSQL (`db`).
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import select
from sqlalchemy.orm import Session

import matching
from config import Settings
from market.deliveries.schemas import MIN_WEIGHED_TONNES, Weighing
from market.deliveries.services.deliveries import Booking, agreed, deliver
from market.models import (
    Delivery,
    FarmerResponse,
    ListingStatus,
    Lot,
    MatchRun,
    Proposal,
    Request,
    ReviewStatus,
    RunStatus,
)
from market.proposals.schemas import AdjustInput, AnswerInput, DecisionInput
from market.proposals.services.adjust import adjust_tonnes
from market.proposals.services.answers import respond
from market.proposals.services.balance import (
    TOLERANCE,
    Weighed,
    is_live,
    lot_balances,
    request_balances,
    weighed_by_proposal,
)
from market.proposals.services.capacity import Ground, review, review_all
from market.runs.services.admission import admit_snapshot
from tests.factories import add_run
from tests.market.season_steps import PICK, SeasonListings
from worker.mapping import build_snapshot, instance_document
from worker.writing import outcome_status, replace_results, supersede

#: Small enough that both backends together stay within about a minute on a busy machine.
SMALL = hypothesis_settings(
    max_examples=8,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SIDES = st.sampled_from(("supplier", "receiver"))


class Season(SeasonListings):
    """One random season on the test's database: the listings' steps (`SeasonListings`), the
    runs, the review and the farms' answers, and what must hold after every step."""

    @initialize(tonnes=st.integers(min_value=100, max_value=600))
    def open_the_market(self, tonnes: int) -> None:
        """Two lots and two requests, and a first run, so most steps have work to do."""
        self.post_lot(0, tonnes, rich=False)
        self.post_lot(1, 300, rich=True)
        self.post_request(0, 1500)
        self.post_request(1, 2500)
        self.run()

    # -- runs and the coordinator's review -----------------------------------------------

    @rule()
    def run(self) -> None:
        """What the worker does for a one-component run, in this session."""
        run = add_run(self.db, self.config)
        built = build_snapshot(self.db, run.scope, run.params, self.today)
        snapshot = admit_snapshot(self.db, run.id, built, matching.instance_errors)
        doc = instance_document(snapshot)
        solution: dict[str, Any] = {"status": "optimal", "objective": 0.0, "flows": []}
        if doc["lots"] and doc["requests"]:
            solution = matching.solve_instance(doc)
        run.status, run.input_snapshot = outcome_status(solution), snapshot
        if run.status is RunStatus.SOLVED:
            supersede(self.db, run.id, snapshot)
        replace_results(self.db, run.id, snapshot, solution)
        self.db.commit()
        self.runs.append(run.id)

    @precondition(lambda self: self.runs)
    @rule(pick=PICK, yes=st.booleans())
    def review_one(self, pick: int, yes: bool) -> None:
        proposal = self._proposal(pick, ReviewStatus.PROPOSED)
        if proposal is not None:
            verdict = DecisionInput(approve=yes)
            ground = Ground(self.config.policy, self.today)
            self._do(lambda: review(self.db, proposal, self.user_id, verdict, ground))

    @precondition(lambda self: self.runs)
    @rule(pick=PICK)
    def approve_all(self, pick: int) -> None:
        run = self.db.get_one(MatchRun, self.runs[pick % len(self.runs)])
        ground, yes = Ground(self.config.policy, self.today), DecisionInput(approve=True)
        self._do(lambda: review_all(self.db, run, self.user_id, yes, ground))

    @precondition(lambda self: self.runs)
    @rule(pick=PICK, factor=st.sampled_from((0.5, 0.9, 1.1, 2.0)))
    def adjust(self, pick: int, factor: float) -> None:
        proposal = self._proposal(pick)
        if proposal is None:
            return
        before, approved = proposal.tonnes, proposal.review_status is ReviewStatus.APPROVED
        data = AdjustInput(tonnes=round(proposal.tonnes * factor, 1))
        policy = self.config.policy
        done = self._do(
            lambda: adjust_tonnes(self.db, proposal, self.user_id, data, policy, self.today)
        )
        if done and approved and abs(proposal.tonnes - before) > 1e-9:
            assert proposal.supplier_response is FarmerResponse.PENDING
            assert proposal.receiver_response is FarmerResponse.PENDING

    # -- the farms -----------------------------------------------------------------------

    @precondition(lambda self: self.runs)
    @rule(pick=PICK, side=SIDES, yes=st.booleans())
    def answer(self, pick: int, side: str, yes: bool) -> None:
        proposal = self._proposal(pick, ReviewStatus.APPROVED)
        if proposal is None:
            return
        farm_id = proposal.lot.farm_id if side == "supplier" else proposal.request.farm_id
        self._do(lambda: _respond(self.db, proposal, farm_id, yes))

    @precondition(lambda self: self.runs)
    @rule(pick=PICK, then_book=st.booleans(), share=st.sampled_from((0.5, 1.0, 1.1)))
    def agree(self, pick: int, then_book: bool, share: float) -> None:
        """Both farms accept an approved proposal; perhaps a load is booked straight away."""
        proposal = self._proposal(pick, ReviewStatus.APPROVED)
        if proposal is None:
            return
        for farm_id in (proposal.lot.farm_id, proposal.request.farm_id):
            self._do(partial(respond, self.db, proposal, farm_id, AnswerInput(accept=True)))
        if then_book:
            self.book(pick, share, coordinator=False)

    @precondition(lambda self: self.runs)
    @rule(
        pick=PICK,
        share=st.sampled_from((0.3, 0.5, 1.0, 1.05, 1.5)),
        coordinator=st.booleans(),
    )
    def book(self, pick: int, share: float, coordinator: bool) -> None:
        """On an agreed proposal if there is one (else any approved one: refused)."""
        proposal = self._agreed(pick) or self._proposal(pick, ReviewStatus.APPROVED)
        if proposal is None:
            return
        weighing = Weighing(
            delivered_on=self.today,
            weighed_tonnes=max(round(proposal.tonnes * share, 3), MIN_WEIGHED_TONNES),
            excess_reason="the scale is right" if coordinator else None,
        )
        terms = Booking(self.today, self.config.delivery_tolerance, self.user_id, coordinator)

        def booked() -> Delivery:
            delivery = deliver(self.db, proposal, weighing, terms)
            assert agreed(proposal), "a delivery was booked on a proposal not agreed"
            return delivery

        self._do(booked)

    # -- the invariants ------------------------------------------------------------------

    @invariant()
    def each_listing_holds_at_most_what_it_lists(self) -> None:
        lots = list(self.db.scalars(select(Lot).where(Lot.id.in_(self.lots))))
        requests = list(self.db.scalars(select(Request).where(Request.id.in_(self.requests))))
        proposals = list(self.db.scalars(select(Proposal).where(Proposal.lot_id.in_(self.lots))))
        weighed = weighed_by_proposal(self.db, (p.id for p in proposals))
        over_t: dict[int, float] = defaultdict(float)
        over_n: dict[int, float] = defaultdict(float)
        for p in proposals:
            got = weighed.get(p.id, Weighed())
            over_t[p.lot_id] += max(0.0, got.tonnes - p.tonnes)
            over_n[p.request_id] += max(0.0, got.n_kg - p.n_kg)
        for lot_id, balance in lot_balances(self.db, lots).items():
            assert balance.committed <= balance.offered + over_t[lot_id] + TOLERANCE, balance
            assert balance.open >= 0.0
        for request_id, balance in request_balances(self.db, requests).items():
            assert balance.committed <= balance.offered + over_n[request_id] + TOLERANCE, balance

    @invariant()
    def closed_proposals_hold_nothing(self) -> None:
        proposals = list(
            self.db.scalars(
                select(Proposal).where(Proposal.run_id.in_(self.runs)).order_by(Proposal.id)
            )
        )
        weighed = weighed_by_proposal(self.db, (p.id for p in proposals))
        for p in proposals:
            if p.review_status in (ReviewStatus.CANCELLED, ReviewStatus.SUPERSEDED):
                assert not is_live(p)
            if p.review_status is ReviewStatus.SUPERSEDED:
                assert p.reviewed_by_id is None, "an approved proposal was superseded"
            withdrawn = ListingStatus.WITHDRAWN in (p.lot.status, p.request.status)
            if withdrawn and p.id not in weighed:  # one with a delivery went ahead
                assert p.review_status not in (ReviewStatus.PROPOSED, ReviewStatus.APPROVED)


def _respond(db: Session, proposal: Proposal, farm_id: int, yes: bool) -> Any:
    reason = None if yes else "too far after all"
    return respond(db, proposal, farm_id, AnswerInput(accept=yes, reason=reason))


def test_random_seasons_conserve_every_tonne(db: Session, settings: Settings) -> None:
    Season.db, Season.config = db, settings
    run_state_machine_as_test(Season, settings=SMALL)
