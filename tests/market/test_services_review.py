"""Runs, review and tonnes adjustment as services (no web): scope, progress, the A-share check."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import POLICY_DEFAULTS
from market.accounts.services.users import create_user
from market.core.maps import content_security_policy, tile_origin
from market.core.schemas import parse
from market.core.validation import ValidationError
from market.models import (
    AnalysisSource,
    AuditEntry,
    FarmStatus,
    Lot,
    MatchRun,
    Proposal,
    Request,
    ReviewStatus,
    Role,
    RunPhase,
    RunStatus,
)
from market.proposals.schemas import AdjustInput, DecisionInput
from market.proposals.services.adjust import adjust_tonnes
from market.proposals.services.capacity import Ground, review_all
from market.proposals.services.review import decide
from market.runs.schemas import RunScope
from market.runs.services.runs import progress
from tests.factories import add_farm as make_farm

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
JUNE = date(2026, 6, 1)
JUNE_RULES = Ground(POLICY_DEFAULTS, JUNE)
APPROVE, REJECT = DecisionInput(approve=True), DecisionInput(approve=False)


def tonnes(value: float) -> AdjustInput:
    return parse(AdjustInput, {"tonnes": value})


def test_scope_all_a_province_or_a_period() -> None:
    assert parse(RunScope, {}).stored() == {"region": None, "from": None, "until": None}
    scope = parse(RunScope, {"region": "Zeeland", "start": "2026-03-01"})
    assert scope.stored()["from"] == "2026-03-01"
    with pytest.raises(ValidationError) as refused:
        parse(RunScope, {"region": "Atlantis", "start": "2026-05-01", "until": "2026-04-01"})
    assert set(refused.value.errors) == {"region", "until"}


@pytest.mark.parametrize(
    ("status", "phase", "done", "percent"),
    [
        (RunStatus.QUEUED, RunPhase.QUEUED, 0, 0),
        (RunStatus.RUNNING, RunPhase.SNAPSHOT, 0, 10),
        (RunStatus.RUNNING, RunPhase.SOLVING, 2, 50),
        (RunStatus.RUNNING, RunPhase.WRITING, 4, 95),
        (RunStatus.FAILED, RunPhase.SOLVING, 1, 100),
    ],
)
def test_progress_follows_phase_and_components(
    status: RunStatus, phase: RunPhase, done: int, percent: int
) -> None:
    run = MatchRun(
        status=status,
        phase=phase,
        components_total=4,
        components_done=done,
        created_at=T0,
        started_at=T0,
        finished_at=T0.replace(minute=2),
    )
    got = progress(run, now=T0.replace(second=30))
    assert got.percent == percent
    assert got.elapsed_s == (120 if status is RunStatus.FAILED else 30)


def test_the_tile_server_is_the_only_extra_image_source() -> None:
    assert tile_origin(None) is None
    assert tile_origin("javascript:alert(1)") is None
    assert tile_origin("https://tiles.example.nl/{z}/{x}/{y}.png") == "https://tiles.example.nl"
    assert "img-src" not in content_security_policy(None)
    assert content_security_policy("https://t.example.nl/{z}/{x}/{y}.png").endswith(
        "; img-src 'self' https://t.example.nl"
    )


def proposal_with(
    sqlite_session: Session, kind: str, origin: FarmStatus, husbandry: bool | None = None
) -> Proposal:
    """A B lot (non-organic cattle slurry, grazing) into a farm whose other N is all A."""
    session = sqlite_session
    supplier = make_farm(session, name="Gangbaar", skal_number=None)
    receiver = make_farm(session, name="Akker", other_n_kg=1000.0, other_a_n_kg=1000.0)
    lot = Lot(
        farm=supplier,
        kind=kind,
        tonnes=1000.0,
        n_kg_per_t=4.0,
        origin_status=origin,
        husbandry_ok=husbandry,
        analysis_source=AnalysisSource.MEASURED,
        available_from=date(2026, 1, 1),
    )
    request = Request(
        farm=receiver, n_kg=9000.0, accept_nonorganic=True, wanted_from=date(2026, 1, 1)
    )
    run = MatchRun(scope={}, params={}, solver="highs", gap=1e-4)
    proposal = Proposal(
        run=run,
        lot=lot,
        request=request,
        tonnes=100.0,
        n_kg=400.0,
        a_n_kg=0.0,
        animal_n_kg=400.0,
        distance_km=10.0,
        cost_eur=150.0,
        lot_version=1,
        request_version=1,
    )
    session.add(proposal)
    session.flush()
    return proposal


def test_more_b_manure_is_refused_below_the_a_share(sqlite_session: Session) -> None:
    """A-share after 100 t: 1000 / 1400 = 71 %; after 150 t: 1000 / 1600 = 62.5 % < 70 %."""
    proposal = proposal_with(sqlite_session, "cattle_slurry", FarmStatus.CONVENTIONAL, True)
    me = create_user(sqlite_session, "coo@example.nl", "a long password here", Role.COORDINATOR)
    with pytest.raises(ValidationError) as refused:
        adjust_tonnes(sqlite_session, proposal, me.id, tonnes(150), POLICY_DEFAULTS, JUNE)
    assert refused.value.errors == {
        "tonnes": "The receiving farm's A-share would fall to 62% (at least 70%)."
    }
    assert sqlite_session.scalars(select(AuditEntry)).all() == []
    adjust_tonnes(sqlite_session, proposal, me.id, tonnes(80), POLICY_DEFAULTS, JUNE)
    assert (proposal.tonnes, proposal.n_kg, proposal.a_n_kg) == (80.0, 320.0, 0.0)
    assert proposal.cost_eur == pytest.approx(120.0)
    entry = sqlite_session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action, entry.target_id) == (
        me.id,
        "proposal.adjust",
        proposal.id,
    )
    assert entry.detail == {"run_id": proposal.run_id, "tonnes_before": 100.0, "tonnes": 80.0}


def test_review_refuses_twice_and_rejected_cannot_be_adjusted(sqlite_session: Session) -> None:
    proposal = proposal_with(sqlite_session, "cattle_slurry", FarmStatus.ORGANIC)
    me = create_user(sqlite_session, "coo@example.nl", "a long password here", Role.COORDINATOR)
    decide(sqlite_session, proposal, me.id, REJECT)
    assert proposal.reviewed_by_id == me.id
    assert proposal.review_status is ReviewStatus.REJECTED
    with pytest.raises(ValidationError):
        decide(sqlite_session, proposal, me.id, APPROVE)
    with pytest.raises(ValidationError, match="Only an open proposal"):
        adjust_tonnes(sqlite_session, proposal, me.id, tonnes(10), POLICY_DEFAULTS, JUNE)
    assert review_all(sqlite_session, proposal.run, me.id, APPROVE, JUNE_RULES).changed == []


def test_approve_all_skips_what_another_run_already_took_of_the_lot(
    sqlite_session: Session,
) -> None:
    """Run 1 proposes 100 t of a 1,000 t lot and is approved; run 2 proposes 950 t of the
    same lot: approving all of run 2 must skip it (1,050 t > 1,000 t) and approve nothing."""
    first = proposal_with(sqlite_session, "cattle_slurry", FarmStatus.ORGANIC)
    me = create_user(sqlite_session, "coo@example.nl", "a long password here", Role.COORDINATOR)
    review_all(sqlite_session, first.run, me.id, APPROVE, JUNE_RULES)
    assert first.review_status is ReviewStatus.APPROVED
    run = MatchRun(scope={}, params={}, solver="highs", gap=1e-4)
    second = Proposal(
        run=run,
        lot=first.lot,
        request=first.request,
        tonnes=950.0,
        n_kg=3800.0,
        a_n_kg=3800.0,
        animal_n_kg=3800.0,
        distance_km=10.0,
        cost_eur=1425.0,
        lot_version=1,
        request_version=1,
    )
    sqlite_session.add(second)
    sqlite_session.flush()
    outcome = review_all(sqlite_session, run, me.id, APPROVE, JUNE_RULES)
    assert outcome.changed == []
    assert [(skip.proposal_id, skip.codes) for skip in outcome.skipped] == [
        (second.id, ("lot_taken",))
    ]
    assert second.review_status is ReviewStatus.PROPOSED
