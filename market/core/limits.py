"""Rate limits, counted by Flask-Limiter: in memory when embedded, in Redis in production.

Every limit is a sliding window ("moving-window"). The embedded default (one process, no
servers) counts in memory; with `REDIS_URL` set (several web processes behind one address)
the counts live in Redis, where Flask-Limiter checks and adds in one atomic script, so a
limit holds for the site rather than per process. A Redis that does not answer must neither
lock everybody out nor switch the limits off: Flask-Limiter then counts in this process's
memory (`in_memory_fallback_enabled`) and goes back to Redis once it answers again.

Each app gets a limiter of its own (`init_limits`), so tests build many apps in one process.
The checks below raise `RateLimited`; the app answers it with 429 and `Retry-After`, as a
problem document on the API and as a page elsewhere (the log-in form shows its own message).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter, RateLimitExceeded, RequestLimit, RouteLimit
from flask_login import current_user
from limits.errors import StorageError

#: Failed log-ins per account address and per client address (several farmers may share one
#: address: a farm office, a cooperative's network), in five minutes.
ACCOUNT_LOGINS = "5 per 5 minutes"
CLIENT_LOGINS = "20 per 5 minutes"
#: API calls per token, and failed token checks per client address, per minute; runs started
#: per coordinator per hour. `API_LIMIT_TOKEN_CALLS`, `API_LIMIT_BAD_TOKENS` and
#: `API_LIMIT_RUNS` in the app's config override them (read at each check).
#: Password-reset requests and sign-ups, which mail the address typed: per address (so nobody
#: fills a stranger's mailbox) and per client address, in fifteen minutes. Every request
#: counts, whether the address has an account or not, so the limit tells nothing either.
ACCOUNT_MAILS = "3 per 15 minutes"
CLIENT_MAILS = "10 per 15 minutes"
TOKEN_CALLS_PER_MINUTE = 120
BAD_TOKENS_PER_MINUTE = 20
RUNS_PER_HOUR = 20
#: A refused log-in answers 401; only those count against the log-in limits.
REFUSED = 401
#: A limiter must not make requests slow: give up on a silent Redis after a second.
REDIS_OPTIONS: dict[str, str | int] = {"socket_connect_timeout": 1, "socket_timeout": 1}
_KEY = "mestmatch_limits"
log = logging.getLogger(__name__)
TOO_MANY = (
    _l("Too many requests"),
    _l("You have done this too often. Wait a while and try again."),
)


class RateLimited(Exception):
    """A limit is used up; `retry_after_s` is how long until the next attempt is allowed."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"rate limited, retry after {retry_after_s} s")
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class Limits:
    """One app's limiter and its named limits."""

    limiter: Limiter
    login_account: RouteLimit
    login_client: RouteLimit
    token_calls: RouteLimit
    bad_tokens: RouteLimit
    run_starts: RouteLimit
    mails_account: RouteLimit
    mails_client: RouteLimit


def init_limits(app: Flask, redis_url: str | None) -> None:
    """Give `app` a limiter counting in Redis at `redis_url`, or in memory when None."""
    limiter = Limiter(
        _client,
        storage_uri=redis_url or "memory://",
        storage_options={**REDIS_OPTIONS, "wrap_exceptions": True} if redis_url else {},
        strategy="moving-window",
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        key_prefix="mestmatch",
    )
    limiter.init_app(app)
    app.extensions[_KEY] = _named_limits(limiter)
    app.register_error_handler(RateLimited, _answer)


def _named_limits(limiter: Limiter) -> Limits:
    """Shared limits: a run started on a page and one started by the API count together."""
    shared, refused = limiter.shared_limit, _refused_log_in
    return Limits(
        limiter,
        shared(ACCOUNT_LOGINS, "login-account", key_func=_account, deduct_when=refused),
        shared(CLIENT_LOGINS, "login-client", key_func=_client, deduct_when=refused),
        shared(
            _configured("TOKEN_CALLS", TOKEN_CALLS_PER_MINUTE, "minute"),
            "api-token",
            key_func=_bearer,
        ),
        shared(
            _configured("BAD_TOKENS", BAD_TOKENS_PER_MINUTE, "minute"),
            "api-bad-token",
            key_func=_client,
        ),
        shared(_configured("RUNS", RUNS_PER_HOUR, "hour"), "run-starts", key_func=_user),
        shared(ACCOUNT_MAILS, "mail-account", key_func=_account),
        shared(CLIENT_MAILS, "mail-client", key_func=_client),
    )


def check_log_in() -> RequestLimit | None:
    """Raise `RateLimited` when the client address or the account address (the form's `email`)
    has used up its failed log-ins; a refused log-in (401) then counts against both.

    Returns the account's count for `forgive_account` (None if the form had no address).
    """
    limits = _limits()
    with _refusal(limits.limiter), limits.login_client:
        pass
    with _refusal(limits.limiter), limits.login_account:
        return limits.limiter.current_limit if _account() else None


def forgive_account(account: RequestLimit | None) -> None:
    """A log-in that worked clears the account's failures, not the client's: a guesser at a
    shared address cannot reset its own count by logging in to an account of its own."""
    if account is None:
        return
    try:
        account.limiter.clear(account.limit, *account.request_args)
    except StorageError as exc:
        log.warning("log-in failures not cleared, the limiter's storage failed: %s", exc)


def limit_token_calls() -> None:
    """Count one API call against the presented bearer token; `RateLimited` when over."""
    limits = _limits()
    with _refusal(limits.limiter), limits.token_calls:
        pass


def limit_bad_tokens() -> None:
    """Count one unknown token against the client address; `RateLimited` when over (a client
    trying token after token is answered 429 instead of 401)."""
    limits = _limits()
    with _refusal(limits.limiter), limits.bad_tokens:
        pass


def limit_run_starts() -> None:
    """Count one run started by the logged-in user (page or API); `RateLimited` when over."""
    limits = _limits()
    with _refusal(limits.limiter), limits.run_starts:
        pass


def limit_account_mails() -> None:
    """Count one reset request or sign-up against the client address and the address typed
    (the form's `email`); `RateLimited` when either is used up."""
    limits = _limits()
    with _refusal(limits.limiter), limits.mails_client:
        pass
    with _refusal(limits.limiter), limits.mails_account:
        pass


def _limits() -> Limits:
    limits: Limits = current_app.extensions[_KEY]
    return limits


@contextmanager
def _refusal(limiter: Limiter) -> Iterator[None]:
    """Turn Flask-Limiter's refusal into `RateLimited` with the seconds until the next try."""
    try:
        yield
    except RateLimitExceeded as exc:
        breached = limiter.current_limit
        seconds = breached.reset_at - time.time() if breached is not None else 60.0
        raise RateLimited(max(1, round(seconds))) from exc


def _configured(name: str, amount: int, per: str) -> Callable[[], str]:
    """The limit `amount per <per>`, unless the app's config sets `API_LIMIT_<name>`."""

    def value() -> str:
        return f"{int(current_app.config.get(f'API_LIMIT_{name}', amount))} per {per}"

    return value


def _refused_log_in(response: Response) -> bool:
    return response.status_code == REFUSED


def _account() -> str:
    return request.form.get("email", "").strip().lower()


def _client() -> str:
    return request.remote_addr or "?"


def _bearer() -> str:
    """The token by a digest of its secret (never the secret itself in the counter's key)."""
    return hashlib.sha256(request.headers.get("Authorization", "").encode()).hexdigest()[:32]


def _user() -> str:
    return str(current_user.id)


def _answer(error: RateLimited) -> Response | tuple[str, int, dict[str, str]]:
    """429 with `Retry-After`: a problem document on the API, a page elsewhere."""
    from market.core.api import is_api_request  # here: market.core.api imports this module
    from market.core.api.problems import problem

    headers = {"Retry-After": str(error.retry_after_s)}
    if is_api_request():
        return problem(429, "Too many requests; wait before trying again.", headers=headers)
    title, text = TOO_MANY
    page = render_template("errors/error.html", code=429, error_title=title, error_text=text)
    return page, 429, headers
