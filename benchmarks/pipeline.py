"""From the coordinator's click to proposals in the database, beside the engine's own time.

`python benchmarks/pipeline.py [--farms 2000] [--seed 1] [--repeat 3]` loads a generated
market (`matching.tools.generate`, loaded as rows by `market.demo.generated`) into a fresh
embedded instance (SQLite in a temporary folder, migrated), then per repetition:
- **click to proposals**: `create_run` and its commit (what the "start" button does), then the
  worker's own steps in this process, in the order one worker runs them — claim and prepare
  (snapshot, admission, split), every component solved, merge and write — until the
  proposals are committed. The broker is left out (a queue hop of milliseconds);
- **engine**: `matching.solve_instance` on the same run's instance document.
It prints a Markdown table with the medians and their ratio (the issue's goal: ≤ 1.5 at 2,000
farms), and each run's own ratio (its pipeline over the engine solve right after it, so a
slower minute of the machine slows both sides) as a median and range, the worker's steps
(median seconds: click and claim through the snapshot, admission and split; the components
solved; merge and write), and the components and flows counted, so a reader can see the two did
the same work and where the difference goes. Each repetition starts a new run on the same
market; the earlier run's proposals are deleted first (not rejected: a rejected pair is
excluded from later runs, so each repetition would solve a smaller market), so every run
solves the same whole market again.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from typing import Any

from sqlalchemy import delete, select

from config import Settings
from market.core.db import engine_for_url, make_session_factory, upgrade
from market.demo.generated import load_instance
from market.models import MatchRun, Proposal
from market.runs.schemas import RunScope
from market.runs.services.runs import create_run
from matching import solve_instance
from matching.tools.generate import generate_instance
from worker import pipeline
from worker.context import WorkerContext
from worker.mapping import instance_document

PROVINCE = "Utrecht"


STEPS = ("prepare", "solve", "write")


def generated_market(folder: str, farms: int, seed: int) -> Settings:
    """An embedded instance in `folder` (SQLite, migrated) holding the generated market of
    `farms` farms (`seed`), as rows; its settings."""
    settings = Settings.from_env({"MESTMATCH_INSTANCE": folder})
    upgrade(settings.database_url)
    engine = engine_for_url(settings.database_url)
    with make_session_factory(engine)() as session:
        load_instance(session, generate_instance(farms, seed=seed), PROVINCE)
        session.commit()
    engine.dispose()
    return settings


def worker_steps(ctx: WorkerContext, run_id: int) -> dict[str, float]:
    """The worker's own steps on a created run, in the order one worker runs them, until its
    proposals are committed: `time.perf_counter()` at the end of each step (`STEPS`)."""
    plan = pipeline.claim_and_prepare(ctx, run_id, f"bench-{run_id}")
    assert plan is not None, "the run could not be claimed"
    prepared = time.perf_counter()
    for index in plan.pending:
        pipeline.solve_stored_component(ctx, run_id, index, plan.token)
    solved = time.perf_counter()
    outcome = pipeline.finish_run(ctx, run_id, plan.token)
    assert outcome == "solved", outcome
    return dict(zip(STEPS, (prepared, solved, time.perf_counter()), strict=True))


def click_to_proposals(
    settings: Settings, ctx: WorkerContext
) -> tuple[dict[str, float], dict[str, Any]]:
    """Seconds from the click to each step's end (`STEPS`, the last one: committed
    proposals), and the run's snapshot."""
    sessions = make_session_factory(engine_for_url(settings.database_url))
    started = time.perf_counter()
    with sessions() as session:
        run = create_run(session, settings, RunScope(), None)
        session.commit()
        run_id = run.id
    ends = worker_steps(ctx, run_id)
    with sessions() as session:
        snapshot = session.scalar(select(MatchRun.input_snapshot).where(MatchRun.id == run_id))
        session.execute(delete(Proposal).where(Proposal.run_id == run_id))
        session.commit()
    assert snapshot is not None
    return {step: end - started for step, end in ends.items()}, snapshot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--farms", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mestmatch-bench-") as folder:
        settings = generated_market(folder, args.farms, args.seed)
        ctx = WorkerContext(settings)
        marks: list[dict[str, float]] = []
        engines: list[float] = []
        counts = ""
        try:
            for _ in range(args.repeat):
                ends, snapshot = click_to_proposals(settings, ctx)
                marks.append(ends)
                doc = instance_document(snapshot)
                started = time.perf_counter()
                solution = solve_instance(doc, solver=settings.solver, gap=settings.solver_gap)
                engines.append(time.perf_counter() - started)
                counts = (
                    f"{len(doc['lots'])} lots, {len(doc['requests'])} requests, "
                    f"{solution['stats'].get('components', 1)} components, "
                    f"{len(solution['flows'])} flows"
                )
        finally:
            ctx.dispose()
    pipe, solve = statistics.median(m["write"] for m in marks), statistics.median(engines)
    ratios = [m["write"] / e for m, e in zip(marks, engines, strict=True)]
    print(f"{args.farms:,} farms (seed {args.seed}, {args.repeat} runs, medians): {counts}\n")
    print("| click → proposals s | engine s | ratio | ratio per run, median (range) |")
    print("|---|---|---|---|")
    print(
        f"| {pipe:.2f} | {solve:.2f} | {pipe / solve:.2f} | {statistics.median(ratios):.2f} "
        f"({min(ratios):.2f}–{max(ratios):.2f}) |\n"
    )
    print("| " + " | ".join(f"{step} s" for step in STEPS) + " |")
    print("|" + "---|" * len(STEPS))
    print("| " + " | ".join(f"{median_step(marks, step):.2f}" for step in STEPS) + " |")
    return 0


def median_step(marks: list[dict[str, float]], step: str) -> float:
    """The median seconds of `step` alone (from the previous step's end to its own)."""
    before = {"solve": "prepare", "write": "solve"}.get(step)
    return statistics.median(m[step] - (m[before] if before else 0.0) for m in marks)


if __name__ == "__main__":
    raise SystemExit(main())
