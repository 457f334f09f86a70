"""A coordinator starts a run, from the page or the API: one limit, then the one `create_run`.

A run costs minutes of solver time, so each coordinator may start a limited number an hour,
page and API counted together (`market.core.limits.limit_run_starts`, keyed by the account,
not by the way in). Every attempt counts, refused ones too, so guessing a scope is as slow as
starting runs: the scope is read only after the limit let the attempt through. After
`create_requested_run` the caller commits and enqueues with
`market.core.broker.commit_then_enqueue`, in the way that suits its answer.
"""

from __future__ import annotations

from collections.abc import Callable

from market.core.extensions import app_state, db_session
from market.core.limits import limit_run_starts
from market.models import MatchRun
from market.runs.schemas import RunScope
from market.runs.services.runs import create_run


def create_requested_run(
    user_id: int, read_scope: Callable[[], RunScope], time_limit_s: float | None = None
) -> MatchRun:
    """A queued run for the logged-in coordinator `user_id`, flushed and not committed.

    `read_scope` reads the request through `RunScope` (the form, or the JSON body);
    `time_limit_s` is the solver's limit (a retry's, `retry_limit`; None: the worker's). Raises
    `market.core.limits.RateLimited` (answered 429 with `Retry-After`, as a page or a problem
    document) before anything else, then `ValidationError` for a bad scope.
    """
    limit_run_starts()
    settings = app_state().settings
    return create_run(db_session(), settings, read_scope(), user_id, time_limit_s)
