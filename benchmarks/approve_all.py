"""A coordinator's "approve all" on a national run, timed.

`python benchmarks/approve_all.py [--farms 2000] [--seed 1]` loads a generated market into a
fresh embedded instance and solves one run through the worker's own steps (both as
`benchmarks/pipeline.py` does, whose functions it uses), then approves all its proposals with
the service the button calls (`capacity.review_all`: every approval checks the lot, the request
and the receiving farm's N room and A-share with the season counted) and commits. It prints
the seconds, the proposals approved and the ones skipped (a rule refused them), and the
milliseconds per proposal.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from pipeline import generated_market, worker_steps  # benchmarks/pipeline.py, beside this

from market.accounts.services.users import create_user
from market.core.clock import today
from market.core.db import engine_for_url, make_session_factory
from market.models import MatchRun, Role
from market.proposals.schemas import DecisionInput
from market.proposals.services.capacity import Ground, review_all
from market.runs.schemas import RunScope
from market.runs.services.runs import create_run
from worker.context import WorkerContext


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--farms", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mestmatch-bench-") as folder:
        settings = generated_market(folder, args.farms, args.seed)
        engine = engine_for_url(settings.database_url)
        sessions = make_session_factory(engine)
        with sessions() as session:
            boss = create_user(session, "bench@example.nl", "bench-password", Role.COORDINATOR)
            run = create_run(session, settings, RunScope(), boss.id)
            session.commit()
            run_id, boss_id = run.id, boss.id
        ctx = WorkerContext(settings)
        try:
            worker_steps(ctx, run_id)
        finally:
            ctx.dispose()
        with sessions() as session:
            started = time.perf_counter()
            outcome = review_all(
                session,
                session.get_one(MatchRun, run_id),
                boss_id,
                DecisionInput(approve=True),
                Ground(settings.policy, today(settings)),
            )
            session.commit()
            seconds = time.perf_counter() - started
        engine.dispose()
    done = len(outcome.changed)
    print(f"{args.farms:,} farms (seed {args.seed}), approve all:\n")
    print("| seconds | approved | skipped | ms per proposal |")
    print("|---|---|---|---|")
    per = 1000 * seconds / max(1, done + len(outcome.skipped))
    print(f"| {seconds:.1f} | {done} | {len(outcome.skipped)} | {per:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
